"""What Akoma Ntoso calls each part of a draft: eIds (AKN naming convention, section 5.4) and FRBR URIs.

An eId is ``[prefix "__"] element_ref "_" number``. The number is the label with its punctuation,
spaces and type word stripped (``12 bis.`` -> ``12bis``, ``1.1`` -> ``1-1``, ``(a)`` -> ``a``,
``Option 2:`` -> ``2``); an unlabelled part is counted, ``nn_1``, ``nn_2`` ... in its context, as
Laws.Africa does. The prefix is the context that makes the eId unique, and it follows amendtool's
references: a paragraph whose label is unique in the draft has none (``para_12``, ``para_12bis``,
``para_Pp3``), one whose numbering restarts per section is prefixed by that section
(``sec_2__para_3``, ``art_4__para_2``), a sub-item by its paragraph (``art_4__para_2__point_a``).
The ``Pp``, ``OP`` and ``Alt`` of a label stay in its number (``para_Pp3``): they are series of
their own beside the plain numbers. Should two parts still meet on one eId, the later one gets
``_2``, ``_3`` ... (the schema requires eIds to be unique).

The same draft always gets the same eIds, so an AKN amendment names a paragraph by its eId and
``names(doc).ref(eId)`` gives the reference back. The preamble (which paragraphs go into AKN's
``<preamble>``) is decided here too, since it changes their element and eId.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from amendtool.draft.model import Document, Furniture, Paragraph, Section

_IMPLICIT = re.compile(r"(?:Pp|OP)\d+")
"""References amendtool gives unlabelled preambular and operative paragraphs after a chapeau."""


def num_part(label: str, word: str = "") -> str:
    """The number part of an eId from a label as printed (``12 bis.`` -> ``12bis``); ``word`` is a
    type word to leave out (``Article``, ``Option``, ``Pp``). "" when nothing is left."""
    text = label.replace("*", "").strip().strip("[]").strip()
    if word and text.lower().startswith(word.lower()):
        text = text[len(word) :]
    text = text.strip().rstrip(":.").strip()
    text = text.replace(".", "-")
    return re.sub(r"[^0-9A-Za-z\-]", "", text)


@dataclass(frozen=True, slots=True)
class DraftNames:
    """The eIds of a draft's sections and paragraphs, and which paragraphs form its preamble."""

    paragraphs: Mapping[str, str]
    """Paragraph reference -> eId."""
    sections: Mapping[str, str]
    """Section reference -> eId."""
    preamble: tuple[Paragraph, ...]
    """The leading paragraphs that go into ``<preamble>`` (a chapeau, preambular paragraphs, the
    closing formula), in order; empty when the draft has no such run before its body."""
    _refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def ref(self, eid: str) -> str | None:
        """The paragraph reference an eId names, or None."""
        if not self._refs:
            self._refs.update({e: r for r, e in self.paragraphs.items()})
        return self._refs.get(eid)

    def element(self, paragraph: Paragraph) -> str:
        """The AKN element a paragraph becomes."""
        if any(p is paragraph for p in self.preamble):
            return "recital" if self.is_preambular(paragraph) else "formula"
        if paragraph.kind == "option":
            return "hcontainer"
        if paragraph.kind == "sub-item":
            return "point"
        return "paragraph"

    @staticmethod
    def is_preambular(p: Paragraph) -> bool:
        implicit = p.label is None and p.ref.startswith("Pp") and bool(_IMPLICIT.fullmatch(p.ref))
        return p.kind == "preambular" or implicit


def preamble_of(doc: Document) -> tuple[Paragraph, ...]:
    """The preamble: the run of top-level paragraphs before any section or operative paragraph made
    of a chapeau ("The General Assembly,"), preambular paragraphs (``Pp3``, or unlabelled ones
    amendtool names ``Pp1`` ...) and a closing formula ("Have agreed as follows:"). Paragraphs with
    sub-items end it (AKN recitals have none)."""
    run: list[Paragraph] = []
    for node in doc.body:
        if isinstance(node, Furniture):
            continue
        if not isinstance(node, Paragraph) or node.children:
            break
        if DraftNames.is_preambular(node):
            run.append(node)
        elif node.label is None and not _IMPLICIT.fullmatch(node.ref) and node.text.rstrip("] ").endswith((",", ":")):
            run.append(node)  # a formula: the chapeau, or the closing "Have agreed as follows:"
        else:
            break
    while run and not DraftNames.is_preambular(run[-1]) and not run[-1].text.rstrip("] ").endswith(":"):
        if len(run) == 1:
            break  # a chapeau alone is a preamble of one formula (AKN4UN: no preambular paragraph)
        run.pop()
    return tuple(run)


def names(doc: Document) -> DraftNames:
    """The eIds of every section and paragraph of ``doc`` (worked out once per document, kept with
    the document's other lookup tables: every AKN amendment read against a draft needs them)."""
    cached = doc._index.get("akn-names")
    if not isinstance(cached, DraftNames):
        cached = doc._index["akn-names"] = _Namer(doc).run()
    return cached


