#!/usr/bin/env bash
# Usage: scripts/engine-diff.sh REV [policy.yaml ...]
#
# Shows what a change of engine or bindings does to the synthesized Terraform JSON. Checks out REV
# (e.g. a915e33, the last commit on cdktf 0.21) in a temporary git worktree, installs it with
# `npm ci`, then synthesizes every shipped policy (the embedded default and stacks/policies/*.yaml,
# or the files given) with REV's own CLI (`cdktf synth` or `cdktn synth`, read from its package.json)
# and with this checkout's, and prints the normalized differences per policy
# (scripts/engine-diff-compare.js). Exit 0 when every difference is an expected one (provider pins
# and sources, the CDK version stamp), 1 otherwise. The temporary worktree is removed on exit.
# Needs Node >= 22.19 on the PATH for this checkout's cdktn-cli (`.ci/run` explains how to bring it).
set -euo pipefail
rev="${1:?usage: scripts/engine-diff.sh REV [policy.yaml ...]}"
shift
here="$(cd "$(dirname "$0")/.." && pwd)"
export CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=1 CI=1
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/engine-diff.XXXXXX")"
old="$tmp/rev"
cleanup() {
  git -C "$here" worktree remove --force "$old" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

git -C "$here" worktree add --detach --quiet "$old" "$rev"
echo "# engine diff: $rev ($(git -C "$here" log -1 --format='%h %s' "$rev" | cut -c1-90))"
echo "#          vs: working tree of $(git -C "$here" rev-parse --short HEAD) ($(git -C "$here" branch --show-current))"
(cd "$old" && npm ci --no-audit --no-fund --loglevel=error >"$tmp/npm-ci.log" 2>&1) || { cat "$tmp/npm-ci.log"; exit 2; }

# The CLI each side ships: cdktf-cli (bin cdktf) before the switch, cdktn-cli (bin cdktn) after.
cli_of() { node -e 'const d=require(process.argv[1]).devDependencies||{}; console.log(d["cdktn-cli"]?"cdktn":"cdktf")' "$1/package.json"; }
version_of() { node -e 'const p=process.argv[1]; for (const n of ["cdktn","cdktf"]) { try { console.log(n+" "+require(p+"/node_modules/"+n+"/package.json").version); process.exit(0) } catch {} }' "$1"; }
echo "# old: $(version_of "$old") (CLI $(cli_of "$old")), new: $(version_of "$here") (CLI $(cli_of "$here")), node $(node --version)"

if [ "$#" -gt 0 ]; then policies=("$@"); else
  policies=("")   # "" = the embedded default policy
  for f in "$here"/stacks/policies/*.yaml; do policies+=("stacks/policies/$(basename "$f")"); done
fi

synth() { # dir policy out
  local dir="$1" policy="$2" out="$3" cli
  cli="$(cli_of "$dir")"
  if [ -n "$policy" ] && [ ! -f "$dir/$policy" ]; then return 3; fi
  (cd "$dir" && SOVEREIGN_POLICY="${policy:+$dir/$policy}" "$dir/node_modules/.bin/$cli" synth --output "$out" >"$out.log" 2>&1) || return 4
}

status=0
for policy in "${policies[@]}"; do
  label="${policy:-<default policy>}"
  echo
  echo "## $label"
  key="$(echo "${policy:-default}" | tr '/.' '__')"
  rc=0; synth "$old" "$policy" "$tmp/old-$key" || rc=$?
  if [ "$rc" != 0 ]; then
    if [ "$rc" = 3 ]; then echo "not in $rev: no baseline (a new policy)"; else echo "synth failed at $rev:"; tail -5 "$tmp/old-$key.log"; status=1; fi
    continue
  fi
  if ! synth "$here" "$policy" "$tmp/new-$key"; then echo "synth failed here:"; tail -5 "$tmp/new-$key.log"; status=1; continue; fi
  if [ -n "$policy" ] && ! cmp -s "$old/$policy" "$here/$policy"; then echo "note: the policy file itself differs between $rev and here"; fi
  node "$here/scripts/engine-diff-compare.js" "$tmp/old-$key" "$tmp/new-$key" || status=1
done
exit "$status"
