"""Load test on loopback only, bounded in count and time: 193 delegations sign in with their links,
save (the check runs) and submit 50 operations each to a real ``amendtool serve``; then the
facilitator opens the full compilation. Prints the figures (check latency median and p95, the time
to render the compilation after the last submission) and writes them to
``screenshots/portal/load.json``; asserts that all 9,650 operations are in the compilation.

    AMENDTOOL_LOAD_DELEGATIONS=193 AMENDTOOL_LOAD_OPS=50 AMENDTOOL_LOAD_PARAGRAPHS=1000 \\
        python -m pytest tests/portal/test_portal_load.py -s
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from portal.helpers import PASSWORD, ROOT
from portal.running import Portal

pytestmark = [pytest.mark.slow, pytest.mark.load]

DELEGATIONS = int(os.environ.get("AMENDTOOL_LOAD_DELEGATIONS", "193"))
OPS = int(os.environ.get("AMENDTOOL_LOAD_OPS", "50"))
PARAGRAPHS = int(os.environ.get("AMENDTOOL_LOAD_PARAGRAPHS", "1000"))
WORKERS = 8
"""Delegations at work at the same time."""
DEADLINE = 300
"""Seconds after which the test stops sending and fails (it is bounded whatever happens)."""
WORDS = 40


def make_draft(n: int) -> str:
    """Articles of 100 numbered paragraphs; word k of paragraph p is ``w<k>p<p>``: every anchor unique."""
    lines = ["Synthetic draft for the portal's load test", "", ""]
    for p in range(1, n + 1):
        if p % 100 == 1:
            lines += [f"Article {(p - 1) // 100 + 1}", ""]
        lines += [f"  {(p - 1) % 100 + 1}. " + " ".join(f"w{k}p{p}" for k in range(WORDS)) + ".", "", ""]
    return "\n".join(lines)


def ref(p: int) -> str:
    return f"Article {(p - 1) // 100 + 1}.{(p - 1) % 100 + 1}"


def make_amendments(code: str, rng: random.Random) -> str:
    out = [f"by: {code}", ""]
    used: set[tuple[int, int]] = set()
    while len(out) - 2 < OPS:
        p, k = rng.randint(1, PARAGRAPHS), 3 * rng.randint(0, WORDS // 3 - 2)
        if (p, k) in used:
            continue
        used.add((p, k))
        anchor = f"w{k}p{p} w{k + 1}p{p}"
        kind = rng.random()
        if kind < 0.4:
            out.append(f'{ref(p)}: replace "{anchor}" with "wording of {code}"')
        elif kind < 0.6:
            out.append(f'{ref(p)}: delete "{anchor}"')
        elif kind < 0.85:
            out.append(f'{ref(p)}: insert " inserted by {code}" after "w{k}p{p}"')
        elif kind < 0.95:
            out.append(f'{ref(p)}: comment "Reservation of {code}."')
        else:
            out.append(f'{ref(p)}: add paragraph after "A new paragraph proposed by {code}."')
    return "\n".join(out) + "\n"


class Browser:
    """A cookie jar and CSRF token: what a browser keeps between requests."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=120) as r:
            return r.read().decode("utf-8")

    def post(self, path: str, fields: dict, files: dict | None = None) -> str:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf()}
        if files:
            boundary = "----amendtool-load"
            body = b""
            for k, v in fields.items():
                body += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, (name, data) in files.items():
                body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                         f"Content-Type: text/plain\r\n\r\n").encode() + data + b"\r\n"
            body += f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type})
        with self.opener.open(request, timeout=120) as r:
            return r.read().decode("utf-8")


def test_193_delegations_submit_50_operations_each(tmp_path):
    data = tmp_path / "data"
    portal = Portal(data)
    try:
        _run(portal)
    finally:
        portal.stop()


def _run(portal: Portal) -> None:
    started = time.monotonic()
    codes = [f"D{k:03d}" for k in range(1, DELEGATIONS + 1)]
    facilitator = Browser(portal.url)
    facilitator.get("/login")
    facilitator.post("/login", {"username": "alice", "password": PASSWORD, "next": "/f/"})
    page = facilitator.post("/f/new", {"title": "Load test", "delegations": "\n".join(codes), "deadline": ""},
                            files={"draft": ("synthetic.txt", make_draft(PARAGRAPHS).encode())})
    n = re.search(r'action="/f/n/(\d+)/participants"', page).group(1)
    pids = re.findall(rf'action="/f/n/{n}/p/(\d+)/link"', page)
    assert len(pids) == DELEGATIONS
    links = [re.search(r'value="(http[^"]+/signin/[^"]+)"', facilitator.post(f"/f/n/{n}/p/{pid}/link", {})).group(1)
             for pid in pids]
    texts = {code: make_amendments(code, random.Random(code)) for code in codes}

    latencies: list[float] = []
    first_save = time.monotonic()

    def delegation(k: int) -> str:
        if time.monotonic() - started > DEADLINE:
            raise TimeoutError("the load test ran out of time")
        b = Browser(portal.url)
        path = urllib.parse.urlsplit(links[k]).path
        b.get(path)
        b.post(path, {})
        t0 = time.monotonic()
        result = b.post("/d/save", {"text": texts[codes[k]]})  # the check runs; its result page comes back
        latencies.append(time.monotonic() - t0)
        assert f"{OPS} operations, no errors" in result, result[-2000:]
        number = re.search(r'name="version" value="(\d+)"', result).group(1)
        done = b.post("/d/submit", {"version": number})
        assert "On the table" in done
        return codes[k]

    with ThreadPoolExecutor(WORKERS) as pool:
        submitted = list(pool.map(delegation, range(DELEGATIONS)))
    last_submission = time.monotonic()
    assert submitted == codes

    t0 = time.monotonic()
    page = facilitator.get(f"/f/n/{n}/compilation")  # checks all files together and compiles them
    page_seconds = time.monotonic() - t0
    t0 = time.monotonic()
    html = facilitator.get(f"/f/n/{n}/compilation.html")  # the compilation itself, as the page shows it
    html_seconds = time.monotonic() - t0
    compilation = json.loads(facilitator.get(f"/f/n/{n}/compilation.json"))

    expected = {f"{code}-{i}" for code in codes for i in range(1, OPS + 1)}
    on_page = set(re.findall(r'name="accept" value="([^"]+)"', page))
    in_json = set(re.findall(r'"(D\d{3}-\d+)"', json.dumps(compilation)))
    assert on_page == expected, f"{len(expected - on_page)} operations missing from the page"
    assert in_json == expected, f"{len(expected - in_json)} operations missing from the compilation"
    assert f"{DELEGATIONS} files, {DELEGATIONS * OPS} operations</span> submitted" in page

    figures = {
        "delegations": DELEGATIONS, "operations_each": OPS, "paragraphs": PARAGRAPHS, "workers": WORKERS,
        "operations_in_compilation": len(in_json),
        "submissions_seconds": round(last_submission - first_save, 2),
        "check_latency_median_ms": round(statistics.median(latencies) * 1000, 1),
        "check_latency_p95_ms": round(statistics.quantiles(latencies, n=20)[-1] * 1000, 1),
        "compilation_page_seconds": round(page_seconds, 2),
        "compilation_html_seconds": round(html_seconds, 2),
        "compilation_html_bytes": len(html.encode()),
    }
    out = ROOT / "screenshots" / "portal"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(figures, indent=1) + "\n")
    print("\nload test:", json.dumps(figures))