@dataclass
class _Namer:
    doc: Document
    used: set[str] = field(default_factory=set)
    paragraphs: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    unnumbered: Counter[str] = field(default_factory=Counter)

    def unique(self, eid: str) -> str:
        out, n = eid, 1
        while out in self.used:
            n += 1
            out = f"{eid}_{n}"
        self.used.add(out)
        return out

    def counted(self, context: str, element: str) -> str:
        self.unnumbered[f"{context}/{element}"] += 1
        return f"nn_{self.unnumbered[f'{context}/{element}']}"

    def run(self) -> DraftNames:
        preamble = preamble_of(self.doc)
        in_preamble = {id(p) for p in preamble}
        formulas = 0
        for p in preamble:
            if DraftNames.is_preambular(p):
                label = p.label or p.ref
                self.paragraphs[p.ref] = self.unique(f"rec_{num_part(label, 'Pp') or self.counted('', 'rec')}")
            else:
                formulas += 1
                self.paragraphs[p.ref] = self.unique(f"formula_{formulas}")
        self.walk([n for n in self.doc.body if id(n) not in in_preamble], [])
        return DraftNames(dict(self.paragraphs), dict(self.sections), preamble)

    def walk(self, nodes, path: list[tuple[Section, str]]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                eid = self.section(node, path)
                self.walk(node.children, path + [(node, eid)])
            elif isinstance(node, Paragraph):
                self.paragraph(node, self.prefix(node, path))

    def section(self, section: Section, path: list[tuple[Section, str]]) -> str:
        h = section.heading
        parent = path[-1][1] if path else ""
        article = bool(h.number) and h.ref.split(" (")[0].split(".")[-1].startswith("Article ")
        element = "art" if article else "sec"
        number = num_part(h.number or "")
        own = f"{element}_{number}" if number else f"{element}_{self.counted(parent, element)}"
        bases = {f"Article {h.number}", h.number, h.title}
        eid = own if h.ref in bases or not parent else f"{parent}__{own}"
        eid = self.unique(eid)
        self.sections[h.ref] = eid
        return eid

    def prefix(self, p: Paragraph, path: list[tuple[Section, str]]) -> str:
        """The context of a top-level paragraph: none where its reference is its own label."""
        if p.ref == p.label or (p.label is None and _IMPLICIT.fullmatch(p.ref)):
            return ""
        for section, eid in sorted(path, key=lambda item: -len(item[0].heading.ref)):
            ref = section.heading.ref
            if p.ref.startswith(ref + ".") or p.ref.startswith(ref + " "):
                return eid
        return path[-1][1] if path else ""

    def paragraph(self, p: Paragraph, context: str) -> None:
        element = {"option": "hcontainer", "sub-item": "point"}.get(p.kind, "para")
        label = p.label or (p.ref if p.label is None and _IMPLICIT.fullmatch(p.ref) else "")
        number = num_part(label, "Option" if p.kind == "option" else "") if label else ""
        own = f"{element}_{number or self.counted(context, element)}"
        eid = self.unique(f"{context}__{own}" if context else own)
        self.paragraphs[p.ref] = eid
        for child in p.children:
            if isinstance(child, Paragraph):
                self.paragraph(child, eid)


def new_paragraph_eid(neighbour_eid: str, label: str) -> str:
    """The eId of a paragraph an amendment adds next to ``neighbour_eid`` (``para_37`` and ``37 bis``
    give ``para_37bis``)."""
    context, _, own = neighbour_eid.rpartition("__")
    element = own.split("_", 1)[0]
    number = num_part(label, "Pp" if element == "rec" else "Option" if element == "hcontainer" else "")
    eid = f"{element}_{number or 'new'}"
    return f"{context}__{eid}" if context else eid


KINDS = (
    "replace", "delete", "insert", "deleteParagraph", "replaceParagraph", "addParagraph", "move", "bracket",
    "removeBrackets", "retain", "addAlternative", "comment", "support",
)
"""amendtool's operations, as the ``TLCConcept``s that an amendment's ``mod``s name (``refersTo``)."""


# ---------------------------------------------------------------------------------------------------
# FRBR


@dataclass(frozen=True, slots=True)
class Frbr:
    """The FRBR identification of one AKN document (AKN naming convention, section 4)."""

    work: str
    """``/akn/un/statement/deliberation/2015-10-19/wsis10-zero-draft``"""
    expression: str
    """``<work>/eng@2015-10-19``"""
    date: str
    number: str
    language: str = "eng"

    @property
    def manifestation(self) -> str:
        return f"{self.expression}.akn"

    def component(self, level: str) -> str:
        """FRBRthis of the main component at ``work``, ``expression`` or ``manifestation`` level."""
        if level == "work":
            return f"{self.work}/!main"
        if level == "expression":
            return f"{self.expression}/!main"
        return f"{self.expression}/!main.xml"

    def href(self, eid: str) -> str:
        """A reference to an element of this document's expression (the draft amendments apply to)."""
        return f"{self.expression}/!main#{eid}"


def slug(text: str) -> str:
    """A URI component: lower case, runs of other characters as one ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "draft"


def draft_frbr(number: str, date: str, language: str = "eng") -> Frbr:
    work = f"/akn/un/statement/deliberation/{date}/{slug(number)}"
    return Frbr(work, f"{work}/{language}@{date}", date, slug(number), language)


def amendment_frbr(code: str, draft_number: str, date: str, language: str = "eng") -> Frbr:
    work = f"/akn/un/amendment/{slug(code)}/{date}/{slug(draft_number)}"
    return Frbr(work, f"{work}/{language}@{date}", date, slug(draft_number), language)
