"""The compilation: every proposal of the amendment files in place, as a format-independent model."""

from amendtool.compile.builder import Compilation, compile_drafts

__all__ = ["Compilation", "compile_drafts"]
