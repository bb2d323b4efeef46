"""The six UN languages as delegates write them (issue 12, part 3): one small draft per language written
by hand (tests/fixtures/languages/*.txt, the same agreement in each), an amendment file per language
with English keywords and quoted text and references in the draft's language, and every command run on
each."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import ROOT

from amendtool.cli import cli
from amendtool.draft import languages, load_draft
from amendtool.draft.parser import parse_draft
from amendtool.draft.refs import lookup
from amendtool.text import find_all

FIXTURES = ROOT / "tests" / "fixtures" / "languages"
LANGS = ["en", "fr", "es", "ru", "zh", "ar"]

REFS = ["¶1", "Pp1", "Pp2", "¶2", "Article 1.1", "Article 1.2", "1.2(a)", "1.2(b)", "Article 1.2 bis", "Article 2.1",
        "Article 2.2", "Article 3.1"]
"""The references of every version (sub-items lettered in the draft's own alphabet)."""
LETTERS = {"ar": ("أ", "ب"), "zh": ("一", "二")}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def draft(lang: str):
    return load_draft(FIXTURES / f"{lang}.txt")


def expected_refs(lang: str) -> list[str]:
    a, b = LETTERS.get(lang, ("a", "b"))
    return [r.replace("(a)", f"({a})").replace("(b)", f"({b})") for r in REFS]


@pytest.mark.parametrize("lang", LANGS)
def test_every_version_has_the_same_structure(lang):
    doc = draft(lang)
    source = (FIXTURES / f"{lang}.txt").read_bytes()
    assert doc.render().encode() == source  # lossless
    assert [p.ref for p in doc.paragraphs] == expected_refs(lang)
    sections = [(s.heading.ref, s.heading.level) for s in doc.sections]
    assert [r for r, _ in sections] == ["Part I", "Article 1", "Article 2", "Part II", "Article 3"]
    assert sum(len(p.bracket_groups) for p in doc.paragraphs) == 4
    assert languages.draft_language(doc) == lang


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [
        ("Article premier (Objectif)", "1", "Objectif"),
        ("Artículo 2 (Financiación)", "2", "Financiación"),
        ("Статья 2", "2", ""),
        ("Статья 2-бис. Финансирование", "2 bis", "Финансирование"),
        ("第一条　目标", "1", "目标"),
        ("第十二条", "12", ""),
        ("المادة ٢", "2", ""),
        ("المادة الأولى (الهدف)", "1", "الهدف"),
        ("Article 4 of the Convention,", None, None),  # a hard-wrapped sentence, no heading
    ],
)
def test_article_headings_in_every_language(line, number, title):
    found = languages.article_heading(line)
    assert (found is None) if number is None else found == (number, title)


@pytest.mark.parametrize(
    ("line", "number"),
    [("Part I", "Part I"), ("Partie II", "Part II"), ("Parte III", "Part III"), ("Часть I", "Part I"),
     ("第一部分", "Part I"), ("第二章", "Chapter II"), ("الجزء الأول", "Part I"), ("الجزء الثاني", "Part II")],
)
def test_part_headings_in_every_language(line, number):
    assert languages.part_heading(line) == (number, "")


def test_the_issue_headings_are_sections():
    # the issue: "Article premier, Artículo 2, Статья 2, 第一条, المادة ٢" read with their Articles unrecognised
    for text, ref in [("Article premier\n\n1. Texte.\n", "Article 1"), ("Artículo 2\n\n1. Texto.\n", "Article 2"),
                      ("Статья 2\n\n1. Текст.\n", "Article 2"), ("第一条\n\n1. 案文。\n", "Article 1"),
                      ("المادة ٢\n\n١ - نص.\n", "Article 2")]:
        doc = parse_draft(text)
        assert [s.heading.ref for s in doc.sections] == [ref], text


def test_chinese_numbered_items_and_headings():
    doc = parse_draft("一、总则\n\n一、缔约方应合作。\n\n二、缔约方应交换数据：\n（一）水质；\n（二）水量。\n")
    assert [s.heading.ref for s in doc.sections] == ["I"]
    assert [p.ref for p in doc.paragraphs] == ["一", "二", "二(一)", "二(二)"]
    assert lookup(doc, "二（一）").ref == "二(一)"


def test_arabic_indic_labels_answer_western_references():
    # the issue: reference 1 gave 'paragraph "1" does not exist (the draft has ١-٢)'
    doc = parse_draft("١. النص الأول.\n٢. النص الثاني.\n٢ مكررا - نص جديد.\n")
    assert lookup(doc, "1").ref == "1"
    assert lookup(doc, "١").ref == "1"
    assert lookup(doc, "2 bis").ref == lookup(doc, "٢ مكررا").ref == "2 bis"
    assert doc.paragraphs[0].label == "١"  # the draft's own label kept


