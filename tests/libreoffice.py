"""LibreOffice for the tests: does it open the .docx files we write, and what does it read in them?

``convert`` runs ``soffice --headless --convert-to`` with a profile of its own (so that runs never
share or lock one), and tests skip where LibreOffice is not installed (``.ci/run`` installs it).

A flat ODF file (``.fodt``) shows what LibreOffice understood: the tracked changes with their authors
(``text:tracked-changes``), and the body, where LibreOffice keeps deleted text in place between
``text:change-start`` and ``text:change-end`` marks. ``accepted_paragraphs`` drops what the
deletions mark (paragraph breaks included, so paragraphs merge as Accept All merges them): the text
as LibreOffice's Accept All would leave it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def soffice() -> str:
    """The LibreOffice executable, or skip the test."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    return exe


def convert(path: Path, fmt: str, outdir: Path) -> Path:
    """``path`` converted by LibreOffice to ``fmt`` (``fodt``, ``pdf`` ...) in ``outdir``."""
    exe = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    result = subprocess.run(
        [exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), str(path)],
        capture_output=True, text=True, timeout=180)
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    assert result.returncode == 0 and out.exists(), f"LibreOffice could not convert {path}: {result.stderr}"
    return out


def _tree(fodt: Path) -> etree._ElementTree:
    return etree.parse(str(fodt), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))


def change_authors(fodt: Path) -> dict[str, int]:
    """Authors of the tracked changes LibreOffice read, with how many changed regions each has."""
    counts: dict[str, int] = {}
    for creator in _tree(fodt).iterfind(f".//{{{TEXT}}}tracked-changes//{{{DC}}}creator"):
        counts[creator.text or ""] = counts.get(creator.text or "", 0) + 1
    return counts


def comment_authors(fodt: Path) -> dict[str, int]:
    """Authors of the comments (annotations) LibreOffice read, with how many each wrote."""
    counts: dict[str, int] = {}
    for creator in _tree(fodt).iterfind(f".//{{{OFFICE}}}annotation/{{{DC}}}creator"):
        counts[creator.text or ""] = counts.get(creator.text or "", 0) + 1
    return counts


def accepted_paragraphs(fodt: Path) -> list[str]:
    """The body's paragraphs (whitespace runs as one space, empty ones left out) with every tracked
    change accepted."""
    tree = _tree(fodt)
    text = tree.find(f".//{{{OFFICE}}}body/{{{OFFICE}}}text")
    deletions = {region.get(f"{{{TEXT}}}id") for region in text.iterfind(f"{{{TEXT}}}tracked-changes/*")
                 if region.find(f"{{{TEXT}}}deletion") is not None}
    state = {"open": set(), "current": []}
    paragraphs: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name in ("tracked-changes", "annotation"):  # changes' records and comments are no body text
                add(child.tail)
                continue
            if name == "change-start" and child.get(f"{{{TEXT}}}change-id") in deletions:
                state["open"].add(child.get(f"{{{TEXT}}}change-id"))
            elif name == "change-end":
                state["open"].discard(child.get(f"{{{TEXT}}}change-id"))
            elif name in ("p", "h"):
                add(child.text)
                walk(child)
                if not state["open"]:  # a deleted paragraph break joins this paragraph to the next
                    paragraphs.append(" ".join("".join(state["current"]).split()))
                    state["current"] = []
            elif name == "s":
                add(" " * int(child.get(f"{{{TEXT}}}c", "1")))
            elif name in ("tab", "line-break"):
                add(" ")
            elif name not in ("note", "bookmark-start", "bookmark-end"):
                add(child.text)
                walk(child)
            add(child.tail)

    def add(value: str | None) -> None:
        if value and not state["open"]:
            state["current"].append(value)

    walk(text)
    return [p for p in paragraphs if p]
