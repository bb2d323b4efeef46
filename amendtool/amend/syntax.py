"""The amendment file format (SPEC.md §3): text a delegate writes by hand -> ``AmendmentFile``, and
back (``unparse``).

    by: EU                                   headers first: by (required), name, draft, date
    # a comment                              '#' outside quotes starts a comment
    12: replace "almost 10 per cent" with "nearly 10 per cent"
    12: delete "per cent" (2nd)              (1st), (2nd) ... after an anchor picks an occurrence
    37: replace paragraph with "We acknowledge the role
        of the Internet Governance Forum"    a quoted text continues on following indented lines

Reading is in two steps: lines are cut into *statements* (a header, or an operation with the indented
lines that continue it) and each statement into tokens (words, ``:``, quoted texts with their
positions); then one small grammar per verb builds the operation records of ``operations.py``.

Nothing here knows the draft: references and anchors are kept as written, with their positions, and
``resolve.py`` checks them against a draft. Every syntax problem of a file is collected;
``parse_amendments`` raises one ``AmendmentFileError`` carrying all of them.

Continuation lines: inside an open quote, a line break and the next line's indentation become one
space (an empty segment, such as a quote opened at the end of a line, adds nothing). Outside quotes an
indented line that does not itself start with ``REF:`` continues the operation too, so
``with "..."`` may stand on its own line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, NoReturn

from amendtool.amend.operations import (
    AddAlternative,
    AddHeading,
    AddItem,
    AddOption,
    AddParagraph,
    AmendmentFile,
    Anchor,
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
    SourceRef,
    Support,
)
from amendtool.draft.inline import CLOSERS, OPENERS
from amendtool.errors import AmendmentFileError, Diagnostic
from amendtool.fileio import read_text

HEADERS = ("by", "name", "draft", "date")
"""Header keys, in the order they are usually written."""

VERBS = ("replace", "delete", "insert", "add", "move", "bracket", "remove", "retain", "comment", "support")
"""First words of the operations."""

OPERATION_FORMS = (
    'replace "old" with "new"',
    'delete "text"',
    'insert "new" before|after "text"',
    'insert "new" at start|at end',
    "delete paragraph",
    'replace paragraph with "new"',
    'add paragraph after|before "new"',
    "move after|before REF",
    'bracket "text"',
    'remove brackets "text"',
    'retain "alternative"',
    'add alternative "new" to "alternative"',
    'comment "text"',
    "support ID",
    "bracket",
    'bracket from "text" to "text"',
    "delete paragraphs",
    "remove brackets",
    'add heading before|after "text" with "new"',
    'add item (a) "new"',
    "retain",
    "delete",
    'add option after|before with "new"',
)
"""Every operation as a delegate writes it (for help texts and hints). The last ones span or name
structure: ``12-14: bracket``, ``Article 5: bracket``, ``12-14: delete paragraphs``, ``12-14: remove
brackets``; ``heading 2.2: replace "old" with "new"``, ``heading 2.3: delete``, ``2.2: add heading
before "text" with "2.2 bis Title"``; ``3: add item (a) "text"``; ``5 Option 2: retain``, ``5 Option 2:
delete``, ``5 Option 2: add option after with "text"``."""

_OPENERS = {'"': '"', "“": "”", "”": "”", "„": "”", "«": "»", "「": "」", "『": "』"}
"""Opening quote -> closing quote: straight, English “…”, German and Russian „…“, French, Spanish
and Russian «…», Chinese 「…」 and 『…』. Typographic pairs nest (“a “b” c”); ``„`` also closes
with ``“``. The spaces French typography puts inside « » are not part of the text."""
_NESTING = frozenset("“«「『")
_ESCAPABLE = set('"“”„«»「」『』\\')
_SPECIAL = {
    opener: re.compile("[" + re.escape("\\" + '"' + closer + (opener if opener in _NESTING else "")
                                       + ("“" if opener == "„" else "")) + "]")
    for opener, closer in _OPENERS.items()
}
"""For each opening quote, the characters that may mean something inside its text: a backslash, the
closing quote, a nested opening quote of the same kind, a straight quote (for the hint when the text is
never closed)."""
_WORD_RUN = re.compile("[^ \t\f\v\u00a0#:" + re.escape("".join(_OPENERS)) + "]+")
"""A word of a statement: up to a space, a comment, a colon or a quote."""
_LEXEME = re.compile("[ \t\f\v\u00a0]*(?:(" + _WORD_RUN.pattern + ")|(:)|([" + re.escape("".join(_OPENERS)) + "]))?")
"""The spaces before the next token of a line, and the token: a word (group 1), a colon (2) or the
quote opening a quoted text (3); none at the end of the line or at a ``#`` (a comment to its end)."""
_OCCURRENCE = re.compile(r"\((\d+)(?:st|nd|rd|th)\)\Z", re.IGNORECASE)
MAX_OCCURRENCE_DIGITS = 6
"""An occurrence beyond (999999th) is refused as such rather than counted."""
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (tab and line breaks aside), which a proposal's text may not contain."""
_LINE_END = re.compile(r"\r\n|\r|\n")
_OP_ID = re.compile(r"(?P<by>[A-Za-z0-9][A-Za-z0-9_.]*)-(?P<n>[1-9][0-9]*)\Z")
_BY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]*\Z")
_HEADER_LINE = re.compile(r"\s*(?P<key>[A-Za-z]+)\s*:(?P<value>.*)\Z", re.DOTALL)
_STATEMENT_START = re.compile(r"\s*[^\s\"“”„«「『#:][^\"“”„«「『#:]{0,60}:")
"""An indented line that looks like ``REF:`` starts a new statement instead of continuing one."""


