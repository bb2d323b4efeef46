"""How hard-wrapped lines join into a paragraph's text."""

from __future__ import annotations

import pytest

from amendtool.draft.parser import parse_draft


@pytest.mark.parametrize(
    "source, text",
    [
        ("1. a two-\nday meeting.\n", "a two-day meeting."),
        ("1. a two- \nday meeting.\n", "a two-day meeting."),
        ("1. a two-\n   day meeting.\n", "a two-day meeting."),
        ("1. pre-\n2020 action.\n", "pre-2020 action."),
        ("1. 2015-\n2020 period.\n", "2015- 2020 period."),
        ("1. and -\nall of it.\n", "and - all of it."),
        ("1. the Parties\n   to this  Agreement\t shall\n", "the Parties to this Agreement shall"),
        # a single no-break space is the draft's own character and stays (issue 12: typographic spaces kept)
        ("1. the\u00a0Parties,\r\nall of them.\r\n", "the\u00a0Parties, all of them."),
        ("1. d’ici\u202f: la «\u202fgestion\u202f»  ;\n", "d’ici\u202f: la «\u202fgestion\u202f» ;"),
    ],
)
def test_hard_wraps_join(source, text):
    doc = parse_draft(source)
    assert doc.paragraphs[0].text == text
    assert doc.render() == source


def test_failed_write_names_the_output_not_a_temporary_file(tmp_path):
    from amendtool.fileio import write_atomic

    with pytest.raises(OSError) as err:
        write_atomic(tmp_path / "missing-dir" / "out.txt", "x")
    assert err.value.filename == str(tmp_path / "missing-dir" / "out.txt")


def test_the_end_of_a_sentence_is_what_the_pattern_finds():
    import random
    import re

    from amendtool.draft.parser import _ends_sentence

    pattern = re.compile(r"[.;!?][\])\"'”’»]*\s*$")
    rnd = random.Random(7)
    chars = ".;!?])\"'”’» \t\u00a0\u3000\n\rab[(,:\u2028\x1c\x85"
    for _ in range(20000):
        line = "".join(rnd.choice(chars) for _ in range(rnd.randrange(10)))
        assert _ends_sentence(line) == bool(pattern.search(line)), repr(line)
