"""The compilation model on hand-built, resolved operations: merging, alternatives, placement, options.

Operations are built here with their ``Target`` spans directly (what ``resolve.py`` produces), so these
tests pin the model's rules independently of the amendment-file syntax.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import DRAFTS, WSIS, corpus_file, corpus_files
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    AmendmentFile,
    Anchor,
    BracketText,
    Comment,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
    SourceRef,
    Support,
    Target,
)
from amendtool.amend.resolve import load_amendments
from amendtool.compile import Change, CompiledParagraph, Kept, MovedHere, NewParagraph, Piece, compile_drafts
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.draft.refs import lookup
from amendtool.errors import AmendmentFileError, SelectionError
from amendtool.render import render_compilation as render
from amendtool.text import spans_overlap as _overlaps

DRAFT = """Test draft

  1. We welcome the report of the Secretary-General.

  2. We agree to hold a [World Summit] [High Level Meeting] in 202X.

  3. We call on all stakeholders to act.
"""


@pytest.fixture(scope="module")
def doc():
    return parse_draft(DRAFT, path="test.txt")


def span(doc, ref, text, nth=1):
    """Target of the nth occurrence of ``text`` in paragraph ``ref``."""
    para = lookup(doc, ref)
    at = -1
    for _ in range(nth):
        at = para.text.index(text, at + 1)
    return Target(para.ref, at, at + len(text), text)


def point(doc, ref, before_text=None, at_end=False):
    para = lookup(doc, ref)
    k = len(para.text) if at_end else para.text.index(before_text) if before_text else 0
    return Target(para.ref, k, k, "")


class Files:
    """Builds resolved amendment files: ``f.op(Replace, "EU", "1", target, new=...)``."""

    def __init__(self):
        self.files: dict[str, list] = {}

    def op(self, cls, by, ref, target, **fields):
        ops = self.files.setdefault(by, [])
        n = len(ops) + 1
        op = cls(id=f"{by}-{n}", by=by, source=SourceRef(f"{by.lower()}.amend", n + 1), ref=ref, target=target,
                 **fields)
        ops.append(op)
        return op

    def build(self, *order):
        return tuple(AmendmentFile(f"{by.lower()}.amend", by, operations=tuple(self.files.get(by, ())))
                     for by in order)


def only_change(para: CompiledParagraph) -> Change:
    changes = para.changes
    assert len(changes) == 1, changes
    return changes[0]


def base_text(para: CompiledParagraph) -> str:
    return "".join(s.text if isinstance(s, Kept) else s.old for s in para.segments)


# -- merging and alternatives -----------------------------------------------------------------------


def test_identical_proposals_merge_with_proposers_in_file_order(doc):
    f = Files()
    f.op(Replace, "US", "1", span(doc, "1", "welcome"), anchor=Anchor("welcome"), new="note")
    f.op(Replace, "EU", "1", span(doc, "1", "welcome"), anchor=Anchor("welcome"), new="note")
    c = compile_drafts(doc, f.build("EU", "US"))
    change = only_change(c.paragraph("1"))
    assert not change.contested
    (p,) = change.proposals
    assert p.proposers == ("EU", "US")
    assert p.ids == ("EU-1", "US-1")
    assert p.pieces == (Piece("delete", "welcome"), Piece("insert", "note"))
    assert c.summary.merged == 1


def test_merge_ignores_whitespace_differences_in_new_text(doc):
    f = Files()
    f.op(Insert, "EU", "3", point(doc, "3", at_end=True), text=" We  act now.")
    f.op(Insert, "US", "3", point(doc, "3", at_end=True), text=" We act now.")
    (p,) = only_change(compile_drafts(doc, f.build("EU", "US")).paragraph("3")).proposals
    assert p.proposers == ("EU", "US")


def test_overlapping_proposals_are_alternatives_none_lost(doc):
    f = Files()
    f.op(Replace, "EU", "1", span(doc, "1", "the report"), anchor=Anchor("the report"), new="the reports")
    f.op(Delete, "G77", "1", span(doc, "1", "report of the"), anchor=Anchor("report of the"))
    c = compile_drafts(doc, f.build("EU", "G77"))
    para = c.paragraph("1")
    change = only_change(para)
    assert change.contested
    assert [p.proposers for p in change.proposals] == [("EU",), ("G77",)]
    assert change.old == "the report of the"
    # each alternative covers the whole contested span: kept + changed text rebuilds the base span
    for p in change.proposals:
        assert "".join(x.text for x in p.pieces if x.op != "insert") == change.old
    assert base_text(para) == lookup(doc, "1").text
    txt = render(c, "txt").decode()
    assert "{{Alt 1 (EU): {-the report-}{+the reports+} of the || Alt 2 (G77): the {-report of the-}}}" in txt


def test_alternatives_ordered_by_file_order_not_position(doc):
    f = Files()
    f.op(Delete, "G77", "1", span(doc, "1", "welcome the"), anchor=Anchor("welcome the"))
    f.op(Delete, "EU", "1", span(doc, "1", "the report"), anchor=Anchor("the report"))
    change = only_change(compile_drafts(doc, f.build("EU", "G77")).paragraph("1"))
    assert [p.proposers for p in change.proposals] == [("EU",), ("G77",)]


def test_insertions_at_the_same_point_compete(doc):
    f = Files()
    f.op(Insert, "EU", "3", point(doc, "3", at_end=True), text=" Now.")
    f.op(Insert, "US", "3", point(doc, "3", at_end=True), text=" Soon.")
    assert only_change(compile_drafts(doc, f.build("EU", "US")).paragraph("3")).contested


def test_insertion_at_the_edge_of_a_deletion_does_not_compete(doc):
    f = Files()
    f.op(Insert, "EU", "1", point(doc, "1", "report"), text="annual ")
    f.op(Delete, "US", "1", span(doc, "1", "report"), anchor=Anchor("report"))
    para = compile_drafts(doc, f.build("EU", "US")).paragraph("1")
    assert len(para.changes) == 2
    assert not any(ch.contested for ch in para.changes)


@pytest.mark.parametrize("a,b,expected", [
    ((0, 5), (5, 9), False), ((0, 5), (4, 9), True), ((3, 3), (3, 3), True), ((3, 3), (0, 3), False),
    ((3, 3), (0, 4), True), ((3, 3), (3, 6), False), ((2, 8), (3, 4), True),
])
def test_overlap_rule(a, b, expected):
    assert _overlaps(a, b) is expected
    assert _overlaps(b, a) is expected


def test_transitive_overlaps_form_one_change(doc):
    f = Files()
    f.op(Delete, "EU", "1", span(doc, "1", "welcome the"), anchor=Anchor("welcome the"))
    f.op(Delete, "US", "1", span(doc, "1", "the report"), anchor=Anchor("the report"))
    f.op(Delete, "JPN", "1", span(doc, "1", "report of"), anchor=Anchor("report of"))
    change = only_change(compile_drafts(doc, f.build("EU", "US", "JPN")).paragraph("1"))
    assert len(change.proposals) == 3
    assert change.old == "welcome the report of"


def test_supporters_attached_in_file_order_and_not_repeating_proposers(doc):
    f = Files()
    f.op(Replace, "EU", "1", span(doc, "1", "welcome"), anchor=Anchor("welcome"), new="note",
         supporters=("JPN",))
    f.op(Support, "US", "1", Target("1"), target_id="EU-1")
    f.op(Support, "JPN", "1", Target("1"), target_id="EU-1")
    (p,) = only_change(compile_drafts(doc, f.build("EU", "US", "JPN")).paragraph("1")).proposals
    assert p.proposers == ("EU",)
    assert p.supporters == ("US", "JPN")
    assert "(EU, supported by US, JPN)" in render(compile_drafts(doc, f.build("EU", "US", "JPN")), "txt").decode()


# -- brackets ----------------------------------------------------------------------------------------


def test_bracket_operations_claim_their_group_and_compete(doc):
    p2 = lookup(doc, "2")
    group = p2.bracket_groups[0]
    f = Files()
    f.op(Retain, "EU", "2", Target("2", group.start, group.end, p2.text[group.start:group.end]),
         anchor=Anchor("High Level Meeting"))
    first = group.brackets[0]
    f.op(RemoveBrackets, "US", "2", Target("2", first.start, first.end, p2.text[first.start:first.end]),
         anchor=Anchor("World Summit"))
    f.op(AddAlternative, "G77", "2", Target("2", first.start, first.end, p2.text[first.start:first.end]),
         anchor=Anchor("World Summit"), text="Summit-level Meeting")
    c = compile_drafts(doc, f.build("EU", "US", "G77"))
    change = only_change(c.paragraph("2"))
    assert change.old == "[World Summit] [High Level Meeting]"
    retain, remove, add = change.proposals
    assert retain.pieces == (Piece("delete", "[World Summit] ["), Piece("keep", "High Level Meeting"),
                             Piece("delete", "]"))
    assert remove.pieces == (Piece("delete", "["), Piece("keep", "World Summit"), Piece("delete", "]"),
                             Piece("keep", " [High Level Meeting]"))
    assert add.inserted == " [Summit-level Meeting]"
    assert c.summary.paragraphs[1].brackets == 1


def test_bracket_proposal_inserts_brackets(doc):
    f = Files()
    f.op(BracketText, "EU", "3", span(doc, "3", "all stakeholders"), anchor=Anchor("all stakeholders"))
    c = compile_drafts(doc, f.build("EU"))
    (p,) = only_change(c.paragraph("3")).proposals
    assert p.pieces == (Piece("insert", "["), Piece("keep", "all stakeholders"), Piece("insert", "]"))
    assert "{+[+}all stakeholders{+]+} (EU)" in render(c, "txt").decode()


# -- paragraphs: marks, new, moved, comments --------------------------------------------------------


def test_whole_paragraph_proposals_are_marks_and_compete(doc):
    f = Files()
    text = lookup(doc, "3").text
    f.op(DeleteParagraph, "US", "3", Target("3", 0, len(text), text))
    f.op(ReplaceParagraph, "G77", "3", Target("3", 0, len(text), text), text="We act.")
    f.op(Comment, "EU", "3", Target("3"), text="Reservation.")
    c = compile_drafts(doc, f.build("G77", "US", "EU"))
    para = c.paragraph("3")
    assert [m.kind for m in para.marks] == ["replace-paragraph", "delete-paragraph"]
    assert para.comments[0].by == "EU" and para.comments[0].text == "Reservation."
    assert para.changes == ()
    txt = render(c, "txt").decode()
    assert "      >> Alt 1 (G77): replace paragraph with {+We act.+}\n" in txt
    assert "      >> Alt 2 (US): delete paragraph\n" in txt
    assert '      >> Comment (EU): "Reservation."\n' in txt
    row = next(r for r in c.summary.paragraphs if r.ref == "3")
    assert (row.proposals, row.contested, row.comments) == (2, 1, 1)


def test_new_paragraphs_from_two_files_get_distinct_labels_in_file_order(doc):
    f = Files()
    f.op(AddParagraph, "G77", "1", Target("1"), text="G77 text.", where="after", label="1 bis")
    f.op(AddParagraph, "EU", "1", Target("1"), text="EU text.", where="after", label="1 bis")
    c = compile_drafts(doc, f.build("EU", "G77"))
    new = [b for b in c.blocks if isinstance(b, NewParagraph)]
    assert [(b.label, b.proposal.proposers, b.text) for b in new] == [
        ("1 bis", ("EU",), "EU text."), ("1 ter", ("G77",), "G77 text.")]
    refs = [b.ref for b in c.blocks if isinstance(b, (CompiledParagraph, NewParagraph))]
    assert refs == ["1", "1 bis", "1 ter", "2", "3"]


def test_identical_new_paragraphs_merge(doc):
    f = Files()
    f.op(AddParagraph, "EU", "2", Target("2"), text="Same.", where="after", label="2 bis")
    f.op(AddParagraph, "US", "2", Target("2"), text="Same.", where="after", label="2 bis")
    new = [b for b in compile_drafts(doc, f.build("EU", "US")).blocks if isinstance(b, NewParagraph)]
    assert [(b.label, b.proposal.proposers) for b in new] == [("2 bis", ("EU", "US"))]


def test_identical_new_paragraphs_merge_only_if_identical_after_their_own_edits(doc):
    """QA: AGN's new paragraph with AGN's own edit and LMDC's identical add were merged, the edit
    credited to LMDC too."""
    f = Files()
    f.op(AddParagraph, "AGN", "2", Target("2"), text="Same.", where="after", label="2 bis")
    f.op(Insert, "AGN", "2 bis", Target("2 bis", 5, 5, ""), text=" More.", where="end")
    f.op(AddParagraph, "LMDC", "2", Target("2"), text="Same.", where="after", label="2 bis")
    c = compile_drafts(doc, f.build("AGN", "LMDC"))
    new = [b for b in c.blocks if isinstance(b, NewParagraph)]
    assert [(b.label, b.text, b.proposal.proposers, b.proposal.ids) for b in new] == [
        ("2 bis", "Same. More.", ("AGN",), ("AGN-1", "AGN-2")), ("2 ter", "Same.", ("LMDC",), ("LMDC-1",))]
    # the same edit in both files: the same paragraph, merged
    f.op(Insert, "LMDC", "2 bis", Target("2 bis", 5, 5, ""), text=" More.", where="end")
    new = [b for b in compile_drafts(doc, f.build("AGN", "LMDC")).blocks if isinstance(b, NewParagraph)]
    assert [(b.label, b.text, b.proposal.proposers, b.proposal.ids) for b in new] == [
        ("2 bis", "Same. More.", ("AGN", "LMDC"), ("AGN-1", "AGN-2", "LMDC-1", "LMDC-2"))]


def test_a_new_paragraph_its_own_file_deletes_does_not_take_an_identical_one_along(doc):
    f = Files()
    f.op(AddParagraph, "EU", "2", Target("2"), text="Same.", where="after", label="2 bis")
    f.op(DeleteParagraph, "EU", "2 bis", Target("2 bis", 0, 5, "Same."))
    f.op(AddParagraph, "US", "2", Target("2"), text="Same.", where="after", label="2 bis")
    new = [b for b in compile_drafts(doc, f.build("EU", "US")).blocks if isinstance(b, NewParagraph)]
    assert [(b.label, b.proposal.proposers) for b in new] == [("2 bis", ("US",))]


def test_a_files_operations_on_its_own_new_paragraph(doc):
    f = Files()
    f.op(AddParagraph, "EU", "1", Target("1"), text="We note progress.", where="after", label="1 bis")
    f.op(AddParagraph, "EU", "1 bis", Target("1 bis"), text="Chained.", where="after", label="1 ter")
    f.op(Replace, "EU", "1 bis", Target("1 bis", 3, 7, "note"), anchor=Anchor("note"), new="welcome")
    f.op(Comment, "EU", "1 bis", Target("1 bis"), text="Key.")
    f.op(AddParagraph, "EU", "3", Target("3"), text="Dropped.", where="after", label="3 bis")
    f.op(DeleteParagraph, "EU", "3 bis", Target("3 bis", 0, 8, "Dropped."))
    f.op(Move, "EU", "2", Target("2"), where="after", dest="1 ter")
    c = compile_drafts(doc, f.build("EU"))
    kinds = [(type(b).__name__, b.ref) for b in c.blocks if not b.__class__.__name__.endswith("Heading")]
    assert kinds == [("CompiledParagraph", "1"), ("NewParagraph", "1 bis"), ("NewParagraph", "1 ter"),
                     ("MovedHere", "2"), ("CompiledParagraph", "2"), ("CompiledParagraph", "3")]
    first = next(b for b in c.blocks if isinstance(b, NewParagraph))
    assert first.text == "We welcome progress."
    assert first.comments[0].text == "Key."
    txt = render(c, "txt").decode()
    assert txt.index("1 bis. {+We welcome progress.+} (EU)") < txt.index("1 ter. {+Chained.+} (EU)") \
        < txt.index(">> Paragraph 2 to be moved here (EU)") < txt.index("  2. We agree")


SECTIONED = """Invented draft: numbering restarts per Article and section

