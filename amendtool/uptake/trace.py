"""Tracing each proposal into the revision the facilitator issued: ``uptake(draft, next, files)``.

NEXT is what was actually issued (written by hand, renumbered, reordered), not necessarily what
``consolidate`` would make, so nothing is replayed: the paragraphs of DRAFT are aligned with NEXT's
(``diff.align``: by content, so renumbered and moved paragraphs are found), and each proposal is looked
for in its paragraph's counterpart by its own words, the draft's words around it as context.

- A change of words (``replace``, ``insert``, ``delete``, ``bracket``, ``remove brackets``, ``retain``,
  ``add alternative``): taken when its new words stand in the counterpart and the words it replaces
  do not (with the draft's words around them: as proposed); still open when its new words stand
  there in square brackets that the proposal did not write; taken in part when some of its own new
  words (those the draft's paragraph did not have) stand between the same neighbours; taken
  elsewhere when its new words stand in another paragraph of NEXT; otherwise not taken, or
  overtaken when the paragraph has no counterpart.
- A whole paragraph: ``delete paragraph`` (``delete paragraphs``, an option deleted) is taken when the
  paragraph has no counterpart, still open when it stands in brackets; ``replace paragraph`` and new
  paragraphs (``add paragraph``, ``add item``, ``add option``) by the word similarity of the
  proposed text with NEXT's paragraphs (taken as proposed, in part, elsewhere when it stands away from
  where it was proposed); ``move`` by the order of the two paragraphs' counterparts.
- Structure: a bracket across paragraphs by the brackets between the counterparts; ``retain`` of an
  option by the other options being gone; headings by NEXT's headings aligned with DRAFT's.

Every verdict carries its evidence: NEXT's reference and its own words there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from amendtool.amend import AmendmentFile, unparse
from amendtool.amend.operations import (
    AddAlternative,
    AddHeading,
    AddItem,
    AddOption,
    AddParagraph,
    BracketParagraphs,
    BracketText,
    Comment,
    Delete,
    DeleteHeading,
    DeleteOption,
    DeleteParagraph,
    DeleteParagraphs,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    RemoveBracketsAcross,
    Replace,
    ReplaceHeading,
    ReplaceParagraph,
    Retain,
    RetainOption,
    Support,
)
from amendtool.diff.align import AlignItem, align, dice, words
from amendtool.diff.brackets_across import pairs
from amendtool.draft.model import Document, Paragraph
from amendtool.text import find_all, shorten
from amendtool.uptake.model import VERDICTS, DelegationUptake, Trace, Uptake, Verdict

SAME = 0.85
"""Word similarity from which a proposed paragraph counts as taken as proposed."""
PART = 0.5
"""Word similarity from which it counts as taken in part."""
CONTEXT_WORDS = 4
"""Words of the draft's paragraph on each side of a change, looked for around it in NEXT."""
MIN_ELSEWHERE_WORDS = 3
"""New words looked for in other paragraphs of NEXT only from this many on (one word is anywhere)."""
SNIPPET = 90
"""Characters of NEXT's text quoted as evidence."""
WINDOW = 40
"""Characters beyond the proposed text's own length looked in, beside the one neighbour found."""

_WORD = re.compile(r"\S+")
_EDGE_PUNCTUATION = " ,;:."


def uptake(doc: Document, nxt: Document, files: Sequence[AmendmentFile]) -> Uptake:
    """What became of every proposal of ``files`` (resolved against ``doc``) in ``nxt``."""
    tracer = _Tracer(doc, nxt)
    tracer.set_apart([op.text for f in files for op in f.operations if isinstance(op, (AddParagraph, AddItem,
                                                                                       AddOption))])
    supporters: dict[str, list[str]] = {}
    for f in files:
        for op in f.operations:
            if isinstance(op, Support):
                supporters.setdefault(op.target_id, []).append(op.by)
    traces: list[Trace] = []
    for f in files:
        for op in f.operations:
            if isinstance(op, (Support, Comment)):
                continue
            verdict, next_ref, evidence, found = tracer.trace(op, f)
            traces.append(Trace(op.id, op.by, op.kind, op.target.ref if op.target else op.ref, unparse(op),
                                verdict, next_ref, evidence, tuple(found), tuple(supporters.get(op.id, ()))))
    return Uptake(_name(doc.path), _name(nxt.path), tuple(traces), _tally(files, traces))


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _tally(files: Sequence[AmendmentFile], traces: Sequence[Trace]) -> tuple[DelegationUptake, ...]:
    by_code: dict[str, Counter[Verdict]] = {}
    for f in files:
        by_code.setdefault(f.by, Counter())
    for t in traces:
        by_code.setdefault(t.by, Counter())[t.verdict] += 1
    out = []
    for code, c in by_code.items():
        out.append(DelegationUptake(code, sum(c.values()), c["taken"], c["partly"], c["elsewhere"], c["open"],
                                    c["not-taken"], c["overtaken"]))
    return tuple(out)


