"""amendtool's benchmark suite: every stage at negotiation scale, beside the peers, with its growth.

    python bench/run.py                  # everything: a few minutes once amendtool is fast
    python bench/run.py --quick          # one run each, no 3xL, difflib only on the small pairs

Builds the workloads (``workloads.py``, seeded: the same bytes every time) in ``--work``, then:

1. **Stages on L** (6,000 paragraphs, 193 delegations x 50 operations, the L revision): each stage as a
   whole process (``python -m amendtool ...``: interpreter start, imports, reading, writing) and
   in-library (``worker.py``: the library calls alone, in a fresh process each run), median wall time
   of ``--runs`` runs and peak memory (max resident set of the process). Every run's output is checked:
   ``check`` must report every operation applying, the compilation must count every operation, the
   consolidation must apply every accepted one, the L diff's concordance must agree with the
   generator's truth (at most 2 % of paragraphs reported deleted or added beyond the true ones), and
   ``propose``'s file must reproduce the revision through ``consolidate``. A fast wrong answer fails.
2. **Diff beside the peers** on the same files in the same run: the sample pair, the L pair and the
   consecutive pairs of ``../shared/corpus`` (or ``$AMENDTOOL_CORPUS``) when present; ``git diff
   --no-index --word-diff=porcelain``, ``wdiff`` (installed with apt-get when missing) and a word-level
   ``difflib.SequenceMatcher`` (autojunk off; stopped after ``--difflib-timeout`` seconds), each with
   its time and the number of change hunks it reports.
3. **Growth**: S, L/4, L/2, L and 3xL in-library, and the exponent k of time ~ paragraphs^k fitted
   (least squares on logs) over the four synthetic sizes (S is another text: its row is shown, not fitted),
   on wall and on CPU time; the target is judged on CPU time (wall time also measures the machine's load).
4. **Targets** of issue 10, each pass or FAIL.

Prints the tables and writes them as JSON (``--json``). Figures only: nothing here runs in the tests.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import workloads  # noqa: E402
from workloads import check_concordance  # noqa: E402

PY = sys.executable
CORPUS = Path(os.environ.get("AMENDTOOL_CORPUS") or ROOT.parent / "shared" / "corpus")
CORPUS_PAIRS = [
    ("Geneva text -> 23 Oct (PDF text)", "paris_2015-02-12_geneva_negotiating_text.txt",
     "paris_2015-10-23_draft_agreement_decision_11infnot.txt"),
    ("23 Oct -> 4 Dec (PDF text)", "paris_2015-10-23_draft_agreement_decision_11infnot.txt",
     "paris_2015-12-04_draft_agreement_decision_adp.txt"),
    ("23 Oct -> 4 Dec (Markdown)", "paris_2015-10-23_draft_agreement_okfn.md",
     "paris_2015-12-04_draft_agreement_okfn.md"),
    ("4 Dec -> 9 Dec (Markdown)", "paris_2015-12-04_draft_agreement_okfn.md",
     "paris_2015-12-09_draft_agreement_okfn.md"),
    ("9 Dec -> final (Markdown)", "paris_2015-12-09_draft_agreement_okfn.md",
     "paris_2015-12-12_final_paris_agreement_okfn.md"),
]
STAGES = ["help", "parse", "check", "compile-html", "compile-docx", "consolidate", "diff", "propose"]
GROWTH_STAGES = ["parse", "check", "compile-html", "compile-docx", "consolidate", "diff", "propose"]
SIZES = [("S", None), ("L/4", 0.25), ("L/2", 0.5), ("L", 1.0), ("3xL", 3.0)]

TARGETS = {  # stage -> whole-process seconds on L (issue 10)
    "help": 0.15, "check": 1.0, "compile-html": 1.5, "compile-docx": 2.0, "consolidate": 2.0, "diff": 1.0,
    "propose": 2.0,
}
MAX_PEAK_MB = 300
MAX_EXPONENT = 1.1
MIN_DIFFLIB_RATIO = 200
MAX_WDIFF_RATIO = 1.5


# ---------------------------------------------------------------------------------------------------
# Running and measuring


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float
    """User + system CPU seconds of the process (less sensitive than wall time to other load)."""
    rc: int
    stdout: str
    stderr: str


def _serve(conn) -> None:
    """The launcher's loop: run each command sent, wait for it (wait4: its resource usage), send back
    (seconds, peak KB, CPU seconds, exit status)."""
    while True:
        request = conn.recv()
        if request is None:
            return
        cmd, timeout, cwd, out_path, err_path = request
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
            timer = threading.Timer(timeout, proc.kill) if timeout else None
            if timer:
                timer.start()
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            if timer:
                timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
        conn.send((seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, proc.returncode))


class Launcher:
    """Starts the measured processes from a small process of its own, forked before anything big is
    built or read: Linux counts in a child's peak memory the memory of the parent it was (v)forked from,
    so a child of this script itself would report this script's peak as its own."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.proc.start()

    def run(self, cmd: list[str], timeout: float | None, cwd: Path) -> Run:
        with tempfile.TemporaryDirectory(prefix="amendtool-bench-run-") as tmp:
            out, err = Path(tmp) / "out", Path(tmp) / "err"
            self.conn.send((cmd, timeout, str(cwd), str(out), str(err)))
            seconds, peak_kb, cpu, rc = self.conn.recv()
            stdout = out.read_text(encoding="utf-8", errors="replace")
            stderr = err.read_text(encoding="utf-8", errors="replace")
        if rc == -9 and timeout:
            return Run(math.inf, peak_kb / 1024, math.inf, rc, stdout, "stopped after the timeout")
        return Run(seconds, peak_kb / 1024, cpu, rc, stdout, stderr)

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join()


