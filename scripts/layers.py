#!/usr/bin/env python3
"""layers.py - the rules of sim/'s tree (issue 12, "The tree shows the layers"), checked.

    python3 scripts/layers.py [SOURCE_DIR]          report, exit 1 on any violation
    python3 scripts/layers.py --floors [SOURCE_DIR] also print each file's floor

Rules:
  1. sim/ holds one folder per layer; a file includes only headers of its own folder or of
     the folders below it in LAYERS (none that runs back up);
  2. no include circle (a file stands above everything it includes: its "floor" is one more
     than the highest floor it includes);
  3. no .c file over MAX_LINES lines;
  4. one header per .c: each NAME.c but main.c has NAME.h beside it, and each header
     declares the functions of at most one .c (a header without a .c holds only types and
     inline functions: HEADER_ONLY);
  5. the command line (sim/cli/) includes, of the library, only include/nascost.h.
"""
import os
import re
import sys

LAYERS = ["base", "rng", "dist", "realism", "scenario", "load", "engine", "stats",
          "analysis", "output", "api", "cli"]
MAX_LINES = 500
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# a function definition at the start of a line: "type name(" ... "{" on a later line
DEFINITION = re.compile(r'^(?!static\b)[A-Za-z_][\w \*]*?\b(nc_\w+)\s*\([^;{]*?\)\s*\{', re.M | re.S)
DECLARATION = re.compile(r'^(?!static\b|typedef\b|#)[A-Za-z_][\w \*]*?\b(nc_\w+)\s*\([^;{]*?\)\s*'
                         r'(?:__attribute__\s*\(\(.*?\)\)\s*)?;', re.M | re.S)


def files(src):
    sim = os.path.join(src, "sim")
    out = {}
    for folder in sorted(os.listdir(sim)):
        d = os.path.join(sim, folder)
        if not os.path.isdir(d):
            out[folder] = None  # a file straight in sim/: rule 1
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                out[folder + "/" + name] = open(os.path.join(d, name), encoding="utf-8").read()
    return out


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def main(argv):
    show_floors = "--floors" in argv
    args = [a for a in argv if not a.startswith("--")]
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..")
    tree = files(src)
    problems = []
    for path, text in tree.items():
        if text is None:
            problems.append("sim/%s: a file outside the layer folders" % path)
    tree = {p: t for p, t in tree.items() if t is not None}

    includes = {}
    for path, text in tree.items():
        folder = path.split("/")[0]
        if folder not in LAYERS:
            problems.append("sim/%s: folder '%s' is not a layer (scripts/layers.py, LAYERS)"
                            % (path, folder))
            continue
        incs = []
        for inc in INCLUDE.findall(text):
            if inc == "nascost.h":
                incs.append(inc)
                continue
            target = inc if inc in tree else None
            if target is None and folder + "/" + inc in tree:
                target = folder + "/" + inc
            if target is None:
                problems.append("sim/%s: includes \"%s\", which is not in sim/" % (path, inc))
                continue
            incs.append(target)
            tf = target.split("/")[0]
            if tf in LAYERS and LAYERS.index(tf) > LAYERS.index(folder):
                problems.append("sim/%s: includes %s, a layer above it (runs back up)"
                                % (path, target))
            if folder == "cli" and tf != "cli":
                problems.append("sim/%s: the command line includes %s (only nascost.h)"
                                % (path, target))
        includes[path] = incs

    # rule 2: floors, and circles
    floor, state = {}, {}

    def visit(p, stack):
        if state.get(p) == 1:
            cyc = stack[stack.index(p):] + [p]
            problems.append("include circle: " + " -> ".join(cyc))
            return 0
        if state.get(p) == 2:
            return floor[p]
        state[p] = 1
        f = 0
        for q in includes.get(p, []):
            if q == "nascost.h":
                continue
            f = max(f, visit(q, stack + [p]) + 1)
        state[p] = 2
        floor[p] = f
        return f

    for p in includes:
        visit(p, [])

    # rule 3
    for path, text in tree.items():
        n = text.count("\n")
        if path.endswith(".c") and n > MAX_LINES:
            problems.append("sim/%s: %d lines (at most %d)" % (path, n, MAX_LINES))

    # rule 4
    defined = {}
    for path, text in tree.items():
        if path.endswith(".c"):
            for name in DEFINITION.findall(strip_comments(text)):
                defined.setdefault(name, set()).add(path)
    for path, text in tree.items():
        if path.endswith(".c") and not path.endswith("/main.c"):
            if path[:-2] + ".h" not in tree:
                problems.append("sim/%s: no header %s beside it" % (path, os.path.basename(path[:-2] + ".h")))
        if path.endswith(".h"):
            owners = set()
            for name in DECLARATION.findall(strip_comments(text)):
                owners |= defined.get(name, set())
            if len(owners) > 1:
                problems.append("sim/%s: declares the functions of %d files (%s): one header per .c"
                                % (path, len(owners), ", ".join(sorted(owners))))

    if show_floors:
        for p in sorted(floor, key=lambda p: (floor[p], p)):
            print("%3d  sim/%s" % (floor[p], p))
    print("layers: %d files in %d folders, %d floors" %
          (len(tree), len({p.split('/')[0] for p in tree}), 1 + max(floor.values(), default=0)))
    for p in problems:
        print("layers: " + p)
    if problems:
        print("layers: %d problems" % len(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
