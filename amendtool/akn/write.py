"""Drafts and amendment files as Akoma Ntoso 3.0 documents (``amendtool akn``).

A draft becomes a ``statement`` (AKN4UN's document type for deliberations) whose ``meta`` has the
FRBR identification (the draft's title and date), the delegations as ``TLCOrganization``; then
``preface`` (the title block), ``preamble`` (chapeau, preambular paragraphs, closing formula, see
``ids.preamble_of``) and ``mainBody`` (sections and articles, paragraphs with their ``num``, sub-items
as ``point``, options as ``hcontainer name="option"``). Square brackets stay in the text and are
marked ``<span class="bracket">``; side-by-side alternatives are wrapped in
``<span class="alternatives">``; placeholders in ``<span class="placeholder">`` (docs/akn.md).

An amendment file becomes an ``amendment`` whose ``amendmentBody`` has one ``mod`` per operation, in
file order, reading as the operation does in the file (``12: replace “old” with “new”``), and whose
``meta/analysis`` has a ``textualMod`` per change of text (substitution, insertion, repeal,
renumbering for a move) pointing at the draft's eIds. Everything is built from the model; the
functions return bytes and never write files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from amendtool.akn.ids import DraftNames, Frbr, amendment_frbr, draft_frbr, names, new_paragraph_eid
from amendtool.akn.xml import AKN, AMENDTOOL, NSMAP, q, qa
from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    AmendmentFile,
    BracketText,
    Comment,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
    Support,
)
from amendtool.draft import Document, Paragraph, Section
from amendtool.draft.model import Bracket, BracketGroup, Inline, Line, Placeholder
from amendtool.draft.parser import source_syntax
from amendtool.errors import InputFileError, make_diagnostic

UNKNOWN_DATE = "0001-01-01"
"""The date written where a draft names none and none is given (cobalt's null date: FRBRdate is
required)."""

_MONTHS = {m.lower(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
_DATE_WORDS = re.compile(r"\b(\d{1,2})\s+(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+(\d{4})\b", re.I)
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------------------------------------------
# Building XML


def _clean(text: str) -> str:
    """Text XML can hold (control characters, which XML 1.0 forbids, as U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, q(tag), {k: _clean(v) for k, v in attrs.items()})
    if text:
        element.text = _clean(text)
    return element


def _append(element: Any, text: str) -> None:
    """Add text at the end of ``element``'s content (after its last child)."""
    if not text:
        return
    text = _clean(text)
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


_INLINE_HOLDERS = frozenset({"p", "num", "heading", "docTitle", "quotedText", "mod", "ref", "span"})


def _indent(element: Any, level: int = 0) -> None:
    """Indent structural elements, one per line; text-bearing ones (``p``, ``num`` ...) untouched."""
    if etree.QName(element).localname in _INLINE_HOLDERS or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


def _serialise(root: Any) -> bytes:
    _indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


# ---------------------------------------------------------------------------------------------------
# Drafts


def draft_date(doc: Document, given: str | None = None) -> str:
    """The draft's date: ``given``, else one in its title block (``23 October 2015``), else one in
    its file name (``paris_2015-12-04_...``), else ``UNKNOWN_DATE``."""
    if given:
        return given
    lines = [" ".join(getattr(n, "raw", "").split()) for n in doc.title.lines]
    for text in lines + [Path(doc.path).name]:
        m = _DATE_WORDS.search(text)
        if m:
            month = _MONTHS[next(k for k in _MONTHS if k.startswith(m.group(2).lower()[:3]))]
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
        m = _DATE_ISO.search(text)
        if m:
            return m.group(0)
    return UNKNOWN_DATE


def draft_number(doc: Document) -> str:
    """The draft's number in its URI: its file name without extension."""
    return Path(doc.path).stem


@dataclass(frozen=True, slots=True)
class Delegation:
    code: str
    name: str = ""


def delegations(files: Iterable[AmendmentFile]) -> tuple[Delegation, ...]:
    """The delegations of some amendment files (proposers, then supporters), each once."""
    seen: dict[str, Delegation] = {}
    for f in files:
        if f.by and f.by not in seen:
            seen[f.by] = Delegation(f.by, f.name)
    for f in files:
        for op in f.operations:
            for code in op.supporters:
                seen.setdefault(code, Delegation(code))
    return tuple(seen.values())


def _root(document_type: str, name: str) -> tuple[Any, Any]:
    root = etree.Element(q("akomaNtoso"), nsmap=NSMAP)
    return root, _sub(root, document_type, name=name)