@pytest.mark.parametrize(
    ("lang", "typed", "ref"),
    [
        ("fr", "Article premier, paragraphe 2", "Article 1.2"),
        ("fr", "Article 1.2 a)", "1.2(a)"),
        ("es", "Artículo 2, párrafo 1", "Article 2.1"),
        ("ru", "Статья 1.2-бис", "Article 1.2 bis"),
        ("ru", "Статья 2, пункт 2", "Article 2.2"),
        ("zh", "第一条第二款（一）", "1.2(一)"),
        ("zh", "第三条第一款", "Article 3.1"),
        ("ar", "المادة ١، الفقرة ٢ (ب)", "1.2(ب)"),
        ("ar", "المادة 2.1", "Article 2.1"),
        ("ar", "Article ١.٢ مكررا", "Article 1.2 bis"),
    ],
)
def test_references_in_every_language(lang, typed, ref):
    assert lookup(draft(lang), typed).ref == ref


def test_bracket_groups_with_full_width_brackets():
    # the issue: ［…］/【…】 were not recognised, so retain failed
    doc = draft("zh")
    p = lookup(doc, "Article 1.1")
    assert [list(g.alternatives) for g in p.bracket_groups] == [["减半", "减少三分之一"]]
    assert len(lookup(doc, "Article 1.2 bis").bracket_groups) == 1  # 【…】


def test_anchor_matching_normalises_unicode_and_keeps_the_draft_characters():
    text = "Le présent Accord entre en vigueur\u202fle 30e jour"
    decomposed = "pre\u0301sent Accord"
    [(a, b)] = find_all(text, decomposed)
    assert text[a:b] == "présent Accord"  # the draft's own characters
    [(a, b)] = find_all("تعبئ ١٠٠ بليون دولار", "100 بليون")  # Western digits typed, Arabic-Indic in the draft
    assert "تعبئ ١٠٠ بليون دولار"[a:b] == "١٠٠ بليون"
    assert find_all("e\u0301te\u0301", "é") == [(0, 2), (3, 5)]  # a letter is never cut from its accent
    assert find_all("e\u0301te\u0301", "e") == []


def test_typographic_spaces_are_kept():
    doc = draft("fr")
    p = lookup(doc, "1.2(a)")
    assert "intégrée\u202f»" in p.text
    assert "\u202f" in doc.paragraphs[3].text  # "Sont convenues de ce qui suit :"


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_on_every_language(lang, tmp_path):
    src, amend = FIXTURES / f"{lang}.txt", FIXTURES / f"{lang}.amend"
    r = run("show", src)
    assert r.exit_code == 0 and "12 paragraphs, 5 sections, 4 bracket groups" in r.output
    r = run("show", "--json", src)
    assert [p["ref"] for p in json.loads(r.stdout)["paragraphs"]] == expected_refs(lang)
    r = run("brackets", src)
    assert r.exit_code == 0 and r.output.endswith("4 bracket groups\n")
    r = run("check", src, amend)
    assert r.exit_code == 0, r.output
    assert "all apply" in r.output
    for fmt in ("txt", "md", "json", "html", "docx"):
        r = run("compile", src, amend, "-o", tmp_path / f"c.{fmt}")
        assert r.exit_code == 0, r.output
    same = tmp_path / "same.txt"
    r = run("compile", src, "-o", same)  # no amendments: byte for byte
    assert r.exit_code == 0, r.output
    assert same.read_bytes() == src.read_bytes()
    nxt = tmp_path / "next.txt"
    r = run("consolidate", src, amend, "--accept", "*", "-o", nxt)
    assert r.exit_code == 0, r.output
    r = run("show", nxt)
    assert r.exit_code == 0 and "11 paragraphs, 5 sections, 2 bracket groups" in r.output
    for out in ("d.txt", "d.html", "d.docx", "d.json"):
        r = run("diff", src, nxt, "-o", tmp_path / out)
        assert r.exit_code == 0, r.output
    prop = tmp_path / "p.amend"
    r = run("propose", "--by", "XX", src, nxt, "-o", prop)
    assert r.exit_code == 0, r.output
    r = run("check", src, prop)
    assert r.exit_code == 0, r.output
    again = tmp_path / "again.txt"
    r = run("consolidate", src, prop, "--accept", "*", "-o", again)
    assert r.exit_code == 0, r.output
    assert again.read_bytes() == nxt.read_bytes()
    akn = tmp_path / "akn"
    akn.mkdir()
    r = run("akn", src, amend, "-o", akn)  # Akoma Ntoso, read back by show and check
    assert r.exit_code == 0, r.output
    r = run("show", akn / f"{lang}.xml")
    assert r.exit_code == 0 and "12 paragraphs, 5 sections, 4 bracket groups" in r.output
    r = run("check", akn / f"{lang}.xml", akn / f"{lang}-2.xml")
    assert r.exit_code == 0 and "all apply" in r.output, r.output
    r = run("template", src, "--by", "XX", "-o", tmp_path / "t.amend")
    assert r.exit_code == 0, r.output
    r = run("check", src, tmp_path / "t.amend")
    assert r.exit_code == 0, r.output


