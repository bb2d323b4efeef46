"""Hostile and careless input: every case of issue 12, each with the clear error it gets (or the success
it should be). No traceback, no hang, no unbounded memory, no garbled text, no temporary file left.

Each test names the case it reproduces; the file list in docs (issue 12's note) is this file's
docstrings in order.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, WSIS

from amendtool import fileio
from amendtool.cli import cli
from amendtool.draft import load_draft, parse_draft, refs
from amendtool.draft.inline import MAX_DEPTH

EU = ROOT / "drafts" / "eu.amend"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


# ---------------------------------------------------------------------------------------------------
# Deep nesting


def test_brackets_nested_400_deep_are_parsed_without_recursion(tmp_path):
    """Brackets nested about 330 deep crashed every command with RecursionError."""
    draft = write(tmp_path / "deep.txt", "1. " + "[" * 400 + "x" + "]" * 400 + "\n")
    result = run("show", draft)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"1 paragraph, 0 sections, {MAX_DEPTH} bracket groups\n")
    assert run("brackets", draft).exit_code == 0


@pytest.mark.slow
def test_brackets_nested_100000_deep_compile_byte_for_byte(tmp_path):
    """A 100,000-deep file: read (the brackets deeper than MAX_DEPTH as text), compiled unchanged."""
    text = "Title\n\n1. " + "[" * 100_000 + "x" + "]" * 100_000 + "\n"
    draft = write(tmp_path / "deep.txt", text)
    out = tmp_path / "out.txt"
    result = run("compile", draft, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == draft.read_bytes()
    doc = load_draft(draft)
    (p,) = doc.paragraphs
    assert len(p.bracket_groups) == MAX_DEPTH
    assert p.bracket_groups[-1].alternatives == ("[" * (100_000 - MAX_DEPTH) + "x" + "]" * (100_000 - MAX_DEPTH),)


def test_deep_brackets_in_new_text_pass_check_and_consolidate(tmp_path):
    """The same brackets inside an amendment's new text passed check, then crashed consolidate."""
    amend = write(tmp_path / "eu.amend",
                  'by: EU\n12: replace "almost 10 per cent" with "' + "[" * 400 + "x" + "]" * 400 + '"\n')
    assert run("check", WSIS, amend).exit_code == 0
    out = tmp_path / "next.txt"
    result = run("consolidate", WSIS, amend, "--accept", "*", "-o", out)
    assert result.exit_code == 0, result.output
    again = load_draft(out)
    assert len(again.paragraphs) == 58 and "[" * 400 + "x" in refs.lookup(again, "12").text


@pytest.mark.slow
def test_sub_items_nested_3000_deep_are_parsed(tmp_path):
    """3,000 sub-items each starting a nested list, "(i)" under "(i)", crashed with RecursionError."""
    draft = write(tmp_path / "items.txt", "1. Para\n" + "(i) x\n" * 3000)
    result = run("show", draft)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("3001 paragraphs, 0 sections, 0 bracket groups\n")


def test_headings_nested_500_deep_are_parsed(tmp_path):
    """1.1, 1.1.1, 1.1.1.1 ... 500 levels of decimal headings."""
    draft = write(tmp_path / "h.txt", "".join(".".join(["1"] * k) + " Title\n" for k in range(2, 502)))
    result = run("show", draft)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("0 paragraphs, 500 sections, 0 bracket groups\n")


@pytest.mark.slow
def test_unbalanced_brackets_by_the_hundred_thousand_are_counted_not_listed(tmp_path):
    """100,000 unclosed brackets: the first hundred are listed, the rest counted, at once."""
    draft = write(tmp_path / "open.txt", "1. " + "[a " * 100_000 + "\n")
    result = run("show", draft)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(draft))]
    assert len(lines) == 101
    assert lines[0] == f"{draft}:1:4: unbalanced bracket: '[' is never closed; add the missing bracket, " \
        "or run with --lenient to accept the text as published"
    assert lines[-1] == f"{draft}: 99,900 more unbalanced brackets; add the missing bracket, " \
        "or run with --lenient to accept the text as published"


# ---------------------------------------------------------------------------------------------------
# Endless and special files


@pytest.mark.slow
def test_dev_zero_as_draft_is_refused_when_the_limit_is_passed():
    """/dev/zero as draft: MemoryError (the 64 MB cap trusted the reported size, 0 for devices)."""
    result = run("show", "/dev/zero")
    assert result.exit_code == 1
    assert result.stderr == "/dev/zero: input is too large (more than 67,108,864 bytes; an endless device?)\n"