def _identification(meta: Any, frbr: Frbr, author: str, title: str, subtype: str | None) -> None:
    ident = _sub(meta, "identification", source="#amendtool")
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", value=frbr.component("work"))
    _sub(work, "FRBRuri", value=frbr.work)
    _sub(work, "FRBRdate", date=frbr.date, name="draft" if subtype else "amendment")
    _sub(work, "FRBRauthor", href=f"#{author}")
    _sub(work, "FRBRcountry", value="un")
    if subtype:
        _sub(work, "FRBRsubtype", value=subtype)
    _sub(work, "FRBRnumber", value=frbr.number)
    _sub(work, "FRBRname", value=title or frbr.number)
    expression = _sub(ident, "FRBRExpression")
    _sub(expression, "FRBRthis", value=frbr.component("expression"))
    _sub(expression, "FRBRuri", value=frbr.expression)
    _sub(expression, "FRBRdate", date=frbr.date, name="draft" if subtype else "amendment")
    _sub(expression, "FRBRauthor", href=f"#{author}")
    _sub(expression, "FRBRlanguage", language=frbr.language)
    manifestation = _sub(ident, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=frbr.component("manifestation"))
    _sub(manifestation, "FRBRuri", value=frbr.manifestation)
    _sub(manifestation, "FRBRdate", date=frbr.date, name="markup")
    _sub(manifestation, "FRBRauthor", href="#amendtool")


def _organisation(references: Any, code: str, name: str) -> None:
    _sub(references, "TLCOrganization", eId=code, href=f"/akn/ontology/organization/un/{code.lower()}",
         showAs=name or code)


def _amendtool(references: Any) -> None:
    _sub(references, "TLCOrganization", eId="amendtool", href="/akn/ontology/organization/amendtool",
         showAs="amendtool")


def draft_xml(doc: Document, files: Sequence[AmendmentFile] = (), *, date: str | None = None) -> bytes:
    """``doc`` as an AKN ``statement``; ``files`` name the delegations (``TLCOrganization``)."""
    ids = names(doc)
    frbr = draft_frbr(draft_number(doc), draft_date(doc, date))
    root, statement = _root("statement", "draft")
    meta = _sub(statement, "meta")
    _identification(meta, frbr, "facilitators", doc.title.title, "deliberation")
    references = _sub(meta, "references", source="#amendtool")
    _sub(references, "TLCOrganization", eId="facilitators", href="/akn/ontology/organization/un/facilitators",
         showAs="Facilitators")
    _amendtool(references)
    for d in delegations(files):
        _organisation(references, d.code, d.name)
    proprietary = _sub(meta, "proprietary", source="#amendtool")
    etree.SubElement(proprietary, qa("source"), format=source_syntax(doc))
    _preface(statement, doc)
    _preamble(statement, ids)
    body = _sub(statement, "mainBody")
    preamble = {id(p) for p in ids.preamble}
    _units(body, [n for n in doc.body if id(n) not in preamble], doc, ids)
    if not len(body):
        _sub(body, "p")
    return _serialise(root)


def _preface(statement: Any, doc: Document) -> None:
    """The title block's lines, the title marked ``docTitle`` (a line of its own where the title is
    not one of the lines: a Markdown draft's front matter ``title:``)."""
    lines = [" ".join(n.raw.split()) for n in doc.title.lines if isinstance(n, Line)]
    lines = [line for line in lines if line]
    title = doc.title.title
    if title and title not in lines:
        lines.insert(0, title)
    if not lines:
        return
    preface = _sub(statement, "preface")
    titled = False
    for line in lines:
        p = _sub(preface, "p")
        if not titled and line == title:
            _sub(p, "docTitle", line)
            titled = True
        else:
            _append(p, line)


def _preamble(statement: Any, ids: DraftNames) -> None:
    if not ids.preamble:
        return
    preamble = _sub(statement, "preamble")
    recitals = None
    formulas = 0
    for p in ids.preamble:
        if ids.element(p) == "recital":
            if recitals is None:
                recitals = _sub(preamble, "recitals", eId="recs_1" if not formulas else f"recs_{formulas}")
            recital = _sub(recitals, "recital", eId=ids.paragraphs[p.ref])
            num = _num(p)
            if num:
                _sub(recital, "num", num)
            _text(_sub(recital, "p"), p)
        else:
            formulas += 1
            recitals = None
            formula = _sub(preamble, "formula", eId=ids.paragraphs[p.ref],
                           name="enactingFormula" if formulas == 1 and p.text.rstrip("] ").endswith(",") else "formula")
            _text(_sub(formula, "p"), p)