def test_propose_round_trip_with_typographic_spaces(tmp_path):
    """An insertion beside a narrow no-break space (« gestion intégrée ») was written as 'insert "et
    équitable " before "» des"', which consolidated with the no-break space before "et"."""
    src = FIXTURES / "fr.txt"
    nxt, prop, again = tmp_path / "next.txt", tmp_path / "p.amend", tmp_path / "again.txt"
    run("consolidate", src, FIXTURES / "fr.amend", "--accept", "*", "-o", nxt)
    run("propose", "--by", "XX", src, nxt, "-o", prop)
    assert '1.2(a): insert " et équitable" after "intégrée"' in prop.read_text(encoding="utf-8")
    run("consolidate", src, prop, "--accept", "*", "-o", again)
    assert again.read_bytes() == nxt.read_bytes()


def test_compilations_keep_the_draft_characters(tmp_path):
    for lang, kept in [("fr", "intégrée et équitable\u202f»"), ("ar", "«الإدارة المتكاملة {+والمنصفة+} (G77)»"),
                       ("zh", "［{-减半-}{+减少三分之二+} (CHN)］"),
                       ("ru", "«комплексном управлении {+и справедливом+} (RUS)»")]:
        out = tmp_path / f"{lang}.txt"
        r = run("compile", FIXTURES / f"{lang}.txt", FIXTURES / f"{lang}.amend", "-o", out)
        assert r.exit_code == 0, r.output
        text = out.read_text(encoding="utf-8")
        if lang == "fr":
            r = run("consolidate", FIXTURES / "fr.txt", FIXTURES / "fr.amend", "--accept", "*", "-o", out)
            text = out.read_text(encoding="utf-8")
        assert kept in text, lang


def test_chinese_diff_is_character_by_character(tmp_path):
    nxt = tmp_path / "next.txt"
    run("consolidate", FIXTURES / "zh.txt", FIXTURES / "zh.amend", "--accept", "*", "-o", nxt)
    r = run("diff", FIXTURES / "zh.txt", nxt)
    assert "［减{-半-}{+少三分之二+}］" in r.output


def test_arabic_html_is_right_to_left(tmp_path):
    nxt = tmp_path / "next.txt"
    run("consolidate", FIXTURES / "ar.txt", FIXTURES / "ar.amend", "--accept", "*", "-o", nxt)
    run("compile", FIXTURES / "ar.txt", FIXTURES / "ar.amend", "-o", tmp_path / "c.html")
    run("diff", FIXTURES / "ar.txt", nxt, "-o", tmp_path / "d.html")
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert '<main class="text" lang="ar" dir="rtl">' in page
    assert '<h2 class="text-title" lang="en" dir="ltr">' in page  # the tool's own words stay English
    diff = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="para modified" id="step1-p5" lang="ar" dir="rtl">', diff)
    assert '<span class="label">٢ مكررا.</span>' in page  # the draft's own label, not "٢ bis"
    assert ".para.has-proposals { border-inline-start:" in page and "text-align: start" in page  # bars on the right
    run("compile", FIXTURES / "zh.txt", FIXTURES / "zh.amend", "-o", tmp_path / "z.html")
    assert '<main class="text" lang="zh">' in (tmp_path / "z.html").read_text(encoding="utf-8")
    run("compile", FIXTURES / "en.txt", FIXTURES / "en.amend", "-o", tmp_path / "e.html")
    assert '<main class="text">' in (tmp_path / "e.html").read_text(encoding="utf-8")


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def test_arabic_docx_is_right_to_left(tmp_path):
    nxt = tmp_path / "next.txt"
    run("consolidate", FIXTURES / "ar.txt", FIXTURES / "ar.amend", "--accept", "*", "-o", nxt)
    revision = ["consolidate", FIXTURES / "ar.txt", FIXTURES / "ar.amend", "--accept", "*"]
    for args in (["compile", FIXTURES / "ar.txt", FIXTURES / "ar.amend"], ["diff", FIXTURES / "ar.txt", nxt],
                 revision, [*revision, "--tracked"]):
        out = tmp_path / "x.docx"
        r = run(*args, "-o", out)
        assert r.exit_code == 0, r.output
        xml = _document_xml(out)
        assert xml.count("<w:bidi/>") >= 12
        assert '<w:rtl/><w:lang w:bidi="ar-SA"/>' in xml
        # the schema's order: the style first, then bidi
        assert '<w:pStyle w:val="Heading1"/><w:bidi/>' in xml or "<w:pPr><w:bidi/>" in xml
    r = run("compile", FIXTURES / "en.txt", FIXTURES / "en.amend", "-o", tmp_path / "e.docx")
    assert "<w:bidi/>" not in _document_xml(tmp_path / "e.docx")


