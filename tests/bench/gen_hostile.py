#!/usr/bin/env python3
"""gen_hostile.py - write large hostile scenarios that once made the loader slow or greedy.

    python3 tests/bench/gen_hostile.py DIR [SCALE]

writes into DIR (SCALE, default 1.0, shrinks or grows every case):

  keys.yaml        a mapping of 200,000 keys (the loader must reach its first error fast);
  chain-0.yaml     an `extends` chain chain-0 -> chain-1 -> ... of files that each add
                   stages, 117,000 stages in all (merging them must not be quadratic);
  flow.yaml        one 16 MiB flow sequence [1, 1, ...] (refused without building it whole);
  stages.yaml      15,000 stages (about the most one file can hold), each after the one
                   before;
  anchors.yaml     100,000 anchors, each aliased once;
  sites.yaml       12,000 sites, one stage at each.

tests/bench/loader.sh times `nascost check` on each and reports the peak memory.
"""
import os
import sys

HEAD = "scenario: hostile\n"
SITE = "sites:\n  lab: {pue: 1.5, carbon_intensity: 400 g/kWh}\n"


def stage(name, after=None):
    extra = f", after: [{after}]" if after else ""
    return f"  - {{name: {name}, trials: 1, hardware: v100, duration: 1 h{extra}}}\n"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    os.makedirs(out, exist_ok=True)

    n = int(200000 * scale)
    write(os.path.join(out, "keys.yaml"),
          HEAD + "".join(f"k{i}: {i}\n" for i in range(n)))

    total, files = int(117000 * scale), 6
    per = total // files
    for f in range(files):
        text = HEAD
        if f + 1 < files:
            text += f"extends: chain-{f + 1}.yaml\n"
        else:
            text += SITE
        text += "stages:\n" + "".join(stage(f"s{f}-{j}") for j in range(per))
        write(os.path.join(out, f"chain-{f}.yaml"), text)

    size = int((16 << 20) * scale) - 64  # just under the 16 MiB a file may hold
    write(os.path.join(out, "flow.yaml"), HEAD + "x: [" + "1, " * (size // 3) + "1]\n")

    n = int(15000 * scale)
    write(os.path.join(out, "stages.yaml"),
          HEAD + SITE + "stages:\n" + stage("s0") +
          "".join(stage(f"s{j}", f"s{j - 1}") for j in range(1, n)))

    n = int(100000 * scale)
    write(os.path.join(out, "anchors.yaml"),
          HEAD + "".join(f"a{i}: &a{i} {i}\nb{i}: *a{i}\n" for i in range(n)))

    n = int(12000 * scale)
    write(os.path.join(out, "sites.yaml"),
          HEAD + "sites:\n" +
          "".join(f"  l{i}: {{pue: 1.5, carbon_intensity: 400 g/kWh}}\n" for i in range(n)) +
          "stages:\n" +
          "".join(f"  - {{name: s{i}, site: l{i}, trials: 1, hardware: v100, duration: 1 h}}\n"
                  for i in range(n)))


if __name__ == "__main__":
    main()
