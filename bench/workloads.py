"""The benchmark's workloads, built deterministically (seeded) from the sample draft shipped in drafts/.

    python bench/workloads.py --scale 1 --out /tmp/L      # writes draft.txt, revision.txt, *.amend, truth.json

A synthetic draft of ``6000 * scale`` paragraphs (L is scale 1, L/4 is 0.25, 3xL is 3), numbered the
way long real texts are: Articles, each with its own paragraphs 1..N (a draft numbered 1..6,000 would
not parse as such: numbers above 1899 read as years).
Paragraph texts are made of clauses of the sample draft (WSIS+10 zero draft) recombined, with names
and figures of their own, so they read like negotiation text and share its common words; some are
repeated on purpose, as in real drafts: ``No text`` placeholders, one bracketed chapeau
(``[Decides] [Requests] that participating Parties ...``) and copies of whole paragraphs. Some hold
bracket groups of alternatives (``[shall] [should]``) or a bracketed phrase.

Amendment files: ``delegations`` (193 at scale 1, scaled) files of 50 operations each, of every kind
(replace, delete, insert before/after/at start/at end, bracket, remove brackets, retain, add
alternative, delete paragraph, replace paragraph, add paragraph before/after, move before/after,
comment, support), with identical proposals (merged) and overlapping ones (alternatives) on a few
contested paragraphs. The first ``ACCEPTED_SHARE`` of the delegations work on paragraphs of their own, so that
``consolidate --accept`` of all their operations is free of conflicts.

The revision (for ``diff`` and ``propose``): about 5 % of the words edited (replaced, inserted,
deleted, in about 40 % of the paragraphs), paragraphs moved (across Articles too), added, split,
merged and deleted, every Article renumbered 1..N; the repeated paragraphs are kept. ``truth.json``
holds what the generator did: for each old reference the new references it went to, and which
paragraphs were added and deleted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "drafts" / "wsis10_zero_draft.txt"

L_PARAGRAPHS = 6000
L_DELEGATIONS = 193
OPS_PER_FILE = 50
ACCEPTED_SHARE = 1 / 16
"""Share of the delegations (the first: D001 ... D012 for L) whose operations ``consolidate`` accepts:
they amend paragraphs no one else amends, one operation each."""
SEED = 20151019
VERSION = 3
"""Bumped when the generator changes, so that workloads built before are built again (2: edits never
leave a bracket pair half deleted, which a revision's reader cannot take as an amendment; 3: splits
never cut inside brackets, which gave propose a 3xL revision no amendment file can say)."""

NO_TEXT = "No text"
CHAPEAU = ("[Decides] [Requests] that participating Parties shall report on their implementation of this "
           "Article in accordance with the modalities, procedures and guidelines to be adopted.")
SYLLABLES = ["ka", "lo", "mi", "ran", "te", "vo", "sul", "dri", "ne", "ba", "qui", "tor", "fen", "ly", "zam", "pe"]
TITLES = ["Purpose", "Definitions", "Mitigation", "Adaptation", "Finance", "Technology", "Capacity-building",
          "Transparency", "Global stocktake", "Compliance", "Loss and damage", "Cooperation", "Review",
          "Institutional arrangements", "Final provisions", "Education", "Gender", "Oceans", "Forests", "Markets"]


def sample_paragraphs() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"^\s*\d+\.\s+(.*)$", text, re.M)]


def _clauses(paragraphs: list[str]) -> list[str]:
    """The sample's clauses (cut at commas, semicolons and full stops), without brackets, 5+ words."""
    out = []
    for p in paragraphs:
        for c in re.split(r"[,;.:]\s+", p.replace("[", "").replace("]", "")):
            c = c.strip(" .,;:")
            if len(c.split()) >= 5:
                out.append(c)
    return sorted(set(out))


@dataclass
class Para:
    article: int
    text: str
    kind: str = "plain"
    """``plain``, ``repeat`` (No text, the chapeau, a copy: never changed by the revision), ``reserved``
    (only accepted delegations amend it)."""
    origins: tuple[int, ...] = ()
    tags: set[str] = field(default_factory=set)