_ANY_BRACKET = re.compile("[" + re.escape(OPENERS + CLOSERS) + "]")


def bracket_problem(text: str) -> str | None:
    """Why the square brackets of ``text`` do not balance ("an unclosed \"[\"" ...), or None."""
    if _ANY_BRACKET.search(text) is None:
        return None
    depth = 0
    for ch in text:
        if ch in OPENERS:  # "[", and the full-width "［" and "【" of Chinese drafts
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth < 0:
                return 'a "]" that closes no "["'
    if depth:
        return 'an unclosed "["'
    return None


def _cut(text: str, limit: int = 24) -> str:
    """``text`` cut in the middle for a message (a 5,000-digit number is shown as ``(1111…1111th)``)."""
    return text if len(text) <= limit else text[: limit // 2] + "…" + text[-(limit // 2) :]


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th`` ... ``11th``, ``21st``."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------------------
# Tokens


class Token(NamedTuple):
    """A word, ``:``, or a quoted text of a statement, with where it starts. (A named tuple, made
    about four times faster than a frozen dataclass: a long file has tens of thousands.)"""

    kind: str
    """``word``, ``colon`` or ``quoted``."""
    text: str
    """The word as written, or the quoted text with escapes and continuation lines resolved."""
    line: int
    """1-based line of the token's first character (the opening quote for a quoted text)."""
    column: int
    """1-based column of that character."""
    end_column: int = 0
    """Column just after the token, on the line where it ends."""

    def lower(self) -> str:
        return self.text.lower() if self.kind == "word" else ""

    def shown(self) -> str:
        """The token as an error message quotes it."""
        if self.kind == "quoted":
            return "a quoted text"
        if self.kind == "colon":
            return '":"'
        return f'"{self.text}"'


@dataclass(frozen=True, slots=True)
class Statement:
    """A header or an operation: its first line and the tokens of all its lines."""

    line: int
    """1-based line where it starts."""
    tokens: tuple[Token, ...]
    last_line: int
    """1-based line where it ends (continuation lines included)."""
    end_column: int
    """Column just after the last character on ``last_line`` (for "expected ... here" errors)."""


class _Collector:
    """The diagnostics of one file, positioned on its lines."""

    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.lines = lines
        self.items: list[Diagnostic] = []

    def error(self, message: str, line: int, column: int, hint: str | None = None, severity: str = "error") -> None:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        self.items.append(Diagnostic(message, self.path, line, column, source, hint, severity))


def _is_continuation(line: str) -> bool:
    return line[:1] in (" ", "\t") and bool(line.strip())


def _lex_statement(lines: list[str], index: int, out: _Collector) -> tuple[Statement | None, int]:
    """Tokens of the statement starting at ``lines[index]``; returns it (None if it failed to lex)
    and the index of the next line to read."""
    tokens: list[Token] = []
    i = index
    col = 0
    line = lines[i]
    while True:
        while True:
            m = _LEXEME.match(line, col)
            if m is None or m.lastindex is None:  # the end of the line, or a comment to it (m is never None)
                break
            kind = m.lastindex
            if kind == 1:  # a word
                start, col = m.span(1)
                tokens.append(Token("word", m.group(1), i + 1, start + 1, col + 1))
            elif kind == 2:  # ":"
                col = m.end()
                tokens.append(Token("colon", ":", i + 1, col, col + 1))
            elif kind == 3:  # a quoted text
                result = _lex_quoted(lines, i, m.start(3), out, tokens)
                if result is None:
                    # Unterminated: skip the lines it swallowed, report once.
                    j = i + 1
                    while j < len(lines) and _is_continuation(lines[j]):
                        j += 1
                    return None, j
                token, i, col = result
                tokens.append(token)
                line = lines[i]
        # End of a physical line outside quotes: an indented line that is not a new ``REF:`` goes on.
        if i + 1 < len(lines) and _is_continuation(lines[i + 1]) and not _STATEMENT_START.match(lines[i + 1]):
            i += 1
            line = lines[i]
            col = 0
            continue
        break
    end_line = lines[i].rstrip()
    return Statement(index + 1, tuple(tokens), i + 1, len(end_line) + 1), i + 1


def _lex_quoted(
    lines: list[str], i: int, col: int, out: _Collector, before: Sequence[Token] = ()
) -> tuple[Token, int, int] | None:
    """A quoted text opening at ``lines[i][col]``: the token, and the line and column after it."""
    opener = lines[i][col]
    closer = _OPENERS[opener]
    special = _SPECIAL[opener]
    start_line, start_col = i, col
    segments: list[str] = []
    current: list[str] = []
    depth = 0
    col += 1
    saw_straight = False
    while True:
        line = lines[i]
        n = len(line)
        while col < n:
            m = special.search(line, col)  # the next character that may mean something here
            if m is None:
                current.append(line[col:])
                break
            if m.start() > col:
                current.append(line[col : m.start()])
                col = m.start()
            ch = line[col]
            if ch == "\\" and col + 1 < n and line[col + 1] in _ESCAPABLE:
                current.append(line[col + 1])
                col += 2
                continue
            if opener in _NESTING and ch == opener:
                depth += 1
            elif ch == closer or (opener == "„" and ch == "“"):
                if depth == 0:
                    segments.append("".join(current))
                    text = _join_segments(segments)
                    if opener == "«":  # « texte »: the spaces inside the guillemets are typography
                        text = text.strip(" \u00a0\u202f\u2009")
                    return Token("quoted", text, start_line + 1, start_col + 1, col + 2), i, col + 1
                depth -= 1
            elif ch == '"':
                saw_straight = True
            current.append(ch)
            col += 1
        # End of line inside the quote: go on while the following lines are indented.
        if i + 1 < len(lines) and _is_continuation(lines[i + 1]):
            segments.append("".join(current))
            current = []
            i += 1
            col = 0
            continue
        # A text that "closed" right before a word probably lacked its own closing quote:
        # 'replace "a with "b"' reads as "a with " b " ... and fails only at the last quote.
        for k, token in enumerate(before):
            nxt = before[k + 1] if k + 1 < len(before) else None
            if (
                token.kind == "quoted"
                and nxt is not None
                and nxt.kind == "word"
                and nxt.line == token.line
                and nxt.column == token.end_column
            ):
                out.error(
                    f"the quote opened here is closed only at column {token.end_column - 1}, "
                    "where another text seems to open",
                    token.line,
                    token.column,
                    "add the missing closing quote; a quote inside a text is written \\\"",
                )
                return None
        hint = f"close it with {closer} on the same line, or continue the text on indented lines"
        if opener == "“" and saw_straight:
            hint = "a text opened with “ must close with ”; a straight \" inside it does not close it"
        out.error("the quote opened here is never closed", start_line + 1, start_col + 1, hint)
        return None


def _join_segments(segments: list[str]) -> str:
    """A quoted text's pieces on successive lines, joined by one space: the first keeps its leading
    spaces, the last its trailing ones; empty pieces add nothing."""
    if len(segments) == 1:
        return segments[0]
    last = len(segments) - 1
    pieces = []
    for k, seg in enumerate(segments):
        if k == 0:
            seg = seg.rstrip(" \t")
        elif k == last:
            seg = seg.lstrip(" \t")
        else:
            seg = seg.strip(" \t")
        if seg:
            pieces.append(seg)
    return " ".join(pieces)


# ---------------------------------------------------------------------------------------------------
# Grammar


class _Syntax(Exception):
    """One statement's syntax error (caught per statement, so every line gets checked)."""

    def __init__(self, message: str, line: int, column: int, hint: str | None = None):
        super().__init__(message)
        self.message, self.line, self.column, self.hint = message, line, column, hint


class _Cursor:
    """Reads the tokens of one operation after ``REF:`` (the statement's tokens from ``start``)."""

    def __init__(self, statement: Statement, verb_words: str, start: int = 0):
        self.statement = statement
        self.tokens = statement.tokens[start:]
        self.pos = 0
        self.after = verb_words
        """What was read last, for "expected ... after X" messages."""
        self.trailing: _Syntax | None = None
        """Words left over on a continuation line after a complete operation: an error reported
        beside the operation, which is still resolved (so its own errors are reported too)."""

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def here(self) -> tuple[int, int]:
        token = self.peek()
        if token is not None:
            return token.line, token.column
        return self.statement.last_line, self.statement.end_column

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        line, column = self.here()
        raise _Syntax(message, line, column, hint)

    def word(self, *choices: str, what: str | None = None, hint: str | None = None) -> str:
        token = self.peek()
        wanted = what or " or ".join(f'"{c}"' for c in choices)
        if token is None or token.kind != "word" or token.lower() not in choices:
            if hint is None and token is not None and token.kind == "word":
                close = difflib.get_close_matches(token.lower(), choices, n=1, cutoff=0.6)
                if close:
                    hint = f'did you mean "{close[0]}"?'
            found = f", found {token.shown()}" if token is not None else ""
            self.fail(f"expected {wanted} after {self.after}{found}", hint)
        self.pos += 1
        self.after = f'"{token.text}"'
        return token.lower()

    def quoted(self, what: str, hint: str | None = None) -> Token:
        token = self.peek()
        if token is None or token.kind != "quoted":
            if token is not None and token.kind == "word" and token.text[:1] in "'‘’":
                hint = 'use double quotes: "..." or “...”'
            elif hint is None:
                hint = 'put the text in double quotes: "..."'
            found = f", found {token.shown()}" if token is not None else ""
            self.fail(f"expected {what} in quotes after {self.after}{found}", hint)
        self.pos += 1
        self.after = "the quoted text"
        if not token.text.strip():
            raise _Syntax(f"{what} is empty", token.line, token.column, hint)
        return token

    def anchor(self, what: str = "the text", hint: str | None = None) -> Anchor:
        token = self.quoted(what, hint)
        occurrence = None
        nxt = self.peek()
        if nxt is not None and nxt.kind == "word" and nxt.text.startswith("("):
            match = _OCCURRENCE.match(nxt.text)
            if not match:
                raise _Syntax(
                    f'"{nxt.text}" is not an occurrence',
                    nxt.line,
                    nxt.column,
                    "pick an occurrence with (1st), (2nd), (3rd) ...",
                )
            digits = match.group(1).lstrip("0") or "0"
            if len(digits) > MAX_OCCURRENCE_DIGITS:
                raise _Syntax(
                    f"the occurrence {_cut(nxt.text)} is too large",
                    nxt.line,
                    nxt.column,
                    "pick an occurrence with (1st), (2nd), (3rd) ...",
                )
            occurrence = int(digits)
            if occurrence < 1:
                raise _Syntax("occurrences count from (1st)", nxt.line, nxt.column, "write (1st), (2nd) ...")
            self.pos += 1
            self.after = nxt.text
        return Anchor(token.text, occurrence, token.column, token.line)

    def new_text(self, what: str, hint: str | None = None) -> str:
        token = self.quoted(what, hint)
        control = CONTROL_CHARACTER.search(token.text)
        if control:
            code = ord(control.group())
            raise _Syntax(f"{what} contains the control character U+{code:04X}", token.line, token.column,
                          "remove it: a proposal is plain text (a tab or a line break is written as a space)")
        problem = bracket_problem(token.text)
        if problem:
            raise _Syntax(f"{what} has {problem}", token.line, token.column,
                          "negotiation brackets in a proposal must open and close inside it")
        nxt = self.peek()
        if nxt is not None and nxt.kind == "word" and _OCCURRENCE.match(nxt.text):
            raise _Syntax(
                f"{nxt.text} can only follow a text that is looked up in the paragraph, not {what}",
                nxt.line,
                nxt.column,
                "put it right after the quoted text it picks",
            )
        return token.text

    def rest(self, what: str, example: str) -> Token:
        """The remaining words as one (a reference or an id), positioned at the first."""
        words = self.tokens[self.pos :]
        if not words:
            self.fail(f"expected {what} after {self.after}", f"for example {example}")
        for token in words:
            if token.kind != "word":
                raise _Syntax(f"expected {what}, found {token.shown()}", token.line, token.column,
                              f"for example {example}")
        self.pos = len(self.tokens)
        first = words[0]
        return Token("word", " ".join(t.text for t in words), first.line, first.column)

    def end(self) -> None:
        token = self.peek()
        if token is not None:
            hint = "write one operation per line; # starts a comment"
            before = self.tokens[self.pos - 1] if self.pos else None
            if (
                before is not None
                and before.kind == "quoted"
                and token.line == before.line
                and token.column == before.end_column
            ):
                hint = 'a quote inside a text is written \\"'
            problem = _Syntax(f"unexpected {token.shown()} after the operation", token.line, token.column, hint)
            if token.line > self.statement.line:
                self.trailing = problem
                return
            raise problem


def _parse_operation(cur: _Cursor, verb: Token, common: dict[str, Any]) -> Operation:
    """One operation from the tokens after ``REF:``; ``verb`` is the first of them (checked by the
    caller to be one of ``VERBS``). A reference ``heading 2.2`` names a section's heading; ``12-14`` a
    range of paragraphs (for the verbs that take one)."""
    ref = common["ref"]
    if ref.lower().startswith("heading ") and ref[len("heading "):].strip():
        return _heading_operation(cur, verb, {**common, "ref": ref[len("heading "):].strip()})
    return _VERB_PARSERS[verb.lower()](cur, common)


def _next_is(cur: _Cursor, word: str) -> bool:
    """Whether the next token is the word ``word`` (taken if so)."""
    nxt = cur.peek()
    if nxt is not None and nxt.kind == "word" and nxt.lower() == word:
        cur.pos += 1
        return True
    return False


def _replace(cur: _Cursor, common: dict[str, Any]) -> Operation:
    if _next_is(cur, "paragraph"):
        cur.after = '"replace paragraph"'
        cur.word("with")
        text = cur.new_text("the new paragraph")
        cur.end()
        return ReplaceParagraph(**common, text=text)
    anchor = cur.anchor("the text to replace",
                        _paragraph_hint(cur, 'did you mean: replace paragraph with "new text"?'))
    cur.word("with", hint='write replace "old" with "new"')
    new = cur.new_text("the new text", hint='to delete text write delete "..."')
    cur.end()
    return Replace(**common, anchor=anchor, new=new)


_RANGE = re.compile(r"^(?P<first>.+?)\s*[-–]\s*(?P<last>\S.*)$")
_ITEM_LABEL = re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,6})\)$")


