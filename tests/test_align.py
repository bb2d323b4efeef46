"""Paragraph alignment on plain sequences (no parser): every status, and no spurious moves."""

from __future__ import annotations

import re

import pytest
from conftest import WSIS

from amendtool.diff.align import (
    ADDED,
    DELETED,
    MERGED,
    MODIFIED,
    MOVED,
    RENUMBERED,
    SPLIT,
    UNCHANGED,
    AlignItem,
    align,
    concordance,
)
from amendtool.diff.worddiff import EQUAL, Chunk

SAMPLE = WSIS.read_text(encoding="utf-8")
TEXTS = [m.group(2) for m in re.finditer(r"^\s*(\d+)\.\s+(.*)$", SAMPLE, re.M)]


def items(texts, labels=None):
    labels = labels or [str(k + 1) for k in range(len(texts))]
    return [AlignItem(label, label, text) for label, text in zip(labels, texts, strict=True)]


def statuses(pairs):
    return {(p.old, p.new): p.status for p in pairs}


def test_sample_has_58_paragraphs():
    assert len(TEXTS) == 58


def test_identical_drafts_are_unchanged():
    pairs = align(items(TEXTS), items(TEXTS))
    assert [p.status for p in pairs] == [UNCHANGED] * 58
    assert concordance(pairs) == {str(k): (str(k),) for k in range(1, 59)}


def test_inserted_paragraph_renumbers_the_rest_without_moves():
    new = TEXTS[:5] + ["Zorbly quaxen flimmering the trobnitz of vellipsy grondars."] + TEXTS[5:]
    pairs = align(items(TEXTS), items(new))
    st = statuses(pairs)
    assert st[(None, "6")] == ADDED
    assert st[("5", "5")] == UNCHANGED
    assert st[("6", "7")] == RENUMBERED
    assert st[("58", "59")] == RENUMBERED
    assert not any(p.moved for p in pairs)
    # records come in the new draft's order
    assert [p.new for p in pairs] == [str(k) for k in range(1, 60)]


def test_moved_paragraph_is_the_only_move():
    new = list(TEXTS)
    moved = new.pop(39)  # paragraph 40
    new.insert(42, moved)  # after 43
    pairs = align(items(TEXTS), items(new))
    movers = [(p.old, p.new) for p in pairs if p.moved]
    assert movers == [("40", "43")]
    st = statuses(pairs)
    assert st[("40", "43")] == MOVED
    assert st[("41", "40")] == RENUMBERED
    assert st[("44", "44")] == UNCHANGED


def test_swap_of_neighbours_moves_one_only():
    new = list(TEXTS)
    new[9], new[10] = new[10], new[9]
    pairs = align(items(TEXTS), items(new))
    assert sum(p.moved for p in pairs) == 1


def test_moved_and_edited():
    new = list(TEXTS)
    moved = new.pop(2).replace("Building on", "Taking into account")
    new.insert(30, moved)
    pairs = align(items(TEXTS), items(new))
    rec = next(p for p in pairs if p.old == "3")
    assert (rec.new, rec.status, rec.moved, rec.edited) == ("31", MOVED, True, True)
    assert ("delete", "Building on") in [(c.op, c.text) for c in rec.changes]


def test_split_merge_delete_and_edit():
    t12 = TEXTS[11]
    cut = t12.index(". ") + 1
    new = TEXTS[:11] + [t12[:cut], t12[cut + 1 :]] + TEXTS[12:19] + [TEXTS[19] + " " + TEXTS[20]] + TEXTS[21:]
    new.remove(TEXTS[34])
    i19 = new.index(TEXTS[18])
    new[i19] = TEXTS[18].replace("access to the Internet", "meaningful access to the Internet")
    pairs = align(items(TEXTS), items(new))
    st = statuses(pairs)
    assert st[("12", "12")] == SPLIT and st[("12", "13")] == SPLIT
    assert st[("20", "21")] == MERGED and st[("21", "21")] == MERGED
    assert st[("35", None)] == DELETED
    assert st[("19", "20")] == MODIFIED
    conc = concordance(pairs)
    assert conc["12"] == ("12", "13")
    assert conc["20"] == ("21",) and conc["21"] == ("21",)
    assert conc["35"] == ()
    assert not any(p.moved for p in pairs)
    # the split's word diffs are each part's share of the old text
    first = next(p for p in pairs if (p.old, p.new) == ("12", "12"))
    assert [(c.op, c.text) for c in first.changes] == [("equal", t12[:cut])]


