"""The portal from the facilitator's and the delegations' side, through Django's test client: a
negotiation on the WSIS sample, links, writing, checking, submitting, compiling, deciding, publishing
Rev.1, comparing, the log and the export (compiled again by the CLI to the same bytes)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from amendtool.cli import cli
from amendtool.server.models import AmendmentVersion, LogEntry, Round, Submission
from portal.helpers import WSIS, create_negotiation, sample, sign_in

pytestmark = pytest.mark.django_db


def save(client, text: str):
    response = client.post("/d/save", {"text": text})
    assert response.status_code == 302
    return client.get(response["Location"])


def submit(client, number: int):
    return client.post("/d/submit", {"version": str(number)})


def test_facilitator_creates_a_negotiation(fclient, negotiation):
    assert negotiation.title == "WSIS+10 outcome"
    assert [p.code for p in negotiation.participants.all()] == ["EU", "G77", "JPN"]
    assert negotiation.current_round.label == "Zero draft"
    assert bytes(negotiation.current_round.draft) == WSIS.read_bytes()
    page = fclient.get(f"/f/n/{negotiation.pk}/").content.decode()
    assert "European Union" in page and "Zero draft" in page


def test_a_draft_that_does_not_parse_is_refused_with_its_line(fclient):
    bad = SimpleUploadedFile("bad.txt", b"Title\n\n1. An [unbalanced\n\n2. Fine.\n" * 1)
    response = fclient.post("/f/new", {"title": "x", "delegations": "EU", "draft": bad})
    # a stray bracket is read as published (warnings), like `diff` does: the draft is accepted
    assert response.status_code == 302
    bad = SimpleUploadedFile("bad.pdf", b"%PDF-1.4")
    response = fclient.post("/f/new", {"title": "x", "delegations": "EU", "draft": bad})
    assert response.status_code == 400
    assert "only .txt, .md, .docx files are accepted" in response.content.decode()


def test_delegation_list_errors_are_named(fclient):
    draft = SimpleUploadedFile(WSIS.name, WSIS.read_bytes())
    response = fclient.post("/f/new", {"title": "x", "delegations": "EU\nE U x\nEU again", "draft": draft})
    assert response.status_code == 400
    assert "line 3: EU is listed twice" in response.content.decode()


def test_link_signs_in_once_and_is_stored_hashed(negotiation, client):
    from amendtool.server.models import SignInLink

    eu = negotiation.participants.get(code="EU")
    link, token = SignInLink.issue(eu)
    assert token not in link.token_hash and len(link.token_hash) == 64
    page = client.get(f"/signin/{token}")  # a link preview consumes nothing
    assert page.status_code == 200 and "Sign in as EU" in page.content.decode()
    assert client.post(f"/signin/{token}")["Location"] == "/d/"
    assert client.get("/d/").status_code == 200
    other = type(client)()
    again = other.post(f"/signin/{token}")
    assert again.status_code == 403 and "used already" in again.content.decode()


def test_issue_link_shows_it_once(fclient, negotiation):
    eu = negotiation.participants.get(code="EU")
    page = fclient.post(f"/f/n/{negotiation.pk}/p/{eu.pk}/link").content.decode()
    assert "http://testserver/signin/" in page
    token = page.split("http://testserver/signin/")[1].split('"')[0]
    assert fclient.get(f"/f/n/{negotiation.pk}/").content.decode().count(token) == 0
    from django.test import Client

    c = Client()
    assert c.post(f"/signin/{token}").status_code == 302


def test_revoking_links_ends_their_sessions(fclient, negotiation):
    eu_client = sign_in(negotiation, "EU")
    assert eu_client.get("/d/").status_code == 200
    eu = negotiation.participants.get(code="EU")
    fclient.post(f"/f/n/{negotiation.pk}/p/{eu.pk}/revoke")
    assert eu_client.get("/d/")["Location"] == "/login"


def test_every_save_is_checked_and_errors_stand_at_their_line(negotiation):
    eu = sign_in(negotiation, "EU")
    text = 'by: EU\n\n12: replace "almost 11 per cent" with "nearly 10 per cent"\n63: delete paragraph\n'
    page = save(eu, text).content.decode()
    assert "2 errors: fix them and save again" in page
    # the errors come right under their lines, each with its fix
    line3 = page.index("almost 11 per cent")
    first = page.index("line 3, column", line3)
    assert "fix: closest: &quot;almost 10 per cent&quot;" in page[first:first + 400]
    assert page.index("line 4, column") > page.index("63: delete paragraph")
    assert 'paragraph &quot;63&quot; does not exist' in page
    assert 'id="submit"' not in page  # no submit button for a file with errors
    assert submit(eu, 1).status_code == 409
    fixed = save(eu, 'by: EU\n\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n').content.decode()
    assert "1 operation, no errors: every operation applies." in fixed
    assert submit(eu, 2).status_code == 302
    versions = AmendmentVersion.objects.filter(participant__code="EU").order_by("number")
    assert [(v.number, v.errors) for v in versions] == [(1, 2), (2, 0)]  # every version kept
    assert versions[0].text == text


def test_a_file_signed_with_another_code_is_an_error(negotiation):
    eu = sign_in(negotiation, "EU")
    page = save(eu, sample("G77")).content.decode()
    assert "this file is signed &quot;by: G77&quot;, but you are signed in as EU" in page
    assert "fix: write by: EU" in page
    version = AmendmentVersion.objects.get(participant__code="EU")
    assert version.errors == 1
    assert submit(eu, 1).status_code == 409
    assert not Submission.objects.exists()


def test_upload_an_amendment_file(negotiation):
    eu = sign_in(negotiation, "EU")
    upload = SimpleUploadedFile("eu.amend", sample("EU").encode())
    response = eu.post("/d/upload", {"file": upload})
    assert response.status_code == 302
    v = AmendmentVersion.objects.get(participant__code="EU")
    assert (v.source, v.filename, v.errors, v.operations) == ("upload", "eu.amend", 0, v.operations)
    assert v.operations == sample("EU").count("\n1") + 7 or v.operations > 5


def test_propose_from_an_edited_copy(negotiation):
    eu = sign_in(negotiation, "EU")
    edited = WSIS.read_text(encoding="utf-8").replace("almost 10 per cent", "nearly 10 per cent")
    response = eu.post("/d/propose", {"file": SimpleUploadedFile("edited.txt", edited.encode())})
    assert response.status_code == 302 and response["Location"].endswith("?proposed=1")
    v = AmendmentVersion.objects.get(participant__code="EU")
    assert v.source == "propose" and v.errors == 0 and v.operations == 1
    assert 'replace "almost" with "nearly"' in v.text or "nearly 10 per cent" in v.text
    page = eu.get(response["Location"]).content.decode()
    assert "operations <code>propose</code> found" in page



def test_late_submission_is_flagged(fclient, negotiation):
    Round.objects.filter(pk=negotiation.current_round.pk).update(deadline=timezone.now() - timedelta(hours=1))
    eu = sign_in(negotiation, "EU")
    page = save(eu, sample("EU")).content.decode()
    assert "a submission now is marked late" in page
    submit(eu, 1)
    assert Submission.objects.get().late
    overview = fclient.get(f"/f/n/{negotiation.pk}/").content.decode()
    assert 'class="late">late<' in overview


def test_withdraw(negotiation, fclient):
    eu = sign_in(negotiation, "EU")
    save(eu, sample("EU"))
    submit(eu, 1)
    assert "On the table: <b>version 1</b>" in eu.get("/d/").content.decode()
    assert eu.post("/d/withdraw").status_code == 302
    assert "Nothing submitted yet" in eu.get("/d/").content.decode()
    assert Submission.objects.count() == 2  # the withdrawal is a row of its own
    page = fclient.get(f"/f/n/{negotiation.pk}/compilation").content.decode()
    assert "No file submitted yet" in page
    assert eu.post("/d/withdraw").status_code == 409


def _submit_samples(negotiation, codes=("EU", "G77", "JPN")):
    clients = {}
    for code in codes:
        c = sign_in(negotiation, code)
        save(c, sample(code))
        assert submit(c, 1).status_code == 302
        clients[code] = c
    return clients


def test_compilation_is_attributed_and_filtered(fclient, negotiation):
    _submit_samples(negotiation)
    page = fclient.get(f"/f/n/{negotiation.pk}/compilation").content.decode()
    assert "3 files" in page and "EU-1" in page and "G77-1" in page
    html = fclient.get(f"/f/n/{negotiation.pk}/compilation.html").content.decode()
    assert "(EU" in html and "G77)" in html or "(G77)" in html
    only = fclient.get(f"/f/n/{negotiation.pk}/compilation.json?only=G77").json()
    assert [d["code"] for d in only["delegations"]] == ["G77"]
    anonymous = fclient.get(f"/f/n/{negotiation.pk}/compilation.json?anonymous=1").json()
    assert anonymous["delegations"] == []
    full = fclient.get(f"/f/n/{negotiation.pk}/compilation.json").json()
    changed = fclient.get(f"/f/n/{negotiation.pk}/compilation.json?changed=1").json()
    assert 0 < len(changed["blocks"]) < len(full["blocks"])


@pytest.mark.parametrize("fmt", ["html", "json", "txt", "md", "docx"])
def test_downloads_in_every_format(fclient, negotiation, fmt):
    _submit_samples(negotiation, ("EU", "G77"))
    response = fclient.get(f"/f/n/{negotiation.pk}/compilation.{fmt}")
    assert response.status_code == 200
    body = response.content
    if fmt == "docx":
        assert body.startswith(b"PK")
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            assert b'w:author="EU"' in z.read("word/document.xml")
    else:
        assert b"EU" in body
    if fmt != "html":
        assert "attachment" in response["Content-Disposition"]
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_accept_preview_publish_and_diff(fclient, negotiation):
    clients = _submit_samples(negotiation)
    n = negotiation.pk
    response = fclient.post(f"/f/n/{n}/decide", {"accept": ["EU-1", "JPN-2"], "then": "preview"})
    assert response["Location"] == f"/f/n/{n}/preview"
    preview = fclient.get(f"/f/n/{n}/preview").content.decode()
    assert "2 operations applied (EU-1, JPN-2)" in preview
    assert "nearly 10 per cent" in preview
    assert 'id="concordance"' in preview
    csv = fclient.get(f"/f/n/{n}/preview?download=csv").content.decode()
    assert csv.splitlines()[0] == "new,old,status,open,proposers,operations,left out"
    response = fclient.post(f"/f/n/{n}/publish", {"deadline": ""})
    assert response["Location"] == f"/n/{n}/diff?a=0&b=1"
    rev1 = negotiation.rounds.get(number=1)
    assert rev1.label == "Rev.1" and rev1.draft_name == "wsis10_zero_draft-rev1.txt"
    assert b"nearly 10 per cent" in bytes(rev1.draft)
    diff = fclient.get(response["Location"]).content.decode()
    assert "Zero draft → Rev.1" in diff
    diff_html = fclient.get(f"/n/{n}/diff.html?a=0&b=1").content.decode()
    assert "<ins" in diff_html and "nearly" in diff_html
    # the next round is open on Rev.1; delegations now amend Rev.1, and see it
    eu = clients["EU"]
    page = eu.get("/d/").content.decode()
    assert "amendments to Rev.1" in page and "Nothing submitted yet" in page
    assert eu.get(f"/n/{n}/diff.txt?a=0&b=1").status_code == 200
    # the old round's compilation stays readable, without decisions
    old = fclient.get(f"/f/n/{n}/compilation?round=0").content.decode()
    assert "is closed" in old


def test_conflicting_acceptances_are_shown_not_published(fclient, negotiation):
    _submit_samples(negotiation, ("EU", "G77"))
    n = negotiation.pk
    fclient.post(f"/f/n/{n}/decide", {"accept": ["EU-1", "G77-1"]})  # both rewrite "almost 10 per cent"
    response = fclient.get(f"/f/n/{n}/preview")
    assert response.status_code == 409
    assert "EU-1" in response.content.decode() and "G77-1" in response.content.decode()
    assert fclient.post(f"/f/n/{n}/publish").status_code == 409
    assert negotiation.rounds.count() == 1


def test_published_compilation_is_read_by_observers(fclient, negotiation):
    fclient.post(f"/f/n/{negotiation.pk}/participants", {"code": "OBS", "kind": "observer", "name": "An observer"})
    _submit_samples(negotiation, ("EU",))
    observer = sign_in(negotiation, "OBS")
    assert "Nothing published yet" in observer.get("/p/").content.decode()
    fclient.post(f"/f/n/{negotiation.pk}/publish-compilation")
    page = observer.get("/p/").content.decode()
    pub = page.split("/publication/")[1].split('"')[0]
    html = observer.get(f"/n/{negotiation.pk}/publication/{pub}").content.decode()
    assert "nearly 10 per cent" in html
    assert observer.get("/d/").status_code == 403  # observers write nothing


def test_log_records_who_did_what(fclient, negotiation):
    _submit_samples(negotiation, ("EU",))
    actions = [(e.actor, e.action) for e in LogEntry.objects.filter(negotiation=negotiation)]
    assert ("facilitator alice", "create negotiation") in actions
    assert ("delegation EU", "sign in") in actions
    assert ("delegation EU", "save") in actions
    assert ("delegation EU", "submit") in actions
    page = fclient.get(f"/f/n/{negotiation.pk}/log").content.decode()
    assert "create negotiation" in page and "submit" in page
    data = json.loads(fclient.get(f"/f/n/{negotiation.pk}/log?format=json").content)
    assert data[0]["action"] == "create negotiation"


def test_the_log_is_append_only_in_the_database(negotiation):
    from django.db import DatabaseError, transaction

    entry = LogEntry.objects.filter(negotiation=negotiation).first()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    for statement in (LogEntry.objects.filter(pk=entry.pk).update, LogEntry.objects.filter(pk=entry.pk).delete):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement(**({"action": "forged"} if statement.__name__ == "update" else {}))
    assert LogEntry.objects.get(pk=entry.pk).action == "create negotiation"


def test_export_compiles_again_to_the_same_result(fclient, negotiation, tmp_path, monkeypatch):
    clients = _submit_samples(negotiation)
    save(clients["EU"], sample("EU") + '\n22: comment "One more."\n')  # a second version, not submitted
    n = negotiation.pk
    portal = fclient.get(f"/f/n/{n}/compilation.json").content
    response = fclient.get(f"/f/n/{n}/export.zip")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        names = z.namelist()
        z.extractall(tmp_path)
    assert "round-0/versions/EU/v1.amend" in names and "round-0/versions/EU/v2.amend" in names
    assert sorted(n for n in names if "/submitted/" in n) == [
        "round-0/submitted/001-EU.amend", "round-0/submitted/002-G77.amend", "round-0/submitted/003-JPN.amend"]
    manifest = json.loads((tmp_path / "negotiation.json").read_text())
    assert manifest["rounds"][0]["submitted"] == ["001-EU.amend", "002-G77.amend", "003-JPN.amend"]
    command = (tmp_path / "README.txt").read_text().split("Zero draft: ")[1].splitlines()[0].split()
    assert command[:2] == ["amendtool", "compile"]
    monkeypatch.chdir(tmp_path)
    assert command[-2:] == ["-o", "round-0-compilation.html"]
    args = command[1:-2] + ["-o", "again.json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.json").read_bytes() == portal


def test_changed_only_is_the_commands_changed_only(fclient, negotiation, tmp_path, monkeypatch):
    """'changed paragraphs only' is compile's --changed-only, not a filter of the portal's own: the same
    paragraphs (those with bracket groups too: 58's [World Summit] [High Level Meeting]), the same notice,
    the same bytes as the command run on the export."""
    _submit_samples(negotiation)
    n = negotiation.pk
    portal = fclient.get(f"/f/n/{n}/compilation.json?changed=1").content
    with zipfile.ZipFile(io.BytesIO(fclient.get(f"/f/n/{n}/export.zip").content)) as z:
        z.extractall(tmp_path)
    command = (tmp_path / "README.txt").read_text().split("Zero draft: ")[1].splitlines()[0].split()
    monkeypatch.chdir(tmp_path)
    args = command[1:-2] + ["--changed-only", "-o", "changed.json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "changed.json").read_bytes() == portal
    data = json.loads(portal)
    assert data["changed_only"] is True
    assert "58" in [b.get("label") for b in data["blocks"]]
    html = fclient.get(f"/f/n/{n}/compilation.html?changed=1").content.decode()
    assert "Only the 14 of 58 paragraphs with proposals, comments or bracket groups are shown" in html
    full = fclient.get(f"/f/n/{n}/compilation.html").content.decode()
    assert "Only the " not in full


def test_export_keeps_revisions_and_decisions(fclient, negotiation, tmp_path):
    _submit_samples(negotiation, ("EU",))
    fclient.post(f"/f/n/{negotiation.pk}/decide", {"accept": ["EU-1"]})
    fclient.post(f"/f/n/{negotiation.pk}/publish-compilation")
    fclient.post(f"/f/n/{negotiation.pk}/publish", {"deadline": "2030-01-01T12:00"})
    with zipfile.ZipFile(io.BytesIO(fclient.get(f"/f/n/{negotiation.pk}/export.zip").content)) as z:
        names = z.namelist()
        decisions = json.loads(z.read("round-0/decisions.json"))
        assert b"nearly 10 per cent" in z.read("round-1/draft/wsis10_zero_draft-rev1.txt")
    assert "round-1/concordance.csv" in names
    assert any(n.startswith("round-0/published/compilation-") for n in names)
    assert decisions[0]["operation"] == "EU-1" and decisions[0]["accepted"] is True
    assert negotiation.rounds.get(number=1).deadline.year == 2030


def test_anonymous_negotiation_compiles_anonymously(fclient):
    negotiation = create_negotiation(fclient, anonymous="1")
    _submit_samples(negotiation, ("EU",))
    data = fclient.get(f"/f/n/{negotiation.pk}/compilation.json").json()
    assert data["anonymous"] is True and data["delegations"] == []


def test_the_suite_runs_on_the_database_named():
    import os

    from django.db import connection

    assert connection.vendor == ("postgresql" if os.environ.get("AMENDTOOL_DATABASE") else "sqlite")


def test_propose_from_a_word_copy_with_tracked_changes(fclient, tmp_path):
    """A .docx draft, and an edited copy with Track Changes on: read with the changes accepted (the copy
    as it prints), turned into the operations that make the draft into it, to review."""
    from test_propose_docx import draft_docx, tracked_copy

    from amendtool.server.models import Negotiation

    draft = draft_docx(tmp_path / "draft.docx")
    response = fclient.post("/f/new", {"title": "Word", "delegations": "EU", "draft": SimpleUploadedFile(
        "draft.docx", draft.read_bytes())})
    assert response.status_code == 302
    negotiation = Negotiation.objects.get(title="Word")
    eu = sign_in(negotiation, "EU")
    copy = tracked_copy(tmp_path / "copy.docx")
    response = eu.post("/d/propose", {"file": SimpleUploadedFile("copy.docx", copy.read_bytes())})
    assert response.status_code == 302
    v = AmendmentVersion.objects.get(participant__code="EU")
    assert v.source == "propose" and v.errors == 0 and v.operations >= 3
    assert v.text.startswith("by: EU")
    assert 'replace "almost" with "nearly"' in v.text
