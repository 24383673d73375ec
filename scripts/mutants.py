#!/usr/bin/env python3
"""mutants.py - mutation test of nascost's core (`make mutants`; not part of CI or make test).

Reads the mutations of tests/mutants/mutants.txt (format at the top of that file): each one a
plausible one-line bug, given as a file, an exact snippet of it and its replacement. Every
snippet must occur exactly once in its file, or the run stops before anything is built.

The tree is copied once to a scratch folder (build dirs and .git left out) and one test build
is configured there (Ninja when it is installed). The unmutated suite must pass first. Then,
for each mutant: apply it, rebuild what the next test needs, run the tests one by one (with
ctest, fast and related tests first) until one fails, restore the file. A mutant is killed
when a test fails, times out (a hang counts as killed) or crashes; it survives when every test
passes. A mutant that does not compile is reported as broken: the list must be fixed.

Equivalent mutants (marked in the list, with the argument) count in no score and are not run
(a survivor runs the whole suite, minutes each): MUTANTS_EQUIVALENT=1 runs them too, to check
the arguments (one that a test kills is flagged "equivalent (killed!)"). Score = killed /
non-equivalent. Prints a table and writes it to OUT.

Environment: MUTANTS=ID,ID (run only these), MUTANTS_FILE=SUBSTRING (only mutants of files
whose path contains it), MUTANTS_MIN=95 (percent below which the exit status is 1),
MUTANTS_TIMEOUT_FACTOR=5 (a test's timeout: this times its unmutated time, plus 30 s).
For quick iteration on a new test: MUTANTS_TESTS=REGEX (run only the tests whose name matches)
and MUTANTS_BASELINE=0 (do not run the unmutated suite first); a score from either is not the
suite's.
Exit status: 0 at or above MUTANTS_MIN, 1 below, 2 for a broken list, tree or build.

Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ListError(Exception):
    pass


def parse_list(path):
    """The mutants of 'path': dicts id, file, desc, find, replace, equivalent, line."""
    mutants, cur = [], None
    header = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s+(\S+):\s+(.+)$")

    def close():
        if cur is None:
            return
        if not cur["find"]:
            raise ListError(f"{path}:{cur['line']}: {cur['id']} has no '- ' snippet")
        if cur["replace"] is None:
            raise ListError(f"{path}:{cur['line']}: {cur['id']} has no '+' replacement")
        mutants.append(cur)

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("- ") or line == "-":
                if cur is None or cur["replace"] is not None:
                    raise ListError(f"{path}:{n}: '-' line outside a mutant's snippet")
                cur["find"].append(line[2:])
            elif line.startswith("+ ") or line == "+":
                if cur is None or not cur["find"]:
                    raise ListError(f"{path}:{n}: '+' line before the '-' snippet")
                cur["replace"] = (cur["replace"] or []) + [line[2:]]
            elif line.startswith("equivalent:") or (line.startswith("  ") and cur and cur["equivalent"]):
                if cur is None:
                    raise ListError(f"{path}:{n}: 'equivalent:' outside a mutant")
                cur["equivalent"] = (cur["equivalent"] + " " + line.strip()).strip()
            else:
                m = header.match(line)
                if not m:
                    raise ListError(f"{path}:{n}: expected 'ID FILE: DESCRIPTION', '- ', '+ ' or "
                                    f"'equivalent:', got {line!r}")
                close()
                cur = {"id": m.group(1), "file": m.group(2), "desc": m.group(3), "find": [],
                       "replace": None, "equivalent": "", "line": n}
    close()
    seen = set()
    for m in mutants:
        if m["id"] in seen:
            raise ListError(f"{path}:{m['line']}: duplicate id {m['id']}")
        seen.add(m["id"])
        m["find"] = "\n".join(m["find"])
        m["replace"] = "\n".join(m["replace"])
        if m["equivalent"].startswith("equivalent:"):
            m["equivalent"] = m["equivalent"][len("equivalent:"):].strip()
        if m["find"] == m["replace"]:
            raise ListError(f"{path}:{m['line']}: {m['id']}: the replacement is the snippet")
    return mutants


def check_snippets(mutants, root):
    """Every snippet occurs exactly once in its file; else a ListError naming each that does
    not."""
    problems = []
    for m in mutants:
        path = os.path.join(root, m["file"])
        try:
            text = open(path, encoding="utf-8").read()
        except OSError as e:
            problems.append(f"{m['id']}: cannot read {m['file']}: {e.strerror}")
            continue
        count = text.count(m["find"])
        if count != 1:
            problems.append(f"{m['id']}: the snippet occurs {count} times in {m['file']}, not "
                            f"once:\n    {m['find']!r}")
    if problems:
        raise ListError("mutants whose snippet does not match exactly once (fix the list):\n  " +
                        "\n  ".join(problems))


def ignored(top):
    def ignore(d, names):
        if os.path.abspath(d) == top:
            return [n for n in names if n.startswith("build") or n in (".git", "out")]
        return [n for n in names if n == "__pycache__"]
    return ignore


def sync_tree(src, dst):
    """Make 'dst' a copy of 'src' (build dirs, .git left out), rewriting only the files that
    differ so that an existing build there stays incremental."""
    ignore = ignored(os.path.abspath(src))
    wanted = set()
    for d, dirs, files in os.walk(src):
        skip = set(ignore(d, dirs + files))
        dirs[:] = [x for x in dirs if x not in skip]
        rel = os.path.relpath(d, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        links = [x for x in dirs if os.path.islink(os.path.join(d, x))]
        dirs[:] = [x for x in dirs if x not in links]
        for name in files + links:
            if name in skip:
                continue
            s, t = os.path.join(d, name), os.path.join(dst, rel, name)
            wanted.add(os.path.normpath(t))
            if os.path.islink(s):  # relative links (tests/faults/models/grids) stay links
                if not os.path.islink(t) or os.readlink(t) != os.readlink(s):
                    if os.path.lexists(t):
                        os.remove(t)
                    os.symlink(os.readlink(s), t)
                continue
            if not os.path.exists(t) or open(s, "rb").read() != open(t, "rb").read():
                shutil.copy2(s, t)
                os.utime(t)
    for d, dirs, files in os.walk(dst, topdown=False):
        for name in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            t = os.path.normpath(os.path.join(d, name))
            if t not in wanted:
                os.remove(t)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def configure(tree, build):
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        r = run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                 "-DNC_TESTS=ON"] + gen)
        if r.returncode:
            sys.stderr.write(r.stdout)
            raise ListError("cannot configure the scratch build")


def build(build_dir, target=None, jobs="2"):
    cmd = ["cmake", "--build", build_dir, "-j", jobs]
    if target:
        cmd += ["--target", target]
    return run(cmd)


def list_tests(build_dir):
    r = run(["ctest", "--test-dir", build_dir, "--show-only=json-v1"])
    if r.returncode:
        sys.stderr.write(r.stdout)
        raise ListError("ctest cannot list the tests")
    return [t["name"] for t in json.loads(r.stdout)["tests"]]


def target_of(test):
    return test if test.startswith("test_") else "nascost_cli"


def run_test(build_dir, test, timeout):
    """'pass', 'fail' or 'timeout', and the seconds it took."""
    t0 = time.time()
    r = run(["ctest", "--test-dir", build_dir, "-R", f"^{test}$", "--stop-on-failure",
             "--timeout", str(int(timeout)), "--output-on-failure"])
    dt = time.time() - t0
    if r.returncode == 0 and "100% tests passed" in r.stdout:
        return "pass", dt
    if "Timeout" in r.stdout:
        return "timeout", dt
    if "No tests were found" in r.stdout:
        raise ListError(f"ctest finds no test {test}")
    return "fail", dt


def order_for(mutant, tests, times):
    """Tests in the order they are run for 'mutant': the module's own test first
    (sim/dist/dist_cdf.c: test_dist), then the fastest."""
    stem = os.path.splitext(os.path.basename(mutant["file"]))[0].split("_")[0]
    own = f"test_{stem}"
    return sorted(tests, key=lambda t: (t != own, times.get(t, 1e9), t))


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main():
    # SIGINT and SIGTERM stop the run between two statements, so the mutated file is restored
    # (a background job would otherwise ignore SIGINT, and SIGTERM skip the restore).
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", default=os.path.join(ROOT, "tests", "mutants", "mutants.txt"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "mutants"),
                    help="scratch folder: the tree's copy and its build")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "mutants.txt"))
    ap.add_argument("--check", action="store_true", help="only check the list against the tree")
    a = ap.parse_args()
    t_start = time.time()
    try:
        mutants = parse_list(a.list)
        check_snippets(mutants, ROOT)
    except ListError as e:
        print(f"mutants: {e}", file=sys.stderr)
        return 2
    n_eq = sum(1 for m in mutants if m["equivalent"])
    print(f"mutants: {len(mutants)} in {os.path.relpath(a.list, ROOT)} ({n_eq} marked "
          f"equivalent), every snippet found exactly once")
    if a.check:
        return 0
    want = [x for x in os.environ.get("MUTANTS", "").split(",") if x]
    unknown = set(want) - {m["id"] for m in mutants}
    if unknown:
        print(f"mutants: MUTANTS names unknown ids: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    only_file = os.environ.get("MUTANTS_FILE", "")
    selected = [m for m in mutants if (not want or m["id"] in want) and only_file in m["file"]]
    run_equivalent = os.environ.get("MUTANTS_EQUIVALENT", "0") == "1" or bool(want)
    minimum = float(os.environ.get("MUTANTS_MIN", "95"))
    factor = float(os.environ.get("MUTANTS_TIMEOUT_FACTOR", "5"))

    tree, bdir = os.path.join(a.work, "src"), os.path.join(a.work, "build")
    os.makedirs(tree, exist_ok=True)
    sync_tree(ROOT, tree)
    try:
        configure(tree, bdir)
        r = build(bdir)
        if r.returncode:
            sys.stderr.write(r.stdout[-4000:])
            raise ListError("the unmutated tree does not build")
        tests = list_tests(bdir)
        only_tests = os.environ.get("MUTANTS_TESTS", "")
        if only_tests:
            tests = [t for t in tests if re.search(only_tests, t)]
        times = {}
        if os.environ.get("MUTANTS_BASELINE", "1") == "0":
            times = {t: 60.0 for t in tests}
            print("mutants: MUTANTS_BASELINE=0: the unmutated suite is not run first")
        else:
            print(f"mutants: the unmutated suite ({len(tests)} tests) first")
        for t in tests:
            if t in times:
                continue
            res, dt = run_test(bdir, t, 3600)
            if res != "pass":
                raise ListError(f"the unmutated suite fails ({t}): every mutant would be 'killed'")
            times[t] = dt
    except ListError as e:
        print(f"mutants: {e}", file=sys.stderr)
        return 2
    print(f"mutants: suite green in {sum(times.values()):.0f} s; {len(selected)} mutants to run, "
          f"against {len(tests)} tests" + (f" (MUTANTS_TESTS={only_tests})" if only_tests else ""))

    rows, broken = [], []
    for i, m in enumerate(selected, 1):
        if m["equivalent"] and not run_equivalent:
            rows.append((m, "equivalent", "(not run)"))
            continue
        path = os.path.join(tree, m["file"])
        original = open(path, encoding="utf-8").read()
        if original.count(m["find"]) != 1:
            print(f"mutants: {m['id']}: snippet not found once in the copy", file=sys.stderr)
            return 2
        t0 = time.time()
        result, killer = "survived", ""
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["find"], m["replace"], 1))
            built = set()
            for t in order_for(m, tests, times):
                target = target_of(t)
                if target not in built:
                    r = build(bdir, target)
                    if r.returncode:
                        result, killer = "BROKEN", "(does not compile)"
                        broken.append(m["id"])
                        sys.stderr.write(r.stdout[-3000:])
                        break
                    built.add(target)
                res, _ = run_test(bdir, t, factor * times[t] + 30)
                if res != "pass":
                    result = "killed"
                    killer = t + (" (timeout)" if res == "timeout" else "")
                    break
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        if m["equivalent"]:
            result = "equivalent" + (" (killed!)" if result == "killed" else "")
        rows.append((m, result, killer))
        print(f"[{i}/{len(selected)}] {m['id']:<6} {result:<10} {killer:<24} "
              f"{time.time() - t0:5.0f} s  {m['file']}: {m['desc']}", flush=True)

    counted = [(m, r) for m, r, _ in rows if not m["equivalent"] and r != "BROKEN"]
    killed = sum(1 for _, r in counted if r == "killed")
    score = 100.0 * killed / len(counted) if counted else 100.0
    lines = [f"nascost mutation test: {os.path.relpath(a.list, ROOT)}", "",
             f"{'id':<6} {'file':<22} {'result':<12} {'killed by':<24} description"]
    for m, r, k in rows:
        lines.append(f"{m['id']:<6} {m['file']:<22} {r:<12} {k or '-':<24} {m['desc']}")
    lines += ["", f"equivalent (not scored): {sum(1 for m, _, _ in rows if m['equivalent'])}",
              f"broken (do not compile): {len(broken)}",
              f"score: {killed} killed / {len(counted)} non-equivalent = {score:.1f}% "
              f"(needs {minimum:g}%)",
              f"time: {time.time() - t_start:.0f} s"]
    survivors = [m["id"] for m, r, _ in rows if r == "survived"]
    if survivors:
        lines.append("survived: " + ", ".join(survivors))
    text = "\n".join(lines) + "\n"
    print("\n" + text, end="")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    if broken:
        print(f"mutants: {', '.join(broken)} do not compile: fix the list", file=sys.stderr)
        return 2
    return 0 if score >= minimum else 1


if __name__ == "__main__":
    sys.exit(main())