def test_deleted_paragraph_stands_where_it_was():
    new = TEXTS[:34] + TEXTS[35:]
    pairs = align(items(TEXTS), items(new))
    order = [(p.old, p.new) for p in pairs]
    k = order.index(("35", None))
    assert order[k - 1] == ("34", "34") and order[k + 1] == ("36", "35")


def test_rewritten_paragraph_in_place_is_modified_not_deleted_and_added():
    old = ["Alpha beta gamma delta epsilon zeta eta theta.", "We decide to convene a high-level meeting on financing in 2020.", "Omega psi chi phi upsilon tau sigma rho."]
    new = ["Alpha beta gamma delta epsilon zeta eta theta.", "We agree to convene a ministerial meeting on development financing in 2022.", "Omega psi chi phi upsilon tau sigma rho."]
    pairs = align(items(old), items(new))
    assert statuses(pairs)[("2", "2")] == MODIFIED


def test_unrelated_paragraph_in_place_is_deleted_and_added():
    old = ["Alpha beta gamma delta epsilon zeta eta theta.", "We decide to convene a meeting.", "Omega psi chi phi upsilon tau sigma rho."]
    new = ["Alpha beta gamma delta epsilon zeta eta theta.", "Zorbly quaxen flimmering trobnitz.", "Omega psi chi phi upsilon tau sigma rho."]
    st = statuses(align(items(old), items(new)))
    assert st[("2", None)] == DELETED and st[(None, "2")] == ADDED


def test_duplicate_short_paragraphs_pair_in_place():
    # "No text" stands under several options: each pairs with the one in its own place.
    old = ["Option on finance: developed countries shall provide support.", "No text", "Option on adaptation: all Parties shall plan.", "No text"]
    new = ["Option on finance: developed countries shall provide support.", "No text", "Option on adaptation: all Parties shall plan.", "No text"]
    pairs = align(items(old), items(new))
    assert [(p.old, p.new, p.status) for p in pairs] == [(str(k), str(k), UNCHANGED) for k in range(1, 5)]


ALPHA = "Alpha beta gamma delta epsilon zeta eta theta."
OMEGA = "Omega psi chi phi upsilon tau sigma rho."
RECALLING = "Recalling the outcome documents of the World Summit on the Information Society in Geneva and Tunis."
REQUESTS = "Requests the Secretary-General to report on the implementation of this resolution at its next session."
ADDED_TEXT = "Zorbly quaxen flimmering trobnitz vellipsy grondars snorp."


def test_edited_paragraphs_beside_added_ones_stay_in_place():
    # Each edited paragraph shares its gap with an added one; each is a little more similar to the
    # other's new text (0.93 and 0.80 against 0.65 and 0.73) than to its own: paired in place, as
    # modified, not as two moves crossing each other.
    eligible = ("Option 1: Developing country Parties and Parties in need of support, including countries with "
                "economies in transition, are eligible for support in the implementation of this Article.")
    in_need = "Developing country Parties in need are eligible for support in the implementation of this Article."
    old = [ALPHA, eligible, OMEGA, RECALLING, in_need, REQUESTS]
    new = [ALPHA, "Developing country Parties are eligible for support in the implementation of this Article.",
           ADDED_TEXT, OMEGA, RECALLING, "Frobnicate the quux with the wibble and the wobble of plinth.",
           "Developing country Parties in need, including countries with economies in transition, are eligible "
           "for support in this Article.", REQUESTS]
    pairs = align(items(old), items(new))
    assert [(p.old, p.new, p.status) for p in pairs] == [
        ("1", "1", UNCHANGED), ("2", "2", MODIFIED), (None, "3", ADDED), ("3", "4", RENUMBERED),
        ("4", "5", RENUMBERED), (None, "6", ADDED), ("5", "7", MODIFIED), ("6", "8", RENUMBERED)]


