"""Writing the next revision: the base source, edited, and new paragraphs in the layout of their
neighbours.

The text is written by editing the base source through ``Paragraph.text_map``, so every untouched
character keeps its bytes and every paragraph its layout; new paragraphs copy their neighbour's
indentation, label style (``12 bis.`` or ``12bis``) and blank-line spacing. ``Writer.walk`` lays the
next revision out as entries in reading order (moved paragraphs at their destination, new ones where
they stand), ``numbering.assign_labels`` labels them, ``Writer.assemble`` writes the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from amendtool.consolidate.decisions import Decisions, Edit, PlacedMove, PlacedNew, Placement, Spot
from amendtool.consolidate.numbering import LETTER, NUMERIC_LABEL, BaseEntry, NewEntry, raw_label
from amendtool.draft.labels import LABEL_SUFFIX_RE, letter_number, split_suffix
from amendtool.draft.model import Document, Furniture, Paragraph, Section
from amendtool.draft.options import is_marker
from amendtool.text import splice


@dataclass(frozen=True, slots=True)
class _Unit:
    """A piece of the base source: a paragraph, fixed text, or blank lines."""

    kind: Literal["fixed", "gap", "para"]
    """``fixed`` (title, headings, page furniture), ``gap`` (blank lines) or ``para``."""
    text: str = ""
    ref: str = ""
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Fixed:
    """Text of the base written as it is: the title, headings, page furniture, or blank lines."""

    text: str
    gap: bool = False
    """Blank lines between paragraphs (their spacing is merged where paragraphs went away)."""
    section: str | None = None


Written: TypeAlias = Fixed | BaseEntry | NewEntry
"""A piece of the next revision, in reading order."""


@dataclass(frozen=True, slots=True)
class _Visit:
    """Write the base paragraph ``ref`` with what is placed around it."""

    ref: str


@dataclass(frozen=True, slots=True)
class _Emit:
    entry: Written


@dataclass(frozen=True, slots=True)
class _Place:
    """Write a placement found next to the base paragraph ``neighbour``."""

    item: Placement
    neighbour: str


_Work: TypeAlias = _Visit | _Emit | _Place


class Writer:
    def __init__(self, doc: Document, decisions: Decisions):
        self.doc = doc
        self.c = decisions
        self.eol = "\r\n" if "\r\n" in doc.source else "\n"
        self.units: list[_Unit] = []
        self.index: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self._flatten(doc.body, None)
        self.typical = self._typical_gap()
        self.tight = any(re.search(rf"\d(?:{LABEL_SUFFIX_RE})\b", raw_label(doc, p) or "") for p in doc.paragraphs)
        """Whether the draft writes suffixes without a space (``12bis``)."""
        self.out: list[Written] = []
        self.visiting: set[str] = set()
        self.units.insert(0, _Unit("fixed", doc.title.render()))
        self.index = {ref: k + 1 for ref, k in self.index.items()}
        self.last = {ref: k + 1 for ref, k in self.last.items()}

    # -- the base as units ----------------------------------------------------------------------------

    def _flatten(self, nodes: Sequence[Section | Paragraph | Furniture], section: str | None) -> None:
        for node in nodes:
            if isinstance(node, Section):
                self.units.append(_Unit("fixed", node.heading.render(), ref=node.ref, section=node.ref))
                self._flatten(node.children, node.ref)
            elif isinstance(node, Paragraph):
                self.index[node.ref] = len(self.units)
                self.units.append(_Unit("para", ref=node.ref, section=section))
                self._flatten(node.children, section)
                self.last[node.ref] = len(self.units) - 1
            elif isinstance(node, Furniture):
                self.units.append(_Unit("gap" if node.kind == "blank" else "fixed", node.render(), section=section))

    def _typical_gap(self) -> str:
        counts: Counter[str] = Counter()
        units = self.units
        for k, u in enumerate(units):
            if u.kind != "para" or k + 1 >= len(units):
                continue
            nxt = units[k + 1]
            if nxt.kind == "para":
                counts[""] += 1
            elif nxt.kind == "gap" and k + 2 < len(units) and units[k + 2].kind == "para":
                counts[nxt.text] += 1
        if not counts:
            return self.eol
        return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]

    def sep_after(self, ref: str) -> str:
        k = self.last[ref] + 1
        units = self.units
        if k < len(units) and units[k].kind == "para":
            return ""
        if k + 1 < len(units) and units[k].kind == "gap" and units[k + 1].kind == "para":
            return units[k].text
        return self.typical

    def sep_before(self, ref: str) -> str:
        k = self.index[ref] - 1
        units = self.units
        if k >= 0 and units[k].kind == "para":
            return ""
        if k >= 1 and units[k].kind == "gap" and units[k - 1].kind == "para":
            return units[k].text
        return self.typical

    # -- walking ------------------------------------------------------------------------------------

    def walk(self) -> list[Written]:
        """The next revision as entries in reading order."""
        skip_until = -1
        for k, u in enumerate(self.units):
            if k <= skip_until:
                continue
            if u.kind == "para":
                ref = u.ref
                skip_until = self.last[ref]
                if ref in self.c.moves:
                    continue  # written at its destination
                self.block(ref, u.section)
            elif u.ref:  # a heading
                text = self.heading_text(u.ref, u.text)
                if text:
                    self.out.append(Fixed(text, False, u.section))
            else:
                self.out.append(Fixed(u.text, u.kind == "gap", u.section))
        return self.out

    # -- headings -----------------------------------------------------------------------------------

    def heading_text(self, ref: str, raw: str) -> str:
        """A heading as the next revision writes it: as it is, with its accepted new title, or ""
        (deleted)."""
        if ref not in self.c.headings:
            return raw
        new = self.c.headings[ref]
        if new is None:
            return ""
        old = next(s.heading.title for s in self.doc.sections if s.ref == ref)
        return _retitled(raw, old, new)

    def new_heading(self, x: str, text: str) -> str:
        """A new heading written next to paragraph ``x`` in the style of the heading of its section
        (``## `` in Markdown)."""
        section = self.c.plans[x].para.section
        prefix = ""
        for s in self.doc.sections:
            if s.ref == section:
                m = re.match(r"^\s*#+[ \t]+", s.heading.render())
                prefix = m.group() if m else ""
        return prefix + text + self.eol

    def _headings(self, x: str, texts: list[str], section: str | None, before: bool) -> list[_Work]:
        out: list[_Work] = []
        for text in texts:
            if not before:
                out.append(_Emit(Fixed(self.typical, True)))
            out.append(_Emit(Fixed(self.new_heading(x, text), False, section)))
            if before:
                out.append(_Emit(Fixed(self.typical, True)))
        return out

    def block(self, ref: str, section: str | None) -> None:
        """Write a base paragraph where it stands in the next revision: what is placed before it, the
        paragraph (unless deleted) with its sub-items, what is placed after it; a moved paragraph
        placed there brings its own block. A worklist, not recursion: chains of moves can be long."""
        work: list[_Work] = [_Visit(ref)]
        while work:
            match work.pop():
                case _Emit(entry):
                    self.out.append(entry)
                case _Place(PlacedNew(block, plan), neighbour):
                    self.out.append(NewEntry(neighbour, block, plan, section))
                case _Place(PlacedMove(moved), _):
                    work.append(_Visit(moved))
                case _Visit(x) if x not in self.visiting:
                    self.visiting.add(x)
                    work.extend(reversed(self._around(x, section)))

    def _around(self, x: str, section: str | None) -> list[_Work]:
        """What to write for the base paragraph ``x``, in order."""
        todo: list[_Work] = []
        plan = self.c.plans[x]
        for item in self.c.slots.get(Spot("before", x), []):
            todo.append(_Place(item, x))
            todo.append(_Emit(Fixed(self.sep_before(x), True)))
        todo.extend(self._headings(x, plan.headings_before, section, True))
        if not plan.removed:
            if not (plan.unwrapped and is_marker(plan.para)):  # a retained option's own line goes
                todo.append(_Emit(BaseEntry(x, section)))
            k = self.index[x] + 1
            while k <= self.last[x]:
                u = self.units[k]
                if u.kind == "para":
                    if u.ref not in self.c.moves:
                        todo.append(_Visit(u.ref))
                    k = self.last[u.ref] + 1
                    continue
                todo.append(_Emit(Fixed(u.text, u.kind == "gap", section)))
                k += 1
        todo.extend(self._headings(x, plan.headings_after, section, False))
        for item in self.c.slots.get(Spot("after", x), []):
            todo.append(_Emit(Fixed(self.sep_after(x), True)))
            todo.append(_Place(item, x))
        return todo

    # -- labels as the draft writes them --------------------------------------------------------------

    def styled(self, model: Paragraph, label: str) -> str:
        """``label`` written as ``model``'s label is written (``12.`` -> ``12 bis.``)."""
        raw = raw_label(self.doc, model) or label
        base, rank = split_suffix(label)
        if rank >= 0 and LETTER.match(base):
            # a new lettered sub-item: the letter in the model's style, then the suffix ("(b) bis")
            raw_base = re.sub(rf"\s*\b(?:{LABEL_SUFFIX_RE})\b", "", raw).strip()
            letter = self.styled(model, base) if raw_base == raw else _styled_letter(raw_base, base)
            suffix = label[len(base):].strip()
            numbered = re.match(r"^(\s*\d+)([.)])$", letter)
            if numbered:  # a sub-item the draft numbers ("2."): "2 bis." ("2. bis" would be read as text)
                return f"{numbered.group(1)}{'' if self.tight else ' '}{suffix}{numbered.group(2)}"
            return f"{letter} {suffix}"
        m_raw = NUMERIC_LABEL.match(raw)
        m_new = NUMERIC_LABEL.match(label)
        if m_raw and m_new:
            suffix = m_new.group("suf")
            sep = "" if self.tight else " "
            post = m_raw.group("post")
            if m_raw.group("suf") and not suffix and not post.strip() and not m_raw.group("pre").strip():
                post = "." + post  # "3bis" renumbered "1." (a bare "1" would read as the paragraph's text)
            return f"{m_raw.group('pre')}{m_new.group('num')}{sep + suffix if suffix else ''}{post}"
        nm = re.match(r"^\(?([a-z]+)\)?$", label)
        if m_raw and nm and not m_raw.group("suf"):
            # a sub-item the parser letters but the draft numbers (Markdown " 1." under 13.7 is 13.7(a))
            return f"{m_raw.group('pre')}{letter_number(nm.group(1))}{m_raw.group('post')}"
        return _styled_letter(raw, label)

    # -- text ---------------------------------------------------------------------------------------

    def render_para(self, e: BaseEntry) -> str:
        p = self.c.plans[e.ref].para
        src = self.doc.source
        text_end = p.source_offset(len(p.text))
        edits: list[tuple[int, int, int, str]] = []  # (start, phase, end, text) in the source
        for ed in self.c.plans[e.ref].edits:
            s = p.source_offset(ed.start)
            t = p.text_map[ed.end - 1] + 1 if ed.end > ed.start else s
            text = ed.text
            if not p.text_map and text and p.label_span:  # a label with no text yet
                text = " " + text
            if not text and t > s:
                # a deletion leaves one space between its neighbours, none at the start or end
                if (s == p.source_offset(0) or src[s - 1 : s] == " ") and src[t : t + 1] == " ":
                    t += 1
                elif t == text_end and src[s - 1 : s] == " " and ed.start > 0:
                    s -= 1
            edits.append((s, ed.phase, t, text))
        if p.label_span and self.c.plans[e.ref].unwrapped:
            # a retained option: its label goes ("Option 2: text" -> "text")
            edits.append((p.label_span[0], -1, p.text_map[0] if p.text_map else p.label_span[1], ""))
        elif p.label_span and e.label is not None and e.label != p.label:
            edits.append((p.label_span[0], -1, p.label_span[1], self.styled(p, e.label)))
        edits.sort(key=lambda x: x[:3])
        return splice(src, (Edit(s, t, text) for s, _phase, t, text in edits), p.lines[0].pos.offset, p.end)

    def render_new(self, e: NewEntry) -> str:
        model = self.c.plans[e.ref].para
        text = " ".join(e.plan.text.split())
        if e.plan.bracketed:
            text = f"[{text}]"
        if e.new.kind == "item":  # a first sub-item: under its parent, one level in
            indent = model.indent + ("    " if self.doc.format == "markdown" else "")
            return f"{indent}{e.label or e.new.label} {text}{self.eol}"
        if e.new.kind == "option" and e.label is not None:  # "Option 2 bis: text", as an option is written
            label = (self.styled(model, e.label) if model.label_span else e.label).strip()
            # "Option 2 bis" keeps its space, as the parser reads an option's label ("Option 2bis" is text)
            label = re.sub(rf"(?<=\d)(?=(?:{LABEL_SUFFIX_RE})\b)", " ", label, count=1)
            if not label.rstrip("*").endswith(":"):
                label = label + ":" if not label.endswith("**") else label[:-2] + ":**"
            return f"{model.indent}{label} {text}{self.eol}"
        if model.label_span is None or e.label is None:
            return model.indent + text + self.eol
        between = self.doc.source[model.label_span[1] : model.text_map[0]] if model.text_map else " "
        if not between or between.strip() or "\n" in between or "\r" in between:
            between = " "  # markup between the label and the text ("1. **Option 1:**") is the model's own
        return model.indent + self.styled(model, e.label) + between + text + self.eol

    def assemble(self) -> str:
        """The next revision's text from its entries (labelled)."""
        pieces: list[tuple[Literal["gap", "fixed", "para"], str]] = []
        for e in self.out:
            match e:
                case Fixed(text, gap=True):
                    pieces.append(("gap", text))
                case Fixed(text):
                    pieces.append(("fixed", text))
                case BaseEntry():
                    pieces.append(("para", self.render_para(e)))
                case NewEntry():
                    if e.label is None and pieces and pieces[-1] == ("gap", ""):
                        # an unlabelled paragraph needs a blank line, or it reads as the line before's
                        pieces[-1] = ("gap", self.eol)
                    pieces.append(("para", self.render_new(e)))
        out: list[str] = []
        for text in _merged_gaps(pieces):
            if not text:
                continue
            if out and not out[-1].endswith("\n"):
                out[-1] += self.eol
            out.append(text)
        result = "".join(out)
        if not self.doc.source.endswith("\n"):
            result = result.rstrip("\r\n")
        return result


def _merged_gaps(pieces: list[tuple[Literal["gap", "fixed", "para"], str]]) -> list[str]:
    """The texts, with gaps that meet where a paragraph went away made one: after a heading the
    heading's spacing, before a heading (or the end) the spacing before it, between paragraphs the
    widest."""
    kept: list[tuple[str, str]] = []
    k = 0
    while k < len(pieces):
        if pieces[k][0] != "gap":
            kept.append(pieces[k])
            k += 1
            continue
        j = k
        while j < len(pieces) and pieces[j][0] == "gap":
            j += 1
        run = [text for _, text in pieces[k:j]]
        before = kept[-1][0] if kept else None
        after = pieces[j][0] if j < len(pieces) else None
        if before != "para":
            gap = run[0]
        elif after != "para":
            gap = run[-1]
        else:
            gap = max(run, key=len)
        kept.append(("gap", gap))
        k = j
    return [text for _, text in kept]


def _retitled(raw: str, old: str, new: str) -> str:
    """A heading's source with its title ``old`` changed to ``new``: the part that differs replaced
    where the source has it (markup and numbering around it kept), else the whole title."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    middle, replacement = old[start : len(old) - end], new[start : len(new) - end]
    context = old[max(0, start - 20) : start] + middle
    at = raw.find(context) if middle or context else -1
    if at >= 0:
        at += len(context) - len(middle)
        return raw[:at] + replacement + raw[at + len(middle) :]
    at = raw.find(old)
    return raw[:at] + new + raw[at + len(old) :] if at >= 0 else raw


def _styled_letter(raw: str, label: str) -> str:
    """A letter ``label`` written as the lettered label ``raw`` is written (``b)`` -> ``c)``)."""
    lm = re.match(r"^(\(?)([a-z]+)(\)?)(.*)$", raw, re.DOTALL)
    nm = re.match(r"^\(?([a-z]+)\)?$", label)
    if lm and nm:
        return f"{lm.group(1)}{nm.group(1)}{lm.group(3)}{lm.group(4)}"
    return label
