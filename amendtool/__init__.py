"""amendtool: negotiation texts as data. Parse drafts, check amendment files, compile, consolidate, compare.

See docs/architecture.md for the data flow and where each stage lives.
"""

__version__ = "0.1.0"
