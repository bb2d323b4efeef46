"""The Word writer's two ways of building a body give the same XML: ``TextBody`` (XML text, the
compilation's) writes what ``Body`` (lxml elements) writes for the same calls, and ``comments_part``
what the element by element version wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from amendtool.docx.package import W, xml_bytes
from amendtool.docx.writer import Body, Fmt, TextBody, _initials, comments_part, document, sub

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", " a", "a ", "a  b", "\t", "a\tb\t", "\t\tc", 'x&<>"\'', "]]>", "line\nbreak\r", "\x00\x0b\ufffe"])
NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n\r&<>\"'"),
               min_size=1, max_size=8)
FMT = st.builds(Fmt, bold=st.booleans(), italic=st.booleans(), underline=st.booleans(), strike=st.booleans(),
                size=st.none() | st.integers(0, 40))
TAG = st.sampled_from(["ins", "del", "moveFrom", "moveTo"])
ACTION = st.one_of(
    st.tuples(st.just("paragraph"), st.none() | st.sampled_from(["Heading1", "Title", "a&b"]), st.integers(0, 3),
              st.booleans(), st.none() | st.sampled_from(["center", "both"])),
    st.tuples(st.just("run"), TEXT, FMT, st.booleans()),
    st.tuples(st.just("tracked"), TAG, TEXT, NAME, FMT),
    st.tuples(st.just("mark"), TAG, NAME),
    st.tuples(st.just("comment"), st.integers(0, 3), st.integers(0, 4), st.integers(0, 3), NAME, TEXT),
)


def _play(body, actions) -> None:
    paragraphs: list = []
    items: list[list] = []
    for action in actions:
        kind = action[0]
        if kind == "paragraph":
            _, style, indent, keep_next, align = action
            paragraphs.append(body.paragraph(style, indent, keep_next=keep_next, align=align))
            items.append([])
            continue
        if not paragraphs:
            paragraphs.append(body.paragraph())
            items.append([])
        if kind == "run":
            _, text, fmt, deleted = action
            items[-1].append(body.run(paragraphs[-1], text, fmt, deleted=deleted))
        elif kind == "tracked":
            _, tag, text, author, fmt = action
            made = body.tracked(paragraphs[-1], tag, text, author, "2015-10-21T00:00:00Z", fmt)
            if made is not None:
                items[-1].append(made)
        elif kind == "mark":
            body.mark(paragraphs[-1], action[1], action[2], "2000-01-01T00:00:00Z")
        else:
            _, back, start, length, author, text = action
            k = len(paragraphs) - 1 - back % len(paragraphs)
            body.comment(paragraphs[k], items[k][start:start + length], author, "2000-01-01T00:00:00Z", text)


@settings(max_examples=150, deadline=None)
@given(st.lists(ACTION, max_size=25), st.booleans())
def test_text_body_writes_what_body_writes(actions, footer):
    elements, text = Body(), TextBody()
    _play(elements, actions)
    _play(text, actions)
    elements.section(footer=footer)
    text.section(footer=footer)
    assert text.document_xml() == xml_bytes(document(elements))
    assert text.comments == elements.comments


def _comments_by_element(comments) -> bytes:
    """``comments_part`` as it was written element by element."""
    root = etree.Element(f"{{{W}}}comments", nsmap={"w": W})
    for cid, author, date, text, initials in comments:
        c = sub(root, "comment", id=cid, author=author, date=date, initials=initials)
        p = sub(c, "p")
        sub(sub(p, "pPr"), "pStyle", "CommentText")
        ref = sub(p, "r")
        sub(sub(ref, "rPr"), "rStyle", "CommentReference")
        sub(ref, "annotationRef")
        Body.run(p, text)
    return xml_bytes(root)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(NAME, TEXT), max_size=5))
def test_comments_part_is_what_the_elements_give(notes):
    comments = [(k, author, "2015-10-21T00:00:00Z", text) for k, (author, text) in enumerate(notes)]
    expected = _comments_by_element([(*c, _initials(c[1])) for c in comments])
    assert comments_part(comments) == expected

