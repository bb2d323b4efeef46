"""An AKN ``amendment`` document as the amendment file it stands for: how ``check``, ``compile`` and
``consolidate`` take AKN amendments (``amend.resolve.check_amendments``).

Headers come from ``proprietary/amendtool:amendment`` (``by``, ``name``, ``draft``, ``date``), or,
in an amendment written elsewhere, from the work's author (``FRBRauthor``) and its
``TLCOrganization``. Each ``mod`` of the ``amendmentBody`` is one operation, in document order: what
it does is its ``refersTo`` (one of ``ids.KINDS``) or, failing that, its ``textualMod`` (type,
``pos``, ``old``/``new``: docs/akn.md has the table); the paragraph is the draft eId its ``ref`` or
the ``textualMod``'s ``destination`` points at, named by the draft's own reference (``ids.names``);
texts are the ``quotedText``s word for word.

Each operation's line stands on the line of its ``mod`` in the .xml (headers first, blank lines
between), so the errors ``check`` reports name lines of the .xml file, shown with the operation as
the amendment file would read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amendtool.akn.ids import KINDS, DraftNames, names
from amendtool.akn.xml import akn_document, local, q, qa
from amendtool.draft.model import Document
from amendtool.errors import Diagnostic, InputFileError


def amendment_text(data: bytes, path: str, doc: Document) -> str:
    """The amendment file an AKN amendment document stands for, its operations naming ``doc``'s
    paragraphs; ``InputFileError`` (with every problem found) if it cannot be read as one."""
    _root, document = akn_document(data, path)
    if local(document) != "amendment":
        raise InputFileError(
            Diagnostic(
                f"is an Akoma Ntoso {local(document)}, not an amendment", path, document.sourceline or 0,
                hint="give the draft first; the files after it are amendment files",
            )
        )
    reader = _Reader(path, document, names(doc), data.decode("utf-8", errors="replace").split("\n"))
    return reader.run()


def quote(text: str) -> str:
    """``text`` as a quoted amendment-file text (``\\`` and ``"`` escaped, on one line)."""
    text = " ".join(text.split("\n"))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fragment(href: str | None) -> str:
    return (href or "").rpartition("#")[2]


class _Problem(Exception):
    def __init__(self, message: str, element: Any, hint: str | None = None):
        super().__init__(message)
        self.message, self.element, self.hint = message, element, hint


@dataclass
class _Reader:
    path: str
    document: Any
    ids: DraftNames
    xml_lines: list[str]
    lines: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    new: dict[str, str] = field(default_factory=dict)
    """eId of a paragraph this file adds -> its label."""

    def run(self) -> str:
        for key, value in self.headers():
            self.lines.append(f"{key}: {value}")
        changes = {
            _fragment(change.find(q("source")).get("href")): change
            for change in self.document.iterfind(f".//{q('analysis')}//{q('textualMod')}")
            if change.find(q("source")) is not None
        }
        texts = {e.get("eId"): e for e in self.document.iter(q("quotedText"), q("quotedStructure")) if e.get("eId")}
        body = self.document.find(q("amendmentBody"))
        if body is None:
            raise InputFileError(Diagnostic("the amendment has no amendmentBody", self.path, self.document.sourceline))
        for mod in body.iter(q("mod")):
            try:
                line = _Mod(self, mod, changes.get(mod.get("eId", "")), texts).line()
            except _Problem as problem:
                self.report(problem)
                continue
            self.place(line, mod.sourceline or 0)
        if self.problems:
            raise InputFileError(tuple(self.problems))
        return "\n".join(self.lines) + "\n"

    def report(self, problem: _Problem) -> None:
        line = problem.element.sourceline or 0
        source = self.xml_lines[line - 1] if 0 < line <= len(self.xml_lines) else None
        self.problems.append(Diagnostic(problem.message, self.path, line, 0, source, problem.hint))

    def place(self, text: str, want: int) -> None:
        start = len(self.lines) + 2  # after a blank line
        self.lines.extend([""] * (max(want, start) - 1 - len(self.lines)))
        self.lines.append(text)

    def headers(self) -> list[tuple[str, str]]:
        own = self.document.find(f"{q('meta')}/{q('proprietary')}/{qa('amendment')}")
        if own is not None:
            return [(key, " ".join(own.get(key).split())) for key in ("by", "name", "draft", "date") if own.get(key)]
        author = self.document.find(f"{q('meta')}/{q('identification')}/{q('FRBRWork')}/{q('FRBRauthor')}")
        code = _fragment(author.get("href")) if author is not None else ""
        out = [("by", code)] if code else []
        for organisation in self.document.iterfind(f".//{q('references')}/{q('TLCOrganization')}"):
            if organisation.get("eId") == code and organisation.get("showAs") not in (None, "", code):
                out.append(("name", organisation.get("showAs")))
        return out

    def ref(self, href: str | None, shown: str = "") -> str:
        """The draft's reference for the paragraph an href points at (``shown``, the ``ref``'s own
        text, where the eId is not the draft's: a paragraph the file adds, another draft's)."""
        eid = _fragment(href)
        return self.ids.ref(eid) or self.new.get(eid) or shown or eid


@dataclass
class _Mod:
    """One ``mod`` read as one operation line."""

    reader: _Reader
    element: Any
    change: Any
    texts: dict[str, Any]

    def text_of(self, tag: str) -> str | None:
        """The text an ``old``/``new`` of the textualMod points at, word for word."""
        if self.change is None:
            return None
        target = self.change.find(q(tag))
        if target is None:
            return None
        found = self.texts.get(_fragment(target.get("href")))
        if found is None:
            raise _Problem(f'the textualMod\'s <{tag}> points at "{target.get("href")}", which is not in this document',
                           target)
        if local(found) == "quotedStructure":
            paragraph = next((e for e in found.iter() if e.get("eId")), None)
            label = paragraph.findtext(q("num")) if paragraph is not None else None
            if paragraph is not None and label:
                self.reader.new[paragraph.get("eId").rpartition("__")[2]] = label.strip().rstrip(".")
            return " ".join("".join(p.itertext()) for p in found.iter(q("p")))
        return "".join(found.itertext())

    def anchor(self, tag: str = "old") -> str:
        text = self.text_of(tag)
        if text is None:
            raise _Problem(f"the textualMod of {self.name()} has no <{tag}> text", self.at())
        found = self.texts.get(_fragment(self.change.find(q(tag)).get("href")))
        occurrence = found.get(qa("occurrence")) if found is not None else None
        return quote(text) + (f" ({_ordinal(int(occurrence))})" if occurrence and occurrence.isdigit() else "")

    def new(self) -> str:
        text = self.text_of("new")
        if text is None:
            raise _Problem(f"the textualMod of {self.name()} has no <new> text", self.at())
        return quote(text)

    def at(self) -> Any:
        """The element a problem is reported at: the textualMod, else the mod."""
        return self.change if self.change is not None else self.element

    def name(self) -> str:
        return f'mod "{self.element.get("eId")}"' if self.element.get("eId") else "a mod"

    def kind(self) -> str:
        concept = (self.element.get("refersTo") or "").lstrip("#")
        if concept in KINDS:
            return concept
        if self.change is None:
            raise _Problem(f"{self.name()} names no operation (refersTo) and no textualMod says what it changes",
                           self.element, "see docs/akn.md for the amendments amendtool reads")
        kind, destination = self.change.get("type"), self.change.find(q("destination"))
        pos = destination.get("pos") if destination is not None else None
        has_old, has_new = self.change.find(q("old")) is not None, self.change.find(q("new")) is not None
        if kind == "substitution":
            return "replace" if has_old and has_new else "replaceParagraph"
        if kind == "repeal":
            return "delete" if has_old else "deleteParagraph"
        if kind == "insertion":
            if pos in ("start", "end") or has_old:
                return "insert"
            return "addParagraph"
        if kind == "renumbering":
            return "move"
        raise _Problem(f"a textualMod of type {kind!r} has no amendment-file operation", self.change,
                       "amendtool reads substitution, insertion, repeal and renumbering")

    def paragraph(self) -> str:
        refs = self.element.findall(q("ref"))
        if refs and (self.kind() != "support" or len(refs) > 1):
            return self.reader.ref(refs[0].get("href"), "".join(refs[0].itertext()).strip())
        if self.change is not None:
            target = self.change.find(q("previous")) if self.kind() == "move" else self.change.find(q("destination"))
            if target is not None:
                return self.reader.ref(target.get("href"))
        return ""

    def pos(self, default: str) -> str:
        destination = self.change.find(q("destination")) if self.change is not None else None
        return (destination.get("pos") if destination is not None else None) or default

    def line(self) -> str:
        kind, ref = self.kind(), self.paragraph()
        if not ref and kind != "support":
            raise _Problem(f"{self.name()} points at no paragraph of the draft", self.element)
        return f"{ref}: {self.operation(kind)}" if ref else self.operation(kind)

    def operation(self, kind: str) -> str:  # noqa: C901 - one branch per kind of operation
        match kind:
            case "replace":
                return f"replace {self.anchor()} with {self.new()}"
            case "delete":
                return f"delete {self.anchor()}"
            case "insert":
                where = self.pos("end")
                if where in ("before", "after"):
                    return f"insert {self.new()} {where} {self.anchor()}"
                return f"insert {self.new()} at {where}"
            case "deleteParagraph":
                return "delete paragraph"
            case "replaceParagraph":
                return f"replace paragraph with {self.new()}"
            case "addParagraph":
                return f"add paragraph {self.pos('after')} {self.new()}"
            case "move":
                destination = self.change.find(q("destination")) if self.change is not None else None
                refs = self.element.findall(q("ref"))
                if len(refs) > 1:
                    dest = self.reader.ref(refs[1].get("href"), "".join(refs[1].itertext()).strip())
                elif destination is not None:
                    dest = self.reader.ref(destination.get("href"))
                else:
                    raise _Problem(f"{self.name()} moves the paragraph nowhere", self.element)
                return f"move {self.pos('after')} {dest}"
            case "bracket":
                return f"bracket {self.anchor()}"
            case "removeBrackets":
                return f"remove brackets {self.anchor()}"
            case "retain":
                return f"retain {self.anchor()}"
            case "addAlternative":
                return f"add alternative {self.new()} to {self.anchor()}"
            case "comment":
                quoted = self.element.find(q("quotedText"))
                if quoted is None:
                    raise _Problem(f"{self.name()} is a comment without its text", self.element)
                return f"comment {quote(''.join(quoted.itertext()))}"
            case _:  # support
                refs = self.element.findall(q("ref"))
                if not refs:
                    raise _Problem(f"{self.name()} supports no operation", self.element)
                return f"support {''.join(refs[-1].itertext()).strip()}"
