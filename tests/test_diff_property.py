"""Property: random revisions of the sample draft are recovered as such by ``compare``.

A revision is made from drafts/wsis10_zero_draft.txt by a few random operations (word edits, moves,
splits, merges, deletions, additions), renumbered 1..n, and written out with some paragraphs
hard-wrapped as in text extracted from PDF, sometimes with a page break and a page number cutting a
paragraph. The comparison must give exactly the concordance and the statuses the operations imply:
re-wrapping and page furniture are no change, renumbering alone is ``renumbered``, and nothing is
moved that was not moved.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, field

import pytest
from conftest import WSIS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendtool.diff.align import ADDED, DELETED, MERGED, MODIFIED, MOVED, RENUMBERED, SPLIT, UNCHANGED
from amendtool.diff.compare import compare
from amendtool.draft.parser import load_draft, parse_draft

SAMPLE_TEXTS = [m.group(2) for m in re.finditer(r"^\s*(\d+)\.\s+(.*)$", WSIS.read_text(encoding="utf-8"), re.M)]
OLD = load_draft(WSIS)


@dataclass
class Block:
    origins: tuple[int, ...]
    text: str
    tags: set = field(default_factory=set)


def novel_words(rng: random.Random, n: int) -> list[str]:
    """Words that occur in no draft (so an added paragraph resembles nothing)."""
    syll = ["qua", "zor", "blex", "vim", "trob", "nix", "glap", "fend", "yurt", "osk"]
    return ["qz" + "".join(rng.choice(syll) for _ in range(2)) for _ in range(n)]


def revise(rng: random.Random, base: list[Block] | None = None):
    """A random revision of the sample (or of ``base``): up to 7 edits, moves, splits, merges, deletions
    and additions, with what became of every old paragraph (``origins``, ``tags``) and which were deleted."""
    blocks = [Block(b.origins, b.text, set(b.tags)) for b in base] if base else [
        Block((i,), t) for i, t in enumerate(SAMPLE_TEXTS)]
    deleted: set[int] = set()
    log = []
    for _ in range(rng.randint(1, 7)):
        op = rng.choice(["edit", "move", "split", "merge", "delete", "add"])
        plain = [k for k, b in enumerate(blocks) if b.origins and not b.tags]
        if not plain:
            break
        k = rng.choice(plain)
        b = blocks[k]
        if op == "delete":
            deleted.update(b.origins)
            blocks.pop(k)
        elif not REVISIONS[op](rng, blocks, k):
            continue
        log.append((op, b.origins))
    return blocks, deleted, log


def _edit(rng: random.Random, blocks: list[Block], k: int) -> bool:
    b = blocks[k]
    words = b.text.split(" ")
    if len(words) < 20:
        return False
    for _ in range(rng.randint(1, 3)):
        j = rng.randrange(3, len(words))
        what = rng.choice(["replace", "insert", "delete"])
        if what == "replace":
            words[j] = novel_words(rng, 1)[0]
        elif what == "insert":
            words.insert(j, novel_words(rng, 1)[0])
        elif len(words) > 20:
            del words[j]
        else:
            words[j] = novel_words(rng, 1)[0]
    if " ".join(words) == b.text:
        return False  # the edits undid each other
    b.text = " ".join(words)
    b.tags.add("edited")
    return True


def _move(rng: random.Random, blocks: list[Block], k: int) -> bool:
    # at least three paragraphs of the old draft are passed over: a real change of place
    b = blocks.pop(k)
    choices = [
        t for t in range(len(blocks) + 1)
        if sum(1 for x in blocks[min(t, k): max(t, k)] if x.origins) >= 3
    ]
    if not choices:
        blocks.insert(k, b)
        return False
    blocks.insert(rng.choice(choices), b)
    b.tags.add("moved")
    return True


def _split(rng: random.Random, blocks: list[Block], k: int) -> bool:
    b = blocks[k]
    cuts = [m.end() for m in re.finditer(r"\. (?=[A-Z])", b.text)]
    cuts = [c for c in cuts if len(b.text[:c].split()) >= 8 and len(b.text[c:].split()) >= 8]
    if not cuts:
        return False
    c = rng.choice(cuts)
    blocks[k : k + 1] = [Block(b.origins, b.text[: c - 1], {"split"}), Block(b.origins, b.text[c:], {"split"})]
    return True


def _merge(rng: random.Random, blocks: list[Block], k: int) -> bool:
    if k + 1 >= len(blocks) or blocks[k + 1].tags or not blocks[k + 1].origins:
        return False
    b, nxt = blocks[k], blocks[k + 1]
    blocks[k : k + 2] = [Block(b.origins + nxt.origins, b.text + " " + nxt.text, {"merged"})]
    return True


def _add(rng: random.Random, blocks: list[Block], k: int) -> bool:
    text = " ".join(novel_words(rng, rng.randint(10, 20))) + "."
    blocks.insert(rng.randrange(len(blocks) + 1), Block((), text, {"added"}))
    return True


REVISIONS = {"edit": _edit, "move": _move, "split": _split, "merge": _merge, "add": _add}


def render(rng: random.Random, blocks: list[Block]) -> str:
    out = ["Revised draft", "", ""]
    page = 1
    for n, b in enumerate(blocks, 1):
        first = f"  {n}. {b.text}"
        if rng.random() < 0.35 and "repeat" not in b.tags:  # a repeat wrapped alike at each page top reads as a running header
            lines = textwrap.wrap(first, rng.randint(50, 100), subsequent_indent="  ", break_on_hyphens=False)
            # A wrapped line must not read as the start of a paragraph: no label at its start, and no
            # sentence ending the line before it (the parser reads that as a paragraph break in PDF text).
            if all(not re.match(r"\s*(\d{1,3}\.|\([a-z]{1,2}\)|\([ivx]+\))(\s|$)", ln) for ln in lines[1:]) and not any(
                re.search(r"[.;:]$", ln) for ln in lines[:-1]
            ):
                if len(lines) > 2 and rng.random() < 0.4:
                    page += 1
                    lines[1:1] = ["\f", f"Page {page}"]
                out += lines
                out += ["", ""]
                continue
        out += [first, "", ""]
    return "\n".join(out) + "\n"


def expected(blocks, deleted, n_old=None):
    n_old = len(SAMPLE_TEXTS) if n_old is None else n_old
    conc: dict[str, list[str]] = {str(i + 1): [] for i in range(n_old)}
    status: dict[tuple, str] = {}
    for n, b in enumerate(blocks, 1):
        new = str(n)
        for o in b.origins:
            conc[str(o + 1)].append(new)
        if "added" in b.tags:
            status[(None, new)] = ADDED
        elif "split" in b.tags:
            status[(str(b.origins[0] + 1), new)] = SPLIT
        elif "merged" in b.tags:
            for o in b.origins:
                status[(str(o + 1), new)] = MERGED
        else:
            old = str(b.origins[0] + 1)
            if "moved" in b.tags:
                status[(old, new)] = MOVED
            elif "edited" in b.tags:
                status[(old, new)] = MODIFIED
            else:
                status[(old, new)] = RENUMBERED if old != new else UNCHANGED
    for o in deleted:
        status[(str(o + 1), None)] = DELETED
    return {k: tuple(v) for k, v in conc.items()}, status


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_random_revision_is_recovered(seed):
    rng = random.Random(seed)
    blocks, deleted, log = revise(rng)
    text = render(rng, blocks)
    new = parse_draft(text, path="rev.txt", lenient=True)
    assert len(new.paragraphs) == len(blocks), f"parser split the revision differently ({log})"
    step = compare(OLD, new).steps[0]
    want_conc, want_status = expected(blocks, deleted)
    assert dict(step.concordance) == want_conc, log
    got_status = {(d.pair.old, d.pair.new): d.pair.status for d in step.paragraphs}
    assert got_status == want_status, log
    for d in step.paragraphs:
        p = d.pair
        if p.status in (UNCHANGED, RENUMBERED):
            assert not p.edited and not p.moved
        if p.status == MOVED:
            b = blocks[int(p.new) - 1]
            assert p.edited == ("edited" in b.tags), log


CHAPEAU = ("[Decides] [Requests] that participating Parties shall report on their implementation in accordance "
           "with the modalities and guidelines to be adopted.")


def repeated_base() -> list[Block]:
    """The sample with repeated paragraphs, as long drafts have them: ``No text`` after every sixth
    paragraph, one bracketed chapeau after every ninth, copies of three whole paragraphs further on,
    and after paragraph 29 a run of 60 chapeaus each followed by ``No text`` (nothing unique there to
    hold on to). Revisions keep them (``repeat``: never edited, moved, split, merged or deleted)."""
    texts: list[tuple[str, bool]] = []
    copies = {30: SAMPLE_TEXTS[3], 40: SAMPLE_TEXTS[10], 50: SAMPLE_TEXTS[19]}
    for i, t in enumerate(SAMPLE_TEXTS, 1):
        texts.append((t, False))
        if i % 6 == 0:
            texts.append(("No text", True))
        if i % 9 == 0:
            texts.append((CHAPEAU, True))
        if i in copies:
            texts.append((copies[i], True))
        if i == 29:
            texts += [(CHAPEAU, True), ("No text", True)] * 60
    return [Block((k,), t, {"repeat"} if rep else set()) for k, (t, rep) in enumerate(texts)]


REPEATED = repeated_base()
OLD_REPEATED = parse_draft("Zero draft with repeats\n\n\n" + "".join(f"  {k}. {b.text}\n\n\n" for k, b in enumerate(REPEATED, 1)),
                           path="repeats.txt")


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_repeated_paragraphs_align_in_order(seed):
    """A draft that repeats paragraphs (``No text``, a chapeau, copies of whole paragraphs): each
    repeat is found where it stood, in order, whatever else the revision did."""
    rng = random.Random(seed)
    blocks, deleted, log = revise(rng, REPEATED)
    new = parse_draft(render(rng, blocks), path="rev.txt", lenient=True)
    assert len(new.paragraphs) == len(blocks), f"parser split the revision differently ({log})"
    step = compare(OLD_REPEATED, new).steps[0]
    want_conc, want_status = expected(blocks, deleted, len(REPEATED))
    assert dict(step.concordance) == want_conc, log
    got_status = {(d.pair.old, d.pair.new): d.pair.status for d in step.paragraphs}
    assert got_status == want_status, log


def test_rewrapping_and_page_furniture_are_no_change():
    blocks = [Block((i,), t) for i, t in enumerate(SAMPLE_TEXTS)]
    lines = ["Zero draft, wrapped", "", ""]
    for n, b in enumerate(blocks, 1):
        wrapped = textwrap.wrap(f"  {n}. {b.text}", 64, subsequent_indent="   ", break_on_hyphens=False)
        if n == 20 and len(wrapped) > 2:
            wrapped[1:1] = ["\f", "Page 4 of 12"]
        lines += wrapped + ["", ""]
    new = parse_draft("\n".join(lines) + "\n", path="wrapped.txt", lenient=True)
    step = compare(OLD, new).steps[0]
    assert [d.pair.status for d in step.paragraphs] == [UNCHANGED] * 58
    assert step.brackets.closed == step.brackets.opened == 0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("\\`*_[]<|~ab 1.#>+-)\n\t’é")) | st.text())
def test_markdown_escape_backslashes_each_syntax_character(text):
    """``md_escape`` (one regex substitution) as it was written character by character."""
    from amendtool.render.diff.text import _MD_LINE_START, _MD_SPECIAL, _escape_line_start, md_escape

    by_character = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)
    assert md_escape(text) == _MD_LINE_START.sub(_escape_line_start, by_character, count=1)