class Words:
    """Made-up names (``Kalomi``), figures and the sample's words, to vary the clauses."""

    def __init__(self, rng: random.Random, clauses: list[str]):
        self.rng = rng
        vocab = sorted({w for c in clauses for w in c.split() if w.isalpha() and w.islower() and len(w) > 3})
        self.vocab = vocab

    def name(self) -> str:
        rng = self.rng
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    def word(self) -> str:
        return self.rng.choice(self.vocab)

    def novel(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(3)) + "ic"


class Draft:
    """A synthetic draft: Articles of paragraphs."""

    def __init__(self, n_paragraphs: int, rng: random.Random):
        self.rng = rng
        self.clauses = _clauses(sample_paragraphs())
        self.words = Words(rng, self.clauses)
        self.paras: list[Para] = []
        self.titles: list[str] = []
        article = 0
        while len(self.paras) < n_paragraphs:
            article += 1
            self.titles.append(rng.choice(TITLES))
            size = min(rng.randint(20, 100), n_paragraphs - len(self.paras))
            for k in range(size):
                self.paras.append(self._paragraph(article, k))

    def sentence(self) -> str:
        rng, w = self.rng, self.words
        parts = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            words = rng.choice(self.clauses).split()
            for _ in range(rng.randint(1, 2)):  # a name or a figure of its own
                at = rng.randrange(1, len(words))
                words.insert(at, w.name() if rng.random() < 0.7 else f"{rng.randint(3, 97)} per cent")
            parts.append(" ".join(words))
        s = ", ".join(parts)
        return s[0].upper() + s[1:]

    def _paragraph(self, article: int, k: int) -> Para:
        rng = self.rng
        r = rng.random()
        if k and r < 0.01:
            return Para(article, NO_TEXT, "repeat")
        if k and r < 0.02:
            return Para(article, CHAPEAU, "repeat")
        if len(self.paras) > 10 and r < 0.03:
            return Para(article, rng.choice([p for p in self.paras[-200:] if p.kind != "repeat"]).text, "repeat")
        text = ". ".join(self.sentence() for _ in range(rng.randint(1, 3))) + "."
        r = rng.random()
        words = text.split(" ")
        if r < 0.10 and len(words) >= 5:  # a group of alternatives
            at = rng.randrange(2, len(words) - 2)
            alt = rng.choice([("shall", "should"), ("developed country Parties", "all Parties"),
                              ("World Summit", "High Level Meeting"), ("support", "assistance")])
            words.insert(at, f"[{alt[0]}] [{alt[1]}]")
            text = " ".join(words)
        elif 0.10 <= r < 0.15 and len(words) >= 7:  # a bracketed phrase
            at = rng.randrange(2, len(words) - 4)
            words[at : at + 3] = ["[" + " ".join(words[at : at + 3]).strip(",.") + "]"]
            text = " ".join(words) if text.endswith(".") else " ".join(words) + "."
        kind = "reserved" if rng.random() < 0.15 else "plain"
        return Para(article, text, kind)

    def refs(self, paras: list[Para] | None = None) -> list[str]:
        """``Article a.k`` of each paragraph, numbered 1..N within each Article."""
        out, counter = [], {}
        for p in paras if paras is not None else self.paras:
            counter[p.article] = counter.get(p.article, 0) + 1
            out.append(f"Article {p.article}.{counter[p.article]}")
        return out

    def render(self, paras: list[Para] | None = None, titles: list[str] | None = None, name: str = "L") -> str:
        paras = paras if paras is not None else self.paras
        titles = titles or self.titles
        lines = [f"Synthetic negotiating text {name} (amendtool benchmark)", "", "Draft agreement", "", ""]
        counter: dict[int, int] = {}
        for p in paras:
            if p.article not in counter:
                counter[p.article] = 0
                lines += [f"Article {p.article} ({titles[p.article - 1]})", "", ""]
            counter[p.article] += 1
            lines += [f"  {counter[p.article]}. {p.text}", "", ""]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# Amendment files


OPERATION_MIX = [
    (0.22, "replace"), (0.32, "delete"), (0.44, "insert"), (0.48, "insert_at"), (0.56, "bracket"), (0.62, "retain"),
    (0.65, "add_alternative"), (0.68, "remove_brackets"), (0.72, "delete_paragraph"), (0.75, "replace_paragraph"),
    (0.82, "add_paragraph"), (0.86, "move"), (0.93, "comment"), (1.0, "support"),
]
"""Cumulative shares of the kinds of operation (a kind that does not fit the paragraph draws again)."""