LAUNCHER: Launcher | None = None


def run(cmd: list[str], timeout: float | None = None, cwd: Path = ROOT) -> Run:
    """Run ``cmd`` (through the launcher): wall time, peak resident memory, CPU time, output."""
    assert LAUNCHER is not None, "main() starts the launcher first"
    return LAUNCHER.run(cmd, timeout, cwd)


@dataclass
class Sample:
    """One run's figures."""

    seconds: float
    cpu: float
    peak_mb: float
    ok: bool
    detail: dict = field(default_factory=dict)


def sample(r: Run, ok: bool, detail: dict | None = None) -> Sample:
    return Sample(r.seconds, r.cpu, r.peak_mb, ok, detail or {})


@dataclass
class Measure:
    """Median of several runs (wall and CPU time), the highest peak memory; a first run of more than
    ``slow`` seconds is not repeated."""

    seconds: float
    cpu: float
    peak_mb: float
    runs: int
    ok: bool
    detail: dict = field(default_factory=dict)

    def data(self) -> dict:
        def num(x: float) -> float | None:
            return round(x, 4) if math.isfinite(x) else None

        return {"seconds": num(self.seconds), "cpu": num(self.cpu), "peak_mb": round(self.peak_mb, 1),
                "runs": self.runs, "ok": self.ok, "detail": self.detail}


def measure(once: Callable[[], Sample], runs: int, slow: float) -> Measure:
    """``runs`` runs of ``once`` (one only if the first takes more than ``slow`` seconds)."""
    return measure_in_turn({"": once}, runs, slow)[""]


def measure_in_turn(runs_of: dict[str, Callable[[], Sample]], runs: int, slow: float) -> dict[str, Measure]:
    """``runs`` runs of each of several measurements, a run of each in turn in every round (in order,
    then in reverse the next round): a busy spell of the machine's neighbours then slows a run of each
    (of each size, of each tool) instead of all the runs of one, so the growth exponents and the ratios
    to the peers compare like with like. A measurement whose first run takes more than ``slow``
    seconds is not run again."""
    samples: dict[str, list[Sample]] = {name: [] for name in runs_of}
    order = list(runs_of)
    for k in range(runs):
        for name in order if k % 2 == 0 else order[::-1]:
            if k and samples[name][0].seconds > slow:
                continue
            samples[name].append(runs_of[name]())
    return {name: Measure(statistics.median(x.seconds for x in got), statistics.median(x.cpu for x in got),
                          max(x.peak_mb for x in got), len(got), all(x.ok for x in got), got[-1].detail)
            for name, got in samples.items()}


