"""``compare.bracket_progress`` against the plain version of its rule (every group's key and bag worked
out from its alternatives, as first written): its shortcuts (a side without groups, the same
alternatives on both sides, each group's words worked out once) count the same."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.diff.align import dice, words
from amendtool.diff.compare import GROUP_MATCH_THRESHOLD, BracketProgress, bracket_progress
from amendtool.draft.inline import parse_inline


def _plain(old_groups, new_groups) -> BracketProgress:
    def key(g):
        return "\u241f".join(" ".join(words(a)) for a in g.alternatives)

    new_by_key: dict[str, list[int]] = {}
    for j, g in enumerate(new_groups):
        new_by_key.setdefault(key(g), []).append(j)
    new_used: set[int] = set()
    unmatched_old = []
    for i, g in enumerate(old_groups):
        js = new_by_key.get(key(g))
        if js:
            new_used.add(js.pop(0))
        else:
            unmatched_old.append(i)
    new_rest = [j for j in range(len(new_groups)) if j not in new_used]
    bags_new = {j: Counter(words(" ".join(new_groups[j].alternatives))) for j in new_rest}
    scored = []
    for i in unmatched_old:
        bag = Counter(words(" ".join(old_groups[i].alternatives)))
        for j in new_rest:
            s = dice(bag, bags_new[j], sum(bag.values()), sum(bags_new[j].values()))
            if s >= GROUP_MATCH_THRESHOLD:
                scored.append((-s, abs(i - j), i, j))
    scored.sort()
    matched_old: set[int] = set()
    for _, _, i, j in scored:
        if i not in matched_old and j not in new_used:
            matched_old.add(i)
            new_used.add(j)
    return BracketProgress(len(old_groups), len(new_groups), len(unmatched_old) - len(matched_old),
                           len(new_groups) - len(new_used))


_PIECES = ["Parties", "shall", "should", "may", "finance", "’s", "-", "_", "中", " ", " ", " or ", "/", ",",
           "[", "[", "]", "]"]
texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts, texts, st.booleans())
def test_bracket_progress_counts_as_the_plain_rule(old, new, edit_of_old):
    if edit_of_old:  # most pairs compared are an edit of one paragraph: many groups the same
        new = old[: len(new) % (len(old) + 1)] + new[:5] + old[len(new) % (len(old) + 1) :]
    old_groups, new_groups = parse_inline(old)[1], parse_inline(new)[1]
    assert bracket_progress(old_groups, new_groups) == _plain(old_groups, new_groups)
    assert bracket_progress(old_groups, old_groups) == _plain(old_groups, old_groups)
