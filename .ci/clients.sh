#!/usr/bin/env bash
# Deploy, demo and CLI smoke test against real Ethereum clients on loopback:
#   geth --dev (built from its Go module, cached outside the repository, see .ci/geth.sh) and anvil (npm).
# Runs from CI (.ci/run) and by hand: .ci/clients.sh [geth|anvil]... (default: both).
# Each node is fresh, listens on free loopback ports and is stopped on exit, whatever happens.
#
# One geth build per machine: v1.13.15, the release .ci/clique.sh needs for its Clique network. Its --dev
# chain runs Shanghai, not Cancun (its dev block producer cannot seal Cancun blocks: --override.cancun 0
# stalls with "Invalid parameters"), so it runs the london build. The default (Cancun) build runs on a
# newer geth, v1.17.10, only when that is cached too or GOVCHAIN_GETH_LATEST=build asks for it: a second
# build costs 12-21 min of CI on a fresh machine. Cancun bytecode is exercised on anvil and Hardhat anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/geth.sh
source .ci/geth.sh

GETH_VERSION=v1.13.15
GETH_BIN=$(geth_bin "$GETH_VERSION")
GETH_LATEST_VERSION=v1.17.10
GETH_LATEST_BIN=$(geth_bin "$GETH_LATEST_VERSION")
ANVIL_BIN=node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
# Anvil's (and Hardhat's) first development key: the only key of the one-key "private" runs.
ANVIL_KEY0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
ANVIL_ADDRESS0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266

work=$(mktemp -d)
node_pids=()
stop_nodes() {
  for pid in "${node_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  node_pids=()
}
cleanup() {
  stop_nodes
  rm -rf "$work" ignition/deployments/ci-clients-*
}
trap cleanup EXIT

step() { printf '\n==> clients: %s\n' "$*"; }

# A fresh geth --dev node of binary $2: one funded, unlocked dev account; blocks only when a transaction
# arrives (--dev.period 0), so the deploy waits for 1 confirmation (see scripts/lib/chain-settings.ts).
start_geth() {
  local port authport
  port=$(free_port)
  authport=$(free_port)
  "$2" --dev --dev.period 0 --dev.gaslimit 30000000 --datadir "$work/geth-$1" \
    --http --http.addr 127.0.0.1 --http.port "$port" --http.api eth,net,web3 \
    --authrpc.addr 127.0.0.1 --authrpc.port "$authport" --ipcdisable --nodiscover --maxpeers 0 --port 0 \
    --verbosity 2 >"$work/geth-$1.log" 2>&1 &
  node_pids+=($!)
  NODE_URL="http://127.0.0.1:$port"
  wait_for_rpc "$NODE_URL" "$work/geth-$1.log"
  seal_first_block "$NODE_URL"
}

# A fresh anvil node; extra flags (--hardfork, --base-fee, --gas-price) are passed through.
start_anvil() {
  local label=$1 port
  shift
  port=$(free_port)
  "$ANVIL_BIN" --host 127.0.0.1 --port "$port" "$@" >"$work/anvil-$label.log" 2>&1 &
  node_pids+=($!)
  NODE_URL="http://127.0.0.1:$port"
  wait_for_rpc "$NODE_URL" "$work/anvil-$label.log"
}

