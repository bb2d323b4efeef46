"""Who is asking, and the protections every response gets.

- ``ParticipantMiddleware``: a delegation or observer is signed in by a session that a sign-in link
  started; the session names the link, and a revoked link ends it on the next request.
- ``SecurityHeadersMiddleware``: a Content-Security-Policy without inline scripts on every page
  (compilations and diffs rendered by the library get a stricter one: no scripts at all, sandboxed).
- ``Throttle``: failed sign-in attempts per client address, counted in the cache.
- ``facilitator_required`` / ``delegation_required`` / ``participant_required``: the views' guards.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect

from amendtool.server.models import Participant, SignInLink

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
"""Every page: scripts and styles only from the portal's own files, never inline."""

DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"
"""Library-rendered documents (compilation, diff), which carry their own <style>: no scripts at all."""

SESSION_PARTICIPANT = "participant"
SESSION_LINK = "link"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = PAGE_CSP
        response.setdefault("Cache-Control", "no-store")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class ParticipantMiddleware:
    """Sets ``request.participant`` (a delegation or observer signed in by link) or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.participant = participant_of(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def participant_of(request: HttpRequest) -> Participant | None:
    pid = request.session.get(SESSION_PARTICIPANT)
    link_id = request.session.get(SESSION_LINK)
    if pid is None or link_id is None:
        return None
    link = SignInLink.objects.select_related("participant__negotiation").filter(pk=link_id, participant_id=pid).first()
    if link is None or link.revoked_at is not None:
        request.session.flush()
        return None
    return link.participant


def who(request: HttpRequest) -> dict[str, Any]:
    """Template context: the signed-in participant and whether the user is a facilitator."""
    user = getattr(request, "user", None)
    return {
        "participant": getattr(request, "participant", None),
        "is_facilitator": bool(user is not None and user.is_authenticated and user.is_staff),
    }


def actor(request: HttpRequest) -> str:
    """How the log names whoever is asking."""
    participant = getattr(request, "participant", None)
    if participant is not None:
        return f"{participant.kind} {participant.code}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"facilitator {user.get_username()}"
    return "anonymous"


def facilitator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"/login?next={request.path}")
        if not user.is_staff:
            return HttpResponseForbidden("facilitators only")
        return view(request, *args, **kwargs)

    return wrapped


def participant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "participant", None) is None:
            return redirect("/login")
        return view(request, *args, **kwargs)

    return wrapped


def delegation_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        participant = getattr(request, "participant", None)
        if participant is None:
            return redirect("/login")
        if not participant.is_delegation:
            return HttpResponseForbidden("delegations only")
        return view(request, *args, **kwargs)

    return wrapped


class Throttle:
    """At most ``limit`` failed attempts per client address within ``window`` seconds."""

    def __init__(self, name: str, limit: int = 10, window: int = 600):
        self.name, self.limit, self.window = name, limit, window

    def _key(self, request: HttpRequest) -> str:
        return f"throttle:{self.name}:{request.META.get('REMOTE_ADDR', '?')}"

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) >= self.limit

    def failed(self, request: HttpRequest) -> None:
        key = self._key(request)
        if cache.add(key, 1, self.window):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, self.window)


SIGN_IN = Throttle("signin")
PASSWORD = Throttle("password")
