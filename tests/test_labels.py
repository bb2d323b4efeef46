"""Labels of new paragraphs, read and written the same way everywhere."""

from __future__ import annotations

from itertools import islice

from amendtool.draft.labels import (
    free_label,
    label_at,
    labels_after,
    letter_number,
    letters,
    overflow_label,
    split_suffix,
)
from amendtool.draft.parser import parse_draft
from amendtool.draft.refs import lookup


def test_labels_after():
    assert list(islice(labels_after("37"), 3)) == ["37 bis", "37 ter", "37 quater"]
    assert next(labels_after("37 bis")) == "37 ter"
    assert list(islice(labels_after("37 novodecies"), 3)) == ["37 vicies", "37 vicies bis", "37 vicies ter"]
    assert len(list(labels_after("Pp3"))) == 38


def test_split_suffix():
    assert split_suffix("37 bis") == ("37", 0)
    assert split_suffix("37") == ("37", -1)
    assert split_suffix("Article 2 vicies ter") == ("Article 2", 20)


def test_every_label_we_write_parses_back_as_a_label():
    labels = ["37"] + list(labels_after("37"))
    draft = "".join(f"{label}. Paragraph {n}.\n" for n, label in enumerate(labels))
    doc = parse_draft(draft)
    assert [p.label for p in doc.paragraphs] == labels
    assert [p.ref for p in doc.paragraphs] == labels


def test_four_digit_paragraph_numbers_but_not_years():
    doc = parse_draft("999. A.\n1000. B.\n1001. C ends in\n2015. Then more text.\n")
    assert [p.label for p in doc.paragraphs] == ["999", "1000", "1001"]
    assert lookup(doc, "1001").text == "C ends in 2015. Then more text."


def test_a_moved_paragraph_keeping_its_number_is_no_restart():
    doc = parse_draft("1. A.\n2. B.\n4. D.\n3. C moved.\n5. E.\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "2", "4", "3", "5"]
    restarted = parse_draft("A. PART ONE\n1. A.\n2. B.\nB. PART TWO\n1. C.\n2. D.\n")
    assert [p.ref for p in restarted.paragraphs] == ["A.1", "A.2", "B.1", "B.2"]


def test_unknown_reference_message_describes_the_draft():
    import pytest

    from amendtool.errors import ReferenceNotFound

    numbered = parse_draft("1. A.\n2. B.\n3. C.\n")
    with pytest.raises(ReferenceNotFound) as err:
        lookup(numbered, "63")
    assert err.value.diagnostics[0].message == 'paragraph "63" does not exist (the draft has 1-3)'
    articles = parse_draft("Article 1\n1. A.\n2. B.\nArticle 2\n1. C.\n")
    with pytest.raises(ReferenceNotFound) as err:
        lookup(articles, "Article 9.9")
    assert err.value.diagnostics[0].message == (
        'paragraph "Article 9.9" does not exist (its references look like Article 1.1, Article 1.2, '
        "Article 2.1; amendtool show lists them)"
    )


def test_free_label_is_the_one_rule_for_new_paragraph_labels():
    taken = {"12", "12 bis", "12 ter"}.__contains__
    assert free_label("12", taken) == "12 quater"  # the next free one after the neighbour
    assert free_label("12", taken, first="12 sexies") == "12 sexies"  # the one given, when free
    assert free_label("12", taken, first="12 bis") == "12 quater"
    assert free_label("0", taken, first="0") == "0"  # before the first of a series
    every = {"12", *labels_after("12")}.__contains__
    assert free_label("12", every) is None  # all 38 taken: the resolver reports it
    assert overflow_label("12", every) == "12 (2)"  # compile and consolidate go on


def test_label_at_ranks_a_series():
    assert [label_at("7", r) for r in (-1, 0, 1, 18, 19, 37)] == [
        "7", "7 bis", "7 ter", "7 vicies", "7 vicies bis", "7 vicies vicies"]
    assert label_at("7", 38) == "7 (2)"
    assert label_at("7", 39) == "7 (3)"


def test_letters_number_sub_items():
    assert [letters(n) for n in (1, 2, 26, 27, 52, 53)] == ["a", "b", "z", "aa", "az", "ba"]
    assert letters(0) == "a"
    assert all(letter_number(letters(n)) == n for n in range(1, 800))


def test_labels_and_article_numbers_normalised_as_the_suffix_patterns_read_them():
    """``_norm_label`` and ``_norm_number`` take all that follows a label's number for its suffix, as
    the patterns that found the label matched it: the same as reading it with the 19 suffixes."""
    import re

    from amendtool.draft import parser

    parts = re.compile(rf"^(PP|OP|Alt(?:ernative)?)?\s*(\d+)\s*({parser.SUFFIXES})?$", re.I)
    lines = [f"{pre}{n}{sep}{suffix}{end}"
             for pre in ("", "  ", "PP", "pp ", "OP", "Alt ", "alternative ", "Article ", "[Article ")
             for n in ("1", "12", "140", "٢")
             for sep in ("", " ", "  ", "\t")
             for suffix in ("bis", "BIS", "Bis", "quater", "quaterdecies", "vicies ter", "biſ", "of", "There")
             for end in (". Text", ".", " Text", ":", "")]
    for line in lines:
        for pattern, *_ in parser._LABELS:
            m = pattern.match(line)
            if m and "." not in m.group(2) and not m.group(2).isdecimal():
                label = " ".join(m.group(2).split())
                prefix, number, suffix = parts.match(label).groups()
                p = (prefix or "").lower()
                expected = {"pp": "Pp", "op": "OP", "": ""}.get(p, "Alt ") + number
                expected += f" {' '.join(suffix.lower().split())}" if suffix else ""
                assert parser._norm_label(m.group(2)) == expected, line
        m = parser._ARTICLE.match(line)
        if m and not m.group(1).isdecimal():
            found = re.match(rf"(\d+)\s*({parser.SUFFIXES})?", m.group(1), re.I)
            assert found and found.group(2), line
            assert parser._norm_number(m.group(1)) == f"{found.group(1)} {' '.join(found.group(2).lower().split())}"


def test_patterns_without_suffixes_match_where_no_suffix_stands_as_those_with_them():
    """``_PREAMBULAR``, ``_ALT``, ``_ROMAN_HEADING`` and ``_DECIMAL_HEADING`` try the pattern with the 19
    suffixes only where a suffix stands after the number: every line matches as with that pattern alone."""
    from amendtool.draft import parser

    lines = [f"{pre}{n}{sep}{suffix}{end}"
             for pre in ("", "  ", "PP", "pp ", "Pp", "[", "Alt ", "alternative", "ALT")
             for n in ("1", "12", "1234", "I", "IV", "IIIIII", "X", "1.1", "2.2", "1.2.3", "1.2.")
             for sep in ("", " ", "  ", "\t")
             for suffix in ("bis", "BIS", "quater", "quaterdecies", "vicies ter", "biſ", "bisx", "of", "There", "")
             for end in (". Text", ".", " Text", ". Transparency", ".4 Text", "")]
    for choice in (parser._PREAMBULAR, parser._ALT, parser._ROMAN_HEADING, parser._DECIMAL_HEADING):
        for line in lines:
            a, b = choice.match(line), choice.suffixed.match(line)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), line