# deploy (CLI), the demo, and CLI reads against network $2 of the running node, as run $1.
# GOVCHAIN_DEMO_RUNS=2 runs the demo twice: the second run must work on the same chain.
exercise() {
  local label=$1 network=$2 started=$SECONDS t
  export GOVCHAIN_DEPLOYMENTS_DIR="$work/deployments-$label" GOVCHAIN_DEPLOYMENT_ID="ci-clients-$label"
  step "$label: govchain deploy --network $network (EVM ${EVM_VERSION:-default})"
  t=$SECONDS
  # The development council (SERVICE alone, no delays), as the demo deploys: these are throwaway dev nodes,
  # and "private" would otherwise default to the city's committee, whose members' admins need a staff file.
  npm run -s govchain -- deploy --network "$network" --reset --governance development
  echo "deploy: $((SECONDS - t)) s"
  for _ in $(seq 1 "${GOVCHAIN_DEMO_RUNS:-1}"); do
    step "$label: npm run demo -- --network $network"
    t=$SECONDS
    npm run demo -- --network "$network" >"$work/demo-$label.log" 2>&1 || {
      cat "$work/demo-$label.log"
      return 1
    }
    echo "demo: $((SECONDS - t)) s, $(grep -c 'refused:' "$work/demo-$label.log") refusals shown"
  done
  step "$label: CLI smoke test"
  npm run -s govchain -- departments list --network "$network" --json >"$work/departments-$label.json"
  grep -q '"code": *"REGISTRY"' "$work/departments-$label.json"
  npm run -s govchain -- module status --network "$network" >/dev/null
  # An unknown department: one clear line and a non-zero exit.
  if npm run -s govchain -- departments show NO_SUCH_DEPT --network "$network" 2>"$work/err-$label.txt"; then
    echo "expected 'departments show NO_SUCH_DEPT' to fail" >&2
    return 1
  fi
  echo "refused as expected: $(head -1 "$work/err-$label.txt")"
  echo "$label: passed in $((SECONDS - started)) s"
  unset GOVCHAIN_DEPLOYMENTS_DIR GOVCHAIN_DEPLOYMENT_ID
}

# Grouped by EVM target so that the contracts are rebuilt once (default first: .ci/run's
# previous steps leave the default build; the london group then builds london once).
wants() { [[ " ${clients[*]} " == *" $1 "* ]]; }

clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(geth anvil)
for client in "${clients[@]}"; do
  case "$client" in
    geth | anvil) ;;
    *)
      echo "unknown client $client (geth, anvil)" >&2
      exit 2
      ;;
  esac
done

if wants geth; then
  ensure_geth "$GETH_VERSION"
  "$GETH_BIN" version | sed -n 1,2p
  if [ "${GOVCHAIN_GETH_LATEST:-}" = build ]; then ensure_geth "$GETH_LATEST_VERSION"; fi
  if [ -x "$GETH_LATEST_BIN" ]; then
    "$GETH_LATEST_BIN" version | sed -n 2p
    start_geth default "$GETH_LATEST_BIN"
    LOCALHOST_RPC_URL=$NODE_URL GOVCHAIN_DEMO_RUNS=2 exercise geth-default localhost
    stop_nodes
  else
    geth_london_runs=2 # the re-run on the same chain moves to the london run
    step "SKIPPED geth-default: the Cancun build needs geth $GETH_LATEST_VERSION, not cached on this machine" \
      "(GOVCHAIN_GETH_LATEST=build builds it, 12-21 min); geth $GETH_VERSION runs the london build below"
  fi
fi
if wants anvil; then
  "$ANVIL_BIN" --version | sed -n 1p
  start_anvil default
  LOCALHOST_RPC_URL=$NODE_URL exercise anvil-default localhost
  stop_nodes
  # Gas-free, Besu's zero-base-fee configuration, through the one-key "private" network.
  start_anvil gasfree --base-fee 0 --gas-price 0
  PRIVATE_RPC_URL=$NODE_URL PRIVATE_DEPLOYER_KEY=$ANVIL_KEY0 PRIVATE_GAS_PRICE=0 exercise anvil-gasfree private
  # Every transaction, the deploy's included, paid gas price 0: the deployer still holds anvil's 10,000 ether.
  balance=$(curl -sf -H 'content-type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBalance\",\"params\":[\"$ANVIL_ADDRESS0\",\"latest\"]}" "$NODE_URL")
  if [[ "$balance" != *'"0x21e19e0c9bab2400000"'* ]]; then
    echo "anvil-gasfree: the deployer paid for gas: $balance" >&2
    exit 1
  fi
  echo "anvil-gasfree: the deployer paid nothing for gas"
  stop_nodes
fi
if wants geth; then
  # geth v1.13.15's --dev chain runs Shanghai: the london build is exercised as bytecode on it (a london
  # chain proper is the Clique network of .ci/clique.sh).
  start_geth london "$GETH_BIN"
  EVM_VERSION=london LOCALHOST_RPC_URL=$NODE_URL GOVCHAIN_DEMO_RUNS=${geth_london_runs:-1} exercise geth-london localhost
  stop_nodes
fi
if wants anvil; then
  start_anvil london --hardfork london
  EVM_VERSION=london LOCALHOST_RPC_URL=$NODE_URL exercise anvil-london localhost
  stop_nodes
fi
step "all client runs passed"
