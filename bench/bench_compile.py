"""Benchmark: compile 193 delegations x 50 operations on a synthetic 6,000-paragraph draft.

    python bench/bench_compile.py [--paragraphs 6000] [--delegations 193] [--ops 50] [--repeat 3]

Builds the draft and the amendment files in a temporary directory (seeded, so every run is the same
input), then times each stage separately: parsing the draft, loading (parsing + resolving) the
amendment files, building the compilation model (``compile_drafts``: the figure the target of 1-2 s
is about), and rendering each format. Prints the median of ``--repeat`` runs per stage.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amendtool.amend.resolve import load_amendments  # noqa: E402
from amendtool.compile.builder import compile_drafts, render  # noqa: E402
from amendtool.draft.parser import load_draft  # noqa: E402

WORDS = 40
"""Words per paragraph; word k of paragraph n is ``w<k>p<n>`` so every anchor is unique."""


PER_ARTICLE = 100
"""Paragraphs per Article: numbering restarts in each (labels have at most three digits), so paragraph
n of the draft is ``Article a.k``."""


def ref(n: int) -> str:
    return f"Article {(n - 1) // PER_ARTICLE + 1}.{(n - 1) % PER_ARTICLE + 1}"


def make_draft(n: int) -> str:
    lines = ["Synthetic draft for benchmarking", "", ""]
    for p in range(1, n + 1):
        if p % PER_ARTICLE == 1:
            lines += [f"Article {(p - 1) // PER_ARTICLE + 1}", ""]
        words = [f"w{k}p{p}" for k in range(WORDS)]
        if p % 10 == 0:  # a bracket group of two alternatives in every tenth paragraph
            words.append(f"[alt{p}a] [alt{p}b]")
        lines += [f"  {(p - 1) % PER_ARTICLE + 1}. " + " ".join(words) + ".", "", ""]
    return "\n".join(lines)


def make_amendments(n_paras: int, code: str, ops: int, rng: random.Random, codes: list[str]) -> str:
    out = ["# synthetic amendments for benchmarking", f"by: {code}", ""]
    used: set[tuple[int, int]] = set()
    count = 0
    while count < ops:
        # a few "hot" paragraphs get many proposals (identical ones merge, overlapping ones compete)
        p = rng.randint(1, 60) if rng.random() < 0.3 else rng.randint(1, n_paras)
        k = rng.randint(0, WORDS - 6)
        if (p, k) in used:
            continue
        used.add((p, k))
        r = ref(p)
        anchor = f"w{k}p{p} w{k + 1}p{p}"
        kind = rng.random()
        if kind < 0.35:
            new = "proposed wording" if rng.random() < 0.5 else f"wording of {code}"
            out.append(f'{r}: replace "{anchor}" with "{new}"')
        elif kind < 0.55:
            out.append(f'{r}: delete "{anchor}"')
        elif kind < 0.75:
            out.append(f'{r}: insert " inserted by {code}" after "w{k}p{p}"')
        elif kind < 0.80:
            out.append(f'{r}: add paragraph after "A new paragraph proposed by {code}."')
        elif kind < 0.84 and p % 10 == 0:
            out.append(f'{r}: retain "alt{p}a"')
        elif kind < 0.88:
            out.append(f'{r}: comment "Reservation of {code}."')
        elif kind < 0.90:
            out.append(f"{r}: delete paragraph")
        elif kind < 0.92 and p < n_paras:
            out.append(f"{r}: move after {ref(p + 1)}")
        else:
            out.append(f'{r}: bracket "w{k + 2}p{p}"')
        count += 1
    return "\n".join(out) + "\n"


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=6000)
    ap.add_argument("--delegations", type=int, default=193)
    ap.add_argument("--ops", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    rng = random.Random(20151019)
    codes = [f"D{i:03d}" for i in range(1, args.delegations + 1)]
    with tempfile.TemporaryDirectory(prefix="amendtool-bench-") as tmp:
        tmp = Path(tmp)
        draft = tmp / "draft.txt"
        draft.write_text(make_draft(args.paragraphs), encoding="utf-8")
        paths = []
        for code in codes:
            path = tmp / f"{code.lower()}.amend"
            path.write_text(make_amendments(args.paragraphs, code, args.ops, rng, codes), encoding="utf-8")
            paths.append(path)

        t_parse, doc = timed(lambda: load_draft(draft), args.repeat)
        t_load, files = timed(lambda: load_amendments(doc, paths), 1)
        n_ops = sum(len(f.operations) for f in files)
        t_compile, comp = timed(lambda: compile_drafts(doc, files), args.repeat)
        s = comp.summary
        print(f"draft: {len(doc.paragraphs):,} paragraphs, {draft.stat().st_size / 1e6:.1f} MB; "
              f"{len(files)} delegations, {n_ops:,} operations")
        print(f"model: {s.proposals:,} proposals, {s.merged:,} merged, {s.contested:,} contested places, "
              f"{s.comments:,} comments")
        print(f"parse draft          {t_parse:7.3f} s")
        print(f"load amendments      {t_load:7.3f} s  (parse + resolve + supports, once)")
        print(f"compile_drafts       {t_compile:7.3f} s  (median of {args.repeat})")
        renders = {}
        for fmt in ("txt", "md", "json", "html"):
            t_render, data = timed(lambda: render(comp, fmt), args.repeat)
            renders[fmt] = t_render
            print(f"render {fmt:<5}         {t_render:7.3f} s  ({len(data) / 1e6:.1f} MB)")
        total = t_parse + t_load + t_compile + renders["html"]
        print(f"whole compile to html {total:6.3f} s  (parse + load + compile_drafts + render html)")


if __name__ == "__main__":
    main()
