"""References: the canonical name of every paragraph and section, and resolving what users type.

Canonical references (``assign``):

- a paragraph whose label is unique in the draft is named by its label: ``12``, ``12 bis``, ``Pp3``;
- where numbering restarts per section, by the outermost section within which the label is unique:
  ``Article 4.2`` (an Article), ``B.12`` (another section), ``Article 2 Option I``;
- a sub-item by its parent and its label: ``12(a)``, ``4.2(a)`` (``Article`` left out, as delegates
  write it), ``4.2(a)(i)``; an option under a paragraph: ``Pp12 Option 2``;
- an unnumbered preambular paragraph (under a ``Preamble`` heading, or after a chapeau such as "The
  General Assembly,") as delegates number them, ``Pp1``, ``Pp2`` ... (the chapeau and the closing
  "Have agreed as follows:" not counted), and unnumbered operative paragraphs after it ``OP1`` ...;
- another unlabelled paragraph by its section and its place among the unlabelled ones:
  ``Preamble ¶1`` (``Preamble p1`` is accepted too), ``¶1`` outside any section;
- a section by its number (``1.1``, ``A``, ``II``), ``Article 4``, or its title when it has none.

``resolve`` accepts the common spellings: ``12bis``, ``para 12``, ``paragraph 12``, ``OP12``,
``PP 3``, ``Art. 4.2``, ``Article 4, paragraph 2``, ``4.2 (a)``. An ambiguous reference is an error
listing the candidates.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Sequence

from amendtool.draft import languages
from amendtool.draft.formulas import is_chapeau, is_closing
from amendtool.draft.model import Block, Document, Paragraph, Section
from amendtool.draft.patterns import LazyPattern
from amendtool.errors import AmbiguousReference, Diagnostic, ReferenceNotFound

Node = Section | Block
"""A node of the body: a section, a paragraph or furniture."""

_ARTICLE_NUMBER = LazyPattern(r"^\d+( \w+)?$")
"""A heading number that an article's is (``4``, ``4 bis``)."""


def assign(doc: Document) -> Document:
    """``doc`` with refs, sections and parents filled in and the lookup index built.

    Fills in the tree the parser has just built, in place (its nodes are frozen for everyone else,
    and not yet shared: copying 6,000 paragraphs to change three fields cost a fifth of the parse)."""
    return _Assigner().assign(doc)


_set = object.__setattr__
"""Sets a field of a frozen node of a tree still being built (``assign``)."""


