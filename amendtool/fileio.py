"""Reading inputs and writing outputs: decoding with clear errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from amendtool.errors import Diagnostic, InputFileError

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes, or an ``InputFileError`` that says why not."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputFileError(Diagnostic("is a directory, not a file", name))
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputFileError(Diagnostic(f"file is too large ({size:,} bytes; the limit is {MAX_INPUT_BYTES:,})", name))
        return p.read_bytes()
    except FileNotFoundError:
        raise InputFileError(Diagnostic("no such file", name)) from None
    except PermissionError:
        raise InputFileError(Diagnostic("permission denied", name)) from None
    except OSError as exc:
        raise InputFileError(Diagnostic(f"cannot read file: {exc.strerror or exc}", name)) from None


def decode_text(data: bytes, name: str) -> tuple[str, bool]:
    """UTF-8 text (BOM stripped) and whether there was a BOM. Line endings are kept as they are."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col_bytes = before[before.rfind(b"\n") + 1 :]
        column = len(col_bytes.decode("utf-8", errors="replace")) + 1
        raise InputFileError(
            Diagnostic(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                name,
                line,
                column,
                hint="save the file as UTF-8 (in Word: Save As, Plain Text, Unicode (UTF-8))",
            )
        ) from None


def read_text(path: str | os.PathLike) -> tuple[str, bool]:
    return decode_text(read_bytes(path), str(path))


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or untouched."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            # name the file the user asked for, not our temporary one
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def _mode_for(target: Path) -> int:
    """The permissions a new file would get (umask applied), or those of the file being replaced."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
