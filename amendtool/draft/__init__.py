"""The draft: model, parsers (text, PDF text, Markdown, .docx), references and outlines.

Other stages import the draft's public names from here."""

from amendtool.draft.model import Document, Paragraph, Section
from amendtool.draft.parser import load_draft, parse_draft, read_draft

__all__ = ["Document", "Paragraph", "Section", "load_draft", "parse_draft", "read_draft"]