class _Assigner:
    """The passes of ``assign``: section refs, the implicit names of preamble and operative paragraphs,
    label counts (whole draft and per section) and where numbering restarts, all in one walk; then
    each paragraph's ref."""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()
        """Section refs given so far (a second ``Annex`` becomes ``Annex (2)``)."""
        self.implicit: dict[int, str] = {}
        """``Pp3`` / ``OP2`` by ``id()`` of the unnumbered paragraphs of a preamble and after it."""
        self.label_counts_global: Counter[str] = Counter()
        self.label_counts_section: dict[str, Counter[str]] = defaultdict(Counter)
        self.restarts: dict[str, set[str]] = defaultdict(set)
        """Per section ("" for the whole draft), the label families ("", "Pp", "OP" ...) whose
        numbers go back down somewhere inside it."""
        self.last_number: dict[str, dict[str, int]] = defaultdict(dict)
        """Per section ("" for the whole draft), the last number of each label family."""
        self.unlabelled: Counter[str] = Counter()
        self.seen: Counter[str] = Counter()
        self.paragraphs: list[Paragraph] = []
        """Every paragraph in source order (``Document.paragraphs``), gathered by ``with_refs``."""
        self.sections: list[Section] = []

    def assign(self, doc: Document) -> Document:
        self.walk(doc.body, [], None, 0, False)
        self.with_refs(doc.body, [])
        # the lookup tables: the paragraphs by reference (the table of the other spellings, ``_keys``, is
        # built when a reference is first looked up: ``diff`` and ``propose`` never look one up)
        paragraphs = tuple(self.paragraphs)
        doc._index.clear()
        doc._index.update(paragraphs=paragraphs, sections=tuple(self.sections),
                          by_ref={p.ref: p for p in paragraphs})
        return doc

    def walk(self, nodes: Sequence[Node], path: list[str], parent_ref: str | None, depth: int,
             is_preamble: bool) -> None:
        """Section refs and levels, the implicit names of ``nodes``, then their labels counted and
        their numbering followed, in source order (sections inside)."""
        self.name_preamble(nodes, is_preamble)
        self.visit(nodes, path, parent_ref, depth)

    def visit(self, nodes: Sequence[Node], path: list[str], parent_ref: str | None, depth: int) -> None:
        """``walk`` over ``nodes`` and the paragraphs of their option blocks in their place: a
        section's numbering runs through its options (``Option 1`` holding paragraphs 1 and 2)."""
        # a top-level label is counted in the whole draft and in each section around it
        counters = [self.label_counts_global] + [self.label_counts_section[p] for p in path]
        scopes = [(scope, self.last_number[scope]) for scope in ["", *path]]
        for node in nodes:
            if isinstance(node, Paragraph):
                label = self.label_of(node)
                if label:
                    for counter in counters:
                        counter[label] += 1
                    self.numbering(label, scopes)
                if node.kind == "option":
                    self.visit(node.children, path, parent_ref, depth)
            elif isinstance(node, Section):
                self.sections.append(node)
                ref = self.section_ref(node, parent_ref)
                _set(node.heading, "ref", ref)
                _set(node.heading, "level", depth + 1)
                self.walk(node.children, path + [ref], ref, depth + 1,
                          node.heading.title.strip().lower() == "preamble")

    # -- sections -----------------------------------------------------------------------------------

    def section_ref(self, section: Section, parent_ref: str | None) -> str:
        h = section.heading
        if h.number and _ARTICLE_NUMBER.match(h.number) and _is_article(h):
            base = f"Article {h.number}"
        elif h.number:
            base = h.number
        else:
            base = h.title or "Section"
        if self.used[base] and parent_ref:
            base = f"{parent_ref}.{base}"
        self.used[base] += 1
        if self.used[base] > 1:
            base = f"{base} ({self.used[base]})"
        return base

    # -- implicit names: Pp1, Pp2 ... OP1, OP2 ---------------------------------------------------------

    def name_preamble(self, children: Sequence[Node], in_preamble_section: bool) -> None:
        """Unnumbered paragraphs of a preamble are named as delegates number them: Pp1, Pp2 ... under a
        "Preamble" heading or after a chapeau ("The General Assembly,"), the chapeau and the closing
        formula ("Have agreed as follows:") not counted; outside a Preamble section, unnumbered
        paragraphs that follow the preamble and end in ";" or "." are operative: OP1, OP2 ..."""
        mode = "pp" if in_preamble_section else None
        pp = op = 0
        for c in children:
            if not isinstance(c, Paragraph):
                continue
            if c.label is not None:
                if c.kind != "option":
                    mode = None if not in_preamble_section else mode
                continue
            text = c.text.rstrip("]］】 ")
            if is_chapeau(c.text):
                mode = "pp"
                continue
            if mode is None or not text or is_closing(c.text):
                if is_closing(c.text) and not in_preamble_section:
                    mode = None
                continue
            if mode == "pp" and (text.endswith((",", "،", "，")) or in_preamble_section):  # Arabic, Chinese commas
                pp += 1
                self.implicit[id(c)] = f"Pp{pp}"
            else:
                mode = "op"
                op += 1
                self.implicit[id(c)] = f"OP{op}"

    def label_of(self, p: Paragraph) -> str | None:
        # references write numbers in Western digits whatever the draft's (١ is 1), sub-items as written
        label = p.label or self.implicit.get(id(p))
        return languages.western(label) if label and not label.isascii() else label

    # -- counts and restarts ------------------------------------------------------------------------

    def numbering(self, label: str, scopes: list[tuple[str, dict[str, int]]]) -> None:
        """Where does numbering restart? (``restarts``; ``scopes``: "" and the sections around the label,
        each with its ``last_number``)"""
        numbered = _numbered(label)
        if numbered is None:
            return
        family, number = numbered
        for scope, last_number in scopes:
            prev = last_number.get(family)
            # a restart goes back to 1 (a moved paragraph keeping its number is no restart)
            if prev is not None and number <= 1 and number <= prev:
                self.restarts[scope].add(family)
            last_number[family] = number

    # -- refs ---------------------------------------------------------------------------------------

    def top_ref(self, p: Paragraph, path: list[str], named_by: list[tuple[str, Counter[str], set[str]]]) -> str:
        """The ref of a paragraph of the sections ``path`` (``named_by``: those that may name it, each with
        its label counts and restarts)."""
        label = self.label_of(p)
        if label is None:
            key = path[-1] if path else ""
            self.unlabelled[key] += 1
            return f"{key} ¶{self.unlabelled[key]}".strip()
        numbered = _numbered(label)
        family = numbered[0] if numbered else label
        # an option is named within its section ("Article 2 Option 1", "II Option 2"): alone, "Option 1"
        # says nothing of where it stands
        if self.label_counts_global[label] == 1 and family not in self.restarts[""] \
                and not (p.kind == "option" and path):
            return label
        # numbering restarts per section: name it by the outermost section whose numbering runs on
        for section, counts, restarts in named_by:
            if counts[label] == 1 and family not in restarts:
                return _join(section, label)
        for section, counts, _ in reversed(named_by):
            if counts[label] == 1:
                return _join(section, label)
        base = _join(named_by[-1][0], label) if named_by else label
        self.seen[base] += 1
        return f"{base} ({self.seen[base]})" if self.seen[base] > 1 else base

    def with_refs(self, nodes: Sequence[Node], path: list[str]) -> None:
        # (a part or chapter holding articles names none of their paragraphs: "Article 3.1", not "Part II.1")
        named_by = [(r, self.label_counts_section[r], self.restarts[r]) for k, r in enumerate(path)
                    if k + 1 == len(path) or not r.startswith(("Part ", "Chapter "))]
        section = path[-1] if path else None
        for node in nodes:
            if isinstance(node, Section):
                self.with_refs(node.children, path + [node.heading.ref])
            elif isinstance(node, Paragraph):
                self.paragraph_refs(node, self.top_ref(node, path, named_by), section, None)

    def paragraph_refs(self, p: Paragraph, ref: str, section: str | None, parent: str | None) -> None:
        _set(p, "ref", ref)
        _set(p, "section", section)
        _set(p, "parent", parent)
        self.paragraphs.append(p)
        if not p.children:
            return
        counts: Counter[str] = Counter()
        for child in p.children:
            if isinstance(child, Paragraph):
                label = child.label or "¶"
                counts[label] += 1
                sub = _child_ref(_short(ref), label, counts[label], p.kind == "option")
                self.paragraph_refs(child, sub, section, ref)


