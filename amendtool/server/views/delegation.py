"""A delegation's page: write or upload its amendment file, or upload an edited copy of the draft and
review the operations ``propose`` writes; every save is a new version, checked at once; submit an
error-free version, withdraw it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from amendtool.errors import AmendtoolError
from amendtool.server import actions, bridge
from amendtool.server.models import AmendmentVersion, Participant, Round
from amendtool.server.security import actor, delegation_required
from amendtool.server.views.common import (
    AMENDMENT_TYPES,
    DRAFT_TYPES,
    MAX_AMENDMENT_BYTES,
    MAX_DRAFT_BYTES,
    BadUpload,
    decode_upload,
    document_response,
    read_upload,
)


def starter(participant: Participant, round_: Round) -> str:
    """What the editor holds before the first save."""
    stem = round_.draft_name.rsplit(".", 1)[0]
    lines = [f"by: {participant.code}"]
    if participant.name:
        lines.append(f"name: {participant.name}")
    lines += [f"draft: {stem}", "", "# one operation per line, e.g.", '# 12: replace "old words" with "new words"', ""]
    return "\n".join(lines)


def _lines(version: AmendmentVersion) -> list[dict]:
    """The version's lines, each with the diagnostics about it (file-level ones on line 0 first)."""
    by_line: dict[int, list[dict]] = {}
    for d in version.diagnostics:
        by_line.setdefault(d["line"], []).append(d)
    rows: list[dict] = [{"number": 0, "text": None, "diagnostics": by_line.get(0, [])}] if by_line.get(0) else []
    for number, text in enumerate(version.text.split("\n"), 1):
        rows.append({"number": number, "text": text, "diagnostics": by_line.get(number, [])})
    return rows


def _page(request: HttpRequest, version: AmendmentVersion | None = None, *, problem: str = "",
          proposed: bool = False, status: int = 200, text: str | None = None) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    round_ = participant.negotiation.current_round
    versions = list(AmendmentVersion.objects.filter(round=round_, participant=participant).order_by("-number"))
    latest = versions[0] if versions else None
    shown = version or latest
    current = actions.current_submission(round_, participant)
    return render(request, "portal/d_home.html", {
        "round": round_, "n": participant.negotiation, "versions": versions, "shown": shown,
        "lines": _lines(shown) if shown else [], "current": current,
        "text": text if text is not None else (shown.text if shown else starter(participant, round_)),
        "problem": problem, "proposed": proposed, "rounds": participant.negotiation.rounds.all(),
        "late": bool(round_.deadline and timezone.now() > round_.deadline),
    }, status=status)


@delegation_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _page(request)


@delegation_required
@require_GET
def version(request: HttpRequest, number: int, download: bool = False) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    round_ = participant.negotiation.current_round
    found = AmendmentVersion.objects.filter(round=round_, participant=participant, number=number).first()
    if found is None:
        raise Http404("no such version")
    if download:
        return document_response(found.text, "amend", f"{participant.code}-v{found.number}.amend")
    return _page(request, found)


@delegation_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    text = request.POST.get("text", "")
    if len(text.encode("utf-8")) > MAX_AMENDMENT_BYTES:
        return _page(request, problem=f"The file is too large (the limit is {MAX_AMENDMENT_BYTES:,} bytes).",
                     status=413, text="")
    v = actions.save_version(participant.negotiation.current_round, participant, text, AmendmentVersion.EDITOR, "",
                             actor(request))
    return redirect(f"/d/v/{v.number}")


@delegation_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    try:
        name, data = read_upload(request.FILES.get("file"), AMENDMENT_TYPES, MAX_AMENDMENT_BYTES)
        text = decode_upload(name, data)
    except BadUpload as exc:
        return _page(request, problem=str(exc), status=400)
    v = actions.save_version(participant.negotiation.current_round, participant, text, AmendmentVersion.UPLOAD, name,
                             actor(request))
    return redirect(f"/d/v/{v.number}")


@delegation_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    """An edited copy of the draft (.txt/.md, or .docx with tracked changes) turned into operations."""
    participant = request.participant  # type: ignore[attr-defined]
    round_ = participant.negotiation.current_round
    try:
        name, data = read_upload(request.FILES.get("file"), DRAFT_TYPES, MAX_DRAFT_BYTES)
        result = bridge.propose_from(actions.draft_of(round_), data, name, participant.code)
    except BadUpload as exc:
        return _page(request, problem=str(exc), status=400)
    except AmendtoolError as exc:
        return _page(request, problem="\n".join(d.format() for d in exc.diagnostics), status=400)
    v = actions.save_version(round_, participant, result.text, AmendmentVersion.PROPOSE, name, actor(request))
    return redirect(f"/d/v/{v.number}?proposed=1")


@delegation_required
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    round_ = participant.negotiation.current_round
    number = request.POST.get("version", "")
    found = AmendmentVersion.objects.filter(
        round=round_, participant=participant, number=int(number) if number.isdigit() else -1).first()
    if found is None:
        return _page(request, problem="Choose one of your versions to submit.", status=400)
    try:
        actions.submit(round_, participant, found, actor(request))
    except actions.Refused as exc:
        return _page(request, found, problem=str(exc), status=409)
    return redirect(f"/d/v/{found.number}")


@delegation_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    participant = request.participant  # type: ignore[attr-defined]
    try:
        actions.withdraw(participant.negotiation.current_round, participant, actor(request))
    except actions.Refused as exc:
        return _page(request, problem=str(exc), status=409)
    return redirect("/d/")
