"""What every participant of a negotiation may read (and facilitators too): the drafts of every
round, published compilations, the diff between any two revisions, the format's help; and the
portal's own static files."""

from __future__ import annotations

from importlib import resources

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from amendtool.render import DIFF_FORMATS
from amendtool.server import actions, bridge
from amendtool.server.models import Publication, Round
from amendtool.server.security import participant_required
from amendtool.server.views.common import CONTENT_TYPES, document_response, negotiation_for

STATIC = {"portal.css": "text/css; charset=utf-8", "live.js": "text/javascript; charset=utf-8"}


@require_GET
def static(request: HttpRequest, name: str) -> HttpResponse:
    if name not in STATIC:
        raise Http404("no such file")
    data = resources.files("amendtool.server").joinpath("static", "portal", name).read_bytes()
    response = HttpResponse(data, content_type=STATIC[name])
    response["Cache-Control"] = "max-age=3600"
    return response


@require_GET
def no_icon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)


@participant_required
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    negotiation = request.participant.negotiation  # type: ignore[attr-defined]
    publications = Publication.objects.filter(round__negotiation=negotiation).select_related("round").order_by("-id")
    return render(request, "portal/p_index.html", {
        "n": negotiation, "publications": publications, "rounds": negotiation.rounds.all()})


@require_GET
def publication(request: HttpRequest, pk: int, pub: int) -> HttpResponse:
    negotiation = negotiation_for(request, pk)
    found = Publication.objects.filter(pk=pub, round__negotiation=negotiation).first()
    if found is None:
        raise Http404("no such publication")
    if request.GET.get("format") == "json":
        return document_response(found.data, "json", f"compilation-{found.pk}.json")
    return document_response(found.html, "html")


def _round(negotiation, number: str | None) -> Round:
    if number is None or not str(number).isdigit():
        raise Http404("no such round")
    found = negotiation.rounds.filter(number=int(number)).first()
    if found is None:
        raise Http404("no such round")
    return found


@require_GET
def draft(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    negotiation = negotiation_for(request, pk)
    round_ = _round(negotiation, str(number))
    ext = round_.draft_name.rsplit(".", 1)[-1].lower()
    response = HttpResponse(bytes(round_.draft), content_type=CONTENT_TYPES.get(ext, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{round_.draft_name}"'
    return response


@require_GET
def concordance(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    negotiation = negotiation_for(request, pk)
    round_ = _round(negotiation, str(number))
    if not round_.concordance:
        raise Http404("no concordance")
    return document_response(round_.concordance, "csv", f"concordance-{round_.label}.csv")


def _comparison(request: HttpRequest, pk: int):
    negotiation = negotiation_for(request, pk)
    rounds = list(negotiation.rounds.all())
    last = rounds[-1].number
    a = _round(negotiation, request.GET.get("a", str(max(last - 1, 0))))
    b = _round(negotiation, request.GET.get("b", str(last)))
    return negotiation, rounds, a, b, bridge.comparison(actions.draft_of(a), actions.draft_of(b))


@require_GET
def diff_page(request: HttpRequest, pk: int) -> HttpResponse:
    negotiation, rounds, a, b, _c = _comparison(request, pk)
    return render(request, "portal/diff.html", {
        "n": negotiation, "rounds": rounds, "a": a, "b": b, "formats": DIFF_FORMATS})


@require_GET
def diff_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in DIFF_FORMATS:
        raise Http404("no such format")
    _n, _rounds, a, b, c = _comparison(request, pk)
    return document_response(bridge.render_comparison(c, fmt), fmt, f"diff-{a.label}-{b.label}.{fmt}")


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help.html", {"standalone": True})
