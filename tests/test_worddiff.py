"""Word-level diff: whole words, whole brackets, whitespace and wrapping are no change."""

from __future__ import annotations

import os
import random
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amendtool.diff.worddiff import (
    DELETE,
    EQUAL,
    INSERT,
    change_count,
    lcs_diff,
    new_text,
    old_text,
    tokenize,
    word_diff,
    word_diff_parts,
)


def ops(chunks):
    return [(c.op, c.text) for c in chunks]


def test_replacement_reads_as_words():
    assert ops(word_diff("almost 10 per cent of the world", "nearly 10 per cent of the world")) == [
        (DELETE, "almost"),
        (INSERT, "nearly"),
        (EQUAL, " 10 per cent of the world"),
    ]


def test_insertion_inside_sentence():
    chunks = word_diff("provide universal and affordable access", "provide universal and affordable meaningful access")
    # the inserted word alone is marked; its space is no change
    assert ops(chunks) == [(EQUAL, "provide universal and affordable "), (INSERT, "meaningful"), (EQUAL, " access")]
    assert change_count(chunks) == 1


def test_semantic_cleanup_gives_phrases():
    chunks = word_diff("The quick brown fox jumps", "A slow red fox jumps")
    assert ops(chunks) == [(DELETE, "The quick brown"), (INSERT, "A slow red"), (EQUAL, " fox jumps")]


def test_whitespace_and_wrapping_are_no_change():
    assert ops(word_diff("we agree to   do\nthis", "we agree to do this")) == [(EQUAL, "we agree to do this")]
    assert ops(word_diff("a,b c", "a, b c")) == [(EQUAL, "a, b c")]


def test_quote_style_is_no_change():
    assert ops(word_diff("“Party” means", '"Party" means')) == [(EQUAL, '"Party" means')]


def test_identical_and_empty():
    assert word_diff("", "") == ()
    assert ops(word_diff("", "new text")) == [(INSERT, "new text")]
    assert ops(word_diff("old text", "")) == [(DELETE, "old text")]
    assert ops(word_diff("same", "same")) == [(EQUAL, "same")]


def test_hyphenated_words_and_apostrophes_are_one_token():
    assert tokenize("people-centred Party’s [x]") == ("people-centred", " ", "Party’s", " ", "[", "x", "]")


def test_word_never_cut():
    chunks = word_diff("people-centred society", "people-centered society")
    assert ops(chunks) == [(DELETE, "people-centred"), (INSERT, "people-centered"), (EQUAL, " society")]


def test_chinese_falls_back_to_characters():
    assert ops(word_diff("我们同意这个案文", "我们不同意这个案文")) == [(EQUAL, "我们"), (INSERT, "不"), (EQUAL, "同意这个案文")]


def test_japanese_mixed_with_latin():
    chunks = word_diff("パリ協定 Article 2", "パリの協定 Article 2")
    assert ops(chunks) == [(EQUAL, "パリ"), (INSERT, "の"), (EQUAL, "協定 Article 2")]


def test_bracket_alternative_retained_is_one_replacement():
    # Never "{-[furtherance][-}pursuit{-]-}": the bracket around "pursuit" is not cut in half.
    assert ops(word_diff("In [furtherance][pursuit] of the objective", "In pursuit of the objective")) == [
        (EQUAL, "In "),
        (DELETE, "[furtherance][pursuit]"),
        (INSERT, "pursuit"),
        (EQUAL, " of the objective"),
    ]


def test_deleting_one_alternative_keeps_the_other_whole():
    assert ops(word_diff("[a] [b] c", "[b] c")) == [(DELETE, "[a] "), (EQUAL, "[b] c")]


def test_brackets_removed_stay_separate_marks():
    assert ops(word_diff("[The Parties] agree", "The Parties agree")) == [
        (DELETE, "["),
        (EQUAL, "The Parties"),
        (DELETE, "]"),
        (EQUAL, " agree"),
    ]


def test_bracket_moved_is_shown_as_brackets_only():
    assert ops(word_diff("[a b] c", "[a b c]")) == [(EQUAL, "[a b"), (DELETE, "]"), (EQUAL, " c"), (INSERT, "]")]


