"""A starter amendment file for a draft (``amendtool template``): the header filled in (the delegation,
its name where the code is known, the draft's name, the date) and, commented out, an example of every
operation written on the draft's own paragraphs and words, so that taking the ``# `` off a line gives
an operation that applies. Explanations are ``## `` lines; examples ``# `` lines."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from amendtool.amend.delegations import delegation_name
from amendtool.amend.syntax import quote
from amendtool.draft.identity import draft_name
from amendtool.draft.model import BracketGroup, Document, Paragraph
from amendtool.text import find_all

_WORD = re.compile(r"^[^\W\d_]{3,}[,;]?$")
"""A plain word for an example anchor (letters only, possibly followed by a comma)."""


@dataclass(frozen=True, slots=True)
class _Example:
    explanation: tuple[str, ...]
    lines: tuple[str, ...]


def _phrase(para: Paragraph, skip: int = 0, length: int = 3) -> str | None:
    """A few plain words of the paragraph that occur once in it (an anchor that applies)."""
    words = para.text.split()
    start = min(2 + skip, max(len(words) - length, 0))
    for k in list(range(start, len(words) - length + 1)) + list(range(0, start)):
        chunk = words[k : k + length]
        if len(chunk) == length and all(_WORD.match(w) for w in chunk):
            phrase = " ".join(chunk).rstrip(",;")
            if len(find_all(para.text, phrase)) == 1:
                return phrase
    return None


def _plain(paras: list[Paragraph]) -> list[Paragraph]:
    """Top-level paragraphs long enough for examples, without brackets (so that every example applies)."""
    return [p for p in paras if p.parent is None and not p.bracket_groups and len(p.text.split()) >= 8
            and "Option" not in p.ref and _phrase(p) is not None]


def _group(doc: Document) -> tuple[Paragraph, BracketGroup] | None:
    """A bracket group of two or more plain alternatives, for retain, remove brackets, add alternative."""
    for p in doc.paragraphs:
        for g in p.bracket_groups:
            alts = [a.strip() for a in g.alternatives]
            if g.depth == 0 and len(alts) >= 2 and all(a and "[" not in a and len(find_all(p.text, a)) == 1
                                                       for a in alts):
                return p, g
    return None


def _text_examples(paras: list[Paragraph]) -> list[_Example]:
    out: list[_Example] = []
    take = iter(paras)
    p = next(take)
    out.append(_Example(("Replace words (the quoted words must occur once in the paragraph, or add (2nd),",
                         "(3rd) ... after them to pick one; quotes, dashes and spaces may differ):"),
                        (f"{p.ref}: replace {quote(_phrase(p) or '')} with \"new words\"",)))
    p = next(take, p)
    out.append(_Example(("Delete words:",), (f"{p.ref}: delete {quote(_phrase(p, 3) or '')}",)))
    p = next(take, p)
    out.append(_Example(("Insert words before or after words of the paragraph, or at its start or end:",),
                        (f"{p.ref}: insert \"new words \" before {quote(_phrase(p) or '')}",
                         f"{p.ref}: insert \" A new sentence.\" at end")))
    p = next(take, p)
    out.append(_Example(("Put words in square brackets (not agreed):",),
                        (f"{p.ref}: bracket {quote(_phrase(p) or '')}",)))
    return out


def _paragraph_examples(paras: list[Paragraph], refs: list[str]) -> list[_Example]:
    k = min(4, len(paras) - 1)
    first, second, third, fourth = (paras[min(k + n, len(paras) - 1)] for n in range(4))
    dest = next((r for r in refs[refs.index(fourth.ref) + 2 :] if r != fourth.ref), refs[0])
    return [
        _Example(("Delete a whole paragraph:",), (f"{first.ref}: delete paragraph",)),
        _Example(("Replace a whole paragraph (a long text may go on over indented lines):",),
                 (f"{second.ref}: replace paragraph with \"The new text of the whole paragraph,",
                  "#     going on over the next line.\"")),
        _Example(("Add a new paragraph after (or before) a paragraph. The quoted text is the NEW",
                  f"paragraph, not words of {third.ref}; it becomes {third.ref} bis, and later lines may name it so:"),
                 (f"{third.ref}: add paragraph after \"The text of the new paragraph.\"",
                  f"{third.ref} bis: insert \" More words.\" at end")),
        _Example(("Move a paragraph next to another:",), (f"{fourth.ref}: move after {dest}",)),
    ]


def _group_examples(doc: Document, by: str) -> list[_Example]:
    found = _group(doc)
    if found is None:
        return [_Example(("This draft has no bracket group of alternatives; in one such as [a] [b] you may",
                          'retain "a", remove brackets "a" or add alternative "c" to "b".'), ())]
    p, g = found
    alts = [a.strip() for a in g.alternatives]
    shown = " ".join(f"[{a}]" for a in alts)
    return [_Example((f"Choose, agree or add to a bracket group of the draft (paragraph {p.ref}: {shown}):",),
                     (f"{p.ref}: retain {quote(alts[0])}", f"{p.ref}: remove brackets {quote(alts[0])}",
                      f"{p.ref}: add alternative \"another wording\" to {quote(alts[-1])}"))]


def template(doc: Document, by: str, date: str, name: str = "") -> str:
    """The starter amendment file of delegation ``by`` for ``doc``, dated ``date`` (``YYYY-MM-DD``);
    ``name`` defaults to the delegation's name when its code is a known one."""
    name = name or delegation_name(by)
    paras = _plain(list(doc.paragraphs)) or [p for p in doc.paragraphs if p.parent is None]
    head = [
        f"## Amendment file of {by} for {draft_name(doc)}",
        f"## (started with amendtool template from {doc.path} on {date}).",
        "##",
        "## One operation per line, in the form  PARAGRAPH: operation. Lines starting with # are comments.",
        "## Each example below is an operation on this draft's own text, commented out with one #: take",
        "## the \"# \" off a line to use it, and change its words. Check the file before sending it with",
        f"## amendtool check {shlex.quote(doc.path)} FILE",
        "## Every operation, explained: amendtool help amendments",
        "",
        f"by: {by}",
        f"name: {name}" if name else "## name: the delegation's full name",
        f"draft: {draft_name(doc)}",
        f"date: {date}",
        "",
    ]
    if not paras:
        return "\n".join(head + ["## The draft has no paragraphs to amend."]) + "\n"
    refs = [p.ref for p in doc.paragraphs if p.parent is None]
    other = "EU" if by.upper() == "G77" else "G77"
    examples = _text_examples(paras) + _paragraph_examples(paras, refs) + _group_examples(doc, by) + [
        _Example(("A comment or reservation on a paragraph:",),
                 (f"{paras[0].ref}: comment \"Reserve pending consultations with capital.\"",)),
        _Example((f"Support another delegation's operation by its id ({other}-3: the third operation of "
                  f"{other}'s file):",),
                 (f"{paras[0].ref}: support {other}-3",)),
    ]
    body: list[str] = []
    for ex in examples:
        body += [f"## {line}" for line in ex.explanation]
        body += [line if line.startswith("#") else f"# {line}" for line in ex.lines]
        body.append("")
    return "\n".join(head + body).rstrip("\n") + "\n"