_NUMBERED = LazyPattern(r"^(\D*?)\s*(\d+)")


@functools.lru_cache(maxsize=4096)
def _numbered(label: str) -> tuple[str, int] | None:
    """The family and number of a label (``("Pp", 3)`` for ``Pp3``), None when it has no number;
    cached: drafts repeat their labels."""
    m = _NUMBERED.match(label)
    return (m.group(1), int(m.group(2))) if m else None


def _is_article(heading) -> bool:
    """Whether the heading is an article's, in any language (``Article``, ``Статья``, ``第一条``, ``المادة``)."""
    return any("article" in n.raw.lower() or languages.article_heading(n.raw.strip()) is not None
               for n in heading.lines if hasattr(n, "raw"))


def _join(section: str, label: str) -> str:
    return f"{section}.{label}" if label[:1].isdigit() else f"{section} {label}"


def _short(ref: str) -> str:
    return ref[len("Article ") :] if ref.startswith("Article ") else ref


def _child_ref(parent: str, label: str, count: int, in_option: bool) -> str:
    """The reference of a paragraph under ``parent``: ``4.2(a)``, ``5 Option 2``, ``4.2 ¶1`` for the
    ``count``-th unlabelled one, and in an option block ``II Option 1.3`` for its paragraph 3."""
    if label == "¶":
        return f"{parent} ¶{count}"
    if label.startswith("("):
        sub = parent + label
    elif in_option and label[:1].isdigit():
        sub = f"{parent}.{label}"
    else:
        sub = f"{parent} {label}"
    return f"{sub} ({count})" if count > 1 else sub