@pytest.mark.slow
def test_dev_urandom_as_amendment_file_is_refused():
    """/dev/urandom as amendment file: the same, instead of reading for ever."""
    result = run("check", WSIS, "/dev/urandom")
    assert result.exit_code == 1
    assert result.stderr == ("/dev/urandom: input is too large (more than 67,108,864 bytes; an endless device?)\n"
                             "1 file: /dev/urandom has 1 error\n")  # check's summary line (issue 9, finding 2)


def test_a_growing_regular_file_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio, "MAX_INPUT_BYTES", 10)
    big = write(tmp_path / "big.txt", "x" * 11)
    with pytest.raises(fileio.InputFileError, match=r"file is too large \(11 bytes; the limit is 10\)"):
        fileio.read_bytes(big)


def test_fifo_with_no_writer_is_given_up(tmp_path, monkeypatch):
    """A FIFO with no writer hung for ever."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    monkeypatch.setattr(fileio, "IDLE_SECONDS", 0.2)
    with pytest.raises(fileio.InputFileError) as info:
        fileio.read_bytes(fifo)
    assert info.value.diagnostics[0].headline() == f"{fifo}: nothing to read for 0.2 seconds; nothing writes to it"


def test_fifo_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def writer():
        time.sleep(0.1)
        with open(fifo, "wb") as fh:
            fh.write(b"1. First.\n")
            fh.flush()
            time.sleep(0.1)
            fh.write(b"2. Second.\n")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert fileio.read_bytes(fifo) == b"1. First.\n2. Second.\n"
    finally:
        thread.join()


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(fileio.InputFileError, match="is a directory, not a file"):
        fileio.read_bytes(tmp_path)


# ---------------------------------------------------------------------------------------------------
# Encodings, byte order marks, line endings, standard input


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path, encoding):
    """UTF-16 with BOM (Windows Notepad's "Unicode") was refused as not UTF-8."""
    text = "Título\n\n1. Él dijo «sí».\n2. Второй.\n"
    data = text.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # the codec writes no mark: add it
        data = ("\ufeff").encode(encoding) + data
    draft = write(tmp_path / "u.txt", data)
    doc = load_draft(draft)
    assert doc.bom and doc.render() == text
    assert [p.text for p in doc.paragraphs] == ["Él dijo «sí».", "Второй."]


def test_utf16_without_bom_is_recognised(tmp_path):
    draft = write(tmp_path / "u.txt", "1. Plain text.\n2. More.\n".encode("utf-16-le"))
    assert [p.ref for p in load_draft(draft).paragraphs] == ["1", "2"]


def test_odd_utf16_is_an_error_with_position(tmp_path):
    draft = write(tmp_path / "u.txt", b"\xff\xfe" + "1. A\n2. B".encode("utf-16-le") + b"\x00")
    result = run("show", draft)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{draft}:2:5: not valid UTF-16: truncated data; save the file as UTF-8")


def test_two_leading_boms_are_both_kept(tmp_path):
    """Two leading BOMs: one was lost (the second one is text, and is kept)."""
    data = b"\xef\xbb\xbf\xef\xbb\xbf1. Text.\n"
    draft = write(tmp_path / "b.txt", data)
    doc = load_draft(draft)
    assert doc.bom and doc.source == "\ufeff1. Text.\n"
    assert [(p.ref, p.text) for p in doc.paragraphs] == [("1", "Text.")]
    out = tmp_path / "out.txt"
    assert run("compile", draft, "-o", out).exit_code == 0
    assert out.read_bytes() == data


def test_cr_only_line_endings(tmp_path):
    """Old-Mac CR-only line endings: "0 paragraphs" with exit 0."""
    text = "Title\r\r1. First paragraph.\r2. Second [paragraph].\r"
    draft = write(tmp_path / "mac.txt", text)
    result = run("show", draft)
    assert result.exit_code == 0
    assert result.stdout == (
        "Title\n\n1     First paragraph.\n2     Second [paragraph].  [1 bracket group]\n\n"
        "2 paragraphs, 0 sections, 1 bracket group\n"
    )
    assert run("brackets", draft).stdout == "2 (4:11): paragraph\n1 bracket group\n"
    out = tmp_path / "out.txt"
    assert run("compile", draft, "-o", out).exit_code == 0 and out.read_bytes() == text.encode()


def test_cr_only_amendment_file(tmp_path):
    amend = write(tmp_path / "eu.amend", 'by: EU\r12: delete "almost"\r13: delete "nowhere"\r')
    result = run("check", WSIS, amend)
    assert result.exit_code == 1
    assert result.stderr.startswith(f'{amend}:3:12: "nowhere" not found in paragraph 13')
    assert '\n    13: delete "nowhere"\n' in result.stderr


def test_unbalanced_bracket_position_with_cr_only_line_endings(tmp_path):
    draft = write(tmp_path / "mac.txt", "1. One.\r2. Two ]here.\r")
    result = run("show", draft)
    assert result.stderr.startswith(f"{draft}:2:8: unbalanced bracket: ']' closes no '['")


def test_draft_from_standard_input():
    """A draft from - (standard input) was refused as "no such file"."""
    result = run("show", "-", input=WSIS.read_bytes())
    assert result.exit_code == 0
    assert result.stdout.endswith("58 paragraphs, 6 sections, 1 bracket group\n")


def test_amendment_file_from_standard_input():
    result = run("check", WSIS, "-", input=b'by: EU\n12: delete "almost"\n')
    assert result.exit_code == 0
    assert result.stdout == "1 file, 1 operation, all apply\n"


def test_standard_input_is_read_once():
    result = run("check", "-", "-", input=b"1. Text.\n")
    assert result.exit_code == 1
    assert "<stdin>: standard input can be read only once; give at most one file as -" in result.stderr


def test_docx_from_standard_input():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ("1. First paragraph.", "2. Second."))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    result = run("show", "-", input=buffer.getvalue())
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("2 paragraphs, 0 sections, 0 bracket groups\n")