def test_nested_bracket_resolved():
    assert ops(word_diff("a [b [c] d] e", "a [b c d] e")) == [
        (EQUAL, "a [b "),
        (DELETE, "[c]"),
        (INSERT, "c"),
        (EQUAL, " d] e"),
    ]


def test_split_parts():
    segs = word_diff_parts(("We agree to this. We also decide that.",), ("We agree to this.", "We further decide that."))
    assert [ops(s) for s in segs] == [
        [(EQUAL, "We agree to this.")],
        [(EQUAL, "We "), (DELETE, "also"), (INSERT, "further"), (EQUAL, " decide that.")],
    ]


def test_merge_parts():
    segs = word_diff_parts(("First part here.", "Second part there."), ("First part here. Second part there.",))
    assert [ops(s) for s in segs] == [[(EQUAL, "First part here.")], [(EQUAL, "Second part there.")]]


# ---------------------------------------------------------------------------------------------------
# Properties

WORDS = ["the", "Parties", "shall", "[", "]", "agree", ",", "[World Summit]", "per cent", "10", "we", "we’re", "“quoted”"]
texts = st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join)


def cut_inside_word(chunks, text_tokens_side: str) -> bool:
    """Whether a chunk boundary falls inside a word of the given side's text."""
    side = [c for c in chunks if c.op != (DELETE if text_tokens_side == "new" else INSERT)]
    pos = 0
    boundaries = set()
    for c in side:
        pos += len(c.text)
        boundaries.add(pos)
    text = "".join(c.text for c in side)
    starts = {0}
    for m in re.finditer(r"\w+", text):
        starts.update(range(m.start() + 1, m.end()))
    inner = {i for m in re.finditer(r"[\w’'-]+", text) for i in range(m.start() + 1, m.end())}
    return bool(boundaries & inner)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_diff_reconstructs_both_sides(a, b):
    chunks = word_diff(a, b)
    assert new_text(chunks) == b
    # the old side is the old text's words and punctuation, in order; whitespace is no change (an
    # inserted space stays in the equal text, e.g. "[World Summit]" -> "[ ]" reads "[{-World Summit-} ]")
    def units(text):
        return re.findall(r"\w+|[^\w\s]", text.translate(str.maketrans("“”", '""')))

    assert units(old_text(chunks)) == units(a)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_no_word_cut(a, b):
    chunks = word_diff(a, b)
    assert not cut_inside_word(chunks, "new")
    assert not cut_inside_word(chunks, "old")


def side_tokens(chunks, side_op):
    """Tokens of one side (old: equal + delete, new: equal + insert) with their change hunk
    (adjacent deletes and inserts form one hunk; None when unchanged)."""
    out = []
    hunk = -1
    in_change = False
    for c in chunks:
        if c.op == EQUAL:
            in_change = False
        elif not in_change:
            hunk += 1
            in_change = True
        if c.op in (EQUAL, side_op):
            out.extend((tok, None if c.op == EQUAL else hunk) for tok in tokenize(c.text))
    return out


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(texts, texts)
def test_no_bracket_cut_in_half(a, b):
    """A change hunk that holds words and one bracket of a pair holds its partner too."""
    chunks = word_diff(a, b)
    for side_op in (DELETE, INSERT):
        marks = side_tokens(chunks, side_op)
        stack = []
        for idx, (tok, hunk) in enumerate(marks):
            if tok == "[":
                stack.append(idx)
            elif tok == "]" and stack:
                lo = stack.pop()
                ha, hb = marks[lo][1], hunk
                if ha == hb:
                    continue
                for h in (ha, hb):
                    if h is not None:
                        wordy = [t for t, hh in marks if hh == h and t not in ("[", "]") and not t.isspace()]
                        assert not wordy, (a, b, chunks)


