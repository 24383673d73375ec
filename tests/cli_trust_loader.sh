#!/usr/bin/env bash
# cli_trust_loader.sh - hostile input to the loader (issue 11): text that would reach a terminal,
# files that are no files, and documents that once made loading slow or greedy.
#
#   bash tests/cli_trust_loader.sh /path/to/nascost /path/to/source
#
# Every case must exit 2 with file:line:col (or the file) and a message that holds no control
# character; each command runs under `timeout 10`, so a hang (a FIFO read) fails the case
# rather than the suite.
source "$(dirname "$0")/lib_cli.sh"
case $NC in /*) ;; *) NC=$PWD/$NC ;; esac
SRC=$(cd "$SRC" && pwd)
export NASCOST_DATA=$SRC OMP_NUM_THREADS=1
cd "$TMP" || exit 1

cat > base.yaml <<'EOF'
scenario: base
sites:
  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}
stages:
  - {name: train, trials: 2, hardware: v100, duration: 1 h}
EOF

# clean FILE DESCRIPTION: standard error holds no byte below 0x20 but newlines, no DEL, no C1
# control, no bidi control, no line separator, no invisible character (all escaped).
clean() {
  if LC_ALL=C.UTF-8 grep -aqP '[\x{0}-\x{9}\x{b}-\x{1f}\x{7f}-\x{9f}\x{61c}\x{180e}\x{200b}-\x{200f}\x{2028}-\x{202e}\x{2060}-\x{2064}\x{2066}-\x{2069}\x{feff}]' "$1"; then
    bad "$2: raw control characters in the message"
  else ok; fi
}

# refused DESCRIPTION WHERE PATTERN -- COMMAND...: exit 2 within 10 s, the message starts with
# WHERE (a regular expression: "file:line:col: error: "), holds PATTERN, and is clean.
refused() {
  local what=$1 where=$2 pattern=$3
  shift 4
  timeout 10 "$@" > out 2> err
  local status=$?
  if [ "$status" -eq 2 ]; then ok; else bad "$what: exit $status, expected 2"; cat err >&2; fi
  if grep -Eq -- "^nascost: $where" err; then ok; else bad "$what: not at '$where'"; cat err >&2; fi
  if grep -q -- "$pattern" err; then ok; else bad "$what: '$pattern' not in"; cat err >&2; fi
  clean err "$what"
}

# ---- control characters, raw and as YAML escapes, in every kind of field -----------------------

# scenario FILE LINE...: a scenario that extends base.yaml with the given lines
scenario() {
  local file=$1
  shift
  printf 'extends: base.yaml\n' > "$file"
  printf '%s\n' "$@" >> "$file"
}

# Escapes: each class of character, written as a YAML escape.
n=0
for esc in '\e[31m' '\x1b' '\a' '\x07' '\x7f' '\x9b' '\u009b' '\u202e' '\u202a' '\u2066' \
  '\u2069' '\u200e' '\u061c' '\u2028' '\u2029' '\u200b' '\u2060' '\ufeff' '\r' '\b'; do
  n=$((n + 1))
  scenario "e$n-name.yaml" "scenario: \"x${esc}y\""
  refused "escape $esc in the scenario's name" "e$n-name.yaml:2:11: error: " "holds U+" -- \
    "$NC" check "e$n-name.yaml"
  scenario "e$n-title.yaml" "title: \"x${esc}y\""
  refused "escape $esc in the title" "e$n-title.yaml:2:8: error: " "holds U+" -- \
    "$NC" check "e$n-title.yaml"
  scenario "e$n-desc.yaml" "description: \"x${esc}y\""
  refused "escape $esc in the description" "e$n-desc.yaml:2:14: error: " "holds U+" -- \
    "$NC" check "e$n-desc.yaml"
  scenario "e$n-site.yaml" "sites:" "  \"l${esc}ab\": {pue: 1.5, carbon_intensity: 400 g/kWh}"
  refused "escape $esc in a site's name (a key)" "e$n-site.yaml:3:3: error: the key" "holds U+" \
    -- "$NC" check "e$n-site.yaml"
  scenario "e$n-stage.yaml" "stages:" "  - {name: \"t${esc}\", trials: 1, hardware: v100, duration: 1 h}"
  refused "escape $esc in a stage name" "e$n-stage.yaml:3:12: error: " "holds U+" -- \
    "$NC" check "e$n-stage.yaml"
  scenario "e$n-unit.yaml" "stages:" "  - {name: train, duration: \"1${esc} h\"}"
  refused "escape $esc in a unit" "e$n-unit.yaml:3:29: error: " "holds U+" -- \
    "$NC" check "e$n-unit.yaml"
  scenario "e$n-label.yaml" "catalog:" "  equivalents:" \
    "    mine: {name: \"m${esc}\", label: \"l${esc}\", co2e: 1 kg}"
  refused "escape $esc in a catalog label" "e$n-label.yaml:4:18: error: " "holds U+" -- \
    "$NC" check "e$n-label.yaml"
  refused "escape $esc in a --set value" "--set title: error: " "holds U+" -- \
    "$NC" check base.yaml --set "title=\"x${esc}\""
done

# A line break or a tab: allowed in a description, refused in a name, a title, a label.
scenario nl-desc.yaml 'description: "two\nlines\tand a tab"'
expect 0 "a description may hold line breaks and tabs" -- "$NC" check nl-desc.yaml
scenario nl-desc-block.yaml 'description: |' '  two' '  lines'
expect 0 "a block description may hold line breaks" -- "$NC" check nl-desc-block.yaml
for esc in '\n' '\t' '\x0a' '\L' '\N'; do
  scenario nl.yaml "title: \"x${esc}y\""
  refused "escape $esc in the title" "nl.yaml:2:8: error: " "holds U+" -- "$NC" check nl.yaml
  scenario nl.yaml "stages:" "  - {name: \"a${esc}b\", trials: 1, hardware: v100, duration: 1 h}"
  refused "escape $esc in a stage name" "nl.yaml:3:12: error: " "holds U+" -- \
    "$NC" check nl.yaml
done

# Raw characters: C0, DEL and C1 are refused by libyaml's reader (never quoted); bidi
# controls, separators and invisible characters are valid YAML, refused by nascost. (A raw
# U+2028 outside quotes is a line break to libyaml: it never reaches a key.)
n=0
for raw in '\x1b' '\x07' '\x7f' '\xc2\x9b' '\xe2\x80\xae' '\xe2\x81\xa6' '\xe2\x80\x8f' \
  '\xe2\x80\xa8' '\xe2\x80\x8b' '\xef\xbb\xbf'; do
  n=$((n + 1))
  printf "extends: base.yaml\ntitle: \"x${raw}y\"\n" > "r$n.yaml"
  refused "raw $raw in the title" "r$n.yaml:2:[0-9]+: error: " "the file holds a control\|holds U+" \
    -- "$NC" check "r$n.yaml"
  printf "extends: base.yaml\nsites:\n  \"l${raw}ab\": {pue: 1.5, carbon_intensity: 400 g/kWh}\n" \
    > "r$n-key.yaml"
  refused "raw $raw in a key" "r$n-key.yaml:[34]:[0-9]+: error: " "the file holds a control\|holds U+\|malformed" \
    -- "$NC" check "r$n-key.yaml"
done
refused "ESC in a --set path" "error: --set: the path" "holds U+001B" -- \
  "$NC" check base.yaml --set "$(printf 'sites.l\033ab.pue=1')"

# ---- quoted text is escaped and short ---------------------------------------------------------

long=$(printf 'v%.0s' $(seq 1 300))
scenario long.yaml "stages:" "  - {name: train, hardware: \"${long}\u202e\"}"
refused "a long value" "long.yaml:3:29: error: " "\.\.\." -- "$NC" check long.yaml
if [ "$(wc -c < err)" -lt 300 ]; then ok; else bad "a 300-character value is quoted whole"; fi
scenario long.yaml "stages:" "  - {name: train, hardware: \"${long}\"}"
refused "an unknown 300-character name" "long.yaml:3:29: error: unknown hardware" "\.\.\." -- \
  "$NC" check long.yaml
if [ "$(wc -c < err)" -lt 300 ]; then ok; else bad "a 300-character name is quoted whole"; fi
# the same for what the distribution, unit and calendar messages quote
scenario long-dist.yaml "stages:" "  - {name: train, duration: {dist: ${long}, mean: 1 h}}"
refused "an unknown 300-character distribution" "long-dist.yaml:3:36: error: unknown distribution" \
  "\.\.\." -- "$NC" check long-dist.yaml
scenario long-unit.yaml "stages:" "  - {name: train, duration: 2 ${long}}"
refused "an unknown 300-character unit" "long-unit.yaml:3:" "unknown unit 'vvvv[v]*\.\.\.'" -- \
  "$NC" check long-unit.yaml
scenario long-after.yaml "stages:" "  - {name: train, after: ${long}}"
refused "an unknown 300-character stage in after" "long-after.yaml:3:" "\.\.\." -- \
  "$NC" check long-after.yaml
for f in long-dist long-unit long-after; do
  "$NC" check "$f.yaml" 2>"$f.err"
  [ "$(wc -c < "$f.err")" -lt 400 ] && ok || bad "$f: the message is not short ($(wc -c < "$f.err") bytes)"
done

printf 'scenario: long\nk%s: 1\n' "$long" > long-key.yaml
refused "an unknown 300-character key" "long-key.yaml:2:1: error: unknown key" "\.\.\." -- \
  "$NC" check long-key.yaml
if [ "$(wc -c < err)" -lt 400 ]; then ok; else bad "a 300-character key is quoted whole"; fi

# A key an extending file adds (or replaces) is reported in that file, not in its base.
scenario ext-key.yaml "kxx: 1"
refused "an unknown key of an extending file" "ext-key.yaml:2:1: error: unknown key 'kxx'" "" -- \
  "$NC" check ext-key.yaml
scenario ext-key.yaml "sites:" "  lab: {pue: 1.2, carbon_intensity: 400 g/kWh, grid: us}"
refused "keys that do not go together, one from the base" "ext-key.yaml:3:48: error: " \
  "not both" -- "$NC" check ext-key.yaml

# ---- files that are no files --------------------------------------------------------------------

mkfifo fifo.yaml fifo.csv
ln -s /dev/zero zero.csv
mkdir dir.yaml
printf 'extends: fifo.yaml\n' > ext-fifo.yaml
refused "extends a FIFO" "ext-fifo.yaml:1:10: error: 'extends' names 'fifo.yaml'" "FIFO" -- \
  "$NC" check ext-fifo.yaml
refused "a FIFO as the scenario" "fifo.yaml: error: " "FIFO" -- "$NC" check fifo.yaml
refused "a FIFO as the scenario of run" "fifo.yaml: error: " "FIFO" -- "$NC" run fifo.yaml
printf 'extends: /dev/zero\n' > ext-zero.yaml
refused "extends /dev/zero" "ext-zero.yaml:1:10: error: 'extends' names '/dev/zero'" "device" \
  -- "$NC" check ext-zero.yaml
refused "/dev/zero as the scenario" "/dev/zero: error: " "device" -- "$NC" check /dev/zero
printf 'extends: dir.yaml\n' > ext-dir.yaml
refused "extends a directory" "ext-dir.yaml:1:10: error: 'extends' names 'dir.yaml'" "directory" \
  -- "$NC" check ext-dir.yaml
refused "a directory as the scenario" "dir.yaml: error: " "directory" -- "$NC" check dir.yaml
for p in fifo zero; do
  scenario "prof-$p.yaml" "sites:" "  lab: {pue: 1.5, carbon_intensity: {profile: $p.csv}}"
  refused "a $p as an hourly profile" "prof-$p.yaml:3:47: error: the hourly profile '$p.csv'" \
    "not a regular file" -- "$NC" check "prof-$p.yaml"
done
# A file larger than 16 MiB is refused before it is read (a sparse file: no disk used).
truncate -s 17M big.yaml
refused "a file over 16 MiB" "big.yaml: error: " "larger than 16 MiB" -- "$NC" check big.yaml
printf 'extends: big.yaml\n' > ext-big.yaml
refused "extends a file over 16 MiB" "ext-big.yaml:1:10: error: 'extends' names 'big.yaml'" \
  "larger than 16 MiB" -- "$NC" check ext-big.yaml

# `extends: /etc/passwd` shows none of it: a file like it is no scenario; the system's own is
# refused too (how depends on its lines: no scenario, or malformed YAML, never its text).
printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' \
  > passwd-like.txt
printf 'extends: passwd-like.txt\n' > ext-passwd.yaml
refused "extends a passwd file" "ext-passwd.yaml:1:10: error: 'extends' names 'passwd-like.txt'" \
  "not a scenario" -- "$NC" check ext-passwd.yaml
if grep -q "root\|daemon" err; then bad "extends of a passwd file shows its content"; else ok; fi
printf 'extends: /etc/passwd\n' > ext-passwd.yaml
refused "extends /etc/passwd" "" "" -- "$NC" check ext-passwd.yaml
if grep -qF "$(head -1 /etc/passwd | cut -d: -f1,2,3)" err; then
  bad "extends /etc/passwd shows its content"; else ok; fi
printf 'just a sentence: not: a scenario\n' > sentence.txt
printf 'extends: sentence.txt\n' > ext-text.yaml
refused "extends a text" "sentence.txt:1:21: error: malformed YAML" "" -- "$NC" check ext-text.yaml
if grep -q "just a sentence" err; then bad "extends of a text shows its content"; else ok; fi

# ---- large documents: the errors they must reach ------------------------------------------------

# 90,000 keys, the last repeating the first: found (was a scan of all keys before each key).
python3 -c "
import sys
print('scenario: many')
for i in range(90000): print(f'k{i}: {i}')
print('k0: again')" > many-keys.yaml
refused "a duplicate among 90,000 keys" "many-keys.yaml:90002:1: error: " \
  "duplicate key 'k0' (first given on line 2)" -- "$NC" check many-keys.yaml
# 16 MiB of flow sequence: refused at its 200,001st value.
python3 -c "
import sys
sys.stdout.write('scenario: flow\nx: [' + '1, ' * 5000000 + '1]\n')" > flow.yaml
refused "a 15 MiB flow sequence" "flow.yaml:2:599996: error: " "more than 200000 values" -- \
  "$NC" check flow.yaml
# 1,001 anchors.
python3 -c "
print('scenario: anchors')
for i in range(1001): print(f'a{i}: &a{i} {i}')" > anchors.yaml
refused "1,001 anchors" "anchors.yaml:1002:8: error: " "more than 1000 anchors" -- \
  "$NC" check anchors.yaml
# An extends chain whose files hold 200,000 values together, each fewer.
python3 -c "
for f in range(3):
    with open(f'chain-{f}.yaml', 'w') as out:
        out.write('scenario: chain\n' + (f'extends: chain-{f + 1}.yaml\n' if f < 2 else
                  'sites:\n  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}\n'))
        out.write('stages:\n' + ''.join(
            f'  - {{name: s{f}-{j}, trials: 1, hardware: v100, duration: 1 h}}\n'
            for j in range(15000)))"
refused "an extends chain of 225,000 values" "chain-1.yaml:2:10: error: 'extends' names " \
  "the files it extends hold more than 200000 values" -- \
  "$NC" check chain-0.yaml
# Two files of 2,000 stages each, the second overriding every other stage of the first and
# adding 1,000 more: one scenario of 3,000 stages in the base's order, each with its trials
# (the merge looks the base's stages up in a sorted index, not a scan).
python3 -c "
stage = '  - {{name: s{}, trials: {}, hardware: v100, duration: 1 h}}\n'
with open('m-base.yaml', 'w') as out:
    out.write('scenario: m\nsites:\n  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}\nstages:\n')
    out.write(''.join(stage.format(j, 1) for j in range(2000)))
with open('m-over.yaml', 'w') as out:
    out.write('extends: m-base.yaml\nstages:\n')
    out.write(''.join(f'  - {{name: s{j}, trials: 3}}\n' for j in range(1000, 2000, 2)))
    out.write(''.join(stage.format(j, 4) for j in range(2000, 4000, 2)))
    out.write(''.join(f'  - {{name: s{j}, trials: 2}}\n' for j in range(0, 1000, 2)))"
expect 0 "an extends chain of 3,000 stages" -- "$NC" run m-over.yaml --point -f json
check_json "the stages merged on their names, in order, each with its trials" "
names = [s['name'] for s in d['stages']]
assert names == [f's{j}' for j in range(2000)] + [f's{j}' for j in range(2000, 4000, 2)], names[:3]
def want(j):
    return 4 if j >= 2000 else 1 if j % 2 else 3 if j >= 1000 else 2
for s in d['stages']:
    j = int(s['name'][1:])
    assert d['inputs'][f'stages.s{j}.trials']['nominal'] == want(j), s['name']"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
