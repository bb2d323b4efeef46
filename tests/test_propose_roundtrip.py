"""Round trip: ``consolidate --accept 'CODE-*' --renumber`` of what ``propose`` writes from an edited copy
gives the edited copy's paragraphs, in its order, with its text.

The edited copies are made by random edits of the sample draft: words replaced, inserted and deleted,
paragraphs added, deleted, moved, split and merged, and everything renumbered.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import WSIS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendtool.amend.resolve import check_amendments
from amendtool.compile import compile_drafts
from amendtool.consolidate import consolidate
from amendtool.diff.proposal import propose
from amendtool.draft.parser import load_draft, parse_draft

BASE = load_draft(WSIS)
VOCABULARY = (
    "digital", "inclusive", "sustainable", "partnership", "resilient", "affordable", "capacity",
    "innovation", "governance", "stakeholders", "meaningful", "connectivity", "cooperation", "equitable",
    "the", "and", "of", "to", "in", "further", "universal", "broadband", "gender", "youth",
)
WORD = re.compile(r"^[A-Za-z]+$")

EDIT_KINDS = ("replace-word", "insert-word", "delete-word", "add", "delete", "move", "split", "merge")


FIRST = {p.ref: k for k, p in enumerate(BASE.paragraphs)}
HEADINGS = sorted(
    (FIRST[next(n.ref for n in BASE.iter_nodes() if n in s.children and hasattr(n, "text"))], s.heading.render())
    for s in BASE.sections
)
"""(index of the section's first paragraph in the base, the heading's lines)"""


def render(title: str, texts: list[str], origins: list[int]) -> str:
    """An edited copy as a delegate would save it: the title, the headings where their paragraphs
    went, every paragraph numbered afresh."""
    out = [title]
    h = 0
    for k, (text, origin) in enumerate(zip(texts, origins, strict=True), 1):
        while h < len(HEADINGS) and HEADINGS[h][0] <= origin:
            out.append(HEADINGS[h][1] + "\n")
            h += 1
        out.append(f"  {k}. {text}\n\n\n")
    return "".join(out)


@st.composite
def edited_copies(draw):
    texts = [p.text for p in BASE.paragraphs]
    origins = list(range(len(texts)))
    edits = draw(st.lists(st.sampled_from(EDIT_KINDS), min_size=1, max_size=25))
    for step, kind in enumerate(edits):
        i = draw(st.integers(0, len(texts) - 1))
        words = texts[i].split(" ")
        if kind in ("replace-word", "delete-word"):
            plain = [k for k, w in enumerate(words) if WORD.match(w)]
            if len(plain) < 4:
                continue
            k = draw(st.sampled_from(plain))
            if kind == "replace-word":
                words[k] = draw(st.sampled_from(VOCABULARY))
            else:
                del words[k]
            texts[i] = " ".join(words)
        elif kind == "insert-word":
            k = draw(st.integers(0, len(words)))
            words.insert(k, draw(st.sampled_from(VOCABULARY)))
            texts[i] = " ".join(words)
        elif kind == "add":
            new = draw(st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=20))
            # distinct texts: identical new paragraphs in one place are one proposal (compilation merges them)
            texts.insert(i, f"We {' '.join(new)} (item {step}).")
            origins.insert(i, origins[i])
        elif kind == "delete" and len(texts) > 5:
            del texts[i], origins[i]
        elif kind == "move":
            text, origin = texts.pop(i), origins.pop(i)
            at = draw(st.integers(0, len(texts)))
            texts.insert(at, text)
            origins.insert(at, origin)
        elif kind == "split" and len(words) >= 12:
            k = draw(st.integers(4, len(words) - 4))
            head = " ".join(words[:k])
            if head.count("[") != head.count("]"):
                continue  # a bracket around two paragraphs is not something an amendment file can say
            texts[i : i + 1] = [" ".join(words[:k]), " ".join(words[k:])]
            origins.insert(i, origins[i])
        elif kind == "merge" and i + 1 < len(texts):
            texts[i : i + 2] = [texts[i] + " " + texts[i + 1]]
            del origins[i + 1]
    return render(BASE.title.render(), texts, origins), edits


def roundtrip(tmp_path, edited_text: str):
    edited = parse_draft(edited_text, path=str(tmp_path / "edited.txt"))
    proposal = propose(BASE, edited, "DEL")
    amend = tmp_path / "del.amend"
    amend.write_text(proposal.text, encoding="utf-8")
    checked = check_amendments(BASE, [amend])
    assert not checked.errors, "\n".join(d.format() for d in checked.errors) + "\n" + proposal.text
    compile_drafts(BASE, checked.files)  # compile accepts it as written
    result = consolidate(BASE, checked.files, accept=["DEL-*"], renumber=True)
    return edited, proposal, result


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edited_copies())
def test_consolidating_a_proposal_gives_the_edited_copy(tmp_path, case):
    edited_text, _edits = case
    edited, proposal, result = roundtrip(tmp_path, edited_text)
    got = [p.text for p in result.document.paragraphs]
    want = [p.text for p in edited.paragraphs]
    assert got == want, proposal.text
    assert not result.open and not result.dropped
    # every paragraph numbered afresh, as in the edited copy
    assert [p.label for p in result.document.paragraphs] == [p.label for p in edited.paragraphs]


def test_unchanged_copy_proposes_nothing(tmp_path):
    edited, proposal, result = roundtrip(tmp_path, BASE.source)
    assert proposal.operations == ()
    assert result.text == BASE.source


def _groups(doc):
    return Counter((p.ref, g.alternatives) for p in doc.paragraphs for g in p.bracket_groups)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edited_copies(), edited_copies())
def test_two_delegations_one_accepted_the_other_in_brackets(tmp_path, one, two):
    """Delegation A's file accepted, B's bracketed: the next revision parses, and its bracket groups
    are B's open proposals (and the base's one group, where B left it alone)."""
    paths = []
    for code, (text, _edits) in (("A", one), ("B", two)):
        proposal = propose(BASE, parse_draft(text, path=f"{code}.txt"), code)
        path = tmp_path / f"{code}.amend"
        path.write_text(proposal.text, encoding="utf-8")
        paths.append(path)
    checked = check_amendments(BASE, paths)
    assert not checked.errors
    result = consolidate(BASE, checked.files, accept=["A-*"], rest="bracket")
    again = parse_draft(result.text, path="next.txt")
    expected = Counter((o.ref, o.alternatives) for o in result.open)
    files = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    assert not expected - _groups(again), files
    # besides them only the groups A's accepted text has anyway (the base's [World Summit] [High Level
    # Meeting], possibly holding an open proposal of B, or cut in two by an accepted word) and those
    # that B's proposed texts copy inside their brackets
    alone = consolidate(BASE, checked.files[:1], accept=["A-*"])
    copied = sum(a.count("[") for o in result.open for a in o.alternatives)
    assert sum(_groups(again).values()) <= len(result.open) + sum(_groups(alone.document).values()) + copied
