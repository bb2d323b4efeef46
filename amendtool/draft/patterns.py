"""Regular expressions compiled when first used.

The draft package names about a hundred patterns (labels and headings in six languages, Markdown,
page furniture, references as users type them); a draft in one language and one format uses a
dozen or two of them, the more as the parser tries each line only against the patterns its first
character can start. Compiled at import they took a third of the package's import time, paid by
every command (the label patterns each spell out the 19 suffixes twice, the world-language ones
large character classes). Compiled on first use they were still a fifth of the first draft's parse:
so a pattern that spells out the suffixes or the six languages' words is tried only where a test of a
few characters, or a small pattern, says that it may match (``parser._suffixed``, ``_world_suffixed``,
``formulas.is_chapeau``), and a draft that never needs it never compiles it.

``LazyPattern("...", flags)`` stands where ``re.compile("...", flags)`` stood: the first call of one
of its methods compiles the pattern and puts the compiled pattern's own methods on the object, so
that every later call goes straight to them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator


class LazyPattern:
    """A regular expression compiled on first use, with the methods of ``re.Pattern`` the draft
    package calls."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; its methods replace this object's own from now on (an instance's
        attributes come before its class's methods)."""
        pattern = re.compile(self.pattern, self.flags)
        vars(self).update(match=pattern.match, fullmatch=pattern.fullmatch, search=pattern.search,
                          finditer=pattern.finditer, findall=pattern.findall, sub=pattern.sub,
                          compiled=lambda: pattern)
        return pattern

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