def _lcs_length(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc ", max_size=14), st.text(alphabet="abcd ", max_size=14))
def test_lcs_diff_is_a_longest_common_subsequence(a, b):
    """The diff under every word diff: it rebuilds both strings, and what it keeps is a longest common
    subsequence (as the textbook table counts it)."""
    diffs = lcs_diff(a, b)
    assert "".join(t for op, t in diffs if op != 1) == a
    assert "".join(t for op, t in diffs if op != -1) == b
    assert sum(len(t) for op, t in diffs if op == 0) == _lcs_length(a, b)
    assert all(t for _, t in diffs) and all(x[0] != y[0] for x, y in zip(diffs, diffs[1:], strict=False))  # runs, merged


def _bit_parallel_lcs_diff(a: str, b: str) -> list[tuple[int, str]]:
    """The LCS diff the word diffs were written and checked with (Hyyrö's bit-parallel LCS, Python
    integers as bit vectors, traced back from the end), kept here as the reference for rapidfuzz's."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    s = full
    rows = []
    for ch in b:
        u = s & masks.get(ch, 0)
        s = ((s + u) | (s - u)) & full
        rows.append(s)
    ops: list[int] = []  # from the end
    col, row = len(a), len(b)
    while row and col:
        if rows[row - 1] >> (col - 1) & 1:
            col -= 1
            ops.append(-1)
        else:
            row -= 1
            if row and not rows[row - 1] >> (col - 1) & 1:
                ops.append(1)
            else:
                col -= 1
                ops.append(0)
    ops += [-1] * col + [1] * row
    diffs: list[tuple[int, str]] = []
    i = j = 0
    for code in reversed(ops):
        piece = b[j] if code == 1 else a[i]
        i += code != 1
        j += code != -1
        if diffs and diffs[-1][0] == code:
            diffs[-1] = (code, diffs[-1][1] + piece)
        else:
            diffs.append((code, piece))
    return diffs


_CODES = st.sampled_from(["\ue000", "\ue001", "\ue002", "\ue003", "\ue004"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_CODES, min_size=1, max_size=60).map("".join), st.lists(_CODES, min_size=1, max_size=60).map("".join))
def test_lcs_diff_keeps_the_earliest_matches_as_the_reference_does(a, b):
    """Where two longest common subsequences tie, which one is kept decides how a word diff reads; on
    the strings diff_main gives it (no common first or last character), rapidfuzz keeps the same as
    the Python version the goldens were made with (a rapidfuzz release that changed this would show
    here first)."""
    assume(a[0] != b[0] and a[-1] != b[-1])
    assert lcs_diff(a, b) == _bit_parallel_lcs_diff(a, b)


def test_lcs_diff_of_long_sequences_is_the_reference_s():
    """Sequences of thousands of paragraphs (``align`` diffs the drafts' sequences of texts) take
    rapidfuzz's blocks of 64 bits: the same diff as one Python integer gives."""
    rng = random.Random(7)
    for _ in range(20):
        a = "".join(chr(0xE000 + rng.randrange(40)) for _ in range(rng.randrange(100, 3000)))
        edited = list(a)
        for _ in range(rng.randrange(1, 60)):
            p = rng.randrange(len(edited))
            edited[p : p + rng.randrange(3)] = [chr(0xE000 + rng.randrange(45))] * rng.randrange(3)
        b = "\uf000" + "".join(edited) + "\uf001"
        assert lcs_diff(a, b) == _bit_parallel_lcs_diff(a, b)


# Texts made of every kind of character the tokenizers tell apart: letters (Latin, accented, Greek,
# Arabic), digits, the joiners, underscores, whitespace of several kinds, punctuation and brackets, and
# now and then a combining accent or a character of a script written without spaces.
_KINDS = "aZé9ßΩب'’-‐_ \t\n\u00a0\u2003.,;[]()\"“"
mixed_texts = st.text(alphabet=st.sampled_from(list(_KINDS) + ["\u0301", "中", "ก"]), max_size=40)


@settings(max_examples=500, deadline=None)
@given(mixed_texts)
def test_plain_tokenizer_gives_the_full_one_s_tokens(text):
    from amendtool.diff.worddiff import _token_re

    assert tokenize(text) == tuple(_token_re().findall(text))


@settings(max_examples=500, deadline=None)
@given(mixed_texts)
def test_plain_words_are_the_full_tokenizer_s_words(text):
    from amendtool.diff.align import _comparison_word, _word_tokens, words

    assert words(text) == tuple(map(_comparison_word, filter(None, _word_tokens().findall(text))))
    assert "".join(tokenize(text)) == text


# ASCII texts take their own patterns (``worddiff._ASCII_TOKEN_RE``, ``align._ASCII_WORDS_NO_UNDERSCORE``):
# every ASCII character, the separators U+001C-U+001F (whitespace to ``\s``) and the joiners included.
ascii_texts = st.text(alphabet=st.sampled_from([chr(c) for c in range(128)] + list("aZ9'-_ [] \x1c\x1f")),
                      max_size=40)


@settings(max_examples=1000, deadline=None)
@given(ascii_texts)
def test_ascii_tokens_and_words_are_the_full_tokenizer_s(text):
    from amendtool.diff.align import _comparison_word, _word_tokens, words

    assert tokenize(text) == tuple(_token_re_full().findall(text))
    assert words(text) == tuple(map(_comparison_word, filter(None, _word_tokens().findall(text))))


# Printable ASCII (a paragraph's text: single spaces) is cut at its spaces (``worddiff._spaced_tokens``).
printable_texts = st.text(alphabet=st.sampled_from([chr(c) for c in range(32, 127)] + list("aZ9 '-_[]")), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(printable_texts)
def test_printable_ascii_tokens_are_the_full_tokenizer_s(text):
    assert tokenize(text) == tuple(_token_re_full().findall(text))


def test_ascii_patterns_on_the_separators_and_joiners():
    from amendtool.diff.align import words

    assert tokenize("a\x1c\x1fb_c'd-e- 'f") == ("a", "\x1c\x1f", "b", "_", "c'd-e", "-", " ", "'", "f")
    assert tokenize(" We [agree]  to, it ") == (" ", "We", " ", "[", "agree", "]", "  ", "to", ",", " ", "it", " ")
    assert tokenize(" We [agree] to, it ") == (" ", "We", " ", "[", "agree", "]", " ", "to", ",", " ", "it", " ")
    assert words("Party's self-help\x1cx-") == ("party's", "self-help", "x")  # (no ``_``: the ASCII pattern)


def _token_re_full():
    from amendtool.diff.worddiff import _token_re

    return _token_re()


_PIECES = st.text(alphabet="ab", min_size=1, max_size=3) | st.text(alphabet="abcdef", min_size=1, max_size=8)


@st.composite
def _diffs(draw):
    """Diffs as diff_main leaves them: equalities between runs of edits (a deletion, an insertion, or both)."""
    diffs = []
    equal = draw(st.booleans())
    for _ in range(draw(st.integers(min_value=0, max_value=16))):
        if equal:
            diffs.append((0, draw(_PIECES)))
        else:
            for op in draw(st.sampled_from([(-1,), (1,), (-1, 1)])):
                diffs.append((op, draw(_PIECES)))
        equal = not equal
    return diffs


@settings(max_examples=1000, deadline=None)
@given(_diffs())
def test_semantic_cleanup_is_the_library_s(diffs):
    from diff_match_patch import diff_match_patch

    from amendtool.diff.worddiff import _DMP

    expected = list(diffs)
    diff_match_patch().diff_cleanupSemantic(expected)
    ours = list(diffs)
    _DMP.diff_cleanupSemantic(ours)
    assert ours == expected


def test_word_diffs_shared_with_forked_processes_are_the_same():
    from amendtool.diff.worddiff import MIN_SHARE, word_diffs

    pairs = [(f"The Parties [shall] note {k} options in Article {k}.", f"The Parties should note {k + 1} options in Article {k}.")
             for k in range(2 * MIN_SHARE + 7)]
    assert word_diffs(pairs, workers=3) == [word_diff(a, b) for a, b in pairs]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "［", "】", "a", " ", "b", "  "]), max_size=30), st.frozensets(st.integers(0, 30)))
