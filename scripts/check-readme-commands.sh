#!/usr/bin/env bash
# Every command in a ```bash block of README.md is exercised: the set-up, synth and test commands by
# .ci/run itself, the deploy commands (which need an AWS account, absent here) by the CDK CLI parsing
# them with --help and by the stack names existing in the synthesized assembly. A command this
# script does not know fails it, so a new README command cannot go untested.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

commands=$(python3 - <<'PY'
import re
text = open("README.md").read()
for block in re.findall(r"```bash\n(.*?)```", text, re.S):
    for line in block.splitlines():
        cmd = re.sub(r"\s+#.*$", "", line).strip()
        if cmd and not cmd.startswith("#"):
            print(cmd)
PY
)
[ -f cdk.out/manifest.json ] || npx cdk synth -q
stacks=$(python3 -c 'import json; print(" ".join(k for k, a in json.load(open("cdk.out/manifest.json"))["artifacts"].items() if a["type"] == "aws:cloudformation:stack"))')

# the CLI's --help parses each deploy command (~0.8 s of Node each): run them side by side, check after
helps=() help_pids=()
help() { "$@" --help >/dev/null & helps+=("$*"); help_pids+=($!); }
checked=0
while IFS= read -r cmd; do
  case "$cmd" in
    "npm ci && npx cdk synth")
      grep -qF "npm ci" .ci/run && grep -qF "npx cdk synth" .ci/run || { echo "README command not run by .ci/run: $cmd" >&2; exit 1; } ;;
    "npm ci"|"npx cdk synth"|"npm test")
      grep -qF "$cmd" .ci/run || { echo "README command not run by .ci/run: $cmd" >&2; exit 1; } ;;
    "sudo scripts/install-test-deps.sh")
      grep -qF "scripts/install-test-deps.sh" .ci/run || { echo "not run by .ci/run: $cmd" >&2; exit 1; } ;;
    "django-image/tests/run-all.sh")
      grep -qF "$cmd" scripts/test.sh || { echo "not run by npm test: $cmd" >&2; exit 1; } ;;
    "npx cdk bootstrap"|"npx cdk deploy --all"|"npx cdk destroy --all")
      help $cmd ;;
    "npx cdk deploy "*)
      stack=${cmd#npx cdk deploy }
      stack=${stack#--exclusively }
      [[ " $stacks " == *" $stack "* ]] || { echo "README deploys $stack, which the demo does not have ($stacks)" >&2; exit 1; }
      help $cmd ;;
    *)
      echo "README command that no test exercises: $cmd (add it to .ci/run or to $0)" >&2; exit 1 ;;
  esac
  checked=$((checked + 1))
done <<<"$commands"
for i in "${!help_pids[@]}"; do
  wait "${help_pids[$i]}" || { echo "the CDK CLI rejects the README command: ${helps[$i]}" >&2; exit 1; }
done
echo "readme-commands: $checked passed, 0 failed"