def _range(common: dict[str, Any]) -> dict[str, Any]:
    """``common`` with a range reference ``12-14`` cut into ``ref`` (``12``) and ``last`` (``14``)."""
    m = _RANGE.match(common["ref"])
    if not m:
        return {**common, "last": ""}
    return {**common, "ref": m.group("first"), "last": m.group("last")}


def _next_word(cur: _Cursor, *words: str) -> str | None:
    """The next token if it is one of ``words`` (consumed), else None."""
    token = cur.peek()
    if token is not None and token.kind == "word" and token.lower() in words:
        cur.pos += 1
        cur.after = f'"{token.text}"'
        return token.lower()
    return None


def _delete(cur: _Cursor, common: dict[str, Any]) -> Operation:
    word = _next_word(cur, "paragraph", "paragraphs")
    if word == "paragraph":
        cur.end()
        return DeleteParagraph(**common)
    if word == "paragraphs":
        cur.end()
        return DeleteParagraphs(**_range(common))
    if cur.peek() is None:
        return DeleteOption(**common)  # "5 Option 2: delete"
    anchor = cur.anchor("the text to delete", _paragraph_hint(cur, 'did you mean "delete paragraph"?'))
    cur.end()
    return Delete(**common, anchor=anchor)


def _insert(cur: _Cursor, common: dict[str, Any]) -> Operation:
    text = cur.new_text("the text to insert")
    where = cur.word("before", "after", "at", what='"before", "after", "at start" or "at end"')
    if where == "at":
        where = cur.word("start", "end")
        cur.end()
        return Insert(**common, text=text, where=where)
    anchor = cur.anchor(f"the text to insert {where}")
    cur.end()
    return Insert(**common, text=text, where=where, anchor=anchor)