# ---------------------------------------------------------------------------------------------------
# Lookup


_PARA_PREFIX = LazyPattern(r"^(?:para(?:graph)?s?|op|§)\s*\.?\s*(?=\d)")
_ARTICLE_PREFIX = LazyPattern(r"^(?:article|art\.?)\s*")
_PARA_INFIX = LazyPattern(r",?\s*para(?:graph)?\s*")
_SPACES = LazyPattern(r"\s+")

_WORLD_REF = (
    (LazyPattern(rf"第({languages.CHINESE_NUMERAL}|\d+)条"),
     lambda m: f"article {languages.number_value(m.group(1))} "),
    (LazyPattern(rf"第({languages.CHINESE_NUMERAL}|\d+)款"), lambda m: f".{languages.number_value(m.group(1))}"),
    (LazyPattern(rf"第({languages.CHINESE_NUMERAL}|\d+)(部分|章)"),
     lambda m: f"{'part' if m.group(2) == '部分' else 'chapter'} {languages.number_value(m.group(1))}"),
    (LazyPattern(r"^(?:artículo|articulo|статья|ст\.|المادة)\s*"), lambda m: "article "),
    (LazyPattern(r"^(?:partie|parte|часть|الجزء)\s*"), lambda m: "part "),
    (LazyPattern(r"^(?:chapitre|capítulo|capitulo|глава|الفصل)\s*"), lambda m: "chapter "),
    (LazyPattern(rf"(?<=article )({'|'.join(languages.ORDINALS)})"), lambda m: str(languages.ORDINALS[m.group(1)])),
    (LazyPattern(r"[,،]?\s*(?:paragraphe|párrafo|parrafo|пункт|الفقرة)\s*"), lambda m: "."),
    (LazyPattern(languages.SUFFIX), lambda m: " " + (languages.suffix_word(m.group()) or m.group())),
    (LazyPattern(r"[（]"), lambda m: "("),
    (LazyPattern(r"[）]"), lambda m: ")"),
    # "1.2 a)", "1.2 б)": the letter closed only, as French, Spanish and Russian drafts write it
    (LazyPattern(rf"(?<=[\d)])\s*([a-z{languages.CYRILLIC}]{{1,2}}|[ivx]{{1,6}})\)$"), lambda m: f"({m.group(1)})"),
)
"""References as drafts in the other languages write them, as the English ones they stand for:
``Статья 2``, ``第二条``, ``المادة ٢``, ``Article premier``, ``2-бис``, ``第一条第二款``, ``（一）``."""
_WORLD_ASCII = LazyPattern(r"\)$|prem|prim|paragraphe|parrafo|articulo|partie|parte|chapitre|capitulo")
"""What a reference typed in ASCII may hold of another language's spelling (``1.2 a)``, ``Article
premier``, ``Articulo 2, parrafo 1``); other ASCII references skip ``_WORLD_REF``."""


def normalise(ref: str) -> str:
    """The lookup key of a reference as a user may type it (in any of the six languages, with
    Western or Arabic-Indic digits)."""
    s = languages.western(ref.strip().lower().rstrip(".:"))
    if not s.isascii() or _WORLD_ASCII.search(s):
        for pattern, english in _WORLD_REF:
            s = pattern.sub(english, s)
    s = s.replace("¶", " p")
    s = _PARA_PREFIX.sub("", s)
    s = _ARTICLE_PREFIX.sub("article ", s)
    s = _PARA_INFIX.sub(".", s)
    s = _SPACES.sub("", s)
    return s


def _keys(doc: Document) -> dict[str, list[Paragraph]]:
    """Lookup key -> paragraphs (several when ambiguous), built once per draft."""
    keys: dict[str, list[Paragraph]] | None = doc._index.get("keys")
    if keys is None:
        by_ref: dict[str, Paragraph] = doc._index["by_ref"]
        table: dict[str, list[Paragraph]] = defaultdict(list)
        for p in doc.paragraphs:
            for key in _aliases(p, _in_option_block(p, by_ref)):  # a set: a paragraph goes in a bucket once
                table[key].append(p)
        keys = doc._index["keys"] = dict(table)
    return keys