def _units(parent: Any, nodes: Iterable[Any], doc: Document, ids: DraftNames) -> None:
    for node in nodes:
        if isinstance(node, Section):
            _section(parent, node, doc, ids)
        elif isinstance(node, Paragraph):
            _paragraph(parent, node, ids)


def _section(parent: Any, section: Section, doc: Document, ids: DraftNames) -> None:
    h = section.heading
    eid = ids.sections[h.ref]
    element = _sub(parent, "article" if eid.rpartition("__")[2].startswith("art_") else "section", eId=eid)
    num = heading_num(section, eid)
    if num:
        _sub(element, "num", num)
    if h.title:
        _sub(element, "heading", h.title)
    _units(element, section.children, doc, ids)


def heading_num(section: Section, eid: str) -> str:
    """A heading's number as printed: ``Article 4``, ``1.1``, ``A.``, ``II.``."""
    number = section.heading.number
    if not number:
        return ""
    if eid.rpartition("__")[2].startswith("art_"):
        return f"Article {number}"
    if re.fullmatch(r"[A-Z]|[IVXLC]+", number):
        return number + "."
    return number


def _num(p: Paragraph) -> str:
    """A paragraph's label as printed before its text (``12 bis.``, ``Pp3``, ``(a)``, ``Option 2:``),
    or "" where it has none or its label stands inside its text (``[Option 2: ...``)."""
    if p.label is None:
        return ""
    if p.text_map and p.label_span and p.text_map[0] < p.label_span[0]:
        return ""
    if re.fullmatch(r"\d+(?: \w+)*", p.label) and p.kind == "numbered":
        return p.label + "."
    if p.kind == "option":
        return p.label + ":"
    return p.label


def _paragraph(parent: Any, p: Paragraph, ids: DraftNames) -> None:
    tag = ids.element(p)
    attrs = {"eId": ids.paragraphs[p.ref]}
    if tag == "hcontainer":
        attrs["name"] = "option"
    elif p.kind in ("preambular", "alt"):
        attrs["class"] = p.kind
    element = _sub(parent, tag, **attrs)
    num = _num(p)
    if num:
        _sub(element, "num", num)
    children = [c for c in p.children if isinstance(c, Paragraph)]
    if children:
        if p.text:
            _text(_sub(_sub(element, "intro"), "p"), p)
        for child in children:
            _paragraph(element, child, ids)
    else:
        _text(_sub(_sub(element, "content"), "p"), p)


# -- inline content ---------------------------------------------------------------------------------


def _text(p_element: Any, paragraph: Paragraph) -> None:
    """A paragraph's text into ``p_element``, brackets and placeholders marked."""
    _inlines(p_element, paragraph.text, paragraph.inlines, 0, len(paragraph.text))


def _inlines(element: Any, text: str, nodes: Sequence[Inline], start: int, end: int) -> None:
    pos = start
    for node in nodes:
        match node:
            case BracketGroup():
                _append(element, text[pos : node.start])
                holder = element
                if len(node.brackets) > 1:
                    holder = _sub(element, "span", **{"class": "alternatives"})
                at = node.start
                for bracket in node.brackets:
                    _append(holder, text[at : bracket.start])
                    _bracket(holder, text, bracket)
                    at = bracket.end
                pos = node.end
            case Bracket():
                _append(element, text[pos : node.start])
                _bracket(element, text, node)
                pos = node.end
            case Placeholder():
                _append(element, text[pos : node.start])
                _sub(element, "span", node.text, **{"class": "placeholder"})
                pos = node.start + len(node.text)
            case _:
                continue
    _append(element, text[pos:end])


def _bracket(element: Any, text: str, bracket: Bracket) -> None:
    kind = "bracket" if bracket.opened and bracket.closed else "bracket-open" if bracket.opened else "bracket-close"
    span = _sub(element, "span", **{"class": kind})
    _inlines(span, text, bracket.children, bracket.start, bracket.end)


# ---------------------------------------------------------------------------------------------------
# Amendment files

@dataclass
class _Amendment:
    """State while writing one amendment file."""

    doc: Document
    ids: DraftNames
    draft: Frbr
    content: Any
    changes: Any
    others: dict[str, Frbr] = field(default_factory=dict)
    """Delegation code -> the URI of its amendment (what a ``support`` points at)."""
    new: dict[str, str] = field(default_factory=dict)
    """Label of a paragraph the file adds -> its eId."""
    kinds: list[str] = field(default_factory=list)

    def eid(self, ref: str) -> str:
        return self.ids.paragraphs.get(ref) or self.new.get(ref) or ""

    def href(self, ref: str) -> str:
        eid = self.eid(ref)
        return self.draft.href(eid) if eid else f"{self.draft.expression}/!main"