def _add(cur: _Cursor, common: dict[str, Any]) -> Operation:
    kind = cur.word("paragraph", "alternative", "heading", "item", "option")
    if kind == "paragraph":
        where = cur.word("after", "before")
        text = cur.new_text("the new paragraph")
        cur.end()
        return AddParagraph(**common, text=text, where=where)
    if kind == "heading":
        return _add_heading(cur, common)
    if kind == "item":
        return _add_item(cur, common)
    if kind == "option":
        where = cur.word("after", "before")
        _next_word(cur, "with")
        text = cur.new_text("the new option")
        cur.end()
        return AddOption(**common, where=where, text=text)
    text = cur.new_text("the new alternative")
    cur.word("to", hint='write add alternative "new" to "existing alternative"')
    anchor = cur.anchor("the existing alternative")
    cur.end()
    return AddAlternative(**common, text=text, anchor=anchor)


def _add_heading(cur: _Cursor, common: dict[str, Any]) -> Operation:
    where = cur.word("before", "after")
    anchor = cur.anchor("the text of the paragraph the heading stands " + where)
    cur.word("with", hint='write add heading before "paragraph text" with "2.2 bis Title"')
    text = cur.new_text("the new heading")
    cur.end()
    return AddHeading(**common, where=where, anchor=anchor, text=text)


