# geth built from its Go module, once per machine and version, kept outside the repository.
# Sourced by .ci/clients.sh and .ci/clique.sh.
#
# v1.13.15 is the last release that seals Clique proof of authority (the private-network consensus)
# and still has the pre-merge code paths; Go >= 1.23 refuses its go:linkname use unless
# -checklinkname=0 is given. The flag changes nothing for later releases.
GETH_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/govchain"

# The cached binary of release $1 (whether or not it is built yet).
geth_bin() { echo "$GETH_CACHE_DIR/geth-$1/bin/geth"; }

# Builds release $1 unless it is cached (~12-21 min on two busy cores the first time).
ensure_geth() {
  local bin started
  bin=$(geth_bin "$1")
  if [ -x "$bin" ]; then return 0; fi
  printf '\n==> building geth %s (first run on this machine; cached in %s)\n' "$1" "$(dirname "$bin")"
  started=$SECONDS
  GOBIN="$(dirname "$bin")" GOFLAGS=-buildvcs=false \
    go install -ldflags=-checklinkname=0 "github.com/ethereum/go-ethereum/cmd/geth@$1"
  echo "geth $1 built in $((SECONDS - started)) s"
}

# A free TCP port on loopback.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until the node at $1 answers eth_chainId (the node's log is $2, shown if it never does).
wait_for_rpc() {
  for _ in $(seq 1 120); do
    if curl -sf -H 'content-type: application/json' \
      -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" >/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "node at $1 did not answer within 60 s:" >&2
  tail -20 "$2" >&2
  return 1
}

# One JSON-RPC call to $1: method $2, params $3 (JSON); prints the answer.
rpc() {
  curl -sf -H 'content-type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "$1"
}

# The block number of the node at $1.
block_number() { rpc "$1" eth_blockNumber | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["result"], 16))'; }

# Seals a first block on the --dev node at $1 (a 0-value transfer from its dev account to itself).
# Why: geth 1.13's transaction index counts as "in progress" until the chain has a block beyond genesis;
# until then a receipt lookup of a pending transaction fails ("transaction indexing is in progress")
# instead of answering null, and a node that mines on demand never gets past it by itself.
seal_first_block() {
  local dev
  dev=$(rpc "$1" eth_accounts | python3 -c 'import json, sys; print(json.load(sys.stdin)["result"][0])')
  rpc "$1" eth_sendTransaction "[{\"from\":\"$dev\",\"to\":\"$dev\",\"value\":\"0x0\"}]" >/dev/null
  for _ in $(seq 1 60); do
    if [ "$(block_number "$1")" -ge 1 ]; then return 0; fi
    sleep 0.5
  done
  echo "geth at $1 sealed no block" >&2
  return 1
}
