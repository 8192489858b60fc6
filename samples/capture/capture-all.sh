#!/usr/bin/env bash
# The whole corpus in one command, as root on a fresh Debian 12 machine: runs every capture
# script (samples/real/*.har) and every deviation reproduction (samples/deviations/*.har) one
# after another, each installing what it needs, binding to 127.0.0.1 only and stopping what it
# started; then record-compare.sh (oci-har-check record against mitmproxy, real clients). Then
# shows which committed samples changed: their reviewed verdicts (<name>.expected.json) are
# checked by `npm test`.
#   samples/capture/capture-all.sh                # all of them
#   samples/capture/capture-all.sh skopeo ctr     # only capture-skopeo.sh and capture-ctr.sh
#   samples/capture/capture-all.sh record-compare # only the recorder comparison
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $(id -u) == 0 ]] || { echo "capture-all.sh: run as root (apt, /etc/hosts, private mounts)" >&2; exit 2; }

if (($#)); then
  scripts=()
  for name in "$@"; do
    script=$here/capture-$name.sh
    [[ -x $script ]] || script=$here/deviations-$name.sh
    [[ -x $script ]] || script=$here/$name.sh
    [[ -x $script ]] || { echo "capture-all.sh: no capture-$name.sh, deviations-$name.sh or $name.sh in $here" >&2; exit 2; }
    scripts+=("$script")
  done
else
  # Sorted, so the order (and with it the ports in use) is the same on every machine.
  mapfile -t scripts < <(find "$here" -maxdepth 1 \( -name 'capture-*.sh' -o -name 'deviations-*.sh' \) \
    ! -name capture-all.sh -perm -u+x | LC_ALL=C sort)
  # The recorder's proof: its HARs of real clients must give mitmproxy's verdicts.
  scripts+=("$here/record-compare.sh")
fi

failed=()
for script in "${scripts[@]}"; do
  echo "== ${script#"$here"/}"
  # Each script is independent: one failure (say, a package the mirror lacks) does not stop the rest.
  "$script" || failed+=("${script#"$here"/}")
done

echo
if command -v git >/dev/null && git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
  echo "samples changed by this run (review, then npm test):"
  git -C "$here/.." status --short -- real deviations
fi
if ((${#failed[@]})); then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
