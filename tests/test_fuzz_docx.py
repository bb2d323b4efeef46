"""Fuzzing .docx drafts: packages with automatic numbering whose attributes may be anything
(non-numeric or huge ``w:ilvl`` and ``w:start``, unknown formats, level texts naming missing levels),
tracked changes, broken or hostile XML (entities, deep nesting), then damaged as zips (bytes flipped,
cut or inserted: bad CRCs, corrupt deflate data, lying size headers).

For every input: the draft reads, or is refused with one of our errors naming the file; what reads
renders back its own text and compiles byte for byte.
"""

from __future__ import annotations

import pytest
from fuzzing import W, assert_positioned, docx_packages, examples, watchdog
from hypothesis import HealthCheck, event, example, given, settings

from amendtool.compile import compile_drafts
from amendtool.draft import load_draft
from amendtool.errors import AmendtoolError
from amendtool.render import render_compilation

pytestmark = pytest.mark.slow


def _package(document: str, numbering: str | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{document}</w:body></w:document>')
        if numbering is not None:
            z.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
    return buffer.getvalue()


def _numbered(ilvl: str, start: str) -> bytes:
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    paragraph = (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                 '<w:r><w:t>Text.</w:t></w:r></w:p>')
    return _package(paragraph, numbering)


def _zip_version(data: bytes, version: int) -> bytes:
    """``data`` with the first central directory entry saying it needs zip version ``version / 10``."""
    at = data.find(b"PK\x01\x02")
    return data[: at + 6] + version.to_bytes(2, "little") + data[at + 8 :]


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(docx_packages())
@example(_numbered("x", "1"))  # a non-numeric w:ilvl
@example(_numbered("12", "1"))  # w:ilvl beyond Word's nine levels
@example(_numbered("0", "x"))  # a non-numeric w:start
@example(_numbered("0", "9" * 5000))  # a 5,000-digit w:start
@example(_numbered("²", "1"))  # a digit int() refuses
@example(_package("<w:p><w:r><w:t>\ufeff1. Text.</w:t></w:r></w:p>"))  # text that starts with U+FEFF
@example(_zip_version(_numbered("0", "1"), 84))  # zipfile: NotImplementedError "zip file version 8.4"
def test_any_docx_reads_or_is_refused(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("x") / "draft.docx"
    path.write_bytes(data)
    with watchdog():
        try:
            doc = load_draft(path, lenient=True)
        except AmendtoolError as exc:
            assert_positioned(exc, {str(path)})
            event("refused")
            return
        event("read")
        assert doc.render() == doc.source
        assert render_compilation(compile_drafts(doc, ()), "txt") == doc.source.encode("utf-8")