def in_library(stage: str, *paths: Path, timeout: float | None = None):
    """A worker process per run; its time is the library calls' (the worker's own clock), its CPU time
    the worker's for those calls, its peak memory the whole worker's."""

    def once() -> Sample:
        r = run([PY, str(HERE / "worker.py"), stage, *map(str, paths)], timeout=timeout)
        if r.rc != 0:
            return sample(r, False, {"error": (r.stderr or r.stdout)[-800:]})
        data = json.loads(r.stdout.strip().splitlines()[-1])
        return Sample(data["seconds"], data["cpu"], r.peak_mb, data["ok"], {**data["check"], "phases": data["phases"]})

    return once


# ---------------------------------------------------------------------------------------------------
# Whole processes, their outputs checked


def process(stage: str, wl: workloads.Workload, out: Path, timeout: float | None = None):
    amend = [str(p) for p in wl.amendments]
    at = [PY, "-m", "amendtool"]
    meta = json.loads((wl.dir / "workload.json").read_text())
    commands = {
        "help": at + ["--help"],
        "parse": at + ["show", str(wl.draft)],  # the process that parses and little else
        "check": at + ["check", str(wl.draft), *amend],
        "compile-html": at + ["compile", str(wl.draft), *amend, "-o", str(out / "compilation.html")],
        "compile-docx": at + ["compile", str(wl.draft), *amend, "-o", str(out / "compilation.docx")],
        "consolidate": at + ["consolidate", str(wl.draft), *amend, "--accept", wl.accept, "-o", str(out / "next.txt")],
        "diff": at + ["diff", str(wl.draft), str(wl.revision), "-o", str(out / "diff.json")],
        "propose": at + ["propose", "--by", "EU", str(wl.draft), str(wl.revision), "-o", str(out / "eu.amend")],
    }

    def once() -> Sample:
        r = run(commands[stage], timeout=timeout)
        ok, detail = r.rc == 0, {}
        if not ok:
            detail["error"] = (r.stderr or r.stdout)[-800:]
        elif stage == "help":
            ok = "Usage:" in r.stdout
        elif stage == "check" and meta.get("operations"):
            ok = f"{len(amend)} files, {meta['operations']} operations, all apply" in r.stdout
        elif stage == "compile-html":
            html = (out / "compilation.html").read_text(encoding="utf-8")
            detail["operations"] = counted = _html_operations(html)
            ok = counted == meta.get("operations") if meta.get("operations") else counted > 0
        elif stage == "compile-docx":
            with zipfile.ZipFile(out / "compilation.docx") as z:
                ok = z.testzip() is None and b"<w:ins " in z.read("word/document.xml")
        elif stage == "consolidate" and meta.get("applied"):
            ok = f"{meta['applied']} operations applied" in r.stdout
        elif stage == "diff" and wl.truth.is_file():
            data = json.loads((out / "diff.json").read_text(encoding="utf-8"))
            added = {p["new"] for p in data["pairs"] if p["status"] == "added"}
            detail = check_concordance(data["concordance"], added, json.loads(wl.truth.read_text()))
            ok = detail["ok"]
        elif stage == "propose":
            ok = (out / "eu.amend").stat().st_size > 0
        return sample(r, ok, detail)

    return once


def _html_operations(html: str) -> int:
    """Operations counted in the compilation's per-delegation table (proposals + supports + comments)."""
    table = html[html.find('<table class="per-delegation">') :]
    table = table[: table.find("</table>")]
    total = 0
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table):
        cells = [int(x) for x in re.findall(r"<td>(\d+)</td>", row)]
        if len(cells) >= 4:
            total += cells[0] + cells[2] + cells[3]
    return total


# ---------------------------------------------------------------------------------------------------
# Peers