# ---------------------------------------------------------------------------------------------------
# Amendment files


def test_5000_digit_reference_is_refused_politely(tmp_path):
    """A 5,000-digit reference: the message quotes it cut in the middle."""
    amend = write(tmp_path / "eu.amend", "by: EU\n" + "1" * 5000 + ': delete "x"\n')
    result = run("check", WSIS, amend)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f'{amend}:2:1: paragraph "{"1" * 20}…{"1" * 20}" does not exist (the draft has 1-58)\n')


def test_5000_digit_occurrence_is_refused_politely(tmp_path):
    """A 5,000-digit occurrence number: a traceback (int() of over 4,300 digits)."""
    amend = write(tmp_path / "eu.amend", 'by: EU\n12: delete "per cent" (' + "1" * 5000 + "th)\n")
    result = run("check", WSIS, amend)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{amend}:2:23: the occurrence (11111111111…111111111th) is too large; "
        "pick an occurrence with (1st), (2nd), (3rd) ...\n")


def test_leading_zeros_in_an_occurrence_are_fine(tmp_path):
    amend = write(tmp_path / "eu.amend", 'by: EU\n12: delete "per cent" (' + "0" * 5000 + "1st)\n")
    assert run("check", WSIS, amend).exit_code == 0


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0c", "\x0b", "\x7f", "\x85"])
def test_control_character_in_new_text_is_refused_by_check(tmp_path, char):
    """A NUL inside new text passed check and consolidate; the next revision was refused as binary."""
    amend = write(tmp_path / "eu.amend", f'by: EU\n12: replace "almost 10 per cent" with "nearly{char} 10"\n')
    result = run("check", WSIS, amend)
    assert result.exit_code == 1
    code = f"U+{ord(char):04X}"
    assert result.stderr.startswith(
        f"{amend}:2:39: the new text contains the control character {code}; remove it: a proposal is plain "
        "text (a tab or a line break is written as a space)\n")
    assert char not in result.stderr  # shown as its picture (␀), never sent to the terminal
    out = tmp_path / "next.txt"
    assert run("consolidate", WSIS, amend, "--accept", "*", "-o", out).exit_code == 1
    assert not out.exists()