def test_bracket_pairs_are_matched_within_each_part(tokens, bounds):
    from amendtool.diff.worddiff import _bracket_pairs

    stack: list[int] = []
    expected = []
    for k, tok in enumerate(tokens):  # the plain way: every token, the stack emptied where a part starts
        if k in bounds:
            stack.clear()
        if tok in "[［【":
            stack.append(k)
        elif tok in "]］】" and stack:
            expected.append((stack.pop(), k))
    assert _bracket_pairs(tuple(tokens), bounds) == expected


@pytest.fixture
def refused_copies(monkeypatch):
    """The system refuses every fork (no memory or processes left)."""
    import os

    def refuse():
        raise OSError("no memory for a copy")

    monkeypatch.setattr(os, "fork", refuse)


@pytest.fixture
def failing_copies(monkeypatch):
    """``word_diff`` fails in any forked copy and works here: the real one, for the expected diffs."""
    import os

    from amendtool.diff import worddiff

    parent, real = os.getpid(), worddiff.word_diff

    def only_here(a, b):
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        return real(a, b)

    monkeypatch.setattr(worddiff, "word_diff", only_here)
    return real


@pytest.mark.usefixtures("refused_copies")
def test_word_diffs_without_a_copy_are_worked_out_here():
    from amendtool.diff.worddiff import MIN_SHARE, word_diffs

    pairs = [(f"Article {k} [shall] apply.", f"Article {k} should apply.") for k in range(2 * MIN_SHARE)]
    assert word_diffs(pairs, workers=2) == [word_diff(a, b) for a, b in pairs]


