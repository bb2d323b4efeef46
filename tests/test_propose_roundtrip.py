"""Round trip: ``consolidate --accept 'CODE-*' --renumber`` of what ``propose`` writes from an edited copy
gives the edited copy's paragraphs, in its order, with its text.

The edited copies are made by random edits of the sample draft: words replaced, inserted and deleted,
paragraphs added, deleted, moved, split and merged, and everything renumbered.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from amendtool.compilation import compile_drafts
from amendtool.consolidate import consolidate
from amendtool.parser import load_draft, parse_draft
from amendtool.propose import propose
from amendtool.resolve import check_amendments

from conftest import WSIS

BASE = load_draft(WSIS)
VOCABULARY = (
    "digital", "inclusive", "sustainable", "partnership", "resilient", "affordable", "capacity",
    "innovation", "governance", "stakeholders", "meaningful", "connectivity", "cooperation", "equitable",
    "the", "and", "of", "to", "in", "further", "universal", "broadband", "gender", "youth",
)
WORD = re.compile(r"^[A-Za-z]+$")

EDIT_KINDS = ("replace-word", "insert-word", "delete-word", "add", "delete", "move", "split", "merge")


def render(title: str, texts: list[str]) -> str:
    """An edited copy as a delegate would save it: the title, then every paragraph numbered afresh."""
    return title + "".join(f"  {k}. {text}\n\n\n" for k, text in enumerate(texts, 1))


@st.composite
def edited_copies(draw):
    texts = [p.text for p in BASE.paragraphs]
    edits = draw(st.lists(st.sampled_from(EDIT_KINDS), min_size=1, max_size=12))
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
        elif kind == "delete" and len(texts) > 5:
            del texts[i]
        elif kind == "move":
            text = texts.pop(i)
            texts.insert(draw(st.integers(0, len(texts))), text)
        elif kind == "split" and len(words) >= 12:
            k = draw(st.integers(4, len(words) - 4))
            texts[i : i + 1] = [" ".join(words[:k]), " ".join(words[k:])]
        elif kind == "merge" and i + 1 < len(texts):
            texts[i : i + 2] = [texts[i] + " " + texts[i + 1]]
    return render(BASE.title.render(), texts), edits


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


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