def _unique(text: str, anchor: str) -> bool:
    return text.count(anchor) == 1 and len(re.findall(rf"(?<!\w){re.escape(anchor)}(?!\w)", text)) == 1


def _outside_brackets(text: str, start: int, end: int) -> bool:
    depth = 0
    for ch in text[:start]:
        depth += ch == "["
        depth -= ch == "]"
    return depth == 0 and "[" not in text[start:end] and "]" not in text[start:end]


def _anchor(rng: random.Random, text: str, free: bool = True) -> str | None:
    """A run of 2-4 whole words occurring once in ``text``, outside brackets when ``free``."""
    words = list(re.finditer(r"[A-Za-z][\w’'-]*", text))
    for _ in range(30):
        if len(words) < 4:
            return None
        k = rng.randrange(0, len(words) - 3)
        size = rng.randint(2, 4)
        start, end = words[k].start(), words[min(k + size, len(words)) - 1].end()
        anchor = text[start:end]
        if _unique(text, anchor) and (not free or _outside_brackets(text, start, end)):
            return anchor
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "[") - (ch == "]")
        if depth < 0:
            return False
    return depth == 0


def _groups(text: str) -> list[list[str]]:
    return [re.findall(r"\[([^\[\]]*)\]", m.group(0)) for m in re.finditer(r"\[[^\[\]]*\](?: \[[^\[\]]*\])+", text)]


def _single_brackets(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"(?<!\] )\[([^\[\]]*)\](?! \[)", text)]