@pytest.mark.parametrize("lang", LANGS)
def test_language_detection(lang):
    assert languages.detect((FIXTURES / f"{lang}.txt").read_text(encoding="utf-8")) == lang
    assert languages.direction(lang) == ("rtl" if lang == "ar" else "ltr")


def test_corner_bracket_quotes_and_guillemets_in_amendment_files(tmp_path):
    amend = tmp_path / "zh.amend"
    amend.write_text("by: CHN\n第一条第一款: replace 『减半』 with 「减少三分之二」\n"
                     "第二条第二款: replace \u201c2027年3月1日\u201d with \u300c2027年6月1日\u300d\n", encoding="utf-8")
    r = run("check", FIXTURES / "zh.txt", amend)
    assert r.exit_code == 0, r.output
    amend = tmp_path / "fr.amend"
    amend.write_text("by: EU\nArticle 2.2: replace «\u202f1er mars 2027\u202f» with « 1er juin 2027 »\n", encoding="utf-8")
    out = tmp_path / "fr.txt"
    r = run("consolidate", FIXTURES / "fr.txt", amend, "--accept", "*", "-o", out)
    assert r.exit_code == 0, r.output
    assert "le 1er juin 2027." in out.read_text(encoding="utf-8")  # the spaces inside « » are typography


def test_french_typographic_spaces_stay_in_the_html(tmp_path):
    out = tmp_path / "fr.html"
    r = run("compile", FIXTURES / "fr.txt", FIXTURES / "fr.amend", "-o", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "Sont convenues de ce qui suit\u202f:" in page
    assert "«\u202fgestion intégrée" in page


def test_full_width_bracket_groups_stay_whole_in_a_diff():
    from amendtool.diff.worddiff import word_diff

    chunks = word_diff("比例［减半］［减少三分之一］。", "比例减半。")
    assert [(c.op, c.text) for c in chunks] == [
        ("equal", "比例"), ("delete", "［减半］［减少三分之一］"), ("insert", "减半"), ("equal", "。")]


def test_new_paragraph_labels_in_every_spelling():
    doc = parse_draft("1. Texte un.\n\n1 bis Texte nouveau.\n\n1 ter. Autre.\n\n2. Deux.\n\n2-бис. Текст.\n\n"
                      "3. Trois.\n\n3之二. 文本。\n\n4. Four.\n\n4bis. Four bis.\n")
    assert [p.ref for p in doc.paragraphs] == ["1", "1 bis", "1 ter", "2", "2 bis", "3", "3 bis", "4", "4 bis"]
    assert lookup(doc, "2-бис").ref == lookup(doc, "3之二").ref.replace("3", "2")


def test_chinese_labels_printed_as_the_draft_prints_them(tmp_path):
    draft = tmp_path / "zh.txt"
    draft.write_text("一、总则\n\n一、缔约方应合作。\n\n二、缔约方应交换数据。\n", encoding="utf-8")
    amend = tmp_path / "zh.amend"
    amend.write_text('by: CHN\n一: replace "合作" with "密切合作"\n', encoding="utf-8")
    run("compile", draft, amend, "-o", tmp_path / "zh.html")
    page = (tmp_path / "zh.html").read_text(encoding="utf-8")
    assert '<span class="label">一、</span>' in page and '<span class="label">二、</span>' in page
    run("compile", FIXTURES / "zh.txt", FIXTURES / "zh.amend", "-o", tmp_path / "f.html")
    page = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert '<span class="label">（一）</span>' in page and '<span class="label">2之二.</span>' in page
