"""Reading Word .docx drafts safely, as the plain text the parser reads.

A .docx is a zip of XML parts. We read ``word/document.xml`` (and ``word/numbering.xml`` for
automatic paragraph numbers) with limits on the number of entries, their uncompressed size and their
compression ratio (zip bombs), and parse the XML without loading DTDs, resolving entities or touching
the network (XXE). Each Word paragraph becomes one line, paragraphs separated by a blank line;
automatic numbering (``12.``, ``(a)``) is written out as the label a reader sees. Deleted text of
tracked changes is left out, inserted text is kept: the draft as it would print.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from amendtool.errors import Diagnostic, InputFileError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_ENTRIES = 2000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _read_part(archive: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise InputFileError(Diagnostic(f"{name} is too large ({info.file_size:,} bytes uncompressed)", path))
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
        raise InputFileError(Diagnostic(f"{name} is compressed suspiciously well (a zip bomb?); refusing to expand it", path))
    with archive.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise InputFileError(Diagnostic(f"{name} is too large when expanded", path))
    return data


def docx_text(data: bytes, path: str) -> str:
    """The draft text of a .docx file's bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputFileError(Diagnostic("not a Word .docx file (it is not a zip archive)", path)) from None
    with archive:
        if len(archive.infolist()) > MAX_ENTRIES:
            raise InputFileError(Diagnostic(f"too many entries in the .docx archive (more than {MAX_ENTRIES})", path))
        document = _read_part(archive, "word/document.xml", path)
        if document is None:
            raise InputFileError(Diagnostic("not a Word .docx file (no word/document.xml)", path))
        numbering = _read_part(archive, "word/numbering.xml", path)
    try:
        root = etree.fromstring(document, _parser())
        formats = _numbering_formats(etree.fromstring(numbering, _parser())) if numbering else {}
    except etree.XMLSyntaxError as exc:
        raise InputFileError(Diagnostic(f"the .docx has malformed XML: {exc}", path)) from None
    counters: dict[str, list[int]] = {}
    lines: list[str] = []
    body = root.find(_q("body"))
    if body is None:
        return ""
    for p in body.iter(_q("p")):
        text = _paragraph_text(p)
        label = _auto_label(p, formats, counters)
        if label:
            text = f"{label} {text}" if text else label
        lines.append(text)
    return "\n\n".join(lines) + "\n"


def _paragraph_text(p) -> str:
    out: list[str] = []
    for node in p.iter():
        if node.tag == _q("t"):
            if any(a.tag == _q("del") for a in node.iterancestors()):
                continue
            out.append(node.text or "")
        elif node.tag == _q("tab"):
            out.append("\t")
        elif node.tag in (_q("br"), _q("cr")):
            out.append(" ")
    return re.sub(r"[\r\n]+", " ", "".join(out))


def _val(node, tag: str) -> str | None:
    child = node.find(_q(tag))
    return None if child is None else child.get(_q("val"))


def _numbering_formats(root) -> dict[str, dict[int, tuple[str, str, int]]]:
    """numId -> level -> (numFmt, lvlText, start)."""
    abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
    for a in root.findall(_q("abstractNum")):
        levels = {}
        for lvl in a.findall(_q("lvl")):
            ilvl = int(lvl.get(_q("ilvl"), "0"))
            start = _val(lvl, "start")
            levels[ilvl] = (_val(lvl, "numFmt") or "decimal", _val(lvl, "lvlText") or "", int(start or 1))
        abstract[a.get(_q("abstractNumId"))] = levels
    out = {}
    for num in root.findall(_q("num")):
        out[num.get(_q("numId"))] = abstract.get(_val(num, "abstractNumId"), {})
    return out


def _auto_label(p, formats, counters) -> str:
    ppr = p.find(_q("pPr"))
    numpr = ppr.find(_q("numPr")) if ppr is not None else None
    if numpr is None:
        return ""
    num_id = _val(numpr, "numId")
    ilvl = int(_val(numpr, "ilvl") or 0)
    levels = formats.get(num_id)
    if not levels or ilvl not in levels:
        return ""
    count = counters.setdefault(num_id, [0] * 10)
    for k in range(10):
        if count[k] == 0 and k in levels:
            count[k] = levels[k][2] - 1
    count[ilvl] += 1
    for k in range(ilvl + 1, 10):
        count[k] = 0
    fmt, text, _ = levels[ilvl]
    if fmt == "bullet" or fmt == "none":
        return ""

    def level_value(match):
        k = int(match.group(1)) - 1
        f = levels.get(k, ("decimal", "", 1))[0]
        return _format_number(max(count[k], 1), f)

    return re.sub(r"%(\d)", level_value, text)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, r in values:
            while n >= v:
                s += r
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)
