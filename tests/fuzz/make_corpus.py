#!/usr/bin/env python3
"""make_corpus.py - (re)build the seed corpora of the fuzz harnesses from the source tree.

    python3 tests/fuzz/make_corpus.py

Writes tests/fuzz/corpus/{scenario,units,dist,profile}/seed-*: the shipped scenarios and the
golden bad inputs (one level of `extends` inlined after a `#---base---` line, `--set`
arguments as `#set` lines), every quantity and distribution written in them, and short
profile CSVs cut from models/grids/gb-2021.csv with broken variants. Regression inputs found
by fuzzing (regress-*) and the inputs `-merge=1` kept from long runs (cov-*) are left
alone. Seed files are small (full-line comments dropped, at most MAX_BYTES each).
"""
import hashlib
import os
import re
import sys

import yaml

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(SRC, "tests", "fuzz", "corpus")
MAX_BYTES = 8192
SEP = b"#---base---\n"


def write(harness, data):
    if isinstance(data, str):
        data = data.encode()
    data = data[:MAX_BYTES]
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def strip_comments(data):
    return b"".join(l for l in data.splitlines(keepends=True) if not l.lstrip().startswith(b"#"))


def yaml_files():
    for root in ("scenarios", os.path.join("tests", "golden")):
        for dirpath, _, files in os.walk(os.path.join(SRC, root)):
            for f in sorted(files):
                if f.endswith(".yaml"):
                    yield os.path.join(dirpath, f)


EXTENDS = re.compile(rb"^extends:\s*(\S.*?)\s*$", re.M)


def scenario_seed(path):
    with open(path, "rb") as f:
        data = f.read()
    text = strip_comments(data) if b"\0" not in data else data
    sets = []
    args = path[:-5] + ".args"
    if os.path.exists(args):
        with open(args) as f:
            words = f.read().split("\n")
        sets = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "--set"]
    head = b"".join(b"#set " + s.encode() + b"\n" for s in sets)
    m = EXTENDS.search(text)
    if not m:
        return head + text
    base_name = m.group(1).decode(errors="replace")
    base_path = os.path.join(os.path.dirname(path), base_name)
    text = text[: m.start()] + b"extends: base.yaml" + text[m.end():]
    if not os.path.isfile(base_path):
        return head + text
    with open(base_path, "rb") as f:
        base = strip_comments(f.read())
    base = EXTENDS.sub(b"", base)  # one level: the base's own base is not inlined
    return head + text + (b"" if text.endswith(b"\n") else b"\n") + SEP + base


def walk(node, out_quantities, out_dists):
    if isinstance(node, dict):
        if "dist" in node:
            out_dists.append(yaml.safe_dump(node, default_flow_style=True, width=1000))
        for v in node.values():
            walk(v, out_quantities, out_dists)
    elif isinstance(node, list):
        for v in node:
            walk(v, out_quantities, out_dists)
    elif node is not None and not isinstance(node, bool):
        text = str(node)
        if len(text) < 60:
            out_quantities.append(text)


UNITS = [
    "3 min", "0.954 lb/kWh", "380 to 480 g/kWh", "$0.43", "1.2e3 W", "250", "12%", "20t",
    "40 to 90 W", "3 min to 9 d", "0.43 USD", "1.46 USD/h", "0.12 USD/kWh", "5 MWh", "3.6 MJ",
    "2 kt", "7 years", "1 week", "730 h", "1e308 kg", "-0 h", "0x10 W", "nan", "inf W",
    "1e-320 h", "  7  GWh  ", "480 to 380 g/kWh", "5 W to 9 h", "100 gCO2e/kWh", "0.2 t/MWh",
    "9 kUSD", "3 MUSD", "0.5 $/kWh", "50 USD/MWh", "2 USD/GPU-hour", "1.5 lbs", "12 mW",
]

DISTS = [
    "250 W", "\"380 to 480 g/kWh\"", "{dist: triangular, min: 1.3, mode: 1.58, max: 2.0}",
    "{dist: lognormal, mean: 50 h, sd: {dist: uniform, low: 40 h, high: 80 h}, min: 3 min}",
    "{dist: uniform, low: 0.2, high: 0.9}", "{dist: normal, mean: 5 h, sd: 2 h, min: 1 h}",
    "{dist: lognormal, median: 3 h, gsd: 1.5}", "{dist: lognormal, p5: 1 h, p95: 9 h}",
    "{dist: gamma, mean: 4 h, sd: 1 h}", "{dist: beta, mean: 0.3, sd: 0.1}",
    "{dist: pert, min: 0.1, mode: 0.4, max: 0.8}", "{dist: empirical, values: [1 h, 2 h, 5 h]}",
    "{dist: choice, values: [1 h, 3 h], weights: [2, 1]}",
    "{dist: normal, mean: 0.5, sd: 0.4}", "{dist: beta, mean: {dist: uniform, low: 0.6, "
    "high: 0.9}, sd: 0.05}", "{dist: lognormal, mean: 1 h, sd: 30 h, max: 2 h}",
    "{dist: normal, mean: -5 h, sd: 1 h}", "{dist: gamma, mean: 1e-300 h, sd: 1e300 h}",
]


def profile_seeds():
    with open(os.path.join(SRC, "models", "grids", "gb-2021.csv"), "rb") as f:
        lines = f.read().splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    yield head + b"".join(body[:24])
    yield head + b"".join(body[:200])
    yield b"\xef\xbb\xbf" + head.replace(b"\n", b"\r\n") + b"".join(
        l.replace(b"\n", b"\r\n") for l in body[:48])
    yield b"# a comment\n\n" + head + b"".join(body[:12]) + b"\n# gap\n" + b"".join(body[12:24])
    yield b"g_co2e_per_kwh\n" + b"".join(body[:24])
    yield head + b"0.2,0.3\n" + b"".join(body[:5])
    yield head + b"-0.1\n" + b"".join(body[:5])
    yield head + b"nan\ninf\n0x1p-2\n1e-320\n3.0\n3.0000001\n"
    yield head + b"0.1\n" * 8761
    yield head + b"0\n"
    yield head
    yield b""


def main():
    quantities, dists = list(UNITS), list(DISTS)
    for path in yaml_files():
        write("scenario", scenario_seed(path))
        try:
            with open(path, "rb") as f:
                walk(yaml.safe_load(f), quantities, dists)
        except Exception:  # the golden bad inputs include malformed YAML on purpose
            pass
    for q in sorted(set(quantities)):
        write("units", q)
    for d in sorted(set(dists)):
        write("dist", d)
    for p in profile_seeds():
        if len(p) <= MAX_BYTES:
            write("profile", p)
    for h in sorted(os.listdir(OUT)):
        print(h, len(os.listdir(os.path.join(OUT, h))), file=sys.stderr)


if __name__ == "__main__":
    main()
