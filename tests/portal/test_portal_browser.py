"""The issue's scenario in a real browser: Playwright drives the system's Chromium (never a
downloaded one). The facilitator creates a negotiation on the WSIS sample and issues links; two
delegations sign in with them; one types an operation with an error, sees it at its line, fixes it and
submits; the facilitator's compilation (live) shows both delegations' proposals attributed; one is
accepted, Rev.1 published, and the diff page shows the change. Screenshots go to
``screenshots/portal/`` (or ``$AMENDTOOL_SCREENSHOTS``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from portal.helpers import PASSWORD, ROOT, WSIS, sample
from portal.running import Portal

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("AMENDTOOL_SCREENSHOTS") or ROOT / "screenshots" / "portal")


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install '.[test]')"
    return None


pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(_missing() is not None, reason=_missing() or ""),
]


@pytest.fixture
def portal(tmp_path):
    running = Portal(tmp_path / "data")
    yield running
    running.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_negotiation_in_a_browser(portal, browser):
    url = portal.url
    facilitator = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    errors: list[str] = []
    facilitator.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # the facilitator signs in and creates the negotiation
    facilitator.goto(f"{url}/login")
    facilitator.fill("input[name=username]", "alice")
    facilitator.fill("input[name=password]", PASSWORD)
    facilitator.click("text=Sign in >> nth=-1")
    facilitator.click("text=New negotiation")
    facilitator.fill("input[name=title]", "WSIS+10 high-level meeting outcome")
    facilitator.set_input_files("input[name=draft]", str(WSIS))
    facilitator.fill("textarea[name=delegations]", "EU European Union and its member States\nG77 Group of 77 and China")
    facilitator.fill("input[name=deadline]", "2035-12-01T18:00")
    shot(facilitator, "01-new-negotiation")
    facilitator.click("button:has-text('Create')")
    facilitator.wait_for_selector("text=Zero draft on the table")
    n = facilitator.url.rstrip("/").split("/")[-1]

    links = {}
    for code in ("EU", "G77"):
        facilitator.click(f"button.issue[data-code={code}]")
        links[code] = facilitator.input_value("#link-url")
        assert "/signin/" in links[code]
    shot(facilitator, "02-links")

    # EU signs in with its link, types an operation with an error and sees it at its line
    eu = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    eu.goto(links["EU"])
    eu.click("#sign-in")
    eu.wait_for_selector("#editor")
    eu.fill("#text", 'by: EU\nname: European Union\n\n12: replace "almost 11 per cent" with "nearly 10 per cent"\n')
    eu.click("#save")
    eu.wait_for_selector("#summary")
    assert "1 error" in eu.inner_text("#summary")
    problem = eu.locator("tr.diagnostic.error").first
    assert "line 4, column" in problem.inner_text()
    assert "fix: closest: \"almost 10 per cent\"" in problem.inner_text()
    # the error row stands right under line 4
    assert eu.locator("tr.has-problem td.ln").first.inner_text() == "4"
    assert eu.locator("#submit").count() == 0
    shot(eu, "03-eu-error-at-its-line")
    eu.fill("#text", 'by: EU\nname: European Union\n\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n'
                     '19: insert "and meaningful " before "access to the Internet"\n')
    eu.click("#save")
    eu.wait_for_selector("text=every operation applies")
    eu.click("#submit")
    eu.wait_for_selector("text=On the table")
    shot(eu, "04-eu-submitted")

    # the facilitator watches the compilation; G77 submits meanwhile and it appears by itself
    facilitator.goto(f"{url}/f/n/{n}/compilation")
    facilitator.wait_for_selector("text=EU-1")
    assert facilitator.locator("input[value=G77-1]").count() == 0

    g77 = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    g77.goto(links["G77"])
    g77.click("#sign-in")
    g77.fill("#text", sample("G77"))
    g77.click("#save")
    g77.wait_for_selector("text=every operation applies")
    g77.click("#submit")
    g77.wait_for_selector("text=On the table")

    facilitator.wait_for_selector("input[value=G77-1]", timeout=15000)  # live.js reloaded the page
    frame = facilitator.frame_locator("#compilation")
    body = frame.locator("body").inner_text()
    assert "nearly 10 per cent" in body and "only about 10 per cent" in body
    assert "(EU)" in body and "(G77)" in body
    shot(facilitator, "05-live-compilation")

    # accept EU-1, preview, publish Rev.1
    facilitator.check("input[value=EU-1]")
    facilitator.click("button:has-text('Save and preview next revision')")
    facilitator.wait_for_selector("#revision")
    assert "nearly 10 per cent" in facilitator.inner_text("#revision")
    assert "1 operation applied (EU-1)" in facilitator.inner_text("main")
    shot(facilitator, "06-preview-rev1")
    facilitator.click("#publish")
    facilitator.wait_for_selector("text=Zero draft → Rev.1")
    diff = facilitator.frame_locator("#diff").locator("body")
    diff.locator("ins").first.wait_for()
    assert "nearly" in diff.locator("ins").all_inner_texts().__str__()
    shot(facilitator, "07-diff-zero-draft-rev1")

    # the delegation now amends Rev.1
    eu.goto(f"{url}/d/")
    assert "amendments to Rev.1" in eu.inner_text("h1")
    assert not errors, errors