def _add_item(cur: _Cursor, common: dict[str, Any]) -> Operation:
    label = cur.peek()
    if label is None or label.kind != "word" or not _ITEM_LABEL.match(label.text):
        cur.fail(f"expected the new sub-item's label after {cur.after}", 'for example add item (a) "text"')
    cur.pos += 1
    cur.after = f'"{label.text}"'
    text = cur.new_text("the new sub-item")
    cur.end()
    return AddItem(**common, label=label.text, text=text)


def _move(cur: _Cursor, common: dict[str, Any]) -> Operation:
    where = cur.word("after", "before")
    dest = cur.rest("a paragraph reference", "move after 43")
    return Move(**common, where=where, dest=dest.text, dest_column=dest.column)


def _bracket(cur: _Cursor, common: dict[str, Any]) -> Operation:
    token = cur.peek()
    if token is not None and token.kind == "quoted":
        anchor = cur.anchor("the text to bracket")
        cur.end()
        return BracketText(**common, anchor=anchor)
    start = cur.anchor("the text the bracket opens before") if _next_word(cur, "from") else None
    end = cur.anchor("the text the bracket closes after") if _next_word(cur, "to") else None
    cur.end()
    return BracketParagraphs(**_range(common), start=start, end=end)


def _remove(cur: _Cursor, common: dict[str, Any]) -> Operation:
    cur.word("brackets", "bracket", what='"brackets"', hint='write remove brackets "text"')
    token = cur.peek()
    if token is not None and token.kind == "quoted":
        anchor = cur.anchor("the bracketed text")
        cur.end()
        return RemoveBrackets(**common, anchor=anchor)
    start = cur.anchor("the text the bracket opens before") if _next_word(cur, "from") else None
    cur.end()
    return RemoveBracketsAcross(**_range(common), start=start)


def _retain(cur: _Cursor, common: dict[str, Any]) -> Operation:
    if cur.peek() is None:
        return RetainOption(**common)  # "5 Option 2: retain"
    anchor = cur.anchor("the alternative to retain")
    cur.end()
    return Retain(**common, anchor=anchor)


def _comment(cur: _Cursor, common: dict[str, Any]) -> Operation:
    text = cur.new_text("the comment")
    cur.end()
    return Comment(**common, text=text)


def _support(cur: _Cursor, common: dict[str, Any]) -> Operation:
    ident = cur.rest("an operation id", "support G77-3")
    if not _OP_ID.match(ident.text):
        raise _Syntax(
            f'"{ident.text}" is not an operation id',
            ident.line,
            ident.column,
            "an id is a delegation's code, a dash and the operation's number, e.g. G77-3",
        )
    return Support(**common, target_id=ident.text, target_column=ident.column)


_VERB_PARSERS: dict[str, Callable[[_Cursor, dict[str, Any]], Operation]] = {
    "replace": _replace, "delete": _delete, "insert": _insert, "add": _add, "move": _move, "bracket": _bracket,
    "remove": _remove, "retain": _retain, "comment": _comment, "support": _support,
}
"""The grammar of each operation, by its first word (one entry per word of ``VERBS``)."""