def git_hunks(text: str) -> int:
    """Change hunks of ``git diff --word-diff=porcelain``: runs of +/- lines not separated by an
    unchanged word (``~`` marks a newline and separates nothing)."""
    hunks, in_change = 0, False
    for line in text.splitlines():
        if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
            continue
        if line.startswith(("+", "-")):
            if not in_change:
                hunks, in_change = hunks + 1, True
        elif line.startswith("@@") or (line.startswith(" ") and line.strip()):
            in_change = False
    return hunks


_WDIFF_MARK = re.compile(r"\[-.*?-\]|\{\+.*?\+\}", re.S)


def wdiff_hunks(text: str) -> int:
    """Maximal runs of ``[-...-]`` / ``{+...+}`` marks with only whitespace between them."""
    hunks, last = 0, None
    for m in _WDIFF_MARK.finditer(text):
        if last is None or text[last : m.start()].strip():
            hunks += 1
        last = m.end()
    return hunks


DIFFLIB = """
import difflib, sys
a = open(sys.argv[1], encoding="utf-8").read().split()
b = open(sys.argv[2], encoding="utf-8").read().split()
ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
print(sum(1 for op in ops if op[0] != "equal"))
"""


def ensure_wdiff() -> str | None:
    found = shutil.which("wdiff")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 or not shutil.which("sudo") else ["sudo"]
    print("installing wdiff with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wdiff"], check=False, env=env)
    return shutil.which("wdiff")


def peer_rows(label: str, old: Path, new: Path, args, out: Path, truth: Path | None = None) -> dict:
    size_kb = (old.stat().st_size + new.stat().st_size) / 1024
    rows = {}
    slow = args.slow

    def cli_once() -> Sample:
        r = run([PY, "-m", "amendtool", "diff", str(old), str(new), "-o", str(out / "pair.txt")], timeout=args.timeout)
        return sample(r, r.rc == 0)

    # run in turn, a run of each in every round: the ratios compare runs made moments apart
    runs_of = {"amendtool (in-library)": in_library("diff", old, new, timeout=args.timeout),
               "amendtool diff (process)": cli_once}
    git = shutil.which("git")
    if git:
        def git_once() -> Sample:
            r = run([git, "diff", "--no-index", "--word-diff=porcelain", "--no-color", str(old), str(new)])
            return sample(r, r.rc in (0, 1), {"hunks": git_hunks(r.stdout)})
        runs_of["git diff --word-diff=porcelain"] = git_once
    if args.wdiff:
        def wdiff_once() -> Sample:
            r = run([args.wdiff, str(old), str(new)])
            return sample(r, r.rc in (0, 1), {"hunks": wdiff_hunks(r.stdout)})
        runs_of["wdiff"] = wdiff_once
    rows.update(measure_in_turn(runs_of, args.runs, slow))
    rows["amendtool diff (process)"].detail = {"hunks": rows["amendtool (in-library)"].detail.get("hunks")}
    big = size_kb > 1500
    if not (args.quick and big):
        def difflib_once() -> Sample:
            r = run([PY, "-c", DIFFLIB, str(old), str(new)], timeout=args.difflib_timeout)
            if r.rc != 0:
                return sample(r, r.rc == -9, {"timeout": r.rc == -9})
            return sample(r, True, {"hunks": int(r.stdout.strip())})
        rows["difflib SequenceMatcher, words"] = measure(difflib_once, 1 if big else args.runs, slow)
    for name, m in rows.items():
        hunks = m.detail.get("hunks")
        t = fmt_s(m.seconds) if math.isfinite(m.seconds) else f"> {args.difflib_timeout:.0f} s (stopped)"
        print(f"  {label:36} {name:32} {size_kb:8.0f} KB {t:>18} {fmt_s(m.cpu):>9} {m.peak_mb:7.0f} MB "
              f"{'' if hunks is None else hunks:>7} {'' if m.ok else 'FAIL'}", flush=True)
    return {"pair": label, "old": str(old), "new": str(new), "kb": round(size_kb),
            "tools": {name: m.data() for name, m in rows.items()}}


