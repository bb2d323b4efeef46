"""Security of the portal: who may open which view (every view, every role), CSRF, escaping, the
Content-Security-Policy, bounded uploads, rate-limited sign-in, session expiry, revocation, and
``serve`` refusing a non-loopback address."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from amendtool.cli import cli
from amendtool.server import urls
from amendtool.server.models import AmendmentVersion, Participant, Publication, SignInLink, Submission
from portal.helpers import PASSWORD, create_negotiation, sample, sign_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "facilitator", "staffless", "EU", "G77", "observer", "outsider")
"""Who asks: nobody signed in; a facilitator; an account that is not a facilitator; delegation EU (whose
work is at stake); delegation G77 (another delegation); an observer; a delegation of another negotiation."""

OK, LOGIN, DENIED, MISSING = "ok", "login", "denied", "missing"

# Every view: (method, path template, expected result per role). {n} is the negotiation, {p} EU's
# participant id, {pub} a publication. The test fails if a view of urls.py is missing here.
F = {"anonymous": LOGIN, "facilitator": OK, "staffless": DENIED, "EU": LOGIN, "G77": LOGIN, "observer": LOGIN,
     "outsider": LOGIN}
D = {"anonymous": LOGIN, "facilitator": LOGIN, "staffless": LOGIN, "EU": OK, "G77": OK, "observer": DENIED,
     "outsider": OK}
P = {"anonymous": LOGIN, "facilitator": LOGIN, "staffless": LOGIN, "EU": OK, "G77": OK, "observer": OK,
     "outsider": OK}
N = {"anonymous": MISSING, "facilitator": OK, "staffless": MISSING, "EU": OK, "G77": OK, "observer": OK,
     "outsider": MISSING}
OPEN = dict.fromkeys(ROLES, OK)

VIEWS = [
    ("GET", "", "", {**dict.fromkeys(ROLES, "redirect"), "anonymous": LOGIN, "staffless": LOGIN}),
    ("GET", "login", "login", OPEN),
    ("POST", "logout", "logout", dict.fromkeys(ROLES, LOGIN)),
    ("GET", "signin/<str:token>", "signin/not-a-token", dict.fromkeys(ROLES, "forbidden")),
    ("GET", "static/<str:name>", "static/portal.css", OPEN),
    ("GET", "favicon.ico", "favicon.ico", dict.fromkeys(ROLES, "empty")),
    ("GET", "help", "help", OPEN),
    ("GET", "f/", "f/", F),
    ("GET", "f/new", "f/new", F),
    ("GET", "f/n/<int:pk>/", "f/n/{n}/", F),
    ("POST", "f/n/<int:pk>/participants", "f/n/{n}/participants", {**F, "facilitator": "bad"}),
    ("POST", "f/n/<int:pk>/p/<int:pid>/link", "f/n/{n}/p/{p}/link", F),
    ("POST", "f/n/<int:pk>/p/<int:pid>/revoke", "f/n/{n}/p/{p}/revoke", {**F, "facilitator": "redirect"}),
    ("POST", "f/n/<int:pk>/deadline", "f/n/{n}/deadline", {**F, "facilitator": "redirect"}),
    ("GET", "f/n/<int:pk>/compilation", "f/n/{n}/compilation", F),
    ("GET", "f/n/<int:pk>/compilation.<str:fmt>", "f/n/{n}/compilation.html", F),
    ("GET", "f/n/<int:pk>/stamp", "f/n/{n}/stamp", F),
    ("POST", "f/n/<int:pk>/decide", "f/n/{n}/decide", {**F, "facilitator": "redirect"}),
    ("GET", "f/n/<int:pk>/preview", "f/n/{n}/preview", F),
    ("POST", "f/n/<int:pk>/publish", "f/n/{n}/publish", {**F, "facilitator": "redirect"}),
    ("POST", "f/n/<int:pk>/publish-compilation", "f/n/{n}/publish-compilation", {**F, "facilitator": "redirect"}),
    ("GET", "f/n/<int:pk>/log", "f/n/{n}/log", F),
    ("GET", "f/n/<int:pk>/export.zip", "f/n/{n}/export.zip", F),
    ("GET", "d/", "d/", D),
    ("GET", "d/v/<int:number>", "d/v/1", {**D, "G77": MISSING, "outsider": MISSING}),
    ("GET", "d/v/<int:number>.amend", "d/v/1.amend", {**D, "G77": MISSING, "outsider": MISSING}),
    ("POST", "d/save", "d/save", {**D, "EU": "redirect", "G77": "redirect", "outsider": "redirect"}),
    ("POST", "d/upload", "d/upload", {**D, "EU": "bad", "G77": "bad", "outsider": "bad"}),
    ("POST", "d/propose", "d/propose", {**D, "EU": "bad", "G77": "bad", "outsider": "bad"}),
    ("POST", "d/submit", "d/submit", {**D, "EU": "bad", "G77": "bad", "outsider": "bad"}),
    ("POST", "d/withdraw", "d/withdraw", {**D, "EU": "redirect", "G77": "conflict", "outsider": "conflict"}),
    ("GET", "p/", "p/", P),
    ("GET", "n/<int:pk>/publication/<int:pub>", "n/{n}/publication/{pub}", N),
    ("GET", "n/<int:pk>/draft/<int:number>", "n/{n}/draft/0", N),
    ("GET", "n/<int:pk>/concordance/<int:number>", "n/{n}/concordance/0", {**N, **{
        r: MISSING for r in ROLES}}),  # round 0 has no concordance: 404 for everyone, not a leak
    ("GET", "n/<int:pk>/diff", "n/{n}/diff?a=0&b=0", N),
    ("GET", "n/<int:pk>/diff.<str:fmt>", "n/{n}/diff.txt?a=0&b=0", N),
]


def test_every_view_is_in_the_table():
    patterns = {str(p.pattern) for p in urls.urlpatterns if isinstance(p, URLPattern)}
    assert patterns == {v[1] for v in VIEWS}


@pytest.fixture
def world(fclient, django_user_model):
    """A negotiation where EU has a submitted version and a compilation is published, and everyone of
    ROLES with a browser."""
    negotiation = create_negotiation(fclient)
    eu = sign_in(negotiation, "EU")
    eu.post("/d/save", {"text": sample("EU")})
    eu.post("/d/submit", {"version": "1"})
    fclient.post(f"/f/n/{negotiation.pk}/publish-compilation")
    fclient.post(f"/f/n/{negotiation.pk}/participants", {"code": "OBS", "kind": "observer"})
    other = create_negotiation(fclient, codes="EU\nRUS", title="Another negotiation")
    staffless = Client()
    staffless.force_login(django_user_model.objects.create_user("bob", password=PASSWORD))
    clients = {
        "anonymous": Client(), "facilitator": fclient, "staffless": staffless, "EU": eu,
        "G77": sign_in(negotiation, "G77"), "observer": sign_in(negotiation, "OBS"), "outsider": sign_in(other, "RUS"),
    }
    ids = {"n": negotiation.pk, "p": negotiation.participants.get(code="EU").pk,
           "pub": Publication.objects.get().pk}
    return negotiation, clients, ids


def outcome(response) -> str:
    code = response.status_code
    if code == 200:
        return OK
    if code == 302:
        return LOGIN if response["Location"].startswith("/login") else "redirect"
    return {204: "empty", 403: "forbidden", 404: MISSING, 400: "bad", 409: "conflict"}.get(code, str(code))


@pytest.mark.parametrize("role", ROLES)
def test_authorization_of_every_view(world, role):
    negotiation, clients, ids = world
    client = clients[role]
    problems = []
    for method, _pattern, path, expected in sorted(VIEWS, key=lambda v: v[1] == "logout"):  # sign out last
        url = "/" + path.format(**ids)
        response = client.post(url) if method == "POST" else client.get(url)
        got = outcome(response)
        want = expected[role]
        if want == DENIED:
            want = "forbidden"
        if got != want:
            problems.append(f"{method} {url}: {got}, expected {want}")
    assert not problems, "\n".join(problems)


def test_another_delegation_cannot_read_change_or_submit_eus_work(world):
    negotiation, clients, _ids = world
    g77 = clients["G77"]
    eu_text = AmendmentVersion.objects.get(participant__code="EU").text
    for url in ("/d/", "/d/v/1", "/d/v/1.amend", "/p/"):
        assert eu_text not in g77.get(url).content.decode(errors="replace") or url == "/p/"
    assert g77.get("/d/v/1").status_code == 404
    # G77 submitting "version 1" means its own version 1, which does not exist: EU's is untouched
    assert g77.post("/d/submit", {"version": "1"}).status_code == 400
    assert g77.post("/d/withdraw").status_code == 409
    assert Submission.objects.filter(participant__code="G77").count() == 0
    assert Submission.objects.filter(participant__code="EU", withdrawn=False).count() == 1
    # nor can it write in EU's name
    page = g77.get(g77.post("/d/save", {"text": sample("EU")})["Location"]).content.decode()
    assert "you are signed in as G77" in page
    assert g77.post("/d/submit", {"version": "1"}).status_code == 409
    # unpublished: G77 sees nothing of EU's in the compilation views (facilitators only)
    assert outcome(g77.get(f"/f/n/{negotiation.pk}/compilation.json")) == LOGIN


def test_csrf_is_rejected(fclient, negotiation, facilitator):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(facilitator)
    assert strict.post(f"/f/n/{negotiation.pk}/publish-compilation").status_code == 403
    assert strict.post("/f/new", {"title": "x"}).status_code == 403
    eu = negotiation.participants.get(code="EU")
    _link, token = SignInLink.issue(eu)
    delegation = Client(enforce_csrf_checks=True)
    assert delegation.post(f"/signin/{token}").status_code == 403
    page = delegation.get(f"/signin/{token}").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert delegation.post(f"/signin/{token}", {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert delegation.post("/d/save", {"text": "by: EU\n"}).status_code == 403
    assert not AmendmentVersion.objects.exists()
    login = Client(enforce_csrf_checks=True).post("/login", {"username": "alice", "password": PASSWORD})
    assert login.status_code == 403


def test_user_text_is_escaped(fclient):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    negotiation = create_negotiation(fclient, codes=f"EU {evil}", title=evil)
    eu = sign_in(negotiation, "EU")
    eu.post("/d/save", {"text": f'by: EU\nname: {evil}\n12: replace "almost 10 per cent" with "{evil}"\n'})
    eu.post("/d/submit", {"version": "1"})
    pages = [fclient.get(f"/f/n/{negotiation.pk}/").content, eu.get("/d/v/1").content,
             fclient.get(f"/f/n/{negotiation.pk}/compilation").content,
             fclient.get(f"/f/n/{negotiation.pk}/compilation.html").content,
             fclient.get(f"/f/n/{negotiation.pk}/log").content, fclient.get("/f/").content]
    for page in pages:
        text = page.decode()
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert" in pages[0].decode() and "&lt;script&gt;" in pages[1].decode()


TEMPLATES = Path(urls.__file__).parent / "templates" / "portal"


def test_no_inline_script_or_style_in_any_template():
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"{template.name}: inline script {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"{template.name}: an inline event handler"
        assert "<style" not in text and " style=" not in text, f"{template.name}: inline style"


def test_csp_forbids_inline_scripts_on_every_page(world):
    _negotiation, clients, ids = world
    for role in ("facilitator", "EU", "observer"):
        for method, _pattern, path, expected in VIEWS:
            if method != "GET" or expected[role] != OK:
                continue
            response = clients[role].get("/" + path.format(**ids))
            csp = response["Content-Security-Policy"]
            script = re.search(r"script-src ([^;]*)", csp)
            if script is None:  # library-rendered documents: nothing but inline styles, sandboxed
                assert csp.startswith("default-src 'none'") and "sandbox" in csp, path
                continue
            assert "'unsafe-inline'" not in script.group(1) and "'unsafe-eval'" not in script.group(1), path
            assert "frame-ancestors 'self'" in csp
            assert response["X-Content-Type-Options"] == "nosniff"


def test_uploads_are_bounded_in_size_and_type(negotiation, fclient):
    eu = sign_in(negotiation, "EU")
    big = SimpleUploadedFile("eu.amend", b"by: EU\n" + b"# padding\n" * 120_000)
    response = eu.post("/d/upload", {"file": big})
    assert response.status_code == 400 and "too large" in response.content.decode()
    exe = SimpleUploadedFile("eu.exe", b"MZ")
    response = eu.post("/d/upload", {"file": exe})
    assert response.status_code == 400 and "only .amend, .txt files" in response.content.decode()
    latin1 = SimpleUploadedFile("eu.amend", "by: EU\n# Résumé\n".encode("latin-1"))
    assert "not UTF-8" in eu.post("/d/upload", {"file": latin1}).content.decode()
    fake = SimpleUploadedFile("copy.docx", b"not a zip")
    assert "not a Word .docx file" in eu.post("/d/propose", {"file": fake}).content.decode()
    assert eu.post("/d/save", {"text": "x" * 1_100_000}).status_code == 413
    assert not AmendmentVersion.objects.exists()
    draft = SimpleUploadedFile("draft.txt", b"x" * (20 * 1024 * 1024 + 1))
    response = fclient.post("/f/new", {"title": "t", "delegations": "EU", "draft": draft})
    assert response.status_code == 400 and "too large" in response.content.decode()


def test_sign_in_attempts_are_rate_limited(negotiation):
    eu = negotiation.participants.get(code="EU")
    _link, token = SignInLink.issue(eu)
    c = Client()
    for k in range(10):
        assert c.get(f"/signin/guess-{k}").status_code == 403
    assert c.get(f"/signin/{token}").status_code == 429  # blocked, even with a valid link
    assert c.post(f"/signin/{token}").status_code == 429
    assert SignInLink.objects.get(participant=eu).used_at is None  # and the link is not used up
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.get(f"/signin/{token}").status_code == 200  # counted per address


def test_password_attempts_are_rate_limited(facilitator):
    c = Client()
    for _ in range(10):
        assert "wrong password" in c.post("/login", {"username": "alice", "password": "nope"}).content.decode()
    assert c.post("/login", {"username": "alice", "password": PASSWORD}).status_code == 429


def test_sessions_expire(negotiation, fclient):
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    eu = sign_in(negotiation, "EU")
    assert eu.get("/d/").status_code == 200
    Session.objects.filter(session_key=eu.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert outcome(eu.get("/d/")) == LOGIN
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert outcome(fclient.get("/f/")) == LOGIN


def test_expired_and_revoked_links_do_not_sign_in(negotiation):
    eu = negotiation.participants.get(code="EU")
    link, token = SignInLink.issue(eu)
    SignInLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "expired" in Client().post(f"/signin/{token}").content.decode()
    link, token = SignInLink.issue(eu)
    SignInLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    assert "revoked" in Client().post(f"/signin/{token}").content.decode()


def test_signing_in_starts_a_new_session(negotiation):
    c = Client()
    c.get("/login")
    before = c.cookies.get("sessionid")
    c2 = sign_in(negotiation, "EU")
    assert c2.cookies["sessionid"].value != (before.value if before else None)
    assert c2.session["participant"] == Participant.objects.get(code="EU", negotiation=negotiation).pk


def test_serve_refuses_a_non_loopback_address():
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to listen on 0.0.0.0" in result.output and "--allow-remote" in result.output
    assert "TLS" in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_addresses_are_allowed(host):
    from amendtool.server.config import is_loopback

    assert is_loopback(host)


def test_database_urls():
    from amendtool.server.config import ConfigError, database

    pg = database("postgresql://amendtool:s%40cret@db.example.org:5433/portal", Path("/data"))
    assert (pg["ENGINE"], pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "django.db.backends.postgresql", "portal", "amendtool", "s@cret", "db.example.org", "5433")
    socket = database("postgresql://me@/portal?host=/run/postgresql", Path("/data"))
    assert socket["HOST"] == "/run/postgresql"
    assert database(None, Path("/data"))["NAME"] == "/data/portal.sqlite3"
    with pytest.raises(ConfigError, match="unsupported URL scheme"):
        database("mysql://x/y", Path("/data"))
    with pytest.raises(ConfigError, match="names no database"):
        database("postgresql://x@host/", Path("/data"))
