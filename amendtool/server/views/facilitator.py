"""The facilitator's pages: negotiations, delegations and their links, the live compilation,
decisions, the preview of the next revision, publishing, the log and the export."""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from amendtool.errors import AmendtoolError
from amendtool.render import COMPILATION_FORMATS
from amendtool.server import actions, bridge
from amendtool.server.export import export_zip
from amendtool.server.models import AmendmentVersion, LogEntry, Negotiation, Participant, Publication, Round, SignInLink
from amendtool.server.security import actor, facilitator_required
from amendtool.server.views.common import (
    MAX_DRAFT_BYTES,
    BadUpload,
    document_response,
    parse_deadline,
    read_upload,
)

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]{0,39}\Z")


def _user(request: HttpRequest) -> User:
    """The signed-in facilitator (the views' guard let only them in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("facilitators only")
    return user


def _negotiation(pk: int) -> Negotiation:
    negotiation = Negotiation.objects.filter(pk=pk).first()
    if negotiation is None:
        raise Http404("no such negotiation")
    return negotiation


@facilitator_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/f_index.html", {"negotiations": Negotiation.objects.order_by("-id")})


def parse_participants(text: str) -> list[tuple[str, str]]:
    """``CODE name`` per line (``EU European Union and its member States``); ValueError names a bad line."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        code, _, name = line.partition(" ")
        code = code.strip().rstrip(":,")
        if not CODE.match(code):
            raise ValueError(f'line {number}: "{code}" is not a delegation code (letters and digits, e.g. EU, G77)')
        if code.upper() in seen:
            raise ValueError(f"line {number}: {code} is listed twice")
        seen.add(code.upper())
        out.append((code, name.strip()))
    return out


@facilitator_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        title = request.POST.get("title", "").strip()
        if not title:
            errors.append("Give the negotiation a title.")
        try:
            delegations = parse_participants(request.POST.get("delegations", ""))
            if not delegations:
                errors.append("List at least one delegation.")
        except ValueError as exc:
            errors.append(f"Delegations, {exc}.")
        try:
            deadline = parse_deadline(request.POST.get("deadline", ""))
        except ValueError:
            errors.append("The deadline is not a date and time.")
        try:
            name, data = read_upload(request.FILES.get("draft"), bridge.DRAFT_TYPES, MAX_DRAFT_BYTES)
            actions.parse_or_refuse(data, name)
        except (BadUpload, actions.Refused) as exc:
            errors.append(f"Draft: {exc}")
        if not errors:
            with transaction.atomic():
                negotiation = Negotiation.objects.create(
                    title=title, anonymous=bool(request.POST.get("anonymous")), created_by=_user(request))
                Round.objects.create(negotiation=negotiation, number=0, label="Zero draft", draft_name=name,
                                     draft=data, deadline=deadline)
                for code, full in delegations:
                    Participant.objects.create(negotiation=negotiation, code=code, name=full)
                actions.log(negotiation, actor(request), "create negotiation",
                            f"{title}; draft {name}; delegations {', '.join(c for c, _ in delegations)}; "
                            f"deadline {deadline.isoformat() if deadline else 'none'}; "
                            f"{'anonymous' if negotiation.anonymous else 'attributed'}")
            return redirect(f"/f/n/{negotiation.pk}/")
    return render(request, "portal/f_new.html", {"errors": errors, "form": form}, status=400 if errors else 200)


def _status(negotiation: Negotiation, round_: Round) -> list[dict]:
    subs = {s.participant_id: s for s in actions.submitted(round_)}
    versions: dict[int, int] = {}
    for v in AmendmentVersion.objects.filter(round=round_).values("participant_id", "number"):
        versions[v["participant_id"]] = max(versions.get(v["participant_id"], 0), v["number"])
    rows = []
    for p in negotiation.participants.all():
        links = list(p.links.all())
        rows.append({
            "p": p,
            "versions": versions.get(p.pk, 0),
            "submission": subs.get(p.pk),
            "links_open": sum(1 for link in links if link.usable),
            "links_used": sum(1 for link in links if link.used_at and not link.revoked_at),
        })
    return rows


@facilitator_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    return render(request, "portal/f_negotiation.html", {
        "n": negotiation, "round": round_, "rows": _status(negotiation, round_),
        "rounds": negotiation.rounds.all(), "new_link": None,
    })