# ---------------------------------------------------------------------------------------------------


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if not math.isfinite(seconds):
        return "stopped"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) over log(size)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t and t > 0 and math.isfinite(t)]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                                text=True, cwd=ROOT).stdout.strip())
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "commit": commit + ("+changes" if dirty else ""),
            "date": time.strftime("%Y-%m-%d %H:%M:%S")}


def stages_part(L: workloads.Workload, out: Path, args) -> dict:
    print(f"\n1. Stages on L ({L.draft.stat().st_size / 1e6:.1f} MB, {L.paragraphs} paragraphs, "
          f"{len(L.amendments)} files, {L.operations} operations), median of {args.runs}")
    print(f"  {'stage':14} {'process':>10} {'cpu':>9} {'peak':>8} {'in-library':>11} {'cpu':>9} {'peak':>8}  check")
    results = {}
    for stage in STAGES:
        proc = measure(process(stage, L, out, args.timeout), args.runs, args.slow)
        lib = None if stage == "help" else measure(in_library(stage, L.dir, timeout=args.timeout), args.runs, args.slow)
        detail = {k: v for k, v in ((lib.detail if lib else proc.detail) or {}).items() if k != "phases"}
        ok = proc.ok and (lib is None or lib.ok)
        print(f"  {stage:14} {fmt_s(proc.seconds):>10} {fmt_s(proc.cpu):>9} {proc.peak_mb:6.0f}MB "
              f"{fmt_s(lib.seconds) if lib else '':>11} {fmt_s(lib.cpu) if lib else '':>9} "
              f"{f'{lib.peak_mb:6.0f}MB' if lib else '':>8}  "
              f"{'ok' if ok else 'FAIL'} {_short(detail)}", flush=True)
        results[stage] = {"process": proc.data(), "library": lib.data() if lib else None}
    return results


def peers_part(sizes: dict, out: Path, args) -> tuple[list, dict]:
    print(f"\n2. diff beside the peers (median of {args.runs}, the tools run in turn; hunks = change hunks reported)")
    print(f"  {'pair':36} {'tool':32} {'size':>11} {'time':>18} {'cpu':>9} {'peak':>10} {'hunks':>7}")
    L = sizes["L"]
    pairs = [("S: sample -> test Rev.1", sizes["S"].draft, sizes["S"].revision),
             ("L -> L revision", L.draft, L.revision)]
    for label, a, b in CORPUS_PAIRS:
        if (CORPUS / a).is_file() and (CORPUS / b).is_file():
            pairs.append((label, CORPUS / a, CORPUS / b))
    if not CORPUS.is_dir():
        print(f"  (no corpus at {CORPUS}: its pairs are left out)")
    rows = [peer_rows(label, a, b, args, out) for label, a, b in pairs]

    def startup_once() -> Sample:
        r = run([PY, "-c", "pass"])
        return sample(r, r.rc == 0)

    # The floor under any Python command: beside wdiff's few milliseconds on the small pairs it says which
    # ratio no Python program can reach, whatever it computes.
    start = measure(startup_once, args.runs, args.slow)
    print(f"  {'(the interpreter starting, python -c pass)':69} {fmt_s(start.seconds):>18} {fmt_s(start.cpu):>9}")
    return rows, start.data()