def test_split_and_merge_beside_a_pair_taken_in_place():
    # The whole of a split, and the larger part of a merge, are paired in place first (their gaps are
    # uneven: one paragraph became two; two became one while the paragraph between them moved to the
    # end, edited); the split and the merge are still found.
    whole = ("We commit to bridging the digital divides between and within countries, including through "
             "affordable access to broadband. We recognize the role of local content in multilingual networks.")
    first = "We commit to bridging the digital divides between and within countries, including through affordable access to broadband."
    second = "We recognize the role of local content in multilingual networks."
    short_part = "We reaffirm that the same rights that people have offline must also be protected online."
    long_part = ("We call for enhanced cooperation among Governments, the private sector and civil society to "
                 "strengthen confidence and security in the use of information and communication technologies.")
    moved = "We note with concern the gender digital divide and the barriers women face in accessing technology."
    old = [ALPHA, whole, OMEGA, RECALLING, short_part, moved, long_part, REQUESTS]
    new = [ALPHA, first, second, OMEGA, RECALLING, short_part + " " + long_part, REQUESTS,
           moved.replace("We note", "We note again")]
    st = statuses(align(items(old), items(new)))
    assert st[("2", "2")] == st[("2", "3")] == SPLIT
    assert st[("5", "6")] == st[("7", "6")] == MERGED
    assert st[("6", "8")] == MOVED
    assert DELETED not in st.values() and ADDED not in st.values()


def test_short_duplicate_not_matched_far_away():
    old = ["A long paragraph on mitigation with many words in it.", "No text", "Another long paragraph on finance and support to countries."]
    new = ["Another long paragraph on finance and support to countries.", "A long paragraph on mitigation with many words in it.", "No text"]
    pairs = align(items(old), items(new))
    assert sum(p.moved for p in pairs) == 1


def test_unlabelled_paragraphs_are_never_renumbered():
    old = [AlignItem("Preamble ¶1", None, "Being Parties to the Convention,"), AlignItem("Preamble ¶2", None, "Recognizing the need for action,")]
    new = [AlignItem("Preamble ¶1", None, "Zorbly quaxen flimmering trobnitz vellipsy."), AlignItem("Preamble ¶2", None, "Being Parties to the Convention,"),
           AlignItem("Preamble ¶3", None, "Recognizing the need for action,")]
    pairs = align(old, new)
    assert [p.status for p in pairs] == [ADDED, UNCHANGED, UNCHANGED]


def test_headings_keep_their_number_when_retitled():
    old = [AlignItem("1.2", "1.2", "Enabling Environment", "heading"), AlignItem("1.3", "1.3", "Financial Mechanisms", "heading")]
    new = [AlignItem("1.2", "1.2", "Enabling Environment", "heading"), AlignItem("1.3", "1.3", "Financing for Development", "heading")]
    assert statuses(align(old, new))[("1.3", "1.3")] == MODIFIED


def test_output_is_deterministic():
    new = list(reversed(TEXTS))
    assert align(items(TEXTS), items(new)) == align(items(TEXTS), items(new))


@pytest.mark.parametrize("n", [0, 1])
def test_empty_sides(n):
    old = items(TEXTS[:n])
    assert [p.status for p in align(old, [])] == [DELETED] * n
    assert [p.status for p in align([], old)] == [ADDED] * n


def test_a_long_run_of_repeated_paragraphs_aligns_in_order():
    """Sixty chapeaus each followed by "No text", nothing unique among them (as an options-heavy
    negotiating text has): each is found where it stood, around a deletion and an edit nearby."""
    chapeau = "[Decides] [Requests] that participating Parties shall report on their implementation."
    run = [chapeau, "No text"] * 60
    old = TEXTS[:10] + run + TEXTS[10:20]
    new = TEXTS[:9] + run + [TEXTS[10].replace("Internet", "Internet and mobile")] + TEXTS[11:20]
    pairs = align(items(old), items(new))
    conc = concordance(pairs)
    assert conc["10"] == ()
    assert all(conc[str(k)] == (str(k - 1),) for k in range(11, 131))
    assert [p.status for p in pairs if p.status not in (RENUMBERED, UNCHANGED)] == [DELETED, MODIFIED]


