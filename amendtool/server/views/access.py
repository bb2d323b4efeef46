"""Signing in and out: facilitators with a password, delegations and observers with a link."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from amendtool.server.actions import log
from amendtool.server.models import SignInLink
from amendtool.server.security import PASSWORD, SESSION_LINK, SESSION_PARTICIPANT, SIGN_IN


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_staff:
        return redirect("/f/")
    participant = getattr(request, "participant", None)
    if participant is not None:
        return redirect("/d/" if participant.is_delegation else "/p/")
    return redirect("/login")


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "portal/message.html", {
        "title": "Too many attempts",
        "message": "Too many failed sign-in attempts from your address. Wait ten minutes and try again.",
    }, status=429)
    response["Retry-After"] = "600"
    return response


@require_http_methods(["GET", "POST"])
def password_login(request: HttpRequest) -> HttpResponse:
    error = ""
    next_url = request.POST.get("next") or request.GET.get("next") or "/f/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/f/"
    if request.method == "POST":
        if PASSWORD.blocked(request):
            return too_many(request)
        user = authenticate(
            request, username=request.POST.get("username", ""), password=request.POST.get("password", ""))
        if user is not None and user.is_staff:
            request.session.flush()
            login(request, user)
            log(None, f"facilitator {user.get_username()}", "sign in")
            return redirect(next_url)
        PASSWORD.failed(request)
        error = "Unknown name or wrong password."
    return render(request, "portal/login.html", {"error": error, "next": next_url})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the session, delegation and facilitator alike
    return redirect("/login")


@require_http_methods(["GET", "POST"])
def link_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows whom the link signs in (a link preview consumes nothing); POST uses it up."""
    if SIGN_IN.blocked(request):
        return too_many(request)
    link = SignInLink.objects.select_related("participant__negotiation").filter(
        token_hash=SignInLink.hash(token)).first()
    if link is None or not link.usable:
        SIGN_IN.failed(request)
        reason = "This sign-in link is not valid."
        if link is not None and link.used_at is not None:
            reason = "This sign-in link has been used already. Ask the facilitator for a new one."
        elif link is not None and link.revoked_at is not None:
            reason = "This sign-in link has been revoked. Ask the facilitator for a new one."
        elif link is not None:
            reason = "This sign-in link has expired. Ask the facilitator for a new one."
        return render(request, "portal/message.html", {"title": "Sign-in link", "message": reason}, status=403)
    participant = link.participant
    if request.method == "GET":
        return render(request, "portal/link.html", {"who": participant, "negotiation": participant.negotiation})
    updated = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not updated:  # used by a concurrent request
        return render(request, "portal/message.html",
                      {"title": "Sign-in link", "message": "This sign-in link has been used already."}, status=403)
    logout(request)
    request.session.cycle_key()
    request.session[SESSION_PARTICIPANT] = participant.pk
    request.session[SESSION_LINK] = link.pk
    log(participant.negotiation, f"{participant.kind} {participant.code}", "sign in", f"link {link.pk}")
    return redirect("/d/" if participant.is_delegation else "/p/")