def test_word_diffs_of_a_failed_copy_are_worked_out_here(failing_copies):
    from amendtool.diff.worddiff import MIN_SHARE, word_diffs

    real = failing_copies
    pairs = [(f"Article {k} [shall] apply.", f"Article {k} should apply.") for k in range(2 * MIN_SHARE)]
    assert word_diffs(pairs, workers=2) == [real(a, b) for a, b in pairs]


def _pool_pairs(count, offset=0):
    return [(f"The Parties [shall] note {k} options in Article {k}.", f"The Parties should note {k + offset} options.")
            for k in range(count)]


def test_a_pool_s_copies_give_the_same_diffs():
    from amendtool.diff.worddiff import DiffPool

    batches = [_pool_pairs(50), [], _pool_pairs(30, 1), _pool_pairs(7, 2)]
    expected = [[word_diff(a, b) for a, b in pairs] for pairs in batches]
    with DiffPool(3) as pool:
        assert pool.copies == 2
        tickets = [pool.submit(pairs) for pairs in batches]
        got = [pool.result(t) for t in reversed(tickets)][::-1]
    assert got == expected


@pytest.fixture
def stopped_copies(monkeypatch):
    """Copies that stop (SIGSTOP) as soon as they are made and go on only when this process comes to
    read their answers or wait for their end: everything this process needs before then it takes."""
    import signal

    from amendtool.diff import worddiff

    start, answer, finish = worddiff._Copy.start, worddiff._Copy.answer, worddiff._Copy.finish

    def stopped(earlier):
        copy = start(earlier)
        if copy is not None:
            os.kill(copy.pid, signal.SIGSTOP)
            os.waitpid(copy.pid, os.WUNTRACED)  # stopped, before anything is sent to it
        return copy

    def resumed(method):
        def call(self, *args):
            if self.pid > 0:
                os.kill(self.pid, signal.SIGCONT)
            return method(self, *args)
        return call

    monkeypatch.setattr(worddiff._Copy, "start", staticmethod(stopped))
    monkeypatch.setattr(worddiff._Copy, "answer", resumed(answer))
    monkeypatch.setattr(worddiff._Copy, "finish", resumed(finish))


@pytest.mark.usefixtures("stopped_copies")
def test_this_process_takes_the_pairs_a_copy_has_not_begun():
    from amendtool.diff.worddiff import DiffPool

    batches = [_pool_pairs(12), _pool_pairs(5, 1)]
    with DiffPool(2) as pool:
        assert pool.copies == 1
        tickets = [pool.submit(pairs) for pairs in batches]
        got = [pool.result(t) for t in tickets]
    assert got == [[word_diff(a, b) for a, b in pairs] for pairs in batches]
    assert pool.taken_here == 17


