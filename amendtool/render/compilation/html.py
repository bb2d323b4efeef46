"""The compilation as one self-contained, print-ready HTML page (jinja2, autoescaped).

The template ``compilation.html`` and its stylesheet ``compilation.css`` (inlined into the page) load
from the ``amendtool.templates`` package (``templates/`` in the repository, mapped by pyproject) and,
when running from a checkout that is not installed, from the repository's ``templates/`` directory.
The page has no scripts and no external resources; a Content-Security-Policy forbids both.

The template writes the page: its header, legend and summary, and the text as a sequence of blocks.
What it has once per paragraph is written here in Python, called from the template: each block of
the text (``block``: a heading, a paragraph with the proposals in it and the marks under it, a new
paragraph, a move's destination), and the summary's bar and table row per paragraph (``ticks``,
``contention_rows``). A long draft has thousands of them, and jinja2's macros and loops made half of
the command's time. Every text is escaped as the autoescaping template escapes it
(``markupsafe.escape``); each function returns ``Markup``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TypeAlias

import jinja2
from markupsafe import Markup, escape

from amendtool.compile import (
    Block,
    Change,
    Comment,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Kept,
    MovedHere,
    NewParagraph,
    ParagraphSummary,
    Proposal,
    Segment,
)
from amendtool.draft import languages
from amendtool.render.marks import (
    alt_label,
    attribution,
    changed_only_notice,
    css_string,
    mark_words,
    printed_label,
    shows_text,
    skipped_notice,
    stamp,
    text_attributes,
    title_attr,
    tokens,
)
from amendtool.render.templating import environment as base_environment

TEMPLATE = "compilation.html"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = base_environment()
    env.globals.update(block=block, ticks=ticks, contention_rows=contention_rows)
    return env


_NOT_ALNUM = re.compile(r"[\W_]")
"""A character that is not a letter or a digit (``str.isalnum``: the same characters, every code point
compared)."""


def anchor(ref: str) -> str:
    """An HTML id for a paragraph reference (``12 bis`` -> ``p-12-bis``): every character that is not
    a letter or digit made ``-``."""
    return "p-" + _NOT_ALNUM.sub("-", ref)


Chart: TypeAlias = Sequence[tuple[ParagraphSummary, int]]
"""The summary's paragraphs in reading order, each with its contention in percent of the highest."""


def ticks(chart: Chart) -> Markup:
    """The contention chart: a bar per paragraph, as tall as its contention (at least 2 % when it has
    any), titled with its reference and contention."""
    return Markup("".join(
        f'<span class="tick{" new" if p.new else ""}" style="height: {max(pct, 2) if p.contention else 0}%" '
        f'title="{escape(p.ref)}: {p.contention}"></span>\n' for p, pct in chart))


def contention_rows(chart: Chart) -> Markup:
    """The table of contention: a row per paragraph that has any (none: "")."""
    rows = []
    for p, pct in chart:
        contention = p.contention
        if not contention:
            continue
        new = ' <span class="tag">new</span>' if p.new else ""
        rows.append(f'<tr><th scope="row"><a href="#{escape(anchor(p.ref))}">{escape(p.ref)}</a>{new}</th>'
                    f"<td>{p.proposals}</td><td>{p.contested}</td><td>{p.brackets}</td><td>{p.comments}</td>"
                    f'<td class="bar-col"><span class="bar" style="width: {pct}%"></span> '
                    f'<span class="num">{contention}</span></td></tr>\n')
    return Markup("".join(rows))


def block(b: Block) -> Markup:
    """One block of the text, as the template writes it between its ``{% for %}`` lines."""
    if isinstance(b, CompiledParagraph):
        return Markup(_paragraph(b))
    if isinstance(b, CompiledHeading):
        return Markup(_heading(b))
    if isinstance(b, NewParagraph):
        return Markup(_new_paragraph(b))
    return Markup(_moved_here(b))


def _heading(b: CompiledHeading) -> str:
    h = f"h{min(b.level + 2, 6)}"
    number = f'<span class="number">{escape(b.number)}</span> ' if b.number else ""
    out = f'<{h} class="heading" id="s-{escape(anchor(b.ref))}">{number}{escape(b.title)}</{h}>\n'
    if b.marks:
        out += f'<ul class="marks heading-marks">\n{_marks(b.marks)}</ul>\n'
    return out


def _paragraph(b: CompiledParagraph) -> str:
    busy = " has-proposals" if b.proposal_count or b.comments else ""
    label = printed_label(b.label, b.text)
    label = f'<span class="label">{escape(label)}</span> ' if label else ""
    out = (f'<div class="para depth-{b.depth}{busy}" id="{escape(anchor(b.ref))}">\n'
           f"<p>{label}{_text(b.segments)}</p>\n")
    if b.marks or b.structure or b.comments:
        structure = "".join(map(_mark, b.structure))
        out += f'<ul class="marks">\n{_marks(b.marks)}{structure}{_comments(b.comments)}</ul>\n'
    return out + "</div>\n"


