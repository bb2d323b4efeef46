"""The HTML view of a comparison: one self-contained, print-ready page (``templates/diff.html``).

Per step: a summary, the bracket progress (with the paragraphs where brackets closed or opened),
heading changes, a navigable list of the changed paragraphs, the inline redline of the whole text,
the same changes side by side, and the concordance table; for more than two drafts, the history of
every paragraph. Semantic ``<ins>``/``<del>``, readable without colour (underlined and bold, struck
through). No scripts, no external resources; all draft text is escaped by the template engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace as Record

from markupsafe import Markup, escape

from amendtool.diff.align import ADDED, DELETED, MERGED, MOVED, UNCHANGED, AlignedPair
from amendtool.diff.compare import Comparison, StepComparison
from amendtool.diff.worddiff import DELETE, EQUAL, INSERT, Chunk
from amendtool.render.diff.text import draft_names, pair_heading, status_phrase
from amendtool.render.marks import css_string, long_date, text_attributes
from amendtool.render.templating import environment

TEMPLATE = "diff.html"


def section_titles(step: StepComparison) -> tuple[dict[str, str], dict[str, str]]:
    """The sections' numbers with their titles (``1.1 Bridging the Digital Divide``), by reference in the
    old and in the new draft (the comparison keeps headings as aligned pairs whose text is the title)."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    for h in step.headings:
        if h.old is not None:
            old[h.old] = _titled(h.old, "".join(c.text for c in h.changes if c.op != "insert"))
        if h.new is not None:
            new[h.new] = _titled(h.new, "".join(c.text for c in h.changes if c.op != "delete"))
    return old, new


def _titled(ref: str, title: str) -> str:
    title = " ".join(title.split())
    return f"{ref} {title}" if title and not title.startswith(ref) else title or ref


def phrase(p: AlignedPair) -> str:
    """What happened to a paragraph, with its old number where it had another (``renumbered (was 21)``:
    a reader of the new draft looks the old one up by it)."""
    if p.status == DELETED:
        return f"deleted (was {p.old})"
    if p.status == ADDED:
        return "added"
    words = status_phrase(p)
    if p.old is not None and p.new is not None and p.old != p.new and p.status != MERGED:
        words += f" (was {p.old})"
    return words


def _joined(first: tuple[Chunk, ...], second: tuple[Chunk, ...]) -> tuple[Chunk, ...]:
    """The parts of a merged paragraph's new text as one text (a space between them where needed)."""
    a = "".join(c.text for c in first)
    b = "".join(c.text for c in second)
    gap = (Chunk("equal", " "),) if a and b and not a[-1].isspace() and not b[0].isspace() else ()
    return first + gap + second


def redline(chunks: Sequence[Chunk]) -> Markup:
    """A word diff as the page shows it: every text escaped, insertions in ``<ins>``, deletions in
    ``<del>``."""
    return Markup("".join([f"<ins>{_escaped(c.text)}</ins>" if c.op == INSERT else
                           f"<del>{_escaped(c.text)}</del>" if c.op == DELETE else _escaped(c.text) for c in chunks]))


def side(chunks: Sequence[Chunk], op: str) -> Markup:
    """One side of a word diff: the equal text and the text of ``op`` (``insert`` in ``<ins>``,
    ``delete`` in ``<del>``), escaped."""
    tag = "ins" if op == INSERT else "del"
    return Markup("".join([_escaped(c.text) if c.op == EQUAL else f"<{tag}>{_escaped(c.text)}</{tag}>"
                           for c in chunks if c.op == op or c.op == EQUAL]))


def _escaped(text: str) -> str:
    """``markupsafe.escape(text)``: a string's ``&<>'"`` replaced as markupsafe replaces them, without
    its Markup object per call (other types through ``escape``)."""
    if type(text) is not str:
        return str(escape(text))
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace(
        '"', "&#34;")


def _step_rows(s: Record) -> None:
    """The rows of a step's long lists, each line as the template's loops wrote it (see the template's
    header): the changed paragraphs' list items, every paragraph's block, the side-by-side pairs, the
    concordance's rows."""
    old_lang, new_lang, e = s.old_lang, s.new_lang, _escaped
    s.changed_items = Markup("".join([f'<li><a href="#{e(p.anchor)}">{e(p.heading)}</a></li>\n' for p in s.changed]))
    s.redline = Markup("".join([_paragraph_block(p, new_lang) for p in s.paragraphs]))
    s.side_by_side = Markup("".join([
        f'    <tbody class="pair">\n      <tr><td class="head" colspan="2"><a href="#{e(p.anchor)}">{e(p.heading)}</a>'
        f'</td></tr>\n      <tr><td{old_lang}>{side(p.chunks, DELETE)}</td><td{new_lang}>{side(p.chunks, INSERT)}'
        f'</td></tr>\n    </tbody>\n' for p in s.changed]))
    s.concordance_rows = Markup("".join([
        f"<tr><td>{e(r.old)}</td><td>{_linked(r.anchor, r.new)}</td><td>{e(r.status)}</td></tr>\n"
        for r in s.concordance]))


def _paragraph_block(p: Record, lang: str) -> str:
    """A paragraph of the redline: its section's title first where a section begins, then the
    paragraph with its number, its words' changes and what happened to it."""
    e = _escaped
    title = f'<div class="section-title"{lang}>{e(p.section_title)}</div>' if p.section_title else ""
    text = f'<em class="muted">(moved here without changes)</em> {e(p.text)}' if p.moved_only else redline(p.chunks)
    status = f'<span class="status">{e(p.phrase)}</span>' if p.show_status else ""
    return (f'{title}  <div class="para {e(p.status)}" id="{e(p.anchor)}"{lang}><span class="ref">{e(p.label)}</span>'
            f"{text}{status}</div>\n")


