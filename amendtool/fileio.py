"""Reading inputs and writing outputs: bounded reading with clear errors, decoding, atomic writes.

Reading never trusts what a file claims to be. Regular files are refused above ``MAX_INPUT_BYTES``
by their size and read no further than that limit even if they grow meanwhile; pipes, devices and
standard input (``-``) are read up to the same limit, so an endless source such as ``/dev/zero`` is
refused once the limit is passed instead of filling the memory. A pipe that nothing writes to (a
named FIFO whose writer never comes) is given up after ``IDLE_SECONDS`` of silence instead of
waiting for ever. Text is UTF-8, with or without a byte order mark; UTF-16 and UTF-32 with a byte
order mark (Windows Notepad's "Unicode") are read too.

Writing is atomic: the data goes to an anonymous temporary file in the target's directory
(``O_TMPFILE``, so even ``kill -9`` leaves nothing behind), which is then linked under a temporary
name and renamed over the target with the catchable signals held back, so the target is either
complete or untouched and no temporary file survives any exit path. Where ``O_TMPFILE`` is not
available a named temporary file is used and removed on every exit Python sees.
"""

from __future__ import annotations

import codecs
import errno
import os
import select
import signal
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from amendtool.errors import Diagnostic, InputFileError

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest input read, in bytes (a draft of 3,000 pages is about 10 MB)."""
IDLE_SECONDS = 10.0
"""How long a pipe or device may stay silent before reading it is given up."""
STDIN = "-"
"""The file name that means standard input."""
STDIN_NAME = "<stdin>"
"""How standard input is named in messages."""
_CHUNK = 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
"""Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)."""

_stdin_consumed: list[object] = []
"""The standard input stream once it has been read (it cannot be read twice)."""


def display_name(path: str | os.PathLike[str]) -> str:
    """The name messages give a file: as the user typed it, ``<stdin>`` for ``-``."""
    name = str(path)
    return STDIN_NAME if name == STDIN else name


def _too_large(name: str, size: int | None = None) -> InputFileError:
    limit = f"{MAX_INPUT_BYTES:,}"
    if size is None:
        message = f"input is too large (more than {limit} bytes; an endless device?)"
    else:
        message = f"file is too large ({size:,} bytes; the limit is {limit})"
    return InputFileError(Diagnostic(message, name))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an ``InputFileError`` that says why not. ``-`` reads standard input
    (once: a second ``-`` is refused)."""
    name = str(path)
    if name == STDIN:
        return _read_stdin()
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputFileError(Diagnostic("no such file", name)) from None
    except PermissionError:
        raise InputFileError(Diagnostic("permission denied", name)) from None
    except IsADirectoryError:
        raise InputFileError(Diagnostic("is a directory, not a file", name)) from None
    except OSError as exc:
        raise InputFileError(Diagnostic(f"cannot read file: {exc.strerror or exc}", name)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(Diagnostic("is a directory, not a file", name))
        if stat.S_ISREG(info.st_mode):
            if info.st_size > MAX_INPUT_BYTES:
                raise _too_large(name, info.st_size)
            os.set_blocking(fd, True)
            return _read_blocking(fd, name, info.st_size)
        return _read_stream(fd, name, IDLE_SECONDS)
    except OSError as exc:
        raise InputFileError(Diagnostic(f"cannot read file: {exc.strerror or exc}", name)) from None
    finally:
        os.close(fd)


def _read_stdin() -> bytes:
    if any(s is sys.stdin for s in _stdin_consumed):
        raise InputFileError(Diagnostic("standard input can be read only once", STDIN_NAME,
                                        hint="give at most one file as -"))
    _stdin_consumed[:] = [sys.stdin]
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # no standard input at all (closed, or a text-only stream)
        if sys.stdin is None:
            return b""
        return sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # an in-memory stream (tests)
        data = stream.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(STDIN_NAME) from None
        return bytes(data)
    try:
        return _read_blocking(fd, STDIN_NAME)
    except OSError as exc:
        raise InputFileError(Diagnostic(f"cannot read standard input: {exc.strerror or exc}", STDIN_NAME)) from None


def _read_blocking(fd: int, name: str, size: int = 0) -> bytes:
    """Everything up to end of file, refused past ``MAX_INPUT_BYTES``. ``size``: a regular file's size
    by ``stat``, read in one call (no copies of a growing buffer; a file still growing is read on)."""
    data = bytearray()
    if size:
        first = os.read(fd, size + 1)
        chunk = os.read(fd, _CHUNK)
        if not chunk and len(first) <= MAX_INPUT_BYTES:
            return first
        data += first
        data += chunk
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(name)
    while True:
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(name)


def _read_stream(fd: int, name: str, idle: float) -> bytes:
    """A pipe or device opened without blocking: read as data arrives, up to ``MAX_INPUT_BYTES``,
    giving up after ``idle`` seconds without any."""
    data = bytearray()
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    while True:
        if not poller.poll(int(idle * 1000)):
            hint = "nothing writes to it" if not data else "it stopped sending data"
            raise InputFileError(Diagnostic(f"nothing to read for {idle:g} seconds", name, hint=hint))
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            continue
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large(name)


def _looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for text saved as UTF-16 without a byte order mark (most of its odd or
    even bytes zero), else None."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:  # (UTF-16 has zero bytes)
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str) -> tuple[str, bool]:
    """The text of ``data`` and whether it began with a byte order mark (one mark is removed; a
    second one is text). UTF-8, or UTF-16/UTF-32 with a byte order mark (or UTF-16 recognisably
    without one). Line endings are kept as they are."""
    encoding, bom = "utf-8", False
    for mark, codec, _label in _BOMS:
        if data.startswith(mark):
            encoding, bom, data = codec, True, data[len(mark) :]
            break
    else:
        encoding = _looks_utf16(data) or "utf-8"
    try:
        return data.decode(encoding), bom
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, encoding, name) from None


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str, name: str) -> InputFileError:
    before = data[: exc.start].decode(encoding, errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    if encoding == "utf-8":
        return InputFileError(
            Diagnostic(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                name,
                line,
                column,
                hint="save the file as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))",
            )
        )
    label = encoding.split("-le")[0].split("-be")[0].upper()
    return InputFileError(
        Diagnostic(f"not valid {label}: {exc.reason}", name, line, column, hint="save the file as UTF-8")
    )


def read_text(path: str | os.PathLike[str]) -> tuple[str, bool]:
    return decode_text(read_bytes(path), display_name(path))


# ---------------------------------------------------------------------------------------------------
# Writing


_HELD = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, n))


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or untouched, and no temporary
    file is left behind whatever stops the program (``write_all`` with one file)."""
    write_all([(path, data)])


def write_all(items: Sequence[tuple[str | os.PathLike[str], bytes | str]]) -> None:
    """Write several outputs, all or none: each is written in full beside its target before any
    target is replaced, so a file that cannot be written (a read-only file, a missing or read-only
    folder, a full disk) leaves every target untouched.

    A target that is a symbolic link is written through (the file it points to is replaced, the link
    stays); a read-only target is refused (``PermissionError``), never replaced; a target that is not
    a regular file (``/dev/null``, a named pipe) is written to directly. Errors name the path as
    given."""
    staged: list[_Staged] = []
    try:
        for path, data in items:
            staged.append(_stage(path, data.encode("utf-8") if isinstance(data, str) else data))
        with _signals_held():
            for s in staged:
                if not s.direct:
                    s.commit()
        for s in staged:  # devices and pipes last, and interruptible (a pipe may wait for its reader)
            if s.direct:
                s.commit()
    finally:
        for s in staged:
            s.discard()


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file: the same file, also through symbolic or hard links, or (for
    files that do not exist yet) the same place once links in their folders are followed.
    Standard input (``-``) is no file."""
    if STDIN in (str(a), str(b)):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether an existing regular file forbids writing by its permissions (for everyone, even an
    administrator whom the system would let write)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    return not info.st_mode & 0o222 or not os.access(path, os.W_OK)