def growth_part(sizes: dict, args) -> dict:
    names = list(sizes)
    print(f"\n3. Growth, in-library, median of {args.growth_runs}, the sizes run in turn (exponent fitted over L/4 ... "
          f"{names[-1]} on wall time, and on CPU time in parentheses)")
    print(f"  {'stage':14} " + " ".join(f"{n:>9}" for n in names) + f" {'exponent':>12}")
    results = {}
    paragraphs = {name: json.loads((wl.dir / "workload.json").read_text())["paragraphs"] for name, wl in sizes.items()}
    for stage in GROWTH_STAGES:
        runs_of = {name: in_library(stage, wl.dir, timeout=args.timeout) for name, wl in sizes.items()}
        measured = measure_in_turn(runs_of, args.growth_runs, args.slow)
        row = {name: {**{k: v for k, v in m.data().items() if k in ("seconds", "cpu", "peak_mb", "ok")},
                      "paragraphs": paragraphs[name]} for name, m in measured.items()}
        k = exponent([(v["paragraphs"], v["seconds"]) for n, v in row.items() if n != "S"])
        k_cpu = exponent([(v["paragraphs"], v["cpu"]) for n, v in row.items() if n != "S"])
        results[stage] = {"sizes": row, "exponent": None if k is None else round(k, 2),
                          "exponent_cpu": None if k_cpu is None else round(k_cpu, 2)}
        shown = "-" if k is None else f"{k:.2f}" + ("" if k_cpu is None else f" ({k_cpu:.2f})")
        print(f"  {stage:14} " + " ".join(f"{fmt_s(row[n]['seconds']):>9}" for n in names) + f" {shown:>12}"
              + ("" if all(v["ok"] for v in row.values()) else "  FAIL"), flush=True)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported (5)")
    ap.add_argument("--growth-runs", type=int, default=3, help="runs per growth measurement (3)")
    ap.add_argument("--quick", action="store_true", help="one run each, no 3xL, difflib only on the small pairs")
    ap.add_argument("--slow", type=float, default=30.0, help="a first run longer than this is not repeated (30 s)")
    ap.add_argument("--difflib-timeout", type=float, default=300.0, help="difflib is stopped after this (300 s)")
    ap.add_argument("--timeout", type=float, default=900.0, help="any other run is stopped after this (900 s)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "amendtool-bench",
                    help="where the workloads are built (kept and reused: they are the same bytes)")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="L's size as a share of 6,000 paragraphs (1; smaller for trying the suite out)")
    ap.add_argument("--json", type=Path, default=HERE / "results.json", help="JSON output (bench/results.json)")
    ap.add_argument("--only", choices=["stages", "peers", "growth"], action="append",
                    help="run only these parts (repeatable)")
    ap.add_argument("--markdown", type=Path, metavar="RESULTS",
                    help="print a results JSON as Markdown tables, run nothing")
    args = ap.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text(encoding="utf-8"))), end="")
        return 0
    global LAUNCHER
    LAUNCHER = Launcher()  # first, while this process is small
    if args.quick:
        args.runs = args.growth_runs = 1
    parts = set(args.only or ["stages", "peers", "growth"])
    # The commands must run this checkout's amendtool: they run in it (``python -m amendtool`` puts the
    # working directory first on the path, ``worker.py`` puts the checkout there), so any install of
    # amendtool with its dependencies will do. A regular one (``pip install .``, what a user has) is the
    # one to measure in: an editable install's import hook costs every process 5-17 ms at start-up.
    where = ("import importlib.resources, amendtool, amendtool.render.templating as t\n"
             "print(amendtool.__file__)\n"  # the templates: where ``template_source`` reads them
             "print(t.REPO_TEMPLATES if t.IN_CHECKOUT else importlib.resources.files('amendtool.templates'))")
    found = subprocess.run([PY, "-c", where], capture_output=True, text=True, cwd=ROOT, check=False).stdout.split()
    if len(found) != 2 or not all(Path(f).resolve().is_relative_to(ROOT.resolve()) for f in found):
        print(f"{PY} imports amendtool (or its templates) from {found or 'nowhere'} in {ROOT}, not from there: "
              f"pip install {ROOT} (its dependencies)", file=sys.stderr)
        return 2
    # Read imports from bytecode, as an installed package does (this environment may forbid writing it).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "amendtool")], check=False, stdout=subprocess.DEVNULL)
    results: dict = {"command": " ".join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
                     "machine": machine(), "difflib_timeout": args.difflib_timeout}
    print(f"amendtool benchmark: {results['machine']['commit']}, python {results['machine']['python']}, "
          f"{results['machine']['cpus']} cpus, load {' '.join(f'{x:.2f}' for x in results['machine']['load_average'])}")
    t0 = time.perf_counter()
    sizes = {"S": workloads.sample(args.work / "S")}
    for name, scale in SIZES[1:]:
        if name == "3xL" and (args.quick or "growth" not in parts):
            continue
        folder = name.replace("/", "-") + ("" if args.scale == 1 else f"-x{args.scale:g}")
        sizes[name] = workloads.build(args.work / folder, scale * args.scale, name)
    print(f"workloads in {args.work} ({time.perf_counter() - t0:.1f} s): " + ", ".join(
        f"{n} {json.loads((w.dir / 'workload.json').read_text())['paragraphs']} paragraphs" for n, w in sizes.items()))
    out = Path(tempfile.mkdtemp(prefix="amendtool-bench-out-"))
    L = sizes["L"]
    args.wdiff = ensure_wdiff() if "peers" in parts else None

    if "stages" in parts:
        results["stages"] = stages_part(L, out, args)
    if "peers" in parts:
        results["pairs"], results["startup"] = peers_part(sizes, out, args)
    if "growth" in parts:
        results["growth"] = growth_part(sizes, args)
    results["targets"] = targets(results)
    if results["targets"]:
        print("\n4. Targets (issue 10)")
        for t in results["targets"]:
            print(f"  {'pass' if t['pass'] else 'FAIL':4}  {t['target']}: {t['measured']}")
    results["machine"]["load_average_after"] = os.getloadavg()
    results["seconds"] = round(time.perf_counter() - t0, 1)
    args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten {args.json} ({results['seconds']:.0f} s in all; load average after: "
          f"{' '.join(f'{x:.2f}' for x in results['machine']['load_average_after'])})")
    shutil.rmtree(out, ignore_errors=True)
    LAUNCHER.close()
    return 0 if all(t["pass"] for t in results["targets"]) else 1