def test_a_pool_s_copies_give_the_same_alignment():
    from amendtool.diff.worddiff import DiffPool

    new = [t.replace(" the ", " all the ", 1) if k % 3 == 0 else t for k, t in enumerate(TEXTS)]
    new.insert(9, new.pop(30))  # a moved one: paired after the copies have the first batch
    new[9] = new[9].replace(" and ", " or ", 1)
    for k in (40, 42):  # paired in their gaps, at the end
        new[k] = " ".join(w if j % 2 else "rewritten" for j, w in enumerate(new[k].split()))
    # guessed in place and diffed early, but in the end: a deletion and an addition, and the same text
    new[46] = "An entirely different paragraph about nothing this draft has said before."
    new[49] = new[49].replace(" ", "  ", 2)
    plain = align(items(TEXTS), items(new))
    with DiffPool(2) as pool:
        assert align(items(TEXTS), items(new), pool=pool) == plain
    assert sum(p.status == MODIFIED for p in plain) > 10 and any(p.status == MOVED for p in plain)
    assert {p.status for p in plain if p.new == "47" or p.old == "47"} == {ADDED, DELETED}
    assert [p.changes for p in plain if p.new == "50"] == [(Chunk(EQUAL, new[49]),)]


def test_a_similarity_bounded_by_a_threshold_is_the_similarity_when_it_reaches_it():
    import random

    from amendtool.diff.align import _Aligner

    rng = random.Random(7)
    vocabulary = ["parties", "shall", "the", "of", "finance", "adaptation", "[may]", "and", "loss", "damage"]
    olds = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 14))) for _ in range(60)]
    news = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 14))) for _ in range(60)]
    for threshold in (0.3, 0.5, 0.65, 0.9):
        bounded, plain = _Aligner(items(olds), items(news)), _Aligner(items(olds), items(news))
        for o in range(60):
            for n in range(60):
                s, exact = bounded.sim_reaching(o, n, threshold), plain.sim(o, n)
                assert s == exact if exact >= threshold else s < threshold


def test_the_stable_chain_keeps_the_most_points_then_the_most_weight():
    """_stable_points against a quadratic reference: a chain (non-decreasing old and new) of the
    most points, then the most weight."""
    import random

    from amendtool.diff.align import _stable_points

    def best(points):  # (points, weight) of the best chain ending at each point, all pairs compared
        pts = sorted(points)
        ends = []
        for k, (o, n, w) in enumerate(pts):
            before = [(c + 1, cw + w) for (po, pn, _), (c, cw) in zip(pts[:k], ends, strict=True) if po <= o and pn <= n]
            ends.append(max(before, default=(1, w)))
        return max(ends, default=(0, 0))

    rng = random.Random(3)
    for _ in range(3000):
        n_new = rng.randint(0, 12)
        weights = {(rng.randint(0, 12), rng.randint(0, n_new)): rng.choice([0, 1, 2, 7, 1000])
                   for _ in range(rng.randint(0, 25))}
        points = [(o, n, w) for (o, n), w in weights.items()]
        chain = sorted(_stable_points(points, n_new))
        assert all(a[1] <= b[1] for a, b in zip(chain, chain[1:], strict=False))
        assert (len(chain), sum(weights[p] for p in chain)) == best(points)


def test_the_items_found_most_are_those_a_sort_of_all_gives():
    """_found_most sorts only the items found at least as often as the k-th: the same items, in the
    same order, as sorting every item by (most found, lowest)."""
    import random
    from collections import Counter

    from amendtool.diff.align import _found_most

    rng = random.Random(5)
    for _ in range(3000):
        width = rng.randint(1, 60)
        found = [rng.randrange(width) for _ in range(rng.randint(1, 300))]
        k = rng.randint(1, 30)
        counts = Counter(found)
        expected = sorted(counts, key=lambda o: (-counts[o], o))[:k]
        assert _found_most(found, width, k) == expected
