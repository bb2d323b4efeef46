"""Helpers of the portal's tests (imported by the test modules; the fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from amendtool.server.models import Negotiation, SignInLink

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = ROOT / "drafts"
WSIS = DRAFTS / "wsis10_zero_draft.txt"
PASSWORD = "a-long-facilitator-password"


def create_negotiation(fclient: Client, codes: str = "EU European Union\nG77 Group of 77 and China\nJPN Japan",
                       title: str = "WSIS+10 outcome", **extra) -> Negotiation:
    draft = SimpleUploadedFile(WSIS.name, WSIS.read_bytes(), content_type="text/plain")
    response = fclient.post("/f/new", {"title": title, "delegations": codes, "draft": draft, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Negotiation.objects.get(pk=int(response["Location"].split("/")[3]))


def sign_in(negotiation: Negotiation, code: str) -> Client:
    """A browser of delegation (or observer) ``code``, signed in with a fresh link."""
    participant = negotiation.participants.get(code=code)
    _link, token = SignInLink.issue(participant)
    c = Client()
    response = c.post(f"/signin/{token}")
    assert response.status_code == 302, response.content.decode()[:500]
    return c


def sample(code: str) -> str:
    return (DRAFTS / f"{code.lower()}.amend").read_text(encoding="utf-8")