def _amendment_frbr(file: AmendmentFile, draft: Frbr) -> Frbr:
    return amendment_frbr(file.by, draft.number, file.date if _DATE_ISO.fullmatch(file.date or "") else draft.date)


def amendment_xml(doc: Document, file: AmendmentFile, *, files: Sequence[AmendmentFile] = (),
                  date: str | None = None) -> bytes:
    """A resolved amendment file (``load_amendments``) as an AKN ``amendment`` to ``doc``; ``files``
    are the other files given with it (a ``support`` points at their amendments)."""
    ids = names(doc)
    draft = draft_frbr(draft_number(doc), draft_date(doc, date))
    frbr = _amendment_frbr(file, draft)
    root, amendment = _root("amendment", "amendment")
    meta = _sub(amendment, "meta")
    _identification(meta, frbr, file.by, f"Amendments of {file.by} to {doc.title.title or draft.number}", None)
    analysis = _sub(meta, "analysis", source=f"#{file.by}")
    changes = _sub(analysis, "activeModifications")
    references = _sub(meta, "references", source="#amendtool")
    proprietary = _sub(meta, "proprietary", source="#amendtool")
    headers = {"by": file.by, "name": file.name, "draft": file.draft, "date": file.date}
    etree.SubElement(proprietary, qa("amendment"), {k: v for k, v in headers.items() if v})
    body = _sub(amendment, "amendmentBody")
    heading = _sub(_sub(body, "amendmentHeading"), "p")
    _append(heading, "Amendments of ")
    _sub(heading, "organization", file.name or file.by, refersTo=f"#{file.by}")
    _append(heading, f" ({file.by}) to " if file.name else " to ")
    _sub(heading, "docTitle", doc.title.title or draft.number)
    others = {f.by: _amendment_frbr(f, draft) for f in files}
    state = _Amendment(doc, ids, draft, _sub(body, "amendmentContent"), changes, others)
    for n, op in enumerate(file.operations, 1):
        _operation(state, op, n)
    if not len(changes):
        meta.remove(analysis)
    _organisation(references, file.by, file.name)
    _amendtool(references)
    _sub(references, "TLCRole", eId="proposer", href="/akn/ontology/role/un/proposer", showAs="Proposer")
    for kind in dict.fromkeys(state.kinds):
        _sub(references, "TLCConcept", eId=kind, href=f"/akn/ontology/concept/amendtool/{kind}", showAs=kind)
    work = meta.find(f"{q('identification')}/{q('FRBRWork')}/{q('FRBRauthor')}")
    work.set("as", "#proposer")
    return _serialise(root)


def _kind(op: Operation) -> str:
    match op:
        case Replace():
            return "replace"
        case Delete():
            return "delete"
        case Insert():
            return "insert"
        case DeleteParagraph():
            return "deleteParagraph"
        case ReplaceParagraph():
            return "replaceParagraph"
        case AddParagraph():
            return "addParagraph"
        case Move():
            return "move"
        case BracketText():
            return "bracket"
        case RemoveBrackets():
            return "removeBrackets"
        case Retain():
            return "retain"
        case AddAlternative():
            return "addAlternative"
        case Comment():
            return "comment"
        case Support():
            return "support"
    # the operations that span or name structure (ranges, headings, options) have no AKN form yet
    raise InputFileError(make_diagnostic(
        f"{op.id}: {op.kind} has no Akoma Ntoso form yet", path=op.source.path, line=op.source.line,
        column=op.source.column, hint="write the AKN amendment without it, or keep the amendment file as it is"))