def _linked(anchor: str | None, text: str) -> str:
    """``text`` escaped, linked to ``#anchor`` when there is one."""
    return f'<a href="#{_escaped(anchor)}">{_escaped(text)}</a>' if anchor else _escaped(text)


def _step_context(k: int, step: StepComparison, old_name: str, new_name: str) -> Record:
    """What the template shows of a step. Records, not dicts, all through the page's context: the
    template engine reads a name as an attribute first (a dict's key only after an AttributeError)."""
    sid = f"step{k + 1}"
    paragraphs: list[Record] = []
    changed = []
    bracket_rows = []
    anchor_of_new: dict[str, str] = {}
    old_titles, new_titles = section_titles(step)
    last_section: object = object()
    for i, d in enumerate(step.paragraphs):
        p = d.pair
        last = paragraphs[-1] if paragraphs else None
        if p.status == MERGED and last is not None and last.status == MERGED and last.label == p.new:
            # a merged paragraph is one paragraph of the new draft: its parts (one record per old
            # paragraph) make one block, not several with the same number
            last.chunks = _joined(last.chunks, p.changes)
            last.text = "".join(c.text for c in last.chunks)
            continue
        anchor = f"{sid}-p{i + 1}"
        if p.new is not None and p.new not in anchor_of_new:
            anchor_of_new[p.new] = anchor
        section = d.new_section if p.new is not None else d.old_section
        titles = new_titles if p.new is not None else old_titles
        heading = pair_heading(p)
        entry = Record(
            anchor=anchor,
            status=p.status,
            label=p.new if p.new is not None else p.old,
            heading=heading,
            phrase=phrase(p),
            show_status=p.status != UNCHANGED,
            chunks=p.changes,
            moved_only=p.status == MOVED and not p.edited,
            text="".join(c.text for c in p.changes),
            section_title=titles.get(section, section) if section is not None and section != last_section else None,
        )
        last_section = section
        paragraphs.append(entry)
        if d.changed:
            changed.append(entry)
        if d.brackets.closed or d.brackets.opened:
            bracket_rows.append(Record(anchor=anchor, heading=heading, closed=d.brackets.closed,
                                       opened=d.brackets.opened))
    statuses: dict[str, str] = {}
    for d in step.paragraphs:
        if d.pair.old is not None and d.pair.old not in statuses:
            statuses[d.pair.old] = status_phrase(d.pair)
    concordance = []
    for ref, targets in step.concordance:
        concordance.append(Record(
            old=ref,
            new=", ".join(targets) if targets else "—",
            anchor=anchor_of_new.get(targets[0]) if targets else None,
            status=statuses[ref],
        ))
    for d in step.paragraphs:
        if d.pair.status == ADDED and d.pair.new is not None:
            concordance.append(Record(old="—", new=d.pair.new, anchor=anchor_of_new.get(d.pair.new), status="added"))
    counts = step.counts()
    return Record(
        id=sid,
        old_name=old_name,
        new_name=new_name,
        summary=[(s, n) for s, n in counts.items()],
        brackets=Record(old=step.brackets.old, new=step.brackets.new, closed=step.brackets.closed,
                        opened=step.brackets.opened, still_open=step.brackets.still_open),
        bracket_rows=bracket_rows,
        headings=[Record(heading=pair_heading(h), chunks=h.changes) for h in step.headings if h.status != UNCHANGED],
        changed=changed,
        paragraphs=paragraphs,
        concordance=concordance,
    )


def render_html(c: Comparison, *, issued: str = "", fingerprint: str = "") -> str:
    """The page; ``issued`` (the day, YYYY-MM-DD) and ``fingerprint`` (of the drafts' text) go into the
    stamp printed on every page."""
    names = draft_names(c)
    drafts = [Record(name=n, path=d.path, title=d.title, paragraphs=d.paragraphs, bracket_groups=d.bracket_groups)
              for n, d in zip(names, c.drafts, strict=True)]
    steps = [_step_context(k, s, names[k], names[k + 1]) for k, s in enumerate(c.steps)]
    for k, step in enumerate(steps):  # the drafts' own text in its language and direction
        step.old_lang = text_attributes(c.drafts[k].language)
        step.new_lang = text_attributes(c.drafts[k + 1].language)
        _step_rows(step)
    history = []
    for row in c.history:
        closed = row.brackets_closed_in()
        brackets = " → ".join("–" if b is None else str(b) for b in row.brackets)
        if closed is not None:
            brackets += f" (closed in {names[closed]})"
        history.append(Record(
            refs=[", ".join(r) if r else "–" for r in row.refs],
            changed=", ".join(names[k] for k in row.changed_in()) or "–",
            brackets=brackets,
        ))
    title = "Comparison: " + " → ".join(names)
    stamp = ", ".join(["Comparison of " + " and ".join(names)] + ([long_date(issued)] if issued else [])
                      + ([f"inputs {fingerprint}"] if fingerprint else []))
    return environment().get_template(TEMPLATE).render(title=title, drafts=drafts, steps=steps, history=history,
                                                       stamp=stamp, page_stamp=Markup(css_string(stamp)),
                                                       redline=redline)
