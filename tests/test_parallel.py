"""`amendtool parallel` (issue 12, part 4): the six language versions of tests/fixtures/languages side
by side. The clean versions agree; copies with one planted disagreement per kind (a paragraph missing,
a different number, a different number of alternatives and of bracket groups, a number, a date) have
each found, in the text, JSON and HTML reports."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from amendtool.cli import cli
from amendtool.draft import load_draft
from amendtool.parallel import compare_versions
from amendtool.parallel.figures import figures

FIXTURES = ROOT / "tests" / "fixtures" / "languages"
LANGS = ["en", "fr", "es", "ru", "zh", "ar"]

PLANTED = {
    # a paragraph missing
    "es": ("2 bis. [Cada Parte designará un centro nacional de coordinación.]\n\n", ""),
    # a different number
    "fr": ("2. La Conférence des Parties", "3. La Conférence des Parties"),
    # a different number of alternatives
    "ru": ("[мобилизуют][должны мобилизовать]", "[мобилизуют][должны мобилизовать][могут мобилизовать]"),
    # a number
    "zh": ("调动1000亿美元", "调动1500亿美元"),
    # a date
    "ar": ("في ١ آذار/مارس ٢٠٢٧", "في ١ آذار/مارس ٢٠٢٨"),
}

EXPECTED = [
    "Article 1.2 bis: missing: paragraph missing in es.txt (present in en.txt, fr.txt, ru.txt, zh.txt, ar.txt)",
    "Article 2.1: brackets: 1 bracket group (2 alternatives) in en.txt, fr.txt, es.txt, zh.txt, ar.txt; "
    "1 bracket group (3 alternatives) in ru.txt",
    "Article 2.1: numbers: 100,000,000,000 in en.txt, fr.txt, es.txt, ru.txt, ar.txt; 150,000,000,000 in zh.txt",
    "Article 2.2: numbering: numbered 2 in en.txt, es.txt, ru.txt, zh.txt, ar.txt; numbered 3 in fr.txt",
    "Article 2.2: dates: 2027-03-01 in en.txt, fr.txt, es.txt, ru.txt, zh.txt; 2028-03-01 in ar.txt",
]


def run(*args, cwd=None):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """The six versions in a folder, five of them with one planted disagreement each."""
    for lang in LANGS:
        text = (FIXTURES / f"{lang}.txt").read_text(encoding="utf-8")
        if lang in PLANTED:
            old, new = PLANTED[lang]
            assert text.count(old) == 1
            text = text.replace(old, new)
        (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return [f"{lang}.txt" for lang in LANGS]


def test_the_clean_versions_agree(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    r = run("parallel", *[f"{lang}.txt" for lang in LANGS])
    assert r.exit_code == 0, r.output
    assert r.output.endswith("The versions agree: the same headings, paragraphs and sub-items, numbered alike, with "
                             "the same bracket groups and alternatives, dates and numbers.\n")
    assert "Aligned: 17 places (5 headings, 12 paragraphs and sub-items)" in r.output
    result = compare_versions([load_draft(FIXTURES / f"{lang}.txt") for lang in LANGS])
    assert result.findings == ()
    assert all(None not in row.cells for row in result.rows)
    assert [v.language for v in result.versions] == LANGS


def test_every_planted_disagreement_is_found(planted):
    r = run("parallel", *planted)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert "5 disagreements: 1 missing, 1 numbering, 1 brackets, 1 dates, 1 numbers" in lines
    assert lines[-len(EXPECTED):] == EXPECTED


def test_a_different_number_of_bracket_groups(planted):
    text = (FIXTURES / "ru.txt").read_text(encoding="utf-8").replace("[мобилизуют][должны мобилизовать]", "мобилизуют")
    with open("ru.txt", "w", encoding="utf-8") as fh:
        fh.write(text)
    r = run("parallel", "en.txt", "ru.txt")
    assert r.exit_code == 1
    assert r.output.splitlines()[-1] == ("Article 2.1: brackets: 1 bracket group (2 alternatives) in en.txt; "
                                         "no bracket group in ru.txt")


def test_a_missing_article_and_a_renumbered_sub_item(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    en = (FIXTURES / "en.txt").read_text(encoding="utf-8")
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    cut = en[en.index("Part II"):]
    (tmp_path / "short.txt").write_text(en.replace(cut, "").replace("(b) exchange", "(c) exchange"), encoding="utf-8")
    r = run("parallel", "en.txt", "short.txt")
    assert r.exit_code == 1
    assert "1.2(b): numbering: numbered (2) in en.txt; numbered (3) in short.txt" in r.output
    assert "Part II: missing: heading missing in short.txt (present in en.txt)" in r.output
    assert "Article 3.1: missing: paragraph missing in short.txt (present in en.txt)" in r.output


def test_json_report(planted):
    r = run("parallel", *planted, "-o", "report.json")
    assert r.exit_code == 1
    assert r.output == ("wrote report.json: 6 versions side by side (json), 5 disagreements: 1 missing, "
                        "1 numbering, 1 brackets, 1 dates, 1 numbers\n")
    with open("report.json", encoding="utf-8") as fh:
        data = json.load(fh)
    assert [v["language"] for v in data["versions"]] == LANGS
    assert data["versions"][5]["direction"] == "rtl"
    assert data["counts"] == {"missing": 1, "numbering": 1, "brackets": 1, "dates": 1, "numbers": 1}
    assert [(f["ref"], f["kind"], f["versions"]) for f in data["findings"]] == [
        ("Article 1.2 bis", "missing", ["es.txt"]), ("Article 2.1", "brackets", ["ru.txt"]),
        ("Article 2.1", "numbers", ["zh.txt"]), ("Article 2.2", "numbering", ["fr.txt"]),
        ("Article 2.2", "dates", ["ar.txt"])]
    row = next(r for r in data["rows"] if r["ref"] == "Article 1.2 bis")
    assert row["cells"][2] is None and row["cells"][4]["label"] == "2之二."
    assert row["cells"][5]["label"] == "٢ مكررا"


def test_html_report_columns_languages_and_escaping(planted):
    with open("en.txt", "a", encoding="utf-8") as fh:
        fh.write("\n2. A <script>alert(1)</script> & more.\n")
    r = run("parallel", *planted, "-o", "report.html")
    assert r.exit_code == 1
    with open("report.html", encoding="utf-8") as fh:
        page = fh.read()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in page
    assert '<th lang="ar" dir="rtl">ar.txt' in page
    assert '<th lang="zh" dir="ltr">zh.txt' in page
    assert len(re.findall(r'<td lang="ar" dir="rtl"', page)) >= 17
    assert '<td class="missing odd">missing</td>' in page
    for kind in ("missing", "numbering", "brackets", "dates", "numbers"):
        assert f'<span class="kind">{kind}</span>' in page


def test_usage_errors():
    r = run("parallel", FIXTURES / "en.txt")
    assert r.exit_code == 2
    assert "parallel needs at least two versions: EN.txt FR.txt [MORE...]" in r.output
    r = run("parallel", FIXTURES / "en.txt", FIXTURES / "fr.txt", "-o", "x.pdf")
    assert r.exit_code == 2
    r = run("parallel", FIXTURES / "en.txt", FIXTURES / "missing.txt")
    assert r.exit_code == 1
    assert "missing.txt" in r.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("adopted on 25 September 2015,", {"2015-09-25": 1}),
        ("aprobada el 25 de septiembre de 2015", {"2015-09-25": 1}),
        ("adopté le 1er mars 2027", {"2027-03-01": 1}),
        ("принятую 25 сентября 2015 года", {"2015-09-25": 1}),
        ("2015年9月25日通过的《2030年议程》", {"2015-09-25": 1, "2030": 1}),
        ("المعتمدة في ٢٥ أيلول/سبتمبر ٢٠١٥،", {"2015-09-25": 1}),
        ("USD 100 billion", {"100000000000": 1}),
        ("100.000 millones de dólares", {"100000000000": 1}),
        ("100 mil millones", {"100000000000": 1}),
        ("100 млрд. долл.", {"100000000000": 1}),
        ("调动1000亿美元", {"100000000000": 1}),
        ("١٠٠ بليون دولار", {"100000000000": 1}),
        ("below 1.5 °C", {"1.5": 1}),
        ("en dessous de 1,5 °C", {"1.5": 1}),
        ("1 000 000 people", {"1000000": 1}),
        ("the 30th day after the 50th instrument", {"30": 1, "50": 1}),
        ("第50份批准书交存之日后第30天", {"50": 1, "30": 1}),
    ],
)
def test_figures_as_each_language_writes_them(text, expected):
    assert dict(figures(text)) == expected