@dataclass
class _Mod:
    """One ``mod`` being written: its element, eId and quoted texts."""

    state: _Amendment
    element: Any
    eid: str
    quoted: int = 0

    def say(self, text: str) -> None:
        _append(self.element, text)

    def ref(self, ref: str) -> None:
        _sub(self.element, "ref", ref, href=self.state.href(ref))

    def quote(self, text: str, occurrence: int | None = None) -> str:
        self.quoted += 1
        eid = f"{self.eid}__qtext_{self.quoted}"
        element = _sub(self.element, "quotedText", eId=eid, startQuote="“", endQuote="”")
        element.text = _clean(text)
        if occurrence is not None:
            element.set(qa("occurrence"), str(occurrence))
            self.say(f" ({_ordinal(occurrence)})")
        return eid

    def change(self, kind: str, ref: str, *, pos: str | None = None, old: str | None = None,
               new: str | None = None, previous: str | None = None) -> None:
        number = self.eid.split("_", 1)[1]
        change = _sub(self.state.changes, "textualMod", type=kind, eId=f"amod_{number}")
        _sub(change, "source", href=f"#{self.eid}")
        destination = _sub(change, "destination", href=self.state.href(ref))
        if pos:
            destination.set("pos", pos)
        if previous is not None:
            _sub(change, "previous", href=self.state.href(previous))
        if old:
            _sub(change, "old", href=f"#{old}")
        if new:
            _sub(change, "new", href=f"#{new}")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _operation(state: _Amendment, op: Operation, n: int) -> None:
    kind = _kind(op)
    state.kinds.append(kind)
    p = _sub(state.content, "p")
    mod = _Mod(state, _sub(p, "mod", eId=f"mod_{n}", refersTo=f"#{kind}"), f"mod_{n}")
    ref = op.target.ref if op.target is not None else op.ref
    if ref:
        mod.ref(ref)
        mod.say(": ")
    match op:
        case Replace():
            mod.say("replace ")
            old = mod.quote(op.anchor.text, op.anchor.occurrence)
            mod.say(" with ")
            mod.change("substitution", ref, old=old, new=mod.quote(op.new))
        case Delete():
            mod.say("delete ")
            mod.change("repeal", ref, old=mod.quote(op.anchor.text, op.anchor.occurrence))
        case Insert():
            mod.say("insert ")
            new = mod.quote(op.text)
            if op.anchor is not None and op.where in ("before", "after"):
                mod.say(f" {op.where} ")
                mod.change("insertion", ref, pos=op.where, old=mod.quote(op.anchor.text, op.anchor.occurrence), new=new)
            else:
                mod.say(f" at {op.where}")
                mod.change("insertion", ref, pos=op.where, new=new)
        case DeleteParagraph():
            mod.say("delete paragraph")
            mod.change("repeal", ref)
        case ReplaceParagraph():
            mod.say("replace paragraph with ")
            mod.change("substitution", ref, new=mod.quote(op.text))
        case AddParagraph():
            _add_paragraph(state, mod, op, ref)
        case Move():
            mod.say(f"move {op.where} ")
            mod.ref(op.dest)
            mod.change("renumbering", op.dest, pos=op.where, previous=ref)
        case BracketText() | RemoveBrackets() | Retain():
            mod.say({BracketText: "bracket ", RemoveBrackets: "remove brackets ", Retain: "retain "}[type(op)])
            mod.change("substitution", ref, old=mod.quote(op.anchor.text, op.anchor.occurrence))
        case AddAlternative():
            mod.say("add alternative ")
            new = mod.quote(op.text)
            mod.say(" to ")
            mod.change("insertion", ref, pos="after", old=mod.quote(op.anchor.text, op.anchor.occurrence), new=new)
        case Comment():
            mod.say("comment ")
            mod.quote(op.text)
        case Support():
            mod.say("support ")
            code, _, number = op.target_id.rpartition("-")
            other = state.others.get(code)
            _sub(mod.element, "ref", op.target_id, href=other.href(f"mod_{number}") if other else f"#{op.target_id}")


def _add_paragraph(state: _Amendment, mod: _Mod, op: AddParagraph, ref: str) -> None:
    mod.say(f"add paragraph {op.where} ")
    neighbour = state.eid(ref) or "para_new"
    eid = new_paragraph_eid(neighbour, op.label) if op.label else f"{mod.eid}__para_new"
    if op.label:
        state.new[op.label] = eid
    structure = _sub(mod.element, "quotedStructure", eId=f"{mod.eid}__qstr_1", startQuote="“", endQuote="”")
    paragraph = _sub(structure, "paragraph", eId=f"{mod.eid}__qstr_1__{eid.rpartition('__')[2]}")
    if op.label:
        label = op.label + "." if re.fullmatch(r"\d+(?: \w+)*", op.label) else op.label
        _sub(paragraph, "num", label)
    _sub(_sub(paragraph, "content"), "p", op.text)
    mod.change("insertion", ref, pos=op.where, new=f"{mod.eid}__qstr_1")


__all__ = ["AKN", "AMENDTOOL", "UNKNOWN_DATE", "amendment_xml", "draft_date", "draft_xml"]