def test_a_tab_in_new_text_is_fine(tmp_path):
    amend = write(tmp_path / "eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly\t10 per cent"\n')
    assert run("check", WSIS, amend).exit_code == 0


def test_control_character_in_a_comment_is_refused(tmp_path):
    amend = write(tmp_path / "eu.amend", 'by: EU\n12: comment "bell\x07"\n')
    result = run("check", WSIS, amend)
    assert result.stderr.startswith(f"{amend}:2:13: the comment contains the control character U+0007")


# ---------------------------------------------------------------------------------------------------
# Drafts that crashed the parser


def test_markdown_op_label_indented_under_a_numbered_paragraph(tmp_path):
    """A Markdown line "   OP5 Second." under "7. First.": AttributeError: 'NoneType' ... 'group'."""
    draft = write(tmp_path / "d.md", "7. First.\n   OP5 Second.\n")
    result = run("show", draft)
    assert result.exit_code == 0, result.output
    assert result.stdout == "7     First.\nOP5   Second.\n\n2 paragraphs, 0 sections, 0 bracket groups\n"


def test_markdown_numbered_sub_list_still_nests(tmp_path):
    doc = parse_draft("7. First.\n   1. Nested.\n", fmt="markdown")
    assert [p.ref for p in doc.paragraphs] == ["7", "7(a)"]


# ---------------------------------------------------------------------------------------------------
# Writing: atomic, no temporary file on any exit path, exit status on signals


_SLOW_WRITE = r"""
import os, sys, time
from amendtool import fileio
marker = sys.argv[1]
real_fdopen = os.fdopen

class Slow:
    def __init__(self, fh):
        self.fh = fh
    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        open(marker, "w").close()
        time.sleep(60)
    def __getattr__(self, name):
        return getattr(self.fh, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.fh.close()

fileio.os.fdopen = lambda fd, mode: Slow(real_fdopen(fd, mode))
if sys.argv[2] == "named":
    fileio._anonymous = lambda directory, mode: None
from amendtool.cli import main
sys.argv = ["amendtool"] + sys.argv[3:]
main()
"""


def _default_signals() -> None:
    """In the child, the stop signals as a terminal leaves them: a test run under nohup or as a
    background job (SIGHUP or SIGINT ignored) would otherwise pass the ignoring on, and the command
    rightly keeps an ignored signal ignored."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _slow_compile(tmp_path: Path, kind: str) -> tuple[subprocess.Popen, Path, Path]:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    marker = tmp_path / "writing"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITE, str(marker), kind, "compile", str(WSIS), str(EU), "-o",
         str(out_dir / "out.html")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_signals,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the command never started writing"
        time.sleep(0.02)
    return proc, out_dir, marker


@pytest.mark.slow
def test_sigkill_during_a_write_leaves_nothing(tmp_path):
    """SIGKILL during a write left a hidden partial .out.html.*.tmp (now an unnamed O_TMPFILE)."""
    proc, out_dir, _ = _slow_compile(tmp_path, "anonymous")
    proc.kill()
    proc.communicate()
    assert list(out_dir.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["anonymous", "named"])
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)])
def test_signal_during_a_write_removes_the_temporary_file(tmp_path, kind, signum, status):
    """Ctrl-C exited 1 (the code for an input problem); now 130, and SIGTERM 143, SIGHUP 129; the
    temporary file is removed (also where there is no O_TMPFILE and it has a name)."""
    proc, out_dir, _ = _slow_compile(tmp_path, kind)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status
    assert b"Traceback" not in stderr
    assert stderr.decode().startswith("amendtool: stopped by ")
    assert list(out_dir.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_while_waiting_for_a_fifo_exits_130(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "amendtool", "show", str(fifo)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_signals)
    deadline = time.monotonic() + 60
    while not _has_open(proc.pid, fifo):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr == b"amendtool: stopped by Ctrl-C\n"


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (a descriptor closed between the listing and the look
    at it, as the starting interpreter closes its files, is not)."""
    want = os.path.realpath(path)
    for fd in _fds(pid):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == want:
                return True
        except OSError:
            continue
    return False


def _fds(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []


def test_a_failed_write_leaves_the_old_output(tmp_path, monkeypatch):
    target = write(tmp_path / "out.txt", "previous\n")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", broken)
    with pytest.raises(OSError, match="No space left on device"):
        fileio.write_atomic(target, "new")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# ---------------------------------------------------------------------------------------------------
# Consolidation and propose


@pytest.mark.slow
def test_8000_overlapping_operations_are_reported_once_each(tmp_path):
    """consolidate --accept '*' on 8,000 overlapping operations took 34 s printing 119,250 conflict lines
    (100,000: still running at 600 s). Now one report per operation, naming the first few it overlaps."""
    lines = ["by: EU"] + [f'12: replace "almost 10 per cent" with "v{k}"' for k in range(8000)]
    amend = write(tmp_path / "many.amend", "\n".join(lines) + "\n")
    out = tmp_path / "next.txt"
    result = run("consolidate", WSIS, amend, "--accept", "*", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    reports = [line for line in result.stderr.splitlines() if line.startswith(str(amend))]
    assert len(reports) == 7999  # one per operation that overlaps an earlier one
    assert reports[0] == (f'{amend}:3:1: EU-1 and EU-2 cannot both be accepted: they overlap in paragraph 12 '
                          '("almost 10 per cent"); accept one of them (EU-1 or EU-2)')
    assert reports[1] == (f'{amend}:4:1: EU-3 cannot be accepted with EU-1 or EU-2: they overlap in paragraph 12 '
                          '("almost 10 per cent"); accept at most one of them')
    assert reports[-1] == (f'{amend}:8001:1: EU-8000 cannot be accepted with EU-1, EU-2, EU-3 and others: they '
                           'overlap in paragraph 12 ("almost 10 per cent"); accept at most one of them')


def test_conflict_report_grows_linearly():
    from amendtool.amend import parse_amendments, resolve_amendments
    from amendtool.consolidate import consolidate
    from amendtool.errors import ConflictError

    doc = load_draft(WSIS)
    sizes = {}
    for n in (100, 200, 400):
        text = "by: EU\n" + "".join(f'12: replace "almost 10 per cent" with "v{k}"\n' for k in range(n))
        file = resolve_amendments(doc, parse_amendments(text, "eu.amend"))
        with pytest.raises(ConflictError) as info:
            consolidate(doc, [file], accept=["*"])
        sizes[n] = len(info.value.format())
    assert sizes[400] < 2.2 * sizes[200] < 4.5 * sizes[100]


def test_propose_never_writes_a_blank_replacement(tmp_path):
    """propose could write 'replace ")" with " "', which its own check rejects (the new text is empty)."""
    draft = write(tmp_path / "d.txt", "1. The Parties (all)shall act.\n")
    edited = write(tmp_path / "e.txt", "1. The Parties (all shall act.\n")
    result = run("propose", "--by", "EU", draft, edited)
    assert result.exit_code == 0
    assert result.stdout.endswith('\n1: delete ")"\n')
    amend = write(tmp_path / "eu.amend", result.stdout)
    assert run("check", draft, amend).exit_code == 0


def test_propose_never_adds_an_empty_paragraph(tmp_path):
    """A stray bracket alone at the end of the edited copy gave 'add paragraph after ""'."""
    draft = write(tmp_path / "d.txt", "1. We We\nArticle 1\n")
    edited = write(tmp_path / "e.txt", "1. We We\nArticle 1\n[")
    result = run("propose", "--lenient", "--by", "EU", draft, edited)
    assert result.exit_code == 0
    assert "add paragraph" not in result.stdout
    assert run("check", draft, write(tmp_path / "eu.amend", result.stdout)).exit_code == 0


def test_propose_writes_control_characters_as_spaces(tmp_path):
    draft = write(tmp_path / "d.txt", "1. The Parties shall act now.\n")
    edited = write(tmp_path / "e.txt", "1. The Parties shall\x07 act today.\n")
    result = run("propose", "--by", "EU", draft, edited)
    assert result.exit_code == 0
    assert "\x07" not in result.stdout
    assert "has control characters; the proposal writes them as spaces" in result.stderr
    assert run("check", draft, write(tmp_path / "eu.amend", result.stdout)).exit_code == 0


def _deflated_docx(path: Path) -> bytes:
    from docx_build import WordBuilder

    b = WordBuilder()
    b.p("We decide on a text that is long enough to be compressed, " * 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in b.parts():
            z.writestr(name, data)
    return path.read_bytes()


def _member_offsets(raw: bytes, name: bytes) -> tuple[int, int]:
    """Offsets of ``name``'s local file header and of its central directory entry."""
    local = next(i for i in range(len(raw)) if raw.startswith(b"PK\x03\x04", i)
                 and raw[i + 30 : i + 30 + len(name)] == name)
    central = next(i for i in range(len(raw)) if raw.startswith(b"PK\x01\x02", i)
                   and raw[i + 46 : i + 46 + len(name)] == name)
    return local, central


def test_corrupt_deflate_data_in_a_docx_is_named(tmp_path):
    """A .docx with corrupt deflate data: a traceback (zlib.error)."""
    path = tmp_path / "deflate.docx"
    raw = bytearray(_deflated_docx(path))
    local, _ = _member_offsets(bytes(raw), b"word/document.xml")
    start = local + 30 + len(b"word/document.xml") + int.from_bytes(raw[local + 28 : local + 30], "little")
    for k in range(start + 5, start + 40):
        raw[k] ^= 0x5A
    path.write_bytes(bytes(raw))
    r = run("show", path)
    assert r.exit_code == 1
    assert r.output.startswith(f"{path}: word/document.xml is damaged in the zip archive (")
    assert "Traceback" not in r.output


@pytest.mark.parametrize("field", ["uncompressed", "compressed"])
def test_lying_size_header_in_a_docx_is_named(tmp_path, field):
    """A .docx whose size header lies about a member: a traceback."""
    path = tmp_path / "size.docx"
    raw = bytearray(_deflated_docx(path))
    _, central = _member_offsets(bytes(raw), b"word/document.xml")
    at = central + (24 if field == "uncompressed" else 20)
    raw[at : at + 4] = (int.from_bytes(raw[at : at + 4], "little") // 3).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    r = run("show", path)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert r.output.startswith(f"{path}: ")