def _new_paragraph(b: NewParagraph) -> str:
    p = b.proposal
    out = (f'<div class="para new depth-{b.depth}" id="{escape(anchor(b.ref))}">\n'
           f'<p><span class="label">{escape(printed_label(b.label))}</span> <span class="tag">new</span> '
           f'<ins title="{escape(title_attr(p))}">{escape(b.text)}</ins>{by(p)}</p>\n')
    if b.comments:
        out += f'<ul class="marks">\n{_comments(b.comments)}</ul>\n'
    return out + "</div>\n"


def _moved_here(b: MovedHere) -> str:
    return (f'<div class="moved-here depth-{b.depth}">\n<p>▸ Paragraph <a href="#{escape(anchor(b.ref))}">'
            f"{escape(b.ref)}</a> to be moved here{by(b.proposal)}</p>\n</div>\n")


def _marks(marks: Sequence[Proposal]) -> str:
    """Whole-paragraph (or heading) proposals, one ``<li>`` each: alternatives when several."""
    if len(marks) == 1:
        return _mark(marks[0])
    return "".join(f'<li class="mark {escape(p.kind)}"><b class="alt-label">{alt_label(i)}</b>{by(p)}: '
                   f"{mark_body(p)}</li>\n" for i, p in enumerate(marks))


def _mark(p: Proposal) -> str:
    """One whole-paragraph proposal, alone of its kind: ``<li>`` with its text and proposers."""
    return f'<li class="mark {escape(p.kind)}"><b>{mark_body(p)}</b>{by(p)}</li>\n'


def _comments(comments: Sequence[Comment]) -> str:
    """Comments under their paragraph, one ``<li>`` each: ``Comment (EU): “...”``."""
    out = []
    for cm in comments:
        who = f' <span class="by">({escape(cm.by)})</span>' if cm.by else ""
        out.append(f'<li class="mark comment"><b>Comment</b>{who}: “{escape(cm.text)}”</li>\n')
    return "".join(out)


def by(p: Proposal) -> str:
    """`` <span class="by">(EU, supported by US)</span>``: who proposes ``p``; "" when anonymous."""
    who = attribution(p)
    return f' <span class="by">({escape(who)})</span>' if who else ""


def mark_body(p: Proposal) -> str:
    """A paragraph-level proposal's words (``Delete paragraph``), with the text it proposes when it
    proposes one (``Replace paragraph with: <ins>...</ins>``)."""
    words = escape(mark_words(p))
    if shows_text(p):
        return f'{words}: <ins title="{escape(title_attr(p))}">{escape(p.inserted)}</ins>'
    return words


def _text(segments: Sequence[Segment]) -> str:
    """A paragraph's text with the proposals on it in place."""
    return "".join(escape(s.text) if isinstance(s, Kept) else _change(s) for s in segments)


def _change(ch: Change) -> str:
    """A place with proposals: the one proposal with its proposers, or the competing ones as
    alternatives (``{{ Alt 1 (EU): ... || Alt 2 (US): ... }}``)."""
    if not ch.contested:
        p = ch.proposals[0]
        runs, tail = _runs(p)
        return f'<span class="change">{runs}{by(p)}</span>{tail}'
    out = ['<span class="alts"><span class="alt-open">{{</span>']
    for i, p in enumerate(ch.proposals):
        if i:
            out.append(' <span class="alt-sep">||</span> ')
        runs, tail = _runs(p)
        out.append(f'<span class="alt"><b class="alt-label">{alt_label(i)}</b>{by(p)}: {runs}{tail}</span>')
    out.append('<span class="alt-close">}}</span></span>')
    return "".join(out)


def _runs(p: Proposal) -> tuple[str, str]:
    """A proposal's pieces as markup (insertions in ``<ins>``, deletions in ``<del>``, their edge
    whitespace outside them), and the escaped whitespace that ends it (see ``tokens``)."""
    runs, tail = tokens(p.pieces)
    title = ""
    out: list[str] = []
    for op, text in runs:
        if op == "keep":
            out.append(escape(text))
            continue
        title = title or escape(title_attr(p))
        tag = "ins" if op == "insert" else "del"
        out.append(f'<{tag} title="{title}">{escape(text)}</{tag}>')
    return "".join(out), escape(tail)


def render_html(c: Compilation) -> str:
    s = c.summary
    top = s.max_contention or 1
    chart = [(p, round(100 * p.contention / top)) for p in s.paragraphs]
    skipped = skipped_notice(c)
    language = languages.draft_language(c.document)
    return environment().get_template(TEMPLATE).render(
        c=c, s=s, chart=chart, skipped=skipped, compact=changed_only_notice(c), units=keep_with_next(c.blocks),
        stamp=stamp(c), page_stamp=Markup(css_string(stamp(c))), text_lang=text_attributes(language))



def keep_with_next(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks in printing units: each run of headings with the block after it (printed on one
    page, so that no heading is left alone at the foot of a page), every other block on its own."""
    units: list[list[Block]] = []
    headings: list[Block] = []
    for b in blocks:
        if isinstance(b, CompiledHeading):
            headings.append(b)
            continue
        units.append(headings + [b])
        headings = []
    if headings:
        units.append(headings)
    return units