@facilitator_required
@require_POST
def add_participant(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    kind = request.POST.get("kind", Participant.DELEGATION)
    code = request.POST.get("code", "").strip()
    if kind not in (Participant.DELEGATION, Participant.OBSERVER) or not CODE.match(code):
        return render(request, "portal/message.html", {
            "title": "Not added", "message": f'"{code}" is not a code (letters and digits, e.g. EU, G77).',
            "back": f"/f/n/{pk}/"}, status=400)
    if negotiation.participants.filter(code__iexact=code).exists():
        return render(request, "portal/message.html", {
            "title": "Not added", "message": f"{code} is already in this negotiation.", "back": f"/f/n/{pk}/"},
            status=400)
    Participant.objects.create(negotiation=negotiation, kind=kind, code=code, name=request.POST.get("name", "").strip())
    actions.log(negotiation, actor(request), f"add {kind}", code)
    return redirect(f"/f/n/{pk}/")


def _participant(negotiation: Negotiation, pid: int) -> Participant:
    participant = negotiation.participants.filter(pk=pid).first()
    if participant is None:
        raise Http404("no such participant")
    return participant


@facilitator_required
@require_POST
def issue_link(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    participant = _participant(negotiation, pid)
    link, token = SignInLink.issue(participant)
    actions.log(negotiation, actor(request), "issue link", f"{participant.code} (link {link.pk})")
    url = request.build_absolute_uri(reverse("link", args=[token]))
    round_ = negotiation.current_round
    return render(request, "portal/f_negotiation.html", {
        "n": negotiation, "round": round_, "rows": _status(negotiation, round_), "rounds": negotiation.rounds.all(),
        "new_link": {"participant": participant, "url": url, "expires": link.expires_at},
    })


@facilitator_required
@require_POST
def revoke_links(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """Every link of the participant stops working, and so do the sessions they started."""
    negotiation = _negotiation(pk)
    participant = _participant(negotiation, pid)
    count = SignInLink.objects.filter(participant=participant, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    actions.log(negotiation, actor(request), "revoke links", f"{participant.code}: {count}")
    return redirect(f"/f/n/{pk}/")


@facilitator_required
@require_POST
def set_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    try:
        deadline = parse_deadline(request.POST.get("deadline", ""))
    except ValueError:
        return render(request, "portal/message.html", {
            "title": "Deadline", "message": "That is not a date and time.", "back": f"/f/n/{pk}/"}, status=400)
    Round.objects.filter(pk=round_.pk).update(deadline=deadline)
    when = deadline.isoformat() if deadline else "none"
    actions.log(negotiation, actor(request), "set deadline", f"{round_.label}: {when}")
    return redirect(f"/f/n/{pk}/")


class Filters:
    """The compilation's filters, as the CLI has them: --only CODES, --anonymous, changed paragraphs only."""

    def __init__(self, request: HttpRequest, negotiation: Negotiation):
        self.only = [c for c in request.GET.getlist("only") if c]
        self.anonymous = negotiation.anonymous or request.GET.get("anonymous") == "1"
        self.changed = request.GET.get("changed") == "1"
        parts = [("only", c) for c in self.only]
        if self.anonymous and not negotiation.anonymous:
            parts.append(("anonymous", "1"))
        if self.changed:
            parts.append(("changed", "1"))
        self.query = urlencode(parts)


def _compiled(request: HttpRequest, negotiation: Negotiation, round_: Round):
    f = Filters(request, negotiation)
    rc = actions.compile_round(round_, anonymous=f.anonymous, only=f.only or None, changed_only=f.changed)
    return f, rc, rc.compiled.compilation


def _round(negotiation: Negotiation, request: HttpRequest) -> Round:
    number = request.GET.get("round")
    if number is None or not number.isdigit():
        return negotiation.current_round
    found = negotiation.rounds.filter(number=int(number)).first()
    if found is None:
        raise Http404("no such round")
    return found


@facilitator_required
@require_GET
def compilation_page(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = _round(negotiation, request)
    f, rc, compilation = _compiled(request, negotiation, round_)
    accepted = actions.accepted_ids(round_, rc)
    files = []
    for file in rc.compiled.files:
        lines = file.source.split("\n")
        ops = [{"id": op.id, "line": lines[op.source.line - 1].strip() if 0 < op.source.line <= len(lines) else "",
                "accepted": op.id in accepted} for op in file.operations]
        sub = next(s for s in rc.submissions if s.participant.code == file.by)
        files.append({"by": file.by, "ops": ops, "submission": sub})
    codes = [s.participant.code for s in rc.submissions]
    return render(request, "portal/f_compilation.html", {
        "n": negotiation, "round": round_, "filters": f, "codes": codes, "files": files,
        "left_out": rc.compiled.left_out, "formats": COMPILATION_FORMATS, "stamp": _stamp(round_),
        "operations": sum(len(x["ops"]) for x in files), "current": round_ == negotiation.current_round,
    })


@facilitator_required
@require_GET
def compilation_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    negotiation = _negotiation(pk)
    if fmt not in COMPILATION_FORMATS:
        raise Http404("no such format")
    round_ = _round(negotiation, request)
    _f, _rc, compilation = _compiled(request, negotiation, round_)
    data = bridge.render(compilation, fmt)
    stem = round_.draft_name.rsplit(".", 1)[0]
    return document_response(data, fmt, f"{stem}-compilation.{fmt}")


def _stamp(round_: Round) -> str:
    ids = ",".join(str(s.pk) for s in round_.submissions.order_by("id").only("id"))
    return hashlib.sha256(f"{round_.pk}:{ids}".encode()).hexdigest()[:16]


@facilitator_required
@require_GET
def stamp(request: HttpRequest, pk: int) -> HttpResponse:
    """What the live script polls: changes whenever a file is submitted or withdrawn."""
    negotiation = _negotiation(pk)
    return JsonResponse({"stamp": _stamp(_round(negotiation, request))})


@facilitator_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    rc = actions.compile_round(round_)
    actions.decide(round_, rc, set(request.POST.getlist("accept")), request.user, actor(request))
    if request.POST.get("then") == "preview":
        return redirect(f"/f/n/{pk}/preview")
    return redirect(f"/f/n/{pk}/compilation")


@facilitator_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    rc = actions.compile_round(round_)
    try:
        result = actions.preview(round_, rc)
    except AmendtoolError as exc:
        return render(request, "portal/f_preview.html", {
            "n": negotiation, "round": round_, "problems": exc.diagnostics}, status=409)
    fmt = request.GET.get("download")
    if fmt == "txt":
        return document_response(result.encoded(), "txt", actions.revision_name(round_, round_.number + 1))
    if fmt == "csv":
        return document_response(bridge.concordance_csv(result), "csv", "concordance.csv")
    return render(request, "portal/f_preview.html", {
        "n": negotiation, "round": round_, "result": result, "next_label": f"Rev.{round_.number + 1}",
        "deadline": round_.deadline,
    })


@facilitator_required
@require_POST
def publish_revision(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    try:
        deadline = parse_deadline(request.POST.get("deadline", ""))
        new_round = actions.publish_revision(round_, actions.compile_round(round_), deadline, actor(request))
    except ValueError:
        return render(request, "portal/message.html", {
            "title": "Not published", "message": "The deadline is not a date and time.", "back": f"/f/n/{pk}/preview"},
            status=400)
    except actions.Refused as exc:
        return render(request, "portal/message.html", {
            "title": "Not published", "message": str(exc), "back": f"/f/n/{pk}/preview"}, status=409)
    return redirect(f"/n/{pk}/diff?a={new_round.number - 1}&b={new_round.number}")


@facilitator_required
@require_POST
def publish_compilation(request: HttpRequest, pk: int) -> HttpResponse:
    """The compilation as it stands (attributed unless the negotiation is anonymous) for every
    participant to read."""
    negotiation = _negotiation(pk)
    round_ = negotiation.current_round
    rc = actions.compile_round(round_, anonymous=negotiation.anonymous)
    c = rc.compiled.compilation
    publication = Publication.objects.create(
        round=round_, by=_user(request), html=bridge.render(c, "html").decode("utf-8"),
        data=bridge.render(c, "json").decode("utf-8"), files=[s.version_id for s in rc.submissions])
    actions.log(negotiation, actor(request), "publish compilation",
                f"{round_.label} #{publication.pk}: " + ", ".join(
                    f"{s.participant.code} v{s.version.number}" for s in rc.submissions))  # type: ignore[union-attr]
    return redirect(f"/f/n/{pk}/compilation")


@facilitator_required
@require_GET
def log_page(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    entries = LogEntry.objects.filter(negotiation=negotiation).order_by("id")
    if request.GET.get("format") == "json":
        data = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "detail": e.detail} for e in entries]
        return document_response(json.dumps(data, indent=1, ensure_ascii=False), "json", "log.json")
    return render(request, "portal/f_log.html", {"n": negotiation, "entries": entries})


@facilitator_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation = _negotiation(pk)
    data = export_zip(negotiation)
    actions.log(negotiation, actor(request), "export", f"{len(data):,} bytes")
    return document_response(data, "zip", f"negotiation-{negotiation.pk}.zip")