@pytest.mark.usefixtures("stopped_copies")
def test_this_process_takes_the_items_of_a_map_a_copy_has_not_begun_and_gives_the_rest_back():
    from amendtool.diff.worddiff import DiffPool

    with DiffPool(2) as pool:
        answer = pool.map(len, ["a", "bb", "ccc"])
        ticket = pool.submit(_pool_pairs(4))
        assert answer() == [1, 2, 3]
        assert pool.taken_here == 3
        # the pairs sent after the map were not taken with it: the copy (going on now) diffs them
        assert pool.result(ticket) == [word_diff(a, b) for a, b in _pool_pairs(4)]


@pytest.mark.parametrize("piece", [3, 256])
@pytest.mark.parametrize("pause", [0, 0.001, 0.003, 0.01, 0.03])
def test_wherever_a_copy_and_this_process_meet_every_pair_is_diffed_once_in_its_place(pause, piece, monkeypatch):
    """The copy starts after a pause (a map of ``time.sleep``), so the two meet at different pairs; it
    writes its diffs ``piece`` at a time as it goes."""
    import time

    from amendtool.diff import worddiff
    from amendtool.diff.worddiff import DiffPool

    monkeypatch.setattr(worddiff, "_PIECE", piece)

    batches = [_pool_pairs(40), _pool_pairs(25, 3), _pool_pairs(9, 5)]
    with DiffPool(2) as pool:
        pool.map(time.sleep, [pause])
        tickets = [pool.submit(batches[0])]
        between = pool.map(len, ["a", "bb"])  # a request between two batches: the pieces skip it
        tickets += [pool.submit(pairs) for pairs in batches[1:]]
        assert between() == [1, 2]
        got = [pool.result(t) for t in tickets]
    assert got == [[word_diff(a, b) for a, b in pairs] for pairs in batches]


@pytest.mark.usefixtures("refused_copies")
def test_a_pool_without_copies_diffs_here():
    from amendtool.diff import worddiff

    with worddiff.DiffPool(2) as pool:
        assert pool.copies == 0
        assert pool.result(pool.submit(_pool_pairs(5))) == [word_diff(a, b) for a, b in _pool_pairs(5)]


def test_the_batches_of_a_failed_copy_are_diffed_here(failing_copies):
    from amendtool.diff import worddiff

    real = failing_copies
    with worddiff.DiffPool(2) as pool:
        ticket = pool.submit(_pool_pairs(9))
        assert pool.copies == 1
        assert pool.result(ticket) == [real(a, b) for a, b in _pool_pairs(9)]


def test_a_pool_left_without_its_results_ends_its_copies_and_diffs_nothing_here(monkeypatch):
    from amendtool.diff import worddiff

    with pytest.raises(KeyboardInterrupt), worddiff.DiffPool(2) as pool:
        pids = [copy.pid for copy in pool._copies]
        pool.submit(_pool_pairs(300))
        monkeypatch.setattr(worddiff, "word_diff", None)  # (nothing is diffed here from now on)
        raise KeyboardInterrupt  # a user's Ctrl-C while the copy diffs
    assert pool.copies == 0 and len(pids) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # ended and waited for


def test_a_pool_interrupted_while_collecting_stops_its_copies(monkeypatch):
    from amendtool.diff import worddiff

    def interrupted(self, first, work):
        raise KeyboardInterrupt  # a user's Ctrl-C while this process takes pairs

    with worddiff.DiffPool(2) as pool:
        pid = pool._copies[0].pid
        ticket = pool.submit(_pool_pairs(300))
        monkeypatch.setattr(worddiff._Copy, "take", interrupted)
        with pytest.raises(KeyboardInterrupt):
            pool.result(ticket)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # ended and waited for


def test_a_pool_sends_what_cannot_be_pickled_to_no_copy():
    import threading

    from amendtool.diff.worddiff import DiffPool

    def local(x):
        return x + 1

    with DiffPool(2) as pool:
        assert pool.copies == 1
        assert pool.map(local, [1, 2])() == [2, 3]  # a local function: worked out here
        lock = threading.Lock()
        assert pool.map(id, [lock])() == [id(lock)]  # an item that does not pickle


