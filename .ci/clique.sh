#!/usr/bin/env bash
# A real multi-node network: three geth nodes sealing blocks with Clique proof of authority (the
# consensus of private geth networks) on loopback, each a signer, joined as static peers. Deploys the
# suite through node 1 (the deploy builds for london), then runs test/clients/clique.test.ts: a concurrent certificate batch whose
# node is stopped mid-batch lands exactly once through the other nodes.
# Runs from CI (.ci/run) and by hand: .ci/clique.sh. Every node is stopped on exit, whatever happens.
#
# geth v1.13.15 is the last release that seals Clique. Its chains are pre-merge: the EVM stops at
# London (no PUSH0, no transient storage), so the suite is built and deployed with EVM_VERSION=london.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/geth.sh
source .ci/geth.sh

GETH_VERSION=v1.13.15
GETH=$(geth_bin "$GETH_VERSION")
NODES=3 # Clique lets a signer seal one block in floor(n/2)+1: with 3, two signers keep the chain going
CHAIN_ID=31338
PERIOD=${GOVCHAIN_CLIQUE_PERIOD:-1} # seconds between blocks (0: a block only when transactions wait)
# Anvil's (and Hardhat's) first development key deploys; accounts 1 and 2 of the same mnemonic act as
# SERVICE's admin (config/staff.development.json) and MARKET's officer in the test.
DEPLOYER_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
FUNDED=(0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC)

work=$(mktemp -d)
node_pids=()
cleanup() {
  for pid in "${node_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work" ignition/deployments/ci-clique
}
trap cleanup EXIT
step() { printf '\n==> clique: %s\n' "$*"; }
started=$SECONDS

ensure_geth "$GETH_VERSION"
"$GETH" version | sed -n 1,2p

step "keys and genesis ($NODES signers, period ${PERIOD} s, chain $CHAIN_ID)"
# Each node's key is both its p2p identity (enode) and its signer account: "key address enode-id" per line.
node --input-type=module -e '
  import { Wallet } from "ethers";
  for (let i = 0; i < Number(process.argv[1]); i++) {
    const w = Wallet.createRandom();
    console.log(w.privateKey.slice(2), w.address, w.signingKey.publicKey.slice(4));
  }' "$NODES" >"$work/keys"
mapfile -t keys < <(cut -d' ' -f1 "$work/keys")
mapfile -t signers < <(cut -d' ' -f2 "$work/keys")
mapfile -t enode_ids < <(cut -d' ' -f3 "$work/keys")
python3 - "$work/genesis.json" "$CHAIN_ID" "$PERIOD" "${signers[*]}" "${FUNDED[*]}" <<'PY'
import json, sys
out, chain_id, period, signers, funded = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split()
forks = ["homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople", "petersburg", "istanbul", "berlin", "london"]
config = {"chainId": chain_id, **{f"{f}Block": 0 for f in forks}, "clique": {"period": period, "epoch": 30000}}
# Clique's extradata: 32 vanity bytes, the signers' addresses (sorted), 65 bytes for the seal.
extra = "0x" + "00" * 32 + "".join(a[2:].lower() for a in sorted(signers, key=str.lower)) + "00" * 65
alloc = {a: {"balance": hex(10**24)} for a in funded}
json.dump({"config": config, "difficulty": "1", "gasLimit": hex(30_000_000), "extradata": extra, "alloc": alloc}, open(out, "w"), indent=1)
PY

p2p_ports=()
http_urls=()
for i in $(seq 0 $((NODES - 1))); do p2p_ports+=("$(free_port)"); done
static_nodes=$(for i in $(seq 0 $((NODES - 1))); do printf '"enode://%s@127.0.0.1:%s",' "${enode_ids[$i]}" "${p2p_ports[$i]}"; done)

for i in $(seq 0 $((NODES - 1))); do
  dir="$work/node$((i + 1))"
  mkdir -p "$dir"
  "$GETH" --datadir "$dir" init "$work/genesis.json" >"$dir/init.log" 2>&1 || {
    cat "$dir/init.log"
    exit 1
  }
  echo "${keys[$i]}" >"$dir/key"
  : >"$dir/password"
  "$GETH" --datadir "$dir" account import --lightkdf --password "$dir/password" "$dir/key" >/dev/null 2>&1
  printf '[Node.P2P]\nStaticNodes = [%s]\n' "${static_nodes%,}" >"$dir/config.toml"
done

step "starting $NODES nodes"
for i in $(seq 0 $((NODES - 1))); do
  dir="$work/node$((i + 1))"
  http_port=$(free_port)
  "$GETH" --config "$dir/config.toml" --datadir "$dir" --networkid "$CHAIN_ID" --syncmode full \
    --nodiscover --port "${p2p_ports[$i]}" --nodekeyhex "${keys[$i]}" \
    --http --http.addr 127.0.0.1 --http.port "$http_port" --http.api eth,net,web3,txpool \
    --authrpc.addr 127.0.0.1 --authrpc.port "$(free_port)" --ipcdisable \
    --mine --miner.etherbase "${signers[$i]}" --unlock "${signers[$i]}" --password "$dir/password" \
    --allow-insecure-unlock --verbosity 3 >"$dir/geth.log" 2>&1 &
  node_pids+=($!)
  http_urls+=("http://127.0.0.1:$http_port")
done
for i in $(seq 0 $((NODES - 1))); do wait_for_rpc "${http_urls[$i]}" "$work/node$((i + 1))/geth.log"; done

# Every node peered with the others, and blocks coming.
for _ in $(seq 1 120); do
  peered=0
  for url in "${http_urls[@]}"; do
    count=$(rpc "$url" net_peerCount | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["result"], 16))')
    [ "$count" -ge $((NODES - 1)) ] && peered=$((peered + 1))
  done
  [ "$peered" -eq "$NODES" ] && break
  sleep 0.5
done
if [ "$peered" -ne "$NODES" ]; then
  echo "the nodes did not all peer within 60 s" >&2
  tail -20 "$work/node1/geth.log" >&2
  exit 1
fi
echo "$NODES nodes peered: ${http_urls[*]}"

step "deploy through node 1 (govchain deploy --network private, EVM_VERSION=london)"
export EVM_VERSION=london GOVCHAIN_DEPLOYMENTS_DIR="$work/deployments" GOVCHAIN_DEPLOYMENT_ID=ci-clique
t=$SECONDS
PRIVATE_RPC_URL=${http_urls[0]} PRIVATE_DEPLOYER_KEY=$DEPLOYER_KEY PRIVATE_CHAIN_ID=$CHAIN_ID \
  npm run -s govchain -- deploy --network private --reset --governance development
echo "deploy: $((SECONDS - t)) s, head $(block_number "${http_urls[0]}")"

step "a batch whose node is stopped mid-batch (test/clients/clique.test.ts)"
t=$SECONDS
nodes=$(for i in $(seq 0 $((NODES - 1))); do printf '%s=%s,' "${http_urls[$i]}" "${node_pids[$i]}"; done)
GOVCHAIN_CLIQUE_NODES=${nodes%,} GOVCHAIN_CLIQUE_MANIFEST="$work/deployments/private.json" \
  npx hardhat test mocha --no-compile test/clients/clique.test.ts
echo "test: $((SECONDS - t)) s"
step "passed in $((SECONDS - started)) s"