class _Staged:
    """One output written in full beside its target, waiting to replace it (``commit``) or to be
    thrown away (``discard``)."""

    def __init__(self, name: str, target: Path, data: bytes):
        self.name = name
        """The path as the user gave it, for messages."""
        self.target = target
        self.directory = target.parent if str(target.parent) else Path(".")
        self.data = data
        self.fd: int | None = None
        """An unnamed file holding the data (Linux ``O_TMPFILE``)."""
        self.tmp: str | None = None
        """Or a named temporary file holding it."""
        self.direct = False
        """The target is a device or pipe: written to directly when committing."""
        self.done = False

    def _error(self, exc: OSError) -> OSError:
        # name the file the user asked for, not our temporary one
        return OSError(exc.errno, exc.strerror, self.name)

    def commit(self) -> None:
        """Replace the target (signals are held back by the caller)."""
        try:
            if self.direct:
                with open(self.target, "wb") as fh:
                    fh.write(self.data)
            elif self.fd is not None:
                self._link_and_replace(self.fd)
            elif self.tmp is not None:
                os.replace(self.tmp, self.target)
                self.tmp = None
        except OSError as exc:
            raise self._error(exc) from None
        self.done = True

    def _link_and_replace(self, fd: int) -> None:
        tmp = _temporary_name(self.target, self.directory)
        dir_fd = os.open(self.directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            # linkat(AT_SYMLINK_FOLLOW) through /proc: what open(2) documents for O_TMPFILE (a
            # directory fd makes Python call linkat rather than link, which would not follow)
            os.link(f"/proc/self/fd/{fd}", os.path.basename(tmp), dst_dir_fd=dir_fd, follow_symlinks=True)
        finally:
            os.close(dir_fd)
        try:
            os.replace(tmp, self.target)
        except BaseException:
            _unlink(tmp)
            raise

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.tmp is not None:
            _unlink(self.tmp)
            self.tmp = None


def _stage(path: str | os.PathLike[str], data: bytes) -> _Staged:
    name = str(path)
    target = Path(path)
    if target.is_symlink():  # write through the link: the file it points to is the output
        target = Path(os.path.realpath(target))
    staged = _Staged(name, target, data)
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", name)
    if info is not None and not stat.S_ISREG(info.st_mode):
        staged.direct = True
        return staged
    if is_read_only(target):
        raise PermissionError(errno.EACCES, "the file is read-only", name)
    mode = _mode_for(target)
    try:
        fd = _anonymous(staged.directory, mode)
        if fd is None:
            staged.tmp = _write_named(target, staged.directory, data, mode)
        else:
            staged.fd = fd
            _fill(fd, data, mode)
    except OSError as exc:
        staged.discard()
        raise staged._error(exc) from None
    return staged


def _anonymous(directory: Path, mode: int) -> int | None:
    """An unnamed file in ``directory`` (Linux ``O_TMPFILE``), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(directory, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None  # the file system has no unnamed files
        raise


def _fill(fd: int, data: bytes, mode: int) -> None:
    with os.fdopen(os.dup(fd), "wb") as fh:  # a duplicate: ``fd`` stays open to link the file later
        fh.write(data)
        fh.flush()
    os.fchmod(fd, mode)


def _write_named(target: Path, directory: Path, data: bytes, mode: int) -> str:
    """A named temporary file beside the target holding ``data`` (removed on every exit Python sees)."""
    import tempfile  # (only here, where the system has no unnamed files: 3 ms of every command's start)

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _temporary_name(target: Path, directory: Path) -> str:
    return str(directory / f".{target.name}.{os.urandom(6).hex()}.tmp")


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class _signals_held:
    """Hold back SIGINT, SIGTERM, SIGHUP and SIGQUIT for a few system calls (delivered after)."""

    def __enter__(self) -> None:
        self.previous: set[int | signal.Signals] | None = None
        if hasattr(signal, "pthread_sigmask"):
            self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)


def _mode_for(target: Path) -> int:
    """The permissions a new file would get (umask applied), or those of the file being replaced."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