def markdown(results: dict) -> str:
    """The tables of a results JSON as Markdown (for bench/README.md and the notes)."""
    m = results["machine"]
    load = " ".join(f"{x:.1f}" for x in m["load_average"])
    after = " ".join(f"{x:.1f}" for x in m.get("load_average_after", []))
    out = [f"`{results['command']}` at {m['commit']}, {m['date']}, Python {m['python']}, {m['cpus']} cores, "
           f"load average {load} before and {after} after.", ""]
    if results.get("stages"):
        out += ["| stage on L | process | CPU | peak | in-library | CPU | peak | output |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        for stage, r in results["stages"].items():
            p, lib = r["process"], r["library"]
            cells = [fmt_s(p["seconds"]), fmt_s(p["cpu"]), f"{p['peak_mb']:.0f} MB"]
            cells += [fmt_s(lib["seconds"]), fmt_s(lib["cpu"]), f"{lib['peak_mb']:.0f} MB"] if lib else ["", "", ""]
            detail = {k: v for k, v in ((lib or p)["detail"] or {}).items() if k != "phases"}
            ok = p["ok"] and (lib is None or lib["ok"])
            out.append(f"| {stage} | " + " | ".join(cells) + f" | {'ok' if ok else 'FAIL'} {_short(detail)} |")
        out.append("")
    if results.get("pairs"):
        out += ["| pair (KB) | amendtool process | in-library | git --word-diff | wdiff | difflib | hunks "
                "(amendtool / git / wdiff / difflib) |", "|---|---:|---:|---:|---:|---:|---|"]
        for pair in results["pairs"]:
            t = pair["tools"]

            def cell(name: str, t: dict = t) -> str:
                r = t.get(name)
                if r is None:
                    return "-"
                if r["seconds"] is None:
                    return f"> {results['difflib_timeout']:.0f} s"
                return fmt_s(r["seconds"])

            names = ["amendtool diff (process)", "amendtool (in-library)", "git diff --word-diff=porcelain", "wdiff",
                     "difflib SequenceMatcher, words"]
            hunks = " / ".join(str(t.get(n, {}).get("detail", {}).get("hunks", "-")) for n in
                               ["amendtool (in-library)"] + names[2:])
            out.append(f"| {pair['pair']} ({pair['kb']}) | " + " | ".join(cell(n) for n in names) + f" | {hunks} |")
        out.append("")
        if results.get("startup"):
            out += [f"The interpreter starting and stopping (`python -c pass`), the floor of any Python command: "
                    f"{fmt_s(results['startup']['seconds'])}.", ""]
    if results.get("growth"):
        names = list(next(iter(results["growth"].values()))["sizes"])
        out += ["| stage, in-library | " + " | ".join(names) + " | exponent (CPU) |",
                "|---|" + "---:|" * (len(names) + 1)]
        for stage, g in results["growth"].items():
            cells = [fmt_s(g["sizes"][n]["seconds"]) for n in names]
            k, kc = g["exponent"], g.get("exponent_cpu")
            out.append(f"| {stage} | " + " | ".join(cells) + f" | {k} ({kc}) |")
        out.append("")
    if results.get("targets"):
        out += ["| target (issue 10) | measured | |", "|---|---|---|"]
        out += [f"| {t['target']} | {t['measured']} | {'pass' if t['pass'] else 'FAIL'} |" for t in results["targets"]]
    return "\n".join(out) + "\n"


def _short(detail: dict) -> str:
    keep = ("operations", "applied", "concordance_exact", "spurious_share", "roundtrip_same", "roundtrip_of",
            "paragraphs", "error")
    return ", ".join(f"{k} {detail[k]}" for k in keep if k in detail)[:200]


def targets(results: dict) -> list[dict]:
    out = []

    def add(target: str, measured: str, ok: bool) -> None:
        out.append({"target": target, "measured": measured, "pass": bool(ok)})

    stages = results.get("stages", {})
    for stage, limit in TARGETS.items():
        if stage in stages:
            m = stages[stage]["process"]
            add(f"{stage} on L, whole process < {fmt_s(limit)}, output right", fmt_s(m["seconds"]),
                m["seconds"] is not None and m["seconds"] < limit and m["ok"])
    for stage, m in stages.items():
        if stage != "help":
            peak = max(m["process"]["peak_mb"], m["library"]["peak_mb"])
            add(f"{stage} on L, peak memory < {MAX_PEAK_MB} MB", f"{peak:.0f} MB", peak < MAX_PEAK_MB)
    for pair in results.get("pairs", []):
        tools = pair["tools"]
        ours = tools["amendtool diff (process)"]["seconds"]
        wdiff = tools.get("wdiff", {}).get("seconds")
        if wdiff:
            limit = 1.0 if pair["pair"].startswith("L ") else MAX_WDIFF_RATIO
            if not pair["pair"].startswith("S:"):
                floor = (results.get("startup") or {}).get("seconds")
                below = (f"; the limit is {fmt_s(limit * wdiff)}, the interpreter's start-up alone {fmt_s(floor)}"
                         if floor and limit * wdiff < 3 * floor else "")
                add(f"diff {pair['pair']}: no slower than {limit:g} x wdiff", f"{ours / wdiff:.2f} x wdiff "
                    f"({fmt_s(ours)} vs {fmt_s(wdiff)}){below}", ours <= limit * wdiff)
        dl = tools.get("difflib SequenceMatcher, words")
        if pair["pair"].startswith("L ") and dl and ours:
            if dl["seconds"] is None:  # stopped after the timeout: the ratio is at least that
                ratio, sign = results["difflib_timeout"] / ours, ">"
            else:
                ratio, sign = dl["seconds"] / ours, ""
            add(f"diff L: at least {MIN_DIFFLIB_RATIO} x faster than difflib", f"{sign}{ratio:.0f} x",
                ratio >= MIN_DIFFLIB_RATIO)
    # Growth is the algorithm's: judged on CPU time (wall time on a shared machine also measures the load
    # of the neighbours, which changes between the sizes); the wall-time exponent is shown beside it.
    for stage, g in results.get("growth", {}).items():
        k = g.get("exponent_cpu")
        if k is not None:
            add(f"{stage}: growth exponent (CPU time) <= {MAX_EXPONENT}", f"{k:.2f} (wall time {g['exponent']})",
                k <= MAX_EXPONENT)
    return out


if __name__ == "__main__":
    sys.exit(main())
