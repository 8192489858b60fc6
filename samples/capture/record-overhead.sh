#!/usr/bin/env bash
# Measures what `oci-har-check record` costs on a big blob: a 1 GiB blob pushed (monolithic
# POST + PUT) and pulled with curl against distribution 2.8, directly and through the recorder,
# best of N runs each, and the recorder's peak memory (VmHWM) over all its runs.
#   samples/capture/record-overhead.sh [size_MiB] [runs]     (default: 1024 3)
# Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
size_mib=${1:-1024}
runs=${2:-3}
reg_port=${REG_PORT:-5801}
rec_port=${REC_PORT:-5802}
pipe_port=${PIPE_PORT:-5803}

# shellcheck source=samples/capture/lib.sh
source "$here/lib.sh"
need_packages docker-registry:docker-registry curl:curl node:nodejs
[[ -f $root/dist/src/cli.js ]] || (cd "$root" && npm run build >/dev/null)
start_work

head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/blob"
digest=sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)

serve_registry "$work/registry.yml" "$work/data" "$reg_port"
wait_port "$reg_port"
node "$root/dist/src/cli.js" record --upstream "http://127.0.0.1:$reg_port" --listen "127.0.0.1:$rec_port" -o "$work/overhead.har" 2>"$work/record.log" &
rec_pid=$!
pids+=("$rec_pid")
wait_port "$rec_port"
# Baseline: what any Node.js reverse proxy costs (a bare pipe, nothing recorded or hashed).
node -e '
  const http = require("node:http");
  const [up, port] = process.argv.slice(1);
  const agent = new http.Agent({ keepAlive: true });
  http.createServer((req, res) => {
    const u = new URL(req.url, up);
    const r = http.request(u, { method: req.method, headers: { ...req.headers, host: u.host }, agent }, (a) => { res.writeHead(a.statusCode, a.headers); a.pipe(res); });
    req.pipe(r);
  }).listen(Number(port), "127.0.0.1");' "http://127.0.0.1:$reg_port" "$pipe_port" &
pids+=($!)
wait_port "$pipe_port"

# push ORIGIN REPO — POST, then PUT the whole blob to the Location; prints seconds.
push() {
  local location start end
  location=$(curl -sS -o /dev/null -D - -X POST "$1/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [[ $location == http* ]] || location=$1$location
  start=$(date +%s.%N)
  curl -sS -f -o /dev/null -T "$work/blob" -H 'Content-Type: application/octet-stream' "$location&digest=$digest"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
# pull ORIGIN REPO — GET the blob; prints seconds.
pull() {
  local start end
  start=$(date +%s.%N)
  curl -sS -f -o /dev/null "$1/v2/$2/blobs/$digest"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
best() { printf '%s\n' "$@" | sort -g | head -n1; }

direct_push=() record_push=() pipe_push=() direct_pull=() record_pull=() pipe_pull=()
for i in $(seq 1 "$runs"); do
  direct_push+=("$(push "http://127.0.0.1:$reg_port" "direct/r$i")")
  pipe_push+=("$(push "http://127.0.0.1:$pipe_port" "pipe/r$i")")
  record_push+=("$(push "http://127.0.0.1:$rec_port" "record/r$i")")
  direct_pull+=("$(pull "http://127.0.0.1:$reg_port" "direct/r$i")")
  pipe_pull+=("$(pull "http://127.0.0.1:$pipe_port" "pipe/r$i")")
  record_pull+=("$(pull "http://127.0.0.1:$rec_port" "record/r$i")")
done
hwm_kib=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$rec_pid/status")
kill -INT "$rec_pid"
wait "$rec_pid" 2>/dev/null || true

mb=$((size_mib * 1048576 / 1000000))
rate() { echo "scale=0; $mb / $1" | bc; }
dp=$(best "${direct_push[@]}") pp=$(best "${pipe_push[@]}") rp=$(best "${record_push[@]}")
dl=$(best "${direct_pull[@]}") pl=$(best "${pipe_pull[@]}") rl=$(best "${record_pull[@]}")
pct() { printf '%+.0f%%' "$(echo "($1 / $2 - 1) * 100" | bc -l)"; }
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; $(node --version); distribution $(dpkg-query -W -f '${Version}' docker-registry)"
echo
echo "| ${size_mib} MiB blob, best of $runs | direct | bare Node.js pipe | through the recorder | recorder vs direct |"
echo "|---|---|---|---|---|"
printf '| push (POST + PUT) | %.2f s, %s MB/s | %.2f s, %s MB/s | %.2f s, %s MB/s | %s |\n' "$dp" "$(rate "$dp")" "$pp" "$(rate "$pp")" "$rp" "$(rate "$rp")" "$(pct "$rp" "$dp")"
printf '| pull (GET) | %.2f s, %s MB/s | %.2f s, %s MB/s | %.2f s, %s MB/s | %s |\n' "$dl" "$(rate "$dl")" "$pl" "$(rate "$pl")" "$rl" "$(rate "$rl")" "$(pct "$rl" "$dl")"
echo
echo "recorder peak RSS (VmHWM) over $((runs * 2)) transfers of ${size_mib} MiB: $((hwm_kib / 1024)) MiB"
echo "HAR: $(stat -c %s "$work/overhead.har") bytes for $(grep -o '"startedDateTime"' "$work/overhead.har" | wc -l) exchanges (blob bodies as size + sha256)"