class Amendments:
    """Amendment files for a draft."""

    def __init__(self, draft: Draft, delegations: int, rng: random.Random):
        self.draft = draft
        self.rng = rng
        self.refs = draft.refs()
        self.codes = [f"D{i:03d}" for i in range(1, delegations + 1)]
        paras = draft.paras
        n = len(paras)
        self.reserved = [i for i, p in enumerate(paras) if p.kind == "reserved"]
        self.open = [i for i, p in enumerate(paras) if p.kind == "plain"]
        hot_count = max(3, n // 100)
        self.hot = rng.sample(self.open, hot_count)
        hot_set = set(self.hot)
        self.open = [i for i in self.open if i not in hot_set]
        self.pool: dict[int, list[tuple[str, str]]] = {}  # hot paragraph -> shared proposals
        self.ops_by_para: dict[int, list[str]] = {}  # paragraph -> op ids (for supports)
        self.count = 0
        self.accepted_ids: list[str] = []
        self.applied = 0
        """Accepted operations that change the text (comments do not): what consolidate applies."""
        self.files: dict[str, str] = {}
        reserved_left = list(self.reserved)
        rng.shuffle(reserved_left)
        self.n_accepted = max(1, round(delegations * ACCEPTED_SHARE))
        for d, code in enumerate(self.codes):
            accepted = d < self.n_accepted
            self.files[code] = self._file(code, accepted, reserved_left)

    def _file(self, code: str, accepted: bool, reserved_left: list[int]) -> str:
        rng = self.rng
        lines = ["# synthetic amendments (amendtool benchmark)", f"by: {code}", f"name: Delegation {code[1:]}",
                 "date: 2015-10-19", ""]
        touched: set[int] = set()
        n_ops = 0
        attempts = 0
        while n_ops < OPS_PER_FILE and attempts < OPS_PER_FILE * 20:
            attempts += 1
            if accepted:
                if not reserved_left:
                    break
                i = reserved_left.pop()
            elif rng.random() < 0.3:
                i = rng.choice(self.hot)
            else:
                i = rng.choice(self.open)
            if i in touched:
                continue
            line = self._operation(code, i, accepted, touched)
            if line is None:
                continue
            touched.add(i)
            n_ops += 1
            op_id = f"{code}-{n_ops}"
            if not line.startswith("support"):
                self.ops_by_para.setdefault(i, []).append(op_id)
            if accepted:
                self.accepted_ids.append(op_id)
                self.applied += not line.startswith("comment")
            lines.append(f"{self.refs[i]}: {line}")
        self.count += n_ops
        return "\n".join(lines) + "\n"

    def _operation(self, code: str, i: int, accepted: bool, touched: set[int]) -> str | None:
        rng = self.rng
        if self.pool.get(i) and rng.random() < 0.8:
            return rng.choice(self.pool[i])[1]  # an identical proposal (or a competing one)
        r = rng.random()
        kind = next(name for limit, name in OPERATION_MIX if r < limit)
        if kind == "move" and accepted:
            kind = "comment"
        line = getattr(self, "_" + kind)(code, i, self.draft.paras[i].text, touched)
        if line and i in self.hot and i not in self.pool:
            self.pool[i] = []
        if line and i in self.pool and kind not in ("support", "comment", "move"):
            self.pool[i].append((code, line))
        return line or None

    def _replace(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        w, a = self.draft.words, _anchor(self.rng, text)
        return a and f'replace "{a}" with "{w.word()} {w.word()}"'

    def _delete(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        a = _anchor(self.rng, text)
        return a and f'delete "{a}"'

    def _insert(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        w, a = self.draft.words, _anchor(self.rng, text)
        where = self.rng.choice(["before", "after"])
        new = f"{w.word()} {w.word()} " if where == "before" else f", {w.word()} {w.word()},"
        return a and f'insert "{new}" {where} "{a}"'

    def _insert_at(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        w = self.draft.words
        return self.rng.choice([f'insert "{w.name()} {w.word()} " at start',
                                f'insert " {w.word()} {w.name()}." at end'])

    def _bracket(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        a = _anchor(self.rng, text)
        return a and f'bracket "{a}"'

    def _retain(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        alts = [a for g in _groups(text) for a in g if _unique(text, a)]
        return f'retain "{self.rng.choice(alts)}"' if alts else None

    def _add_alternative(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        w, alts = self.draft.words, [g[-1] for g in _groups(text) if _unique(text, g[-1])]
        return f'add alternative "{w.word()} {w.word()}" to "{alts[0]}"' if alts else None

    def _remove_brackets(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        singles = [x for x in _single_brackets(text) if _unique(text, x)]
        return f'remove brackets "{singles[0]}"' if singles else None

    def _delete_paragraph(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        return "delete paragraph"

    def _replace_paragraph(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        return f'replace paragraph with "{self.draft.sentence()}."'

    def _add_paragraph(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        return f'add paragraph {self.rng.choice(["after", "before"])} "{self.draft.sentence()}."'

    def _comment(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        return f'comment "Reservation of {code}: pending consultations with capital."'

    def _support(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        if code in self.codes[: self.n_accepted] or not self.ops_by_para.get(i):
            return None
        other = self.rng.choice(self.ops_by_para[i])
        return None if other.startswith(code + "-") else f"support {other}"

    def _move(self, code: str, i: int, text: str, touched: set[int]) -> str | None:
        rng = self.rng
        for _ in range(10):
            j = rng.choice(self.open)
            if abs(j - i) >= 3 and j not in touched:
                touched.add(j)
                return f"move {rng.choice(['after', 'before'])} {self.refs[j]}"
        return None


# ---------------------------------------------------------------------------------------------------
# The revision


class Revision:
    """The L revision of a draft, made step by step, with what became of each old paragraph."""

    def __init__(self, draft: Draft, rng: random.Random):
        self.draft = draft
        self.rng = rng
        self.blocks = [Para(p.article, p.text, p.kind, (i,)) for i, p in enumerate(draft.paras)]
        self.deleted: set[int] = set()
        self.total_words = sum(len(p.text.split()) for p in self.blocks)
        self.edited_words = 0

    def changeable(self) -> int:
        """A paragraph of the old draft, not a repeated one, not yet split, merged, added or moved."""
        while True:
            k = self.rng.randrange(len(self.blocks))
            b = self.blocks[k]
            if b.kind != "repeat" and b.origins and not b.tags & {"split", "merged", "added", "moved"}:
                return k

    def make(self) -> tuple[list[Para], list[str], dict]:
        n = len(self.blocks)
        for _ in range(n * 2 // 100):
            self.delete()
        for _ in range(n // 100):
            self.merge()
        for _ in range(n // 100):
            self.split()
        while self.edited_words < self.total_words * 0.05:
            self.edit()
        for _ in range(n * 15 // 1000):
            self.move()
        for _ in range(n * 2 // 100):
            self.add()
        titles = list(self.draft.titles)
        for a in self.rng.sample(range(len(titles)), max(1, len(titles) // 10)):
            titles[a] = titles[a] + " and " + self.rng.choice(TITLES).lower()
        return self.blocks, titles, self.truth()

    def delete(self) -> None:
        k = self.changeable()
        self.deleted.update(self.blocks[k].origins)
        self.blocks.pop(k)

    def merge(self) -> None:
        """With the next paragraph of the same Article."""
        k = self.changeable()
        if k + 1 < len(self.blocks):
            b, c = self.blocks[k], self.blocks[k + 1]
            if c.kind != "repeat" and c.origins and not c.tags and c.article == b.article:
                self.blocks[k : k + 2] = [Para(b.article, b.text + " " + c.text, "plain", b.origins + c.origins,
                                               {"merged"})]

    def split(self) -> None:
        """At a sentence, both parts of 8 words or more, never inside brackets (an amendment file cannot
        say a bracket that opens in one paragraph and closes in another, so propose could not write it)."""
        k = self.changeable()
        b = self.blocks[k]
        cuts = [m.end() for m in re.finditer(r"\. (?=[A-Z])", b.text)]
        cuts = [c for c in cuts if len(b.text[:c].split()) >= 8 and len(b.text[c:].split()) >= 8
                and _balanced(b.text[: c - 1])]
        if cuts:
            c = self.rng.choice(cuts)
            self.blocks[k : k + 1] = [Para(b.article, b.text[: c - 1], "plain", b.origins, {"split"}),
                                      Para(b.article, b.text[c:], "plain", b.origins, {"split"})]

    def edit(self) -> None:
        """One to three runs of one to three words replaced, inserted or deleted."""
        rng, w = self.rng, self.draft.words
        b = self.blocks[self.changeable()]
        words = b.text.split(" ")
        if len(words) < 12:
            return
        for _ in range(rng.randint(1, 3)):
            size = rng.randint(1, 3)
            j = rng.randrange(1, len(words) - 1 - size)
            what = rng.random()
            if what < 0.5:
                words[j : j + size] = [w.word() for _ in range(size)]
            elif what < 0.75:
                words[j:j] = [w.word() for _ in range(size)]
            else:
                del words[j : j + size]
            self.edited_words += size
        text = " ".join(words)
        if _balanced(text) and text != b.text:  # an edit never leaves half a bracket pair
            b.text = text
            b.tags.add("edited")

    def move(self) -> None:
        """At least three paragraphs away, into another Article too."""
        k = self.changeable()
        b = self.blocks.pop(k)
        t = self.rng.randrange(len(self.blocks) + 1)
        while abs(t - k) < 3:
            t = self.rng.randrange(len(self.blocks) + 1)
        b.article = (self.blocks[t - 1] if t else self.blocks[0]).article
        b.tags.add("moved")
        self.blocks.insert(t, b)

    def add(self) -> None:
        """A paragraph of mostly new words."""
        rng, w = self.rng, self.draft.words
        t = rng.randrange(1, len(self.blocks) + 1)
        words = self.draft.sentence().split(" ")
        words = [w.novel() if rng.random() < 0.6 and x.isalpha() else x for x in words]
        self.blocks.insert(t, Para(self.blocks[t - 1].article, " ".join(words) + ".", "plain", (), {"added"}))

    def truth(self) -> dict:
        old_refs = self.draft.refs()
        new_refs = self.draft.refs(self.blocks)
        conc: dict[str, list[str]] = {r: [] for r in old_refs}
        added = []
        for b, ref in zip(self.blocks, new_refs, strict=True):
            for o in b.origins:
                conc[old_refs[o]].append(ref)
            if not b.origins:
                added.append(ref)
        return {
            "paragraphs": len(self.draft.paras),
            "edited_words": self.edited_words,
            "total_words": self.total_words,
            "concordance": conc,
            "added": added,
            "deleted": sorted(old_refs[o] for o in self.deleted),
        }


MAX_SPURIOUS = 0.02
"""Paragraphs reported deleted or added beyond the true ones, as a share of the old paragraphs."""


def check_concordance(concordance: dict, added: set, truth: dict) -> dict:
    """A diff's concordance (old ref -> new refs) and added paragraphs against the generator's truth:
    the share of exact rows, and the paragraphs reported deleted or added that were not (spurious)."""
    got = {k: tuple(v) for k, v in concordance.items()}
    want = {k: tuple(v) for k, v in truth["concordance"].items()}
    exact = sum(1 for k, v in want.items() if got.get(k) == v)
    deleted = {k for k, v in got.items() if not v}
    spurious_deleted = len(deleted - set(truth["deleted"]))
    spurious_added = len(added - set(truth["added"]))
    n = truth["paragraphs"]
    share = (spurious_deleted + spurious_added) / n
    return {"concordance_exact": round(exact / len(want), 4), "spurious_deleted": spurious_deleted,
            "spurious_added": spurious_added, "true_deleted": len(truth["deleted"]), "true_added": len(truth["added"]),
            "spurious_share": round(share, 4), "ok": share <= MAX_SPURIOUS}


# ---------------------------------------------------------------------------------------------------


@dataclass
class Workload:
    name: str
    dir: Path
    draft: Path
    revision: Path
    amendments: list[Path]
    accept: str
    """The ``--accept`` argument of consolidate: every accepted delegation's operations."""
    operations: int
    accepted: int
    paragraphs: int
    truth: Path


def build(out: Path, scale: float, name: str = "L") -> Workload:
    """Write the workload of ``scale`` (1 = L) into ``out`` (made if missing; files rewritten only
    when missing, so a second run reuses them: they are the same bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    n = round(L_PARAGRAPHS * scale)
    delegations = max(4, round(L_DELEGATIONS * scale))
    meta_path = out / "workload.json"
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("paragraphs") == n and meta.get("delegations") == delegations and meta.get("version") == VERSION:
            return _workload(out, name, meta)
    rng = random.Random(f"{SEED}-{n}")
    draft = Draft(n, rng)
    amends = Amendments(draft, delegations, random.Random(f"{SEED}-{n}-amend"))
    blocks, titles, truth = Revision(draft, random.Random(f"{SEED}-{n}-revise")).make()
    (out / "draft.txt").write_text(draft.render(name=name), encoding="utf-8")
    (out / "revision.txt").write_text(draft.render(blocks, titles, name=name + " Rev.1"), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    for code, text in amends.files.items():
        (out / f"{code.lower()}.amend").write_text(text, encoding="utf-8")
    accepted_codes = amends.codes[: amends.n_accepted]
    meta = {
        "paragraphs": n, "delegations": delegations, "seed": SEED, "version": VERSION, "operations": amends.count,
        "accepted": len(amends.accepted_ids), "applied": amends.applied,
        "accept": ",".join(f"{c}-*" for c in accepted_codes),
        "codes": amends.codes,
    }
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return _workload(out, name, meta)


def sample(out: Path) -> Workload:
    """S: the sample draft, its four sample amendment files, and the test revision of it
    (tests/golden/diff/wsis_rev1.txt) for diff and propose; no truth file."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "draft.txt").write_bytes(SAMPLE.read_bytes())
    (out / "revision.txt").write_bytes((ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt").read_bytes())
    codes = []
    for path in sorted((ROOT / "drafts").glob("*.amend")):
        (out / path.name).write_bytes(path.read_bytes())
        codes.append(path.stem)
    meta = {"paragraphs": len(sample_paragraphs()), "accept": "EU-*,JPN-2", "codes": codes, "operations": None,
            "accepted": None}
    (out / "workload.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return _workload(out, "S", meta)


def _workload(out: Path, name: str, meta: dict) -> Workload:
    return Workload(name, out, out / "draft.txt", out / "revision.txt",
                    [out / f"{c.lower()}.amend" for c in meta["codes"]], meta["accept"], meta["operations"],
                    meta["accepted"], meta["paragraphs"], out / "truth.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    wl = build(args.out, args.scale)
    size = wl.draft.stat().st_size
    print(f"{wl.draft}: {wl.paragraphs} paragraphs, {size / 1e6:.2f} MB; {len(wl.amendments)} files, "
          f"{wl.operations} operations ({wl.accepted} accepted by --accept {wl.accept[:40]}...)")


if __name__ == "__main__":
    main()
