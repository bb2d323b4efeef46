"""Resolving amendment files against the WSIS zero draft.

Fixture cases in ``tests/fixtures/amend/``: ``NAME.amend`` (one file) or a directory ``NAME/`` of
``*.amend`` files (given in name order; a ``draft.txt`` or ``draft.md`` in it is the draft they are
checked against instead of the WSIS zero draft), beside ``NAME.err`` (every diagnostic ``check`` prints, exactly)
and, for files that apply, ``NAME.ops`` (every resolved operation, one per line). Adding a case is adding
files; ``AMENDTOOL_REGEN=1`` writes the expected files on purpose (review them before committing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WSIS, check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amendtool.amend.operations import AddParagraph, Support
from amendtool.amend.resolve import (
    attach_supports,
    check_amendments,
    draft_matches,
    load_amendments,
    resolve_amendments,
)
from amendtool.amend.syntax import parse_amendments
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.draft.refs import lookup
from amendtool.errors import AmendmentFileError

FIXTURES = Path(__file__).parent / "fixtures" / "amend"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".amend" or p.is_dir())


@pytest.fixture(scope="module")
def wsis():
    return load_draft(WSIS)


def describe(op) -> str:
    """One line per resolved operation: id, kind, target span and old text, then what it proposes."""
    t = op.target
    parts = [op.id, op.kind, f"@{op.source.line}"]
    if t is not None:
        parts.append(f"{t.ref}[{t.start}:{t.end}]")
        if t.old:
            parts.append(f"old={t.old[:60]!r}")
    for name in ("new", "text", "where", "label", "dest", "target_id", "last", "close_ref", "close_at",
                 "paragraphs", "others", "paragraph"):
        value = getattr(op, name, None)
        if value:
            parts.append(f"{name}={value!r}")
    anchor = getattr(op, "anchor", None)
    if anchor is not None and anchor.occurrence:
        parts.append(f"occurrence={anchor.occurrence}")
    if op.supporters:
        parts.append("supporters=" + ",".join(op.supporters))
    return " ".join(parts)


def case_paths(case: Path) -> list[str]:
    if case.is_dir():
        return [f"{case.name}/{p.name}" for p in sorted(case.glob("*.amend"))]
    return [case.name]


def case_draft(case: Path, wsis):
    """The draft a case is checked against: its own ``draft.txt``/``draft.md``, or the WSIS zero draft."""
    own = [p for p in (case / "draft.txt", case / "draft.md") if case.is_dir() and p.exists()]
    return load_draft(own[0], lenient=True) if own else wsis


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_amendment_fixture(case, wsis, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = check_amendments(case_draft(case, wsis), case_paths(case))
    stem = case if case.is_dir() else case.with_suffix("")
    err = "".join(d.format() + "\n" for d in result.diagnostics)
    err_file = stem.parent / (stem.name + ".err")
    ops_file = stem.parent / (stem.name + ".ops")
    if err:
        check_golden(err_file, err)
    else:
        assert not err_file.exists(), f"{err_file.name}: the case has no diagnostics now"
    if not result.errors:
        ops = "".join(describe(op) + "\n" for f in result.files for op in f.operations)
        check_golden(ops_file, ops)
    else:
        assert not ops_file.exists(), "a case with errors has no .ops file"


# ---------------------------------------------------------------------------------------------------
# Matching text


def test_draft_matches_loosely():
    assert draft_matches("wsis10-zero", "drafts/wsis10_zero_draft.txt")
    assert draft_matches("WSIS+10 Zero Draft", "wsis10_zero_draft.txt")
    assert draft_matches("zero", "wsis10_zero_draft.txt")
    assert not draft_matches("wsis10-rev1", "wsis10_zero_draft.txt")
    assert not draft_matches("Rev.1", "wsis10_zero_draft.txt")


# ---------------------------------------------------------------------------------------------------
# Library API


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_load_amendments_resolves_and_attaches_supports(wsis, tmp_path):
    eu = write(tmp_path, "eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n')
    us = write(tmp_path, "us.amend", "by: US\n12: support EU-1\n")
    files = load_amendments(wsis, [eu, us])
    assert [f.by for f in files] == ["EU", "US"]
    (op,) = files[0].operations
    assert op.supporters == ("US",)
    assert (op.target.ref, op.target.old) == ("12", "almost 10 per cent")
    assert lookup(wsis, "12").text[op.target.start : op.target.end] == "almost 10 per cent"


def test_load_amendments_raises_with_every_error_of_every_file(wsis, tmp_path):
    a = write(tmp_path, "a.amend", 'by: EU\n63: delete paragraph\n12: delete "per cent"\n')
    b = write(tmp_path, "b.amend", '12: delte "x"\n')
    missing = str(tmp_path / "missing.amend")
    with pytest.raises(AmendmentFileError) as info:
        load_amendments(wsis, [a, b, missing])
    assert [(d.path, d.line, d.column) for d in info.value.diagnostics] == [
        (a, 2, 1),
        (a, 3, 12),
        (b, 1, 1),
        (b, 1, 5),
        (missing, 0, 0),
    ]
    assert info.value.diagnostics[-1].message == "no such file"


def test_clean_files_keep_their_warnings(wsis, tmp_path):
    a = write(tmp_path, "a.amend", "by: EU\ndraft: rev2\n12: comment \"Fine.\"\n")
    (f,) = load_amendments(wsis, [a])
    assert [d.message for d in f.warnings] == ['this file is written for draft "rev2", not wsis10_zero_draft.txt']


def test_resolve_amendments_single_file(wsis):
    f = parse_amendments('by: EU\n58: retain "High Level Meeting"\n', "eu.amend")
    (op,) = resolve_amendments(wsis, f).operations
    assert op.target.old == "[World Summit] [High Level Meeting]"
    with pytest.raises(AmendmentFileError) as info:
        resolve_amendments(wsis, parse_amendments('by: EU\n58: retain "Summit"\n', "eu.amend"))
    assert info.value.diagnostics[0].headline() == (
        'eu.amend:2:12: "Summit" is not a bracketed alternative in paragraph 58; '
        "the brackets there: [World Summit] [High Level Meeting]"
    )


def test_attach_supports_keeps_file_order_of_supporters(wsis):
    files = tuple(
        resolve_amendments(wsis, parse_amendments(text, name))
        for name, text in [
            ("eu.amend", 'by: EU\n12: delete "almost 10 per cent"\n'),
            ("jpn.amend", "by: JPN\n12: support EU-1\n"),
            ("aosis.amend", "by: AOSIS\nsupport EU-1\n"),
        ]
    )
    out, diagnostics = attach_supports(files)
    assert diagnostics == ()
    assert out[0].operations[0].supporters == ("JPN", "AOSIS")


def test_support_matches_ids_in_any_case(wsis, tmp_path):
    eu = write(tmp_path, "eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n')
    nz = write(tmp_path, "nz.amend", "by: NZ\n12: support eu-1\n12: support Eu-99\n")
    result = check_amendments(wsis, [eu, nz])
    assert [d.headline() for d in result.diagnostics] == [
        f'{nz}:3:13: support of unknown operation "EU-99" ({eu} has EU-1); '
        "EU's operations on paragraph 12: EU-1",
    ]
    files = load_amendments(wsis, [eu, write(tmp_path, "nz.amend", "by: NZ\n12: support eu-1\n")])
    assert files[0].operations[0].supporters == ("NZ",)
    assert files[1].operations[0].target_id == "EU-1"


def test_support_of_own_operation_in_another_case(wsis, tmp_path):
    nz = write(tmp_path, "nz.amend", 'by: NZ\n12: delete "almost 10 per cent"\n12: support nz-1\n')
    result = check_amendments(wsis, [nz])
    assert [d.headline() for d in result.diagnostics] == [
        f"{nz}:3:13: NZ-1 is an operation of this file; support other delegations' operations",
    ]


# ---------------------------------------------------------------------------------------------------
# New paragraph labels


def labels(doc, text):
    f = resolve_amendments(doc, parse_amendments("by: EU\n" + text, "eu.amend"))
    return [op.label for op in f.operations if isinstance(op, AddParagraph)]


def test_new_paragraph_labels(wsis):
    assert labels(wsis, '37: add paragraph after "a"\n37: add paragraph after "b"\n38: add paragraph before "c"\n') == [
        "37 bis", "37 ter", "37 quater"
    ]
    assert labels(wsis, '1: add paragraph before "a"\n1: add paragraph before "b"\n') == ["0", "0 bis"]
    assert labels(wsis, '37: add paragraph after "a"\n37 bis: add paragraph after "b"\n') == ["37 bis", "37 ter"]


def test_new_labels_skip_labels_already_in_the_draft():
    doc = parse_draft("1. One.\n\n1 bis. One bis.\n\n2. Two.\n", path="d.txt")
    assert [p.ref for p in doc.paragraphs] == ["1", "1 bis", "2"]
    assert labels(doc, '1: add paragraph after "a"\n') == ["1 ter"]
    assert labels(doc, '2: add paragraph before "a"\n') == ["1 ter"]
    assert labels(doc, '1 bis: add paragraph after "a"\n') == ["1 ter"]


def test_operations_on_a_new_paragraph_resolve_against_its_text(wsis):
    f = resolve_amendments(
        wsis,
        parse_amendments('by: EU\n37: add paragraph after "We call on all"\n37bis: replace "all" with "every"\n', "e"),
    )
    op = f.operations[1]
    assert (op.target.ref, op.target.start, op.target.end, op.target.old) == ("37 bis", 11, 14, "all")


# ---------------------------------------------------------------------------------------------------
# Never anything but AmendmentFileError

_OPS = st.sampled_from(
    [
        '12: delete "per cent"', '12: delete "per cent" (9th)', '58: retain "World Summit"', '58: retain "x"',
        '63: delete paragraph', '37: add paragraph after "x"', "37 bis: move after 1", "37 ter: move before 37 bis",
        '37 bis: replace "x" with "y"', "12: support EU-1", "12: support EU-99", "support US-2", '58: bracket "["',
        '58: remove brackets "[World Summit]"', '58: add alternative "a" to "High Level Meeting" (2nd)',
        '19: insert "x" after "to all by 2020"', "1.1: delete paragraph", "para 99: comment \"x\"", "draft: rev1",
        '12: replace "almost 10" with "[x]"', "Article 4: delete paragraph", "0: move after 0",
    ]
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_OPS, max_size=8), min_size=1, max_size=3))
def test_resolution_never_raises_anything_but_amendment_file_error(wsis, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    paths = []
    for k, ops in enumerate(files):
        code = ["EU", "US", "EU"][k]
        paths.append(write(folder, f"{k}.amend", f"by: {code}\n" + "\n".join(ops) + "\n"))
    try:
        loaded = load_amendments(wsis, paths)
    except AmendmentFileError as exc:
        assert any(d.severity == "error" for d in exc.diagnostics)
    else:
        for f in loaded:
            for op in f.operations:
                assert op.target is not None or isinstance(op, Support)


ARTICLES = """Article 1

1. One.

2. Two.

Article 2

1. Uno, with:

(a) first;

(b) second.

2. Dos.
"""


def test_new_labels_where_numbering_restarts_per_article():
    doc = parse_draft(ARTICLES, path="a.txt")
    assert labels(doc, '2.1: add paragraph before "New first."\nArticle 2.1: add paragraph after "x"\n') == [
        "Article 2.0", "Article 2.1 bis"
    ]
    assert labels(doc, 'Art. 2.2: add paragraph before "x"\n') == ["Article 2.1 bis"]
    assert labels(doc, '2.1(a): add paragraph before "x"\n2.1(b): add paragraph before "y"\n') == [
        "2.1(0)", "2.1(a) bis"
    ]
    assert labels(doc, 'Article 2, paragraph 1: add paragraph after "x"\nArticle 2.1 bis: add paragraph after "y"\n') == [
        "Article 2.1 bis", "Article 2.1 ter"
    ]