def test_a_pool_maps_in_a_copy_and_its_diffs_come_after_the_answers():
    from amendtool.diff.worddiff import DiffPool

    with DiffPool(2) as pool:
        first = pool.map(len, ["a", "bb", "ccc"])
        ticket = pool.submit(_pool_pairs(4))
        later = pool.map(str.upper, ["never", "waited", "for"])
        assert first() == [1, 2, 3]
        assert pool.result(ticket) == [word_diff(a, b) for a, b in _pool_pairs(4)]
        assert later() == ["NEVER", "WAITED", "FOR"]  # after the results: worked out here


def test_a_pool_s_maps_may_be_asked_for_in_any_order():
    from amendtool.diff.worddiff import DiffPool

    with DiffPool(2) as pool:
        first = pool.map(len, ["a", "bb", "ccc"])
        second = pool.map(str.upper, ["x", "y"])
        third = pool.map(str.lower, ["P", "Q"])
        assert second() == ["X", "Y"]
        assert third() == ["p", "q"]
        assert first() == [1, 2, 3]


def test_the_items_of_a_map_a_copy_fails_on_are_worked_out_here_and_so_are_its_batches():
    import signal

    from amendtool.diff.worddiff import DiffPool

    with DiffPool(2) as pool:
        answer = pool.map(len, ["a", "bb", "ccc"])
        ticket = pool.submit(_pool_pairs(3))
        os.kill(pool._copies[0].pid, signal.SIGKILL)
        assert answer() == [1, 2, 3]
        assert pool.result(ticket) == [word_diff(a, b) for a, b in _pool_pairs(3)]
    with DiffPool(1) as alone:
        assert alone.copies == 0
        assert alone.map(len, ["a", "bb"])() == [1, 2]


def test_a_pool_without_a_temporary_directory_diffs_here(monkeypatch):
    import tempfile

    from amendtool.diff import worddiff

    def nowhere():
        raise FileNotFoundError("no usable temporary directory")

    monkeypatch.setattr(tempfile, "TemporaryFile", nowhere)
    with worddiff.DiffPool(2) as pool:
        assert pool.copies == 0
        assert pool.result(pool.submit(_pool_pairs(2))) == [word_diff(a, b) for a, b in _pool_pairs(2)]


def test_has_special_is_the_character_class():
    """``has_special`` looks code points up in ``_SPECIAL_BOUNDS``: the same as a character class of
    ``NO_SPACE_SCRIPTS`` and the combining accents, at and around every bound and in between."""
    from amendtool.diff.worddiff import _SPECIAL_BOUNDS, NO_SPACE_SCRIPTS, has_special

    special = re.compile(rf"[{NO_SPACE_SCRIPTS}\u0300-\u036f]")
    points = {cp + d for cp in _SPECIAL_BOUNDS for d in (-2, -1, 0, 1, 2)}
    points |= set(range(0, 0x11000, 7)) | {0x10FFFF}
    for cp in sorted(points - set(range(0xD800, 0xE000))):
        text = "plain " + chr(cp)
        assert has_special(text) == (special.search(text) is not None), hex(cp)
    assert not has_special("all ASCII [text]")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcde", max_size=40), st.text(alphabet="abcde", max_size=40))
def test_diff_main_is_the_librarys(a, b):
    """``_diff_main`` skips the first pass of the library's merge where it would change nothing: the
    same diff as ``diff_main`` (with ``lcs_diff`` for the middle) on any two strings."""
    from amendtool.diff.worddiff import _DMP, _diff_main

    assert _diff_main(a, b) == _DMP.diff_main(a, b, False)
    assert _diff_main(a, a + b) == _DMP.diff_main(a, a + b, False)


def test_the_bracket_shortcut_knows_every_opening_bracket():
    # word_diff keeps brackets whole only where a text may open one (``_may_open_bracket``): every
    # kind of ``_OPENING`` must be found by it, or its pairs would be cut in half unnoticed
    from amendtool.diff.worddiff import _OPENING, _may_open_bracket

    assert all(_may_open_bracket(f"a {ch}b] c") for ch in _OPENING)
    assert not _may_open_bracket("a b] c ］ 】")
