"""Wording shared by the renderers: attributions, alternative labels, paragraph marks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from amendtool.draft import languages

if TYPE_CHECKING:  # the comparison's renderers use these marks too, without the compilation
    from amendtool.compile import Compilation, Piece, Proposal, ProposalKind


def attribution(p: Proposal) -> str:
    """``EU, US, supported by JPN``; "" when anonymous."""
    text = ", ".join(p.proposers)
    if p.supporters:
        text += (", " if text else "") + "supported by " + ", ".join(p.supporters)
    return text


def edges(text: str) -> tuple[str, str, str]:
    """``text`` as (leading whitespace, core, trailing whitespace); markers go round the core only, so
    an insertion ``"and meaningful "`` shows as ``{+and meaningful+} ``. All-space text stays whole.
    (Whitespace as ``str.strip`` and the regular expressions' ``\\s`` take it: the same characters.)"""
    core = text.strip()
    if not core or len(core) == len(text):
        return "", text, ""
    lead = len(text) - len(text.lstrip())
    return text[:lead], core, text[lead + len(core):]


MARKERS = ("{+", "+}", "{-", "-}", "{{", "}}", "||")
"""The two-character sequences the plain-text notation is made of (compile and diff txt)."""
_SPECIAL = re.compile(r"[\\{}+|-]")
"""The characters of ``MARKERS`` and the backslash: a text without them needs no escape."""


def escape_marked(parts: list[tuple[str, bool]]) -> str:
    """Plain text of ``(text, is_notation)`` parts with the notation unambiguous: in the parts that
    are not notation (the amendment's or draft's own words inside a marked span), a backslash is
    written ``\\\\`` and a marker sequence (``MARKERS``) gets a backslash before its second character
    (``{+`` -> ``{\\+``, ``+}`` -> ``+\\}``, ``||`` -> ``|\\|`` ...). A text character that would form
    a marker together with the notation next to it is escaped too (an insertion of ``}`` is
    ``{+\\}+}``, not ``{+}+}``). Read back, a backslash takes the next character as it is."""
    for text, notation in parts:
        if not notation and _SPECIAL.search(text) is not None:
            return _escape_each(parts)
    return "".join([text for text, _ in parts])  # nothing to escape (most): the parts as they stand


def _escape_each(parts: list[tuple[str, bool]]) -> str:
    """``escape_marked`` part by part."""
    parts = [(text, notation) for text, notation in parts if text]
    out: list[str] = []
    before = ""  # the character before, or "" when it was written escaped (it pairs with nothing)
    for k, (text, notation) in enumerate(parts):
        if notation or _SPECIAL.search(text) is None:  # nothing in it can be or form a marker
            out.append(text)
            before = text[-1]
            continue
        after = parts[k + 1][0][0] if k + 1 < len(parts) and parts[k + 1][1] else ""
        last = len(text) - 1
        start = 0  # of the text not written yet
        prev = -1  # the last special character's place
        # Only the special characters are looked at (most texts have a hyphen or two): any other
        # character is written as it is and pairs with nothing.
        for m in _SPECIAL.finditer(text):
            i = m.start()
            if i != prev + 1:
                before = ""
            ch = text[i]
            if ch == "\\" or before + ch in MARKERS or (i == last and ch + after in MARKERS):
                out.append(text[start:i])
                out.append("\\")
                start = i
                before = ""
            else:
                before = ch
            prev = i
        out.append(text[start:])
        if prev != last:
            before = text[-1]
    return "".join(out)


def tokens(pieces: Iterable[Piece]) -> tuple[list[tuple[str, str]], str]:
    """A proposal's pieces as ``(op, text)`` runs with the edge whitespace of insertions and deletions
    moved outside them, and the whitespace that ends the whole (so the proposers can stand before it)."""
    out: list[tuple[str, str]] = []
    for piece in pieces:
        if piece.op == "keep":
            out.append(("keep", piece.text))
            continue
        lead, core, trail = edges(piece.text)
        if lead:
            out.append(("keep", lead))
        out.append((piece.op, core))
        if trail:
            out.append(("keep", trail))
    tail = ""
    if out and out[-1][0] == "keep":
        text = out[-1][1]
        core = text.rstrip()
        tail = text[len(core):]
        if core:
            out[-1] = ("keep", core)
        else:
            out.pop()
    return out, tail


def printed_label(label: str | None, text: str = "") -> str:
    """A paragraph's label as printed before its text: ``12.``, ``Pp3.``, but ``(a)`` and ``(a) bis``
    as the draft prints them (no full stop after a parenthesis, nor after Chinese ``（一）``, ``一、``,
    ``2之二．``); "" when there is none, or when the text names it itself (an option block's ``[Option
    2: ...``)."""
    if not label:
        return ""
    if label in text and re.match(r"[\[*_\s]*" + re.escape(label) + r"\s*[:.]", text):
        return ""
    return label if label.startswith(("(", "（")) or label.endswith((")", "）", ".", "．", "、")) else label + "."


def alt_label(index: int) -> str:
    return f"Alt {index + 1}"


def kind_name(kind: ProposalKind) -> str:
    """A proposal's kind in words: ``replace``, ``remove brackets``, ``new paragraph`` ..."""
    match kind:
        case "remove-brackets":
            return "remove brackets"
        case "add-alternative":
            return "add alternative"
        case "delete-paragraph":
            return "delete paragraph"
        case "replace-paragraph":
            return "replace paragraph"
        case "add-paragraph":
            return "new paragraph"
        case "bracket-paragraphs":
            return "bracket paragraphs"
        case "remove-brackets-across":
            return "remove brackets across paragraphs"
        case "retain-option":
            return "retain option"
        case "add-heading":
            return "new heading"
        case "replace-heading":
            return "replace heading"
        case "delete-heading":
            return "delete heading"
        case "replace" | "delete" | "insert" | "bracket" | "retain" | "move":
            return kind


def mark_words(p: Proposal) -> str:
    """What a paragraph-level proposal asks, capitalised: ``Delete paragraph``, ``Move after 43``,
    ``Replace paragraph with`` (the new text follows, see ``shows_text``), ``Bracket opens here (to
    14)``, ``New heading before this paragraph:``."""
    match p.kind:
        case "delete-paragraph":
            return "Delete paragraph"
        case "replace-paragraph":
            return "Replace paragraph with"
        case "move":
            return f"Move {p.where} {p.dest}"
        case "bracket-paragraphs" | "remove-brackets-across":
            return _edge_words(p)
        case "retain-option":
            return "Retain this option"
        case "add-heading":
            return f"New heading {p.where} this paragraph"
        case "replace-heading":
            return "Replace heading with"
        case "delete-heading":
            return "Delete heading"
    return kind_name(p.kind).capitalize()


def _edge_words(p: Proposal) -> str:
    """Where a bracket across paragraphs opens or closes: ``Bracket opens here (to 14)``, ``Bracket
    closes after “in 2020” (from 12)``, ``Remove the bracket opening here (to 14)``."""
    context = "".join(x.text for x in p.pieces if x.op == "keep")
    if p.where == "opens":
        at = f"before “{context}”" if context else "here"
        verb = "Bracket opens" if p.kind == "bracket-paragraphs" else "Remove the bracket opening"
        return f"{verb} {at} (to {p.dest})"
    at = f"after “{context}”" if context else "here"
    verb = "Bracket closes" if p.kind == "bracket-paragraphs" else "Remove the bracket closing"
    return f"{verb} {at} (from {p.dest})"


def shows_text(p: Proposal) -> bool:
    """Whether a mark's words are followed by the text it proposes (a new paragraph's, heading's or
    title's)."""
    return p.kind in ("replace-paragraph", "replace-heading", "add-heading")


def title_attr(p: Proposal) -> str:
    """A hover/tooltip text: the operation ids and kind (``EU-1, US-1: replace``)."""
    kind = kind_name(p.kind)
    return f"{', '.join(p.ids)}: {kind}" if p.ids else kind


def skipped_notice(c: Compilation) -> tuple[str, list[str]]:
    """What the first page says when files were left out for their errors: a headline and one line
    per file (``bad.amend (BAD): 5 errors, the first at 2:12: ...``); ("", []) when none were."""
    if not c.skipped:
        return "", []
    n = len(c.skipped)
    were, their = ("s were", "their") if n != 1 else (" was", "its")
    head = f"Incomplete: {n} amendment file{were} left out for {their} errors; {their} proposals are not shown."
    lines = []
    for k in c.skipped:
        name = f"{k.file} ({k.by})" if k.file and k.by else k.file or "a file"
        errors = f"{k.errors} error{'s' if k.errors != 1 else ''}"
        lines.append(f"{name}: {errors}" + (f", the first at {k.first}" if k.first else ""))
    return head, lines


def changed_only_notice(c: Compilation) -> str:
    """What a compact compilation says of itself ("" for the full text)."""
    if not c.changed_only:
        return ""
    from amendtool.compile import CompiledParagraph

    shown = sum(1 for b in c.blocks if isinstance(b, CompiledParagraph))
    total = sum(1 for p in c.summary.paragraphs if not p.new)
    return (f"Only the {shown} of {total} paragraphs with proposals, comments or bracket groups are shown, "
            "under their headings; the others are as in the draft.")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(iso: str) -> str:
    """``2015-10-21`` as ``21 October 2015`` (as United Nations documents write dates); other text as it is."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def stamp(c: Compilation) -> str:
    """Which compilation a printed page belongs to: ``Compilation of wsis10_zero_draft.txt, 21 October
    2015, inputs 3f9a1c2e`` (the date when given; the fingerprint of the draft and the files)."""
    parts = [f"Compilation of {c.draft}"]
    if c.issued:
        parts.append(long_date(c.issued))
    if c.fingerprint:
        parts.append(f"inputs {c.fingerprint}")
    return ", ".join(parts)


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string, every character but letters, digits and spaces written
    as a CSS escape (so no text can close the string or the style element)."""
    return "".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):x} " for ch in text)


def text_attributes(language: str) -> Markup:
    """The ``lang`` and ``dir`` attributes of a draft's own text in a page whose words around it are
    English: nothing for an English draft, `` lang="fr"``, `` lang="ar" dir="rtl"`` (Arabic runs right
    to left, so its labels and attributions stand where an Arabic reader looks for them)."""
    if language == "en":
        return Markup("")
    direction = languages.direction(language)
    return Markup(f' lang="{language}"' + (f' dir="{direction}"' if direction == "rtl" else ""))