_PARAGRAPH_LIKE = re.compile(
    r"^(?:para(?:g(?:r(?:a(?:ph?)?)?)?)?s?|par|paragraphs|paragarph|pragraph|\u00b6)\.?$", re.I)
"""Words that mean "paragraph" where a quoted text was expected: ``delete para``."""


def _paragraph_hint(cur: _Cursor, hint: str) -> str | None:
    """``hint`` (``did you mean "delete paragraph"?``) when the word after the verb is a shortening or
    misspelling of "paragraph" (``35: delete para``), else None (the usual hint: put the text in quotes)."""
    token = cur.peek()
    if token is not None and token.kind == "word" and _PARAGRAPH_LIKE.match(token.text):
        return hint
    return None


def _heading_operation(cur: _Cursor, verb: Token, common: dict[str, Any]) -> Operation:
    """``heading 2.2: replace "a" with "b"`` or ``heading 2.3: delete``."""
    match verb.lower():
        case "replace":
            anchor = cur.anchor("the heading's text to replace")
            cur.word("with", hint='write heading 2.2: replace "old" with "new"')
            new = cur.new_text("the new text")
            cur.end()
            return ReplaceHeading(**common, anchor=anchor, new=new)
        case "delete":
            cur.end()
            return DeleteHeading(**common)
    raise _Syntax(f'a heading cannot take "{verb.text}"', verb.line, verb.column,
                  'write heading 2.2: replace "old" with "new", or heading 2.3: delete; '
                  'a new heading is 2.2: add heading before "paragraph text" with "2.2 bis Title"')


