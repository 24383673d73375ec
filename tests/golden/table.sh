#!/usr/bin/env bash
# table.sh - print docs/hostile-inputs.md from the golden tests: every bad input nascost is
# tested against, with the exact error it gets. Usage: bash tests/golden/table.sh > docs/hostile-inputs.md
set -eu
cd "$(dirname "$0")"
echo "# Hostile inputs and the errors they get"
echo
echo "Every row is a golden test (\`tests/golden/NAME.yaml\`, its expected standard error"
echo "\`NAME.err\`, and \`NAME.args\` where it needs command-line arguments), run by"
echo "\`tests/cli_golden.sh\`: \`nascost check\` must exit with status 2 and print exactly this."
echo "Regenerate with \`bash tests/golden/table.sh > docs/hostile-inputs.md\`."
echo
echo "| input | what nascost says |"
echo "|---|---|"
for err in *.err; do
  name=${err%.err}
  msg=$(sed -e 's/^nascost: //' -e 's/|/\\|/g' "$err" | head -1)
  echo "| \`$name\` | $msg |"
done
echo
echo "$(ls *.err | wc -l) inputs."
