"""WordprocessingML (.docx) read and written: the package (safe zip and XML), styles, automatic
numbering, a document's paragraphs under a choice of tracked changes, and the helpers the .docx
writers share. The draft reader (``amendtool.draft.docx``) and the renderers build on it; it imports
no other stage."""

from amendtool.docx.reader import ACCEPT_ALL, REJECT_ALL, Comment, View, WordDocument, WordParagraph

__all__ = ["ACCEPT_ALL", "REJECT_ALL", "Comment", "View", "WordDocument", "WordParagraph"]