def _unknown_verb(token: Token) -> _Syntax:
    if token.kind != "word":
        return _Syntax(
            f"expected an operation, found {token.shown()}",
            token.line,
            token.column,
            "write the operation first, e.g. 12: delete \"text\"",
        )
    close = difflib.get_close_matches(token.lower(), VERBS, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else "the operations are " + ", ".join(VERBS)
    return _Syntax(f'unknown operation "{token.text}"', token.line, token.column, hint)


# ---------------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What a file parsed to, even when it has errors (the resolver goes on checking the rest)."""

    file: AmendmentFile
    """The file with every operation that parsed."""
    diagnostics: tuple[Diagnostic, ...]
    """Every syntax error and warning, in line order."""
    failed_ids: tuple[str, ...] = ()
    """Ids of operation lines that did not parse. Ids count every operation line, also those with
    errors, so the ids of the others do not depend on a typo above them."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


def parse_amendments_lenient(text: str, path: str = "<input>") -> ParseResult:
    """Parse as much as possible; never raises for the file's content."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_END.split(text)  # LF, CRLF and the old Macintosh CR alone end a line
    text = "\n".join(lines)
    out = _Collector(path, lines)
    headers: dict[str, tuple[str, int, int]] = {}
    failed: list[int] = []
    ops: list[tuple[int, Statement, list[Token], Token]] = []
    n = 0
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        header = _HEADER_LINE.match(raw)
        if header and header.group("key").lower() in HEADERS:
            i = _read_header(lines, i, header, headers, bool(ops) or bool(failed), out)
            continue
        statement, i = _lex_statement(lines, i, out)
        n += 1
        if statement is None:
            failed.append(n)
            continue
        try:
            ref_tokens, verb = _split_ref(statement, n == 1 and not ops and not failed, headers, out)
        except _Syntax as exc:
            out.error(exc.message, exc.line, exc.column, exc.hint)
            failed.append(n)
            continue
        if verb is None:  # an unknown header line, reported by _split_ref
            n -= 1
            continue
        ops.append((n, statement, ref_tokens, verb))

    by = headers.get("by", ("", 0, 0))[0]
    if "by" not in headers:
        first = next((k for k, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")), 0)
        out.error(
            'missing "by:" header',
            first + 1,
            1,
            'add a line such as "by: EU" (your delegation\'s code) at the top of the file',
        )
    code = by or "?"
    operations: list[Operation] = []
    for number, statement, ref_tokens, verb in ops:
        ref = " ".join(t.text for t in ref_tokens)
        column = ref_tokens[0].column if ref_tokens else verb.column
        common = dict(
            id=f"{code}-{number}",
            by=code,
            source=SourceRef(path, statement.line, column),
            ref=ref,
        )
        verb_index = statement.tokens.index(verb)
        cur = _Cursor(statement, f'"{verb.text}"', verb_index + 1)
        try:
            operations.append(_parse_operation(cur, verb, common))
        except _Syntax as exc:
            out.error(exc.message, exc.line, exc.column, exc.hint)
            failed.append(number)
            continue
        if cur.trailing is not None:
            junk = cur.trailing
            out.error(junk.message, junk.line, junk.column, junk.hint)
    if not ops and not failed and not [d for d in out.items if d.severity == "error"]:
        first = next((k for k, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")), 0)
        out.error("no operations in this file", first + 1 if lines[first].strip() else 0, 0, severity="warning")
    diagnostics = tuple(sorted(out.items, key=lambda d: (d.line, d.column)))
    result = AmendmentFile(
        path=path,
        by=by,
        name=headers.get("name", ("",))[0],
        draft=headers.get("draft", ("",))[0],
        date=headers.get("date", ("",))[0],
        operations=tuple(operations),
        source=text,
        warnings=tuple(d for d in diagnostics if d.severity == "warning"),
    )
    return ParseResult(result, diagnostics, tuple(f"{code}-{k}" for k in sorted(failed)))


def _read_header(lines, i, match, headers, after_operations, out: _Collector) -> int:
    key = match.group("key").lower()
    key_col = match.start("key") + 1
    value = match.group("value")
    value_col = match.start("value") + 1
    # a '#' starts a comment in a header value too
    cut = value.find("#")
    if cut >= 0:
        value = value[:cut]
    lead = len(value) - len(value.lstrip())
    value_col += lead
    value = value.strip()
    j = i + 1
    while j < len(lines) and _is_continuation(lines[j]) and not _STATEMENT_START.match(lines[j]):
        extra = lines[j].split("#", 1)[0].strip()
        if extra:
            value = f"{value} {extra}" if value else extra
        j += 1
    if len(value) >= 2 and value[0] in _OPENERS and value[-1] == _OPENERS[value[0]]:
        value = value[1:-1].strip()
    if after_operations:
        out.error(f'header "{key}:" comes after the operations', i + 1, key_col,
                  "move the header lines to the top of the file")
    if key in headers:
        out.error(f'duplicate header "{key}:" (first given on line {headers[key][1]})', i + 1, key_col,
                  "keep one of them")
        return j
    if key == "by":
        if not value:
            out.error('"by:" is empty', i + 1, value_col, "write your delegation's code, e.g. by: EU")
        elif not _BY_CODE.match(value):
            out.error(
                f'"{value}" is not a delegation code',
                i + 1,
                value_col,
                "a code is letters and digits without spaces, e.g. EU, G77, JPN; put the full name in name:",
            )
            value = ""
    headers[key] = (value, i + 1, value_col)
    return j


_SEPARATOR = re.compile(r"^[-–—=.,;>/|]+$")
"""What people type between a reference and the operation instead of a colon: ``PP3 - insert``."""


def _missing_colon(ref_tokens: Sequence[Token], verb: Token) -> _Syntax:
    """``PP3 - insert ...`` or ``PP3 insert ...``: the colon is missing (a dash or the like stood in
    for it); the fix names the reference without the stray mark."""
    words = list(ref_tokens)
    stray = None
    while words and _SEPARATOR.match(words[-1].text):
        stray = words.pop()
    ref = " ".join(t.text for t in words) or " ".join(t.text for t in ref_tokens)
    if stray is not None and words:
        return _Syntax(f'expected ":" after the paragraph reference "{ref}", found "{stray.text}"', stray.line,
                       stray.column, f"write {ref}: {verb.text} ...")
    return _Syntax(f'expected ":" after the paragraph reference "{ref}"', verb.line, verb.column,
                   f"write {ref}: {verb.text} ...")


def _split_ref(statement: Statement, may_be_header: bool, headers: dict, out: _Collector):
    """``REF`` tokens and the verb token of an operation statement."""
    tokens = statement.tokens
    colon = next((k for k, t in enumerate(tokens) if t.kind == "colon"), None)
    if colon is None:
        verb_at = next((k for k, t in enumerate(tokens) if t.kind == "word" and t.lower() in VERBS), None)
        if tokens and tokens[0].lower() == "support":
            return [], tokens[0]
        if verb_at:
            raise _missing_colon(tokens[:verb_at], tokens[verb_at])
        first = tokens[0]
        hint = 'start the line with the paragraph reference, e.g. 12: delete "text"'
        if first.lower() in VERBS:
            hint = f"start the line with the paragraph reference, e.g. 12: {first.text} ..."
        raise _Syntax('expected "REF: operation"', first.line, first.column, hint)
    ref_tokens = list(tokens[:colon])
    if not ref_tokens:
        raise _Syntax('expected a paragraph reference before ":"', tokens[0].line, tokens[0].column,
                      'for example 12: delete "text"')
    bad = next((t for t in ref_tokens if t.kind != "word"), None)
    if bad is not None:
        raise _Syntax(f"expected a paragraph reference, found {bad.shown()}", bad.line, bad.column,
                      'for example 12: delete "text"')
    if colon + 1 >= len(tokens):
        c = tokens[colon]
        raise _Syntax("expected an operation after the reference", c.line, c.column + 1,
                      "for example " + ", ".join(OPERATION_FORMS[:3]))
    verb = tokens[colon + 1]
    if verb.lower() not in VERBS:
        key = ref_tokens[0].text
        if may_be_header and len(ref_tokens) == 1 and key.isalpha() and len(key) > 1:
            close = difflib.get_close_matches(key.lower(), HEADERS, n=1, cutoff=0.6)
            hint = f'did you mean "{close[0]}:"?' if close else "the headers are by:, name:, draft:, date:"
            out.error(f'unknown header "{key}:"', ref_tokens[0].line, ref_tokens[0].column, hint)
            return ref_tokens, None
        raise _unknown_verb(verb)
    return ref_tokens, verb


def parse_amendments(text: str, path: str = "<input>") -> AmendmentFile:
    """An amendment file from its text; raises ``AmendmentFileError`` with every syntax error."""
    result = parse_amendments_lenient(text, path)
    if result.errors:
        raise AmendmentFileError(result.diagnostics)
    return result.file


def read_amendments(path: str) -> AmendmentFile:
    """Read and parse an amendment file (``InputFileError`` if it cannot be read)."""
    text, _bom = read_text(path)
    return parse_amendments(text, str(path))


def header_position(source: str, key: str) -> tuple[int, int] | None:
    """Line and column of the value of header ``key`` in an amendment file's source, if present."""
    for number, line in enumerate(source.split("\n"), start=1):
        match = _HEADER_LINE.match(line.rstrip("\r"))
        if match and match.group("key").lower() == key:
            value = match.group("value")
            return number, match.start("value") + 1 + (len(value) - len(value.lstrip()))
    return None


# ---------------------------------------------------------------------------------------------------
# Writing operations back (the inverse of the parser)


def quote(text: str) -> str:
    """``text`` as a straight-quoted amendment-file text (``\\`` and ``"`` escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unparse_anchor(anchor: Anchor) -> str:
    """An anchor as a line of an amendment file writes it: the quoted text, then its occurrence."""
    return quote(anchor.text) + (f" ({ordinal(anchor.occurrence)})" if anchor.occurrence else "")


def _from_to(start: Anchor | None, end: Anchor | None = None) -> str:
    out = f" from {unparse_anchor(start)}" if start is not None else ""
    return out + (f" to {unparse_anchor(end)}" if end is not None else "")


def _unparse_structural(op: Operation) -> str | None:
    """The operations that span or name structure (ranges, headings, sub-items, options), or None."""
    match op:
        case BracketParagraphs(start=start, end=end):
            return "bracket" + _from_to(start, end)
        case RemoveBracketsAcross(start=start):
            return "remove brackets" + _from_to(start)
        case DeleteParagraphs():
            return "delete paragraphs"
        case ReplaceHeading(anchor=anchor, new=new):
            return f"replace {unparse_anchor(anchor)} with {quote(new)}"
        case DeleteHeading() | DeleteOption():
            return "delete"
        case AddHeading(where=where, anchor=anchor, text=text):
            return f"add heading {where} {unparse_anchor(anchor)} with {quote(text)}"
        case AddItem(label=label, text=text):
            return f"add item {label} {quote(text)}"
        case RetainOption():
            return "retain"
        case AddOption(where=where, text=text):
            return f"add option {where} with {quote(text)}"
    return None


def _unparse_brackets(op: BracketText | RemoveBrackets | Retain | AddAlternative) -> str:
    """The operations on bracketed text."""
    match op:
        case BracketText(anchor=anchor):
            return f"bracket {unparse_anchor(anchor)}"
        case RemoveBrackets(anchor=anchor):
            return f"remove brackets {unparse_anchor(anchor)}"
        case Retain(anchor=anchor):
            return f"retain {unparse_anchor(anchor)}"
        case AddAlternative(text=text, anchor=anchor):
            return f"add alternative {quote(text)} to {unparse_anchor(anchor)}"


def unparse_operation(op: Operation) -> str:
    """What follows ``REF:`` on the operation's line, as a delegate writes it."""
    structural = _unparse_structural(op)
    if structural is not None:
        return structural
    match op:
        case Replace(anchor=anchor, new=new):
            return f"replace {unparse_anchor(anchor)} with {quote(new)}"
        case Delete(anchor=anchor):
            return f"delete {unparse_anchor(anchor)}"
        case Insert(text=text, where="start" | "end" as where):
            return f"insert {quote(text)} at {where}"
        case Insert(text=text, where=where, anchor=Anchor() as anchor):
            return f"insert {quote(text)} {where} {unparse_anchor(anchor)}"
        case DeleteParagraph():
            return "delete paragraph"
        case ReplaceParagraph(text=text):
            return f"replace paragraph with {quote(text)}"
        case AddParagraph(text=text, where=where):
            return f"add paragraph {where} {quote(text)}"
        case Move(where=where, dest=dest):
            return f"move {where} {dest}"
        case BracketText() | RemoveBrackets() | Retain() | AddAlternative():
            return _unparse_brackets(op)
        case Comment(text=text):
            return f"comment {quote(text)}"
        case Support(target_id=target_id):
            return f"support {target_id}"
    raise TypeError(f"no amendment-file form for {type(op).__name__}")


def written_ref(op: Operation) -> str:
    """The reference as the operation's line writes it: ``12``, a range ``12-14``, ``heading 2.2``."""
    match op:
        case (BracketParagraphs(last=last) | RemoveBracketsAcross(last=last)
              | DeleteParagraphs(last=last)) if last:
            return f"{op.ref}-{last}"
        case ReplaceHeading() | DeleteHeading():
            return f"heading {op.ref}"
    return op.ref


def unparse(op: Operation) -> str:
    """The operation's line in an amendment file: ``12: replace "a" with "b"``. Parsing the line
    gives the operation back (positions aside)."""
    return f"{written_ref(op)}: {unparse_operation(op)}"


def unparse_file(file: AmendmentFile) -> str:
    """A whole amendment file: its headers, a blank line, one line per operation."""
    headers = [f"{key}: {value}" for key, value in
               (("by", file.by), ("name", file.name), ("draft", file.draft), ("date", file.date)) if value]
    return "\n".join([*headers, "", *(unparse(op) for op in file.operations)]) + "\n"
