"""One error hierarchy for everything a user can get wrong.

The library raises these; only the CLI prints them (``Diagnostic.format``) and maps them to exit codes.
Every diagnostic carries the file, line and column it is about, the offending source line (so a caret
can be drawn under the column) and, where one exists, the nearest fix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input file, positioned for a person to find it."""

    message: str
    """What is wrong, in a sentence (without the position)."""
    path: str = "<input>"
    """The file as the user named it."""
    line: int = 0
    """1-based line; 0 when the problem is about the file as a whole."""
    column: int = 0
    """1-based column (characters, not bytes); 0 when unknown."""
    source_line: str | None = None
    """The offending line as it stands in the file, for the caret display."""
    hint: str | None = None
    """The nearest fix, phrased as advice ("did you mean ...")."""
    severity: str = "error"
    """``error`` or ``warning``."""

    def location(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def headline(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{self.location()}: {prefix}{self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def format(self) -> str:
        """The full report: headline, the source line and a caret under the column."""
        lines = [self.headline()]
        if self.source_line is not None:
            visible = self.source_line.rstrip("\r\n").expandtabs(1).translate(_CONTROL_PICTURES)
            shown, caret = excerpt(visible, self.column)
            lines.append("    " + shown)
            if self.column:
                lines.append("    " + " " * caret + "^")
        return "\n".join(lines)


_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421} | {c: 0xFFFD for c in range(0x80, 0xA0)}
"""Control characters in a source line are shown as their pictures (NUL as ␀; the C1 controls as
U+FFFD), one for one, so a terminal is not driven by them and the caret stays under its column."""

WIDTH = 100
"""Longest source line shown whole under a diagnostic; longer ones are cut around the column."""


def excerpt(line: str, column: int) -> tuple[str, int]:
    """The part of a long line around ``column`` (1-based) and the caret's 0-based place in it."""
    index = max(column - 1, 0)
    if len(line) <= WIDTH:
        return line, index
    start = max(0, min(index - WIDTH // 2, len(line) - WIDTH))
    end = start + WIDTH
    text = line[start:end]
    caret = index - start
    if start > 0:
        text = "…" + text
        caret += 1
    if end < len(line):
        text += "…"
    return text, caret


class AmendtoolError(Exception):
    """Base class: a problem with what the user gave us. Carries one or more diagnostics."""

    def __init__(self, diagnostics: Diagnostic | list[Diagnostic] | tuple[Diagnostic, ...]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(d.headline() for d in self.diagnostics))

    def format(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


class InputFileError(AmendtoolError):
    """A file cannot be read: missing, a directory, not UTF-8, too large, not a .docx."""


class DraftSyntaxError(AmendtoolError):
    """The draft itself is malformed, e.g. an unbalanced square bracket."""


class AmendmentFileError(AmendtoolError):
    """An amendment file has errors: syntax, unknown references, anchors not found."""


class ReferenceNotFound(AmendtoolError):
    """A paragraph reference names no paragraph of the draft."""


class AmbiguousReference(AmendtoolError):
    """A paragraph reference matches several paragraphs."""


class ConflictError(AmendtoolError):
    """Proposals that cannot be applied together were accepted together."""


class SelectionError(AmendtoolError):
    """A choice given to a command names ids, delegations, codes or formats that do not exist.

    ``choice`` says which choice, in the library's terms (``accept``, ``only``, ``rest``, ``by``,
    ``format``): the library never words command-line options, the CLI maps the choice to its flag."""

    def __init__(
        self,
        diagnostics: Diagnostic | list[Diagnostic] | tuple[Diagnostic, ...],
        *,
        choice: str | None = None,
    ):
        super().__init__(diagnostics)
        self.choice = choice


def make_diagnostic(
    message: str,
    *,
    path: str,
    text: str | None = None,
    offset: int | None = None,
    line: int = 0,
    column: int = 0,
    hint: str | None = None,
    severity: str = "error",
) -> Diagnostic:
    """A diagnostic located either by (line, column) or by a character offset into ``text``."""
    source_line = None
    if text is not None and offset is not None:
        line = text.count("\n", 0, offset) + 1
        start = text.rfind("\n", 0, offset) + 1
        column = offset - start + 1
        end = text.find("\n", offset)
        source_line = text[start : end if end >= 0 else len(text)]
    elif text is not None and line:
        lines = text.split("\n")
        if 0 < line <= len(lines):
            source_line = lines[line - 1]
    return Diagnostic(message, path, line, column, source_line, hint, severity)