def _in_option_block(p: Paragraph, by_ref: dict[str, Paragraph]) -> bool:
    """Whether ``p`` is a paragraph of an option block (``II Option 1.6``), at the block's own level
    (not a sub-item of one of its paragraphs)."""
    parent = by_ref.get(p.parent) if p.parent else None
    return parent is not None and parent.kind == "option" and p.kind != "sub-item"


def _aliases(p: Paragraph, in_option: bool = False) -> set[str]:
    """The keys ``p`` is found by; a paragraph of an option block is also found by its own label
    (``6`` for ``II Option 1.6``, when that is unambiguous)."""
    out = {normalise(p.ref)}
    ref = p.ref
    if ref.startswith("Article "):
        out.add(normalise(ref[len("Article ") :]))
    elif ref[:1].isdecimal() and p.parent and p.parent.startswith("Article "):
        out.add(normalise("Article " + ref))
    if p.label and in_option and p.section:
        out.add(normalise(_join(p.section, p.label)))  # "Article 2.1" for "2 Option 1.1"
    if p.label and (p.parent is None or in_option):
        out.add(normalise(p.label))
        if p.label.startswith("OP"):
            out.add(normalise(p.label[2:]))
    return out


def lookup(doc: Document, ref: str) -> Paragraph:
    """The paragraph a reference names, in any accepted spelling; raises ``ReferenceNotFound`` or
    ``AmbiguousReference`` (listing the candidates)."""
    index = doc._index
    exact = index["by_ref"].get(ref)
    if exact is not None:
        return exact
    key = normalise(ref)
    keys = _keys(doc)
    hits = keys.get(key, [])
    if not hits and key.startswith("op"):
        hits = keys.get(key[2:], [])
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        names = ", ".join(f'"{p.ref}"' for p in hits[:8])
        raise AmbiguousReference(
            Diagnostic(f'paragraph "{ref}" is ambiguous: it could be {names}', doc.path, hint="use the full reference")
        )
    raise ReferenceNotFound(Diagnostic(f'paragraph "{shown(ref)}" does not exist ({describe_range(doc)})', doc.path))


def shown(ref: str, limit: int = 40) -> str:
    """A reference as a message quotes it: cut in the middle when absurdly long."""
    return ref if len(ref) <= limit else ref[: limit // 2] + "…" + ref[-(limit // 2) :]


def candidates(doc: Document, ref: str) -> list[Paragraph]:
    """Paragraphs a reference may mean (empty when none)."""
    exact = doc._index["by_ref"].get(ref)
    if exact is not None:
        return [exact]
    key = normalise(ref)
    return list(_keys(doc).get(key, []))


def closest_refs(doc: Document, ref: str, limit: int = 3) -> list[str]:
    """Existing references that look most like ``ref`` (for "did you mean")."""
    import difflib

    names = [p.ref for p in doc.paragraphs]
    return difflib.get_close_matches(ref, names, n=limit, cutoff=0.5)


def describe_range(doc: Document) -> str:
    """What references the draft has, for "does not exist" messages: ``the draft has 1-58`` where
    paragraphs are numbered in one series, else a few examples of its references."""
    top = [p for p in doc.paragraphs if p.parent is None]
    if not top:
        return "the draft has no paragraphs"
    series = [p.ref for p in top if p.label and p.ref == p.label and p.label[:1].isdigit()]
    if len(series) >= len(top) / 2:
        return f"the draft has {series[0]}" if len(series) == 1 else f"the draft has {series[0]}-{series[-1]}"
    examples: list[str] = []
    for p in top:
        if p.label and p.label[:1].isdigit() and p.ref not in examples:
            examples.append(p.ref)
        if len(examples) == 3:
            break
    if not examples:
        examples = [p.ref for p in top[:3]]
    return "its references look like " + ", ".join(examples) + "; amendtool show lists them"