A. DRAFT AGREEMENT

Pp1 Recalling the Convention,

Article 1

1. Parties shall act.

2. Parties shall report:

(a) On mitigation;

(b) On adaptation.

Article 2

1. Parties shall cooperate.

B. DRAFT DECISION

Pp1 Recalling its decisions,

I. ADOPTION

1. Decides to adopt the Agreement.

II. CONTRIBUTIONS

2. Welcomes the contributions.
"""


def test_new_paragraphs_print_the_drafts_label_and_keep_the_reference(tmp_path):
    """Where references are section paths (Article 1.2, A Pp1, B.2) a new paragraph keeps its
    reference (summary, links, JSON ``ref``) but prints the label the draft would: 2 bis, Pp1 bis."""
    draft = tmp_path / "draft.txt"
    draft.write_text(SECTIONED, encoding="utf-8")
    amend = tmp_path / "x.amend"
    amend.write_text('by: X\nA Pp1: add paragraph after "Recalling also the Charter,"\n'
                     'Article 1.2: add paragraph after "Parties shall publish."\n'
                     '1.2(a): add paragraph after "On finance;"\n'
                     'Article 1.1: add paragraph before "Parties shall meet."\n'
                     'B.2: add paragraph after "Invites Parties."\n', encoding="utf-8")
    base = load_draft(draft)
    c = compile_drafts(base, load_amendments(base, [amend]))
    new = [(b.ref, b.label) for b in c.blocks if isinstance(b, NewParagraph)]
    assert new == [("A Pp1 bis", "Pp1 bis"), ("Article 1.0", "0"), ("1.2(a) bis", "(a) bis"),
                   ("Article 1.2 bis", "2 bis"), ("B.2 bis", "2 bis")]
    assert [r.ref for r in c.summary.paragraphs if r.new] == [ref for ref, _ in new]
    txt = render(c, "txt").decode()
    md = render(c, "md").decode()
    html = render(c, "html").decode()
    data = json.loads(render(c, "json"))
    # txt prints the label as written; md and html as the draft prints it (a full stop, none after a parenthesis)
    for printed, shown, text in (("Pp1 bis", "Pp1 bis.", "Recalling also the Charter,"),
                                 ("2 bis.", "2 bis.", "Parties shall publish."),
                                 ("(a) bis", "(a) bis", "On finance;"), ("2 bis.", "2 bis.", "Invites Parties.")):
        assert f"\n{printed} {{+{text}+}} (X)" in txt
        assert f"**{shown}** **<ins>{text}</ins>**" in md
        assert f'<span class="label">{shown}</span> <span class="tag">new</span>' in html
    for ref, _ in new:
        assert f"{ref} {{+" not in txt and f"**{ref}.**" not in md and f'"label">{ref}.<' not in html
    assert 'id="p-Article-1-2-bis"' in html and 'href="#p-Article-1-2-bis"' in html
    assert [(b["ref"], b["label"]) for b in data["blocks"] if b["type"] == "new-paragraph"] == new
    assert data["version"] == 2


def test_new_paragraph_labels_on_the_cochairs_non_paper(tmp_path):
    path = corpus_file("paris_2015-10-05_cochairs_nonpaper_8infnot.txt")
    base = load_draft(path, lenient=True)
    amend = tmp_path / "x.amend"
    amend.write_text('by: X\nA Pp6: add paragraph after "Recognizing the special circumstances of SIDS,"\n'
                     'Article 3.3: add paragraph after "New text."\n', encoding="utf-8")
    c = compile_drafts(base, load_amendments(base, [amend]))
    assert [(b.ref, b.label) for b in c.blocks if isinstance(b, NewParagraph)] == [
        ("A Pp6 bis", "Pp6 bis"), ("Article 3.3 bis", "3 bis")]
    txt = render(c, "txt").decode()
    assert "\nPp6 bis {+Recognizing the special circumstances of SIDS,+} (X)" in txt
    assert "\n3 bis. {+New text.+} (X)" in txt
    assert "**3 bis.** **<ins>New text.</ins>**" in render(c, "md").decode()


def test_move_marks_source_and_destination(doc):
    f = Files()
    f.op(Move, "JPN", "1", Target("1"), where="after", dest="3")
    c = compile_drafts(doc, f.build("JPN"))
    assert c.paragraph("1").marks[0].kind == "move"
    last = c.blocks[-1]
    assert isinstance(last, MovedHere) and last.ref == "1" and last.proposal.proposers == ("JPN",)
    txt = render(c, "txt").decode()
    assert "      >> Move after 3 (JPN)\n" in txt
    assert txt.endswith("  3. We call on all stakeholders to act.\n\n  >> Paragraph 1 to be moved here (JPN)\n")


# -- options -----------------------------------------------------------------------------------------


def _samples():
    doc = load_draft(WSIS)
    return doc, load_amendments(doc, [DRAFTS / f"{n}.amend" for n in ("eu", "g77", "us", "jpn")])


def test_every_sample_operation_is_in_the_compilation_once():
    doc, files = _samples()
    c = compile_drafts(doc, files)
    data = json.loads(render(c, "json"))
    blocks = [b for b in data["blocks"] if b["type"] != "moved-here"]  # a move's destination repeats it
    found = re.findall(r'"((?:EU|G77|US|JPN)-\d+)"', json.dumps(blocks))
    wanted = [op.id for f in files for op in f.operations if op.kind not in ("support",)]
    assert sorted(found) == sorted(wanted)


def test_samples_show_merge_and_conflict():
    doc, files = _samples()
    c = compile_drafts(doc, files)
    change = c.paragraph("12").changes[0]
    assert change.contested
    merged, g77 = change.proposals
    assert (merged.proposers, merged.supporters, merged.inserted) == (("EU", "US"), ("JPN",), "nearly 10 per cent")
    assert (g77.proposers, g77.inserted) == (("G77",), "only about 10 per cent")
    inserted = {p.inserted: p.proposers for ch in c.paragraph("19").changes for p in ch.proposals}
    assert inserted[", including persons with disabilities,"] == ("EU", "JPN")


def test_anonymous_hides_every_code():
    doc, files = _samples()
    c = compile_drafts(doc, files, anonymous=True)
    assert c.delegations == () and c.summary.delegations == ()
    for fmt in ("txt", "md", "json", "html"):
        out = render(c, fmt).decode()
        assert not re.search(r"\b(EU|G77|US|JPN)\b", out), fmt
    # merging and alternatives are kept
    assert c.paragraph("12").changes[0].contested
    named = compile_drafts(doc, files).summary
    assert (c.summary.paragraphs, c.summary.proposals, c.summary.merged, c.summary.contested) == (
        named.paragraphs, named.proposals, named.merged, named.contested)


def test_anonymous_with_only_names_nobody():
    doc, files = _samples()
    c = compile_drafts(doc, files, anonymous=True, only="EU")
    assert c.only is None
    assert not re.search(r"\b(EU|G77|US|JPN)\b", render(c, "html").decode())


def test_only_shows_those_delegations():
    doc, files = _samples()
    c = compile_drafts(doc, files, only="EU,us")
    assert c.only == ("EU", "US")
    assert [d.code for d in c.delegations] == ["EU", "US"]
    proposers = {code for b in c.blocks if isinstance(b, CompiledParagraph)
                 for p in [*(q for ch in b.changes for q in ch.proposals), *b.marks] for code in p.proposers}
    assert proposers == {"EU", "US"}
    change = c.paragraph("12").changes[0]
    assert not change.contested and change.proposals[0].proposers == ("EU", "US")
    assert c.paragraph("35").marks[0].kind == "delete-paragraph"
    assert [d.code for d in c.summary.delegations] == ["EU", "US"]


def test_only_unknown_delegation_is_an_error():
    doc, files = _samples()
    with pytest.raises(SelectionError, match="FRA"):
        compile_drafts(doc, files, only=["EU", "FRA"])


def test_proposers_follow_the_order_files_were_given():
    doc, files = _samples()
    c = compile_drafts(doc, tuple(reversed(files)))
    change = c.paragraph("12").changes[0]
    assert [p.proposers for p in change.proposals] == [("US", "EU"), ("G77",)]
    assert [d.code for d in c.delegations] == ["JPN", "US", "G77", "EU"]


def test_unresolved_operation_is_an_error(doc):
    f = Files()
    f.op(Delete, "EU", "1", None, anchor=Anchor("x"))
    with pytest.raises(AmendmentFileError, match="not resolved"):
        compile_drafts(doc, f.build("EU"))


# -- the draft itself, byte for byte ----------------------------------------------------------------


def test_no_amendments_reproduces_wsis_byte_for_byte():
    doc = load_draft(WSIS)
    assert render(compile_drafts(doc, ()), "txt") == WSIS.read_bytes()


@pytest.mark.parametrize("text", [
    "\ufeffTitle\r\n\r\n  1. First\r\n     wrapped line.\r\n\r\n  2. [Second] [Other]\r\n",
    "1. No final newline",
    "",
])
def test_no_amendments_reproduces_bom_crlf_and_edge_drafts(tmp_path, text):
    path = tmp_path / "d.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = load_draft(path, lenient=True)
    assert render(compile_drafts(doc, ()), "txt") == path.read_bytes()


@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_no_amendments_reproduces_corpus_drafts(name):
    path = corpus_file(name)
    doc = load_draft(path, lenient=True)
    assert render(compile_drafts(doc, ()), "txt") == path.read_bytes()


def test_crlf_draft_keeps_crlf_around_marks(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"  1. First point.\r\n\r\n  2. Second point.\r\n")
    doc = load_draft(path)
    f = Files()
    f.op(Comment, "EU", "1", Target("1"), text="Note.")
    f.op(AddParagraph, "EU", "2", Target("2"), text="New.", where="after", label="2 bis")
    out = render(compile_drafts(doc, f.build("EU")), "txt")
    assert out == (b'  1. First point.\r\n      >> Comment (EU): "Note."\r\n\r\n  2. Second point.\r\n'
                   b"\r\n  2 bis. {+New.+} (EU)\r\n")


def test_hard_wrapped_paragraph_keeps_its_lines_outside_the_change(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"  1. We welcome the\n     report of the Secretary-General.\n")
    doc = load_draft(path)
    f = Files()
    f.op(Replace, "EU", "1", span(doc, "1", "Secretary-General"), anchor=Anchor("Secretary-General"), new="SG")
    out = render(compile_drafts(doc, f.build("EU")), "txt").decode()
    assert out == "  1. We welcome the\n     report of the {-Secretary-General-}{+SG+} (EU).\n"


def test_rendering_is_deterministic():
    doc, files = _samples()
    for fmt in ("txt", "md", "json", "html"):
        assert render(compile_drafts(doc, files), fmt) == render(compile_drafts(doc, files), fmt)


def test_unknown_format_is_an_error():
    doc, files = _samples()
    with pytest.raises(SelectionError, match="odt"):
        render(compile_drafts(doc, files), "odt")


# -- properties ----------------------------------------------------------------------------------------


_OPS = st.lists(
    st.tuples(st.sampled_from(["replace", "delete", "insert"]), st.integers(0, 48), st.integers(0, 12),
              st.sampled_from(["EU", "US", "G77"]), st.sampled_from(["x", "y", "x "])),
    max_size=12,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_OPS)
def test_no_proposal_lost_and_base_text_intact(ops):
    doc = parse_draft(DRAFT, path="test.txt")
    text = lookup(doc, "1").text
    f = Files()
    for kind, start, length, by, new in ops:
        start = min(start, len(text))
        end = min(len(text), start + max(length, 1))
        if kind == "insert":
            f.op(Insert, by, "1", Target("1", start, start, ""), text=new)
        elif kind == "delete":
            f.op(Delete, by, "1", Target("1", start, end, text[start:end]), anchor=Anchor(text[start:end]))
        else:
            f.op(Replace, by, "1", Target("1", start, end, text[start:end]), anchor=Anchor(text[start:end]), new=new)
    c = compile_drafts(doc, f.build("EU", "US", "G77"))
    para = c.paragraph("1")
    assert base_text(para) == text
    pos = 0
    for seg in para.segments:
        assert seg.start == pos and seg.end >= seg.start
        pos = seg.end
    ids = [i for ch in para.changes for p in ch.proposals for i in p.ids]
    assert sorted(ids) == sorted(op.id for ops_ in f.files.values() for op in ops_)
    for ch in para.changes:
        for p in ch.proposals:
            assert "".join(x.text for x in p.pieces if x.op != "insert") == ch.old
        if ch.contested:  # alternatives really are different proposals
            assert len({tuple(p.pieces) for p in ch.proposals}) == len(ch.proposals)
    assert render(c, "txt").count(b"{{") == sum(1 for ch in para.changes if ch.contested)