Result = tuple[Verdict, str | None, str, list[str]]
"""A verdict, NEXT's reference, the evidence, the words that made it (for ``partly``)."""


def _snippet(text: str, start: int = 0, end: int | None = None) -> str:
    """NEXT's words around [start, end), shortened to about ``SNIPPET`` characters."""
    end = len(text) if end is None else end
    pad = max(0, (SNIPPET - (end - start)) // 2)
    a, b = max(0, start - pad), min(len(text), end + pad)
    # whole words at the edges
    if a > 0 and " " in text[a:start]:
        a = text.index(" ", a) + 1
    if b < len(text) and " " in text[end:b]:
        b = text.rindex(" ", end, b)
    piece = " ".join(text[a:b].split())
    return ("…" if a else "") + shorten(piece, SNIPPET + 20) + ("…" if b < len(text) else "")


def _inside_brackets(p: Paragraph, start: int, end: int) -> bool:
    """Whether [start, end) of ``p.text`` stands inside a pair of square brackets of the paragraph."""
    return any(g.start <= start and end <= g.end and g.start < start for g in p.bracket_groups)


class _Tracer:
    def __init__(self, doc: Document, nxt: Document):
        self.doc, self.nxt = doc, nxt
        self.base = {p.ref: p for p in doc.paragraphs}
        self.order = {p.ref: k for k, p in enumerate(doc.paragraphs)}
        self.next_order = {p.ref: k for k, p in enumerate(nxt.paragraphs)}
        self.counterparts: dict[str, list[Paragraph]] = {}
        self.similarity: dict[tuple[str, str], float] = {}
        """(draft paragraph, its counterpart) -> how alike their words are."""
        self.added: list[Paragraph] = []
        records = align([_item(p) for p in doc.paragraphs], [_item(p) for p in nxt.paragraphs])
        for r in records:
            if r.old_index is not None and r.new_index is not None:
                old, new = doc.paragraphs[r.old_index], nxt.paragraphs[r.new_index]
                self.counterparts.setdefault(old.ref, []).append(new)
                self.similarity[(old.ref, new.ref)] = r.similarity
            elif r.new_index is not None:
                self.added.append(nxt.paragraphs[r.new_index])
        self.next_by_ref = {p.ref: p for p in nxt.paragraphs}
        self.new_found: dict[tuple[str, str], str] = {}
        """(delegation, new paragraph's reference) -> the paragraph of NEXT it became, for the file's
        later operations on it."""

    @property
    def origin(self) -> dict[str, list[str]]:
        """NEXT paragraph -> the draft paragraphs it is the counterpart of."""
        out: dict[str, list[str]] = {}
        for ref, parts in self.counterparts.items():
            for n in parts:
                out.setdefault(n.ref, []).append(ref)
        return out

    def set_apart(self, proposed: Sequence[str]) -> None:
        """Paragraphs of NEXT that read as a proposed new paragraph more than as the draft's paragraph
        the aligner paired them with are the new ones: that draft paragraph has no counterpart there
        (``The review shall be conducted at ...``, a new option, is not ``The review shall be conducted
        every two years`` rewritten)."""
        wanted = [Counter(words(t)) for t in proposed]
        for ref, parts in list(self.counterparts.items()):
            kept = []
            for n in parts:
                have = Counter(words(n.text))
                best = max((dice(w, have, sum(w.values()), sum(have.values())) for w in wanted), default=0.0)
                if best >= SAME and best > self.similarity.get((ref, n.ref), 0.0):
                    self.added.append(n)
                else:
                    kept.append(n)
            if kept:
                self.counterparts[ref] = kept
            else:
                del self.counterparts[ref]

    # -- dispatch -------------------------------------------------------------------------------------

    def trace(self, op: Operation, f: AmendmentFile) -> Result:
        if op.target is None:
            return "not-taken", None, "the operation was not resolved against the draft", []
        if op.target.ref not in self.base and not isinstance(op, (ReplaceHeading, DeleteHeading)):
            return self._on_new(op)
        match op:
            case Replace() | Delete() | Insert() | BracketText() | RemoveBrackets() | Retain() | AddAlternative():
                return self._words(op)
            case DeleteParagraph() | DeleteOption():
                return self._deleted([op.target.ref])
            case DeleteParagraphs(paragraphs=refs):
                return self._deleted(list(refs))
            case ReplaceParagraph(text=text):
                return self._replaced(op.target.ref, text)
            case AddParagraph() | AddItem() | AddOption():
                return self._added(op)
            case Move():
                return self._moved(op)
            case BracketParagraphs() | RemoveBracketsAcross():
                return self._across(op)
            case RetainOption(others=others):
                return self._retained(op.target.ref, others)
            case ReplaceHeading() | DeleteHeading() | AddHeading():
                return self._heading(op)
        return "not-taken", None, f"{op.kind} is not traced", []

    # -- words in a paragraph -----------------------------------------------------------------------

    def _words(self, op: Operation) -> Result:
        """A change of words: its new words, with the draft's words around them, in the counterpart."""
        assert op.target is not None  # checked by trace()
        p = self.base[op.target.ref]
        old, new = _change(op, p.text)
        left, right = _context(p.text, op.target.start, op.target.end)
        if old and not new.strip():
            return self._deletion(p, old, left, right)
        parts = self.counterparts.get(p.ref, [])
        for n in parts:
            # the new words as proposed, or without the punctuation at their edges (a revision tidies
            # ", including persons with disabilities," before a full stop)
            found = _find(n.text, (left + new + right).strip()) or _find(n.text, new.strip()) \
                or _find(n.text, new.strip(_EDGE_PUNCTUATION))
            if found and (not old.strip() or not _find(n.text, (left + old + right).strip())):
                # still open: its words stand in brackets it did not write (an alternative added, or
                # words bracketed, stand in brackets by what they propose)
                bracketed = "[" not in new and not isinstance(op, AddAlternative) and _inside_brackets(n, *found)
                return ("open" if bracketed else "taken"), n.ref, _snippet(n.text, *found), []
        for n in parts:
            made = _made_it(p.text, n.text, new, left, right)
            if made:
                return "partly", n.ref, _snippet(n.text, *(_find(n.text, made[0]) or (0, 0))), made
        elsewhere = self._elsewhere(new, exclude={n.ref for n in parts})
        if elsewhere is not None:
            return elsewhere
        if not parts:
            return "overtaken", None, f"paragraph {p.ref} is not in NEXT", []
        n = parts[0]
        # where the words it would have changed (or its neighbours) still stand
        there = _find(n.text, (left + old + right).strip()) or _find(n.text, left.strip()) \
            or _find(n.text, right.strip()) or (0, 0)
        return "not-taken", n.ref, _snippet(n.text, *there), []

    def _deletion(self, p: Paragraph, old: str, left: str, right: str) -> Result:
        parts = self.counterparts.get(p.ref, [])
        if not parts:
            return "overtaken", None, f"paragraph {p.ref} is not in NEXT", []
        n = parts[0]
        there = _find(n.text, (left + old + right).strip())
        if there is None and not _find(n.text, (left + " " + right).strip()) \
                and len(_WORD.findall(old)) >= MIN_ELSEWHERE_WORDS:
            # neither the words around it with it nor without it: the words themselves, if they still
            # stand (a short word such as "and" stands anywhere, and says nothing)
            there = _find(n.text, old.strip())
        if there is None:
            around = _find(n.text, left.strip()) or _find(n.text, right.strip())
            return "taken", n.ref, _snippet(n.text, *around) if around else _snippet(n.text), []
        if _inside_brackets(n, *there) and not _inside_brackets(p, *(_find(p.text, old.strip()) or (0, 0))):
            return "open", n.ref, _snippet(n.text, *there), []
        return "not-taken", n.ref, _snippet(n.text, *there), []

    def _elsewhere(self, text: str, exclude: set[str]) -> Result | None:
        """``text`` found in a paragraph of NEXT other than ``exclude``."""
        if len(_WORD.findall(text)) < MIN_ELSEWHERE_WORDS:
            return None
        for n in self.nxt.paragraphs:
            if n.ref in exclude:
                continue
            found = _find(n.text, text.strip())
            if found:
                return "elsewhere", n.ref, _snippet(n.text, *found), []
        return None

    def _on_new(self, op: Operation) -> Result:
        """An operation on a paragraph its own file adds: its new words looked for in the paragraph of
        NEXT that paragraph became."""
        assert op.target is not None  # checked by trace()
        found_ref = self.new_found.get((op.by, op.target.ref))
        if found_ref is None:
            return "not-taken", None, f"paragraph {op.target.ref} (added by this file) is not in NEXT", []
        n = self.next_by_ref[found_ref]
        _old, new = _change(op, "")
        if not new.strip():
            return "taken", n.ref, _snippet(n.text), []
        found = _find(n.text, new.strip())
        if found:
            return "taken", n.ref, _snippet(n.text, *found), []
        return "not-taken", n.ref, _snippet(n.text), []

    # -- whole paragraphs ---------------------------------------------------------------------------

    def _deleted(self, refs: list[str]) -> Result:
        remaining = [n for ref in refs for n in self.counterparts.get(ref, [])]
        if not remaining:
            return "taken", None, f"paragraph {', '.join(refs)} is not in NEXT", []
        n = remaining[0]
        if len(remaining) < len(refs):
            return "partly", n.ref, _snippet(n.text), []
        if _whole_bracketed(n):
            return "open", n.ref, _snippet(n.text), []
        return "not-taken", n.ref, _snippet(n.text), []

    def _replaced(self, ref: str, text: str) -> Result:
        old = self.base[ref].text
        for n in self.counterparts.get(ref, []):
            verdict = _similar(text, n.text, old)
            if verdict is not None:
                return verdict, n.ref, _snippet(n.text), _new_words(old, n.text, text) if verdict == "partly" else []
        best = self._best(text)
        if best is not None and best[1] >= SAME:
            return "elsewhere", best[0].ref, _snippet(best[0].text), []
        parts = self.counterparts.get(ref, [])
        if not parts:
            return "overtaken", None, f"paragraph {ref} is not in NEXT", []
        return "not-taken", parts[0].ref, _snippet(parts[0].text), []

    def _added(self, op: AddParagraph | AddItem | AddOption) -> Result:
        best = self._best(op.text, prefer=self.added)
        if best is None or best[1] < PART:
            return "not-taken", None, "no paragraph of NEXT reads like it", []
        n, score = best
        self.new_found[(op.by, self._new_ref(op))] = n.ref
        if _whole_bracketed(n) and not op.text.lstrip().startswith("["):
            return "open", n.ref, _snippet(n.text), []
        if score < SAME:
            return "partly", n.ref, _snippet(n.text), _new_words("", n.text, op.text)
        near = self._near(op, n)
        return ("taken" if near else "elsewhere"), n.ref, _snippet(n.text), []

    def _new_ref(self, op: AddParagraph | AddItem | AddOption) -> str:
        """The reference the file's later operations give a paragraph it adds (as ``resolve`` does)."""
        assert op.target is not None  # checked by trace()
        match op:
            case AddItem():
                return op.target.ref.removeprefix("Article ") + op.label
            case AddOption():
                neighbour = self.base[op.target.ref]
                return neighbour.ref[: len(neighbour.ref) - len(neighbour.label or "")] + op.label
        return op.label

    def _near(self, op: AddParagraph | AddItem | AddOption, n: Paragraph) -> bool:
        """Whether a new paragraph found in NEXT stands where it was proposed: within a couple of
        paragraphs of its neighbour's counterpart."""
        assert op.target is not None  # checked by trace()
        anchors = self.counterparts.get(op.target.ref, [])
        if not anchors:
            return True  # its neighbour is gone: nothing says it stands elsewhere
        k = self.next_order[n.ref]
        return any(abs(k - self.next_order[a.ref]) <= 3 for a in anchors)

    def _best(self, text: str, prefer: Iterable[Paragraph] = ()) -> tuple[Paragraph, float] | None:
        """The paragraph of NEXT whose words are most like ``text`` (those in ``prefer`` first on a tie)."""
        want = Counter(words(text))
        total = sum(want.values())
        preferred = {p.ref for p in prefer}
        origin = self.origin
        best: tuple[Paragraph, float] | None = None
        for n in self.nxt.paragraphs:
            have = Counter(words(n.text))
            score = dice(want, have, total, sum(have.values()))
            # a paragraph of NEXT that reads as much like the draft's paragraph it comes from is that
            # paragraph, not the proposal
            if any(self.similarity.get((ref, n.ref), 0.0) >= score for ref in origin.get(n.ref, ())):
                continue
            if best is None or score > best[1] or score == best[1] and n.ref in preferred:
                best = (n, score)
        return best

    def _moved(self, op: Move) -> Result:
        assert op.target is not None  # checked by trace()
        parts, dest = self.counterparts.get(op.target.ref, []), self.counterparts.get(op.dest, [])
        if not parts:
            return "overtaken", None, f"paragraph {op.target.ref} is not in NEXT", []
        n = parts[0]
        if not dest:
            return "not-taken", n.ref, f"paragraph {op.dest} is not in NEXT", []
        k, d = self.next_order[n.ref], self.next_order[dest[-1].ref if op.where == "after" else dest[0].ref]
        # NEXT's references with the draft's beside them: both are renumbered, "41 stands after 40" alone
        # reads as if 40 moved after 41
        moved, beside = f"{n.ref} (was {op.target.ref})", f"{dest[0].ref} (was {op.dest})"
        if (op.where == "after" and k > d) or (op.where == "before" and k < d):
            return "taken", n.ref, f"{moved} stands {op.where} {beside}", []
        return "not-taken", n.ref, f"{moved} stands {'before' if op.where == 'after' else 'after'} {beside}", []

    # -- structure ------------------------------------------------------------------------------------

    def _across(self, op: BracketParagraphs | RemoveBracketsAcross) -> Result:
        """A bracket across paragraphs: whether NEXT has a bracket from the first paragraph's
        counterpart to the last's (or round the same words, in one paragraph)."""
        assert op.target is not None  # checked by trace()
        first = self.counterparts.get(op.target.ref, [])
        last = self.counterparts.get(op.close_ref, [])
        if not first or not last:
            return "overtaken", None, f"paragraph {op.target.ref if not first else op.close_ref} is not in NEXT", []
        index = {p.ref: k for k, p in enumerate(self.nxt.paragraphs)}
        a, b = index[first[0].ref], index[last[-1].ref]
        if a == b:
            p = self.base[op.target.ref]
            words = p.text[op.open_at : op.close_at] if isinstance(op, BracketParagraphs) else \
                p.text[op.open_at + 1 : op.close_at]
            bracketed = _find(first[0].text, f"[{words.strip()}]") is not None
        else:
            bracketed = any(x == a and y == b for x, _i, y, _j in pairs(self.nxt))
        wanted = isinstance(op, BracketParagraphs)
        verdict: Verdict = "taken" if bracketed == wanted else "not-taken"
        return verdict, first[0].ref, _snippet(first[0].text, 0, 0), []

    def _retained(self, ref: str, others: Sequence[str]) -> Result:
        left = [n for other in others for n in self.counterparts.get(other, [])]
        mine = self.counterparts.get(ref, [])
        p = self.base[ref]
        kept = mine or [n for c in p.children if isinstance(c, Paragraph) for n in self.counterparts.get(c.ref, [])]
        if not kept:
            return "overtaken", None, f"option {ref} is not in NEXT", []
        if left:
            return "not-taken", left[0].ref, _snippet(left[0].text), []
        return "taken", kept[0].ref, _snippet(kept[0].text), []

    def _heading(self, op: ReplaceHeading | DeleteHeading | AddHeading) -> Result:
        """Headings by what NEXT's headings read: the new title among them, the old one gone, the new
        heading there."""
        headings = [(s.ref, " ".join(s.heading.title.split()), " ".join(s.heading.render().split()).lstrip("# "))
                    for s in self.nxt.sections]
        if isinstance(op, AddHeading):
            wanted = " ".join(op.text.split())
            hit = next((h for h in headings if wanted in h[2] or h[1] and h[1] in wanted), None)
            return ("taken", hit[0], hit[2], []) if hit else ("not-taken", None, "no heading of NEXT reads so", [])
        assert op.target is not None  # checked by trace()
        old = " ".join(next(s.heading.title for s in self.doc.sections if s.ref == op.target.ref).split())
        still = next((h for h in headings if h[1] == old), None)
        if isinstance(op, DeleteHeading):
            return ("not-taken", still[0], still[2], []) if still else \
                ("taken", None, f"heading {op.target.ref} is not in NEXT", [])
        title = " ".join((old[: op.target.start] + op.new + old[op.target.end :]).split())
        hit = next((h for h in headings if h[1] == title or op.new.strip() and _find(h[1], op.new.strip())), None)
        if hit is not None:
            return "taken", hit[0], hit[2], []
        if still is not None:
            return "not-taken", still[0], still[2], []
        return "overtaken", None, f"heading {op.target.ref} is not in NEXT", []


# ---------------------------------------------------------------------------------------------------
# Helpers


def _item(p: Paragraph) -> AlignItem:
    return AlignItem(p.ref, p.label, p.text, p.kind)


def _change(op: Operation, text: str) -> tuple[str, str]:
    """The draft's words a change of words replaces, and what it writes instead."""
    assert op.target is not None  # the caller traces resolved operations
    old = text[op.target.start : op.target.end]
    match op:
        case Replace(new=new):
            return old, new
        case Delete():
            return old, ""
        case Insert(text=new):
            return "", new
        case BracketText():
            return old, f"[{old}]"
        case RemoveBrackets(anchor=anchor):
            return old, anchor.text.strip("[]")
        case Retain(anchor=anchor):
            return old, anchor.text
        case AddAlternative(text=new):
            return "", new
    return old, old


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to ``CONTEXT_WORDS`` words of ``text`` before ``start`` and after ``end``, spaces kept."""
    before = list(_WORD.finditer(text, 0, start))
    after = list(_WORD.finditer(text, end))
    left = text[before[-min(CONTEXT_WORDS, len(before))].start() : start] if before else text[:start]
    right = text[end : after[CONTEXT_WORDS - 1].end()] if len(after) >= CONTEXT_WORDS else text[end:]
    return left, right


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` stands in ``text`` (whitespace, quote and dash styles aside), the first time."""
    if not phrase:
        return None
    spans = find_all(text, phrase)
    return spans[0] if spans else None


def _made_it(old: str, new_para: str, new: str, left: str, right: str) -> list[str]:
    """The words of ``new`` that the draft's paragraph did not have and that stand in NEXT's paragraph
    between the same neighbours (or anywhere in it, when at least two of them do)."""
    fresh = [w for w in _WORD.findall(new) if len(w.strip(".,;:()[]")) > 3 and not _find(old, w)]
    if not fresh:
        return []
    region = new_para
    a, b = _find(new_para, left.strip()), _find(new_para, right.strip())
    reach = len(new) + WINDOW
    if a and b and a[1] <= b[0]:
        region = new_para[a[1] : b[0]]
    elif a:
        region = new_para[a[1] : a[1] + reach]
    elif b:
        region = new_para[max(0, b[0] - reach) : b[0]]
    made = [w for w in dict.fromkeys(fresh) if _find(region, w)]
    if region is new_para and len(made) < 2:
        return []
    return made


def _new_words(old: str, new_para: str, proposed: str) -> list[str]:
    """The words of ``proposed`` that ``old`` does not have and ``new_para`` does."""
    return [w for w in dict.fromkeys(_WORD.findall(proposed))
            if len(w.strip(".,;:()[]")) > 3 and not _find(old, w) and _find(new_para, w)]


def _similar(proposed: str, found: str, old: str) -> Verdict | None:
    """A proposed paragraph text against NEXT's paragraph: as proposed, in part (nearer the
    proposal than the draft was), or None."""
    a, b, c = Counter(words(proposed)), Counter(words(found)), Counter(words(old))
    score = dice(a, b, sum(a.values()), sum(b.values()))
    if score >= SAME:
        return "taken"
    if score >= PART and score > dice(c, b, sum(c.values()), sum(b.values())):
        return "partly"
    return None


def _whole_bracketed(p: Paragraph) -> bool:
    """A paragraph whose whole text stands in one pair of brackets."""
    return any(g.start == 0 and g.end == len(p.text) and len(g.brackets) == 1 for g in p.bracket_groups)


__all__ = ["VERDICTS", "uptake"]
