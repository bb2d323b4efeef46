"""Helpers the views share: finding a negotiation the asker may see, reading uploads within bounds,
responses for library-rendered documents and downloads."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from amendtool.server.models import Negotiation
from amendtool.server.security import DOCUMENT_CSP

MAX_AMENDMENT_BYTES = 1024 * 1024
MAX_DRAFT_BYTES = 20 * 1024 * 1024
AMENDMENT_TYPES = (".amend", ".txt")
DRAFT_TYPES = (".txt", ".md", ".docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "amend": "text/plain; charset=utf-8",
}


class BadUpload(Exception):
    """An upload refused (too large, wrong type, not UTF-8); the message says why."""


def read_upload(upload: UploadedFile | None, types: tuple[str, ...], limit: int) -> tuple[str, bytes]:
    """The name and bytes of an uploaded file, refused when missing, of another type or too large."""
    if upload is None:
        raise BadUpload("choose a file first")
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    if not name.lower().endswith(types):
        raise BadUpload(f"{name or 'the file'}: only {', '.join(types)} files are accepted here")
    if upload.size is not None and upload.size > limit:
        raise BadUpload(f"{name}: the file is too large ({upload.size:,} bytes; the limit is {limit:,})")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise BadUpload(f"{name}: the file is too large (the limit is {limit:,} bytes)")
    if name.lower().endswith(".docx") and not data.startswith(b"PK"):
        raise BadUpload(f"{name}: not a Word .docx file")
    return name, data


def decode_upload(name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadUpload(f"{name}: not UTF-8 text (save it as UTF-8)") from None
    if "\x00" in text:
        raise BadUpload(f"{name}: looks like a binary file, not text")
    return text


def negotiation_for(request: HttpRequest, pk: int) -> Negotiation:
    """The negotiation if the asker may read it: any facilitator, or a participant of it."""
    negotiation = Negotiation.objects.filter(pk=pk).first()
    if negotiation is None:
        raise Http404("no such negotiation")
    user = request.user
    if user.is_authenticated and user.is_staff:
        return negotiation
    participant = getattr(request, "participant", None)
    if participant is not None and participant.negotiation_id == negotiation.pk:
        return negotiation
    raise Http404("no such negotiation")


def document_response(data: bytes | str, fmt: str, filename: str | None = None) -> HttpResponse:
    """A library-rendered file: HTML shown under a CSP that allows no script at all; other formats
    as downloads."""
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"))
    response["Content-Security-Policy"] = DOCUMENT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    if filename and fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{_safe(filename)}"'
    return response


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-+" else "_" for c in name)


def parse_deadline(value: str) -> datetime | None:
    """A deadline from a datetime-local field (UTC), or None when empty; ValueError when malformed."""
    value = (value or "").strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
