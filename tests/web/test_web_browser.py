"""A real browser over the running app: headless Chromium driven by Playwright.

Debian's `chromium` is used (Playwright downloads no browser of its own). Without it the test
skips with a message, except in CI (the CI environment variable set), where it fails:
`.ci/run` installs chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from web_server import running

from newsloom.api import Newsloom
from newsloom.web.app import create_app

# Where Debian installs the browser; `chromium` on PATH is taken when it is elsewhere.
CHROMIUM = "/usr/bin/chromium"
# Milliseconds the browser waits for a page or an element (a brief is built on first visit).
BROWSER_WAIT_MS = 60_000


def _chromium() -> str:
    """The browser's path, or skip (locally) / fail (in CI) saying what is missing."""
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    problem = None
    if found is None:
        problem = "no chromium browser: install Debian's `chromium` package to run this test"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed: pip install 'newsloom[test]'"
    if problem is None and found is not None:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {problem}")
    pytest.skip(problem)


def test_browser_reads_stories_briefs_and_search(
    seeds_db: Path, analyzer: Any, tmp_path: Path
) -> None:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    app = create_app(str(seeds_db), newsloom=Newsloom(seeds_db, analyzer=analyzer))
    problems: list[str] = []
    with running(app) as base, sync_playwright() as p:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.set_default_timeout(BROWSER_WAIT_MS)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

        page.goto(base + "/")
        page.screenshot(path=str(tmp_path / "stories.png"), full_page=True)
        page.locator("table.stories a[href^='/stories/']").first.click()
        page.wait_for_url("**/stories/*")
        assert page.locator("h2", has_text="Corroborated").is_visible()

        # A claim opens onto its evidence sentences.
        claim = page.locator("#corroborated details.claim").first
        evidence = claim.locator("ul.evidence li").first
        assert not evidence.is_visible()
        claim.locator("summary").click()
        assert evidence.is_visible() and evidence.locator("q").inner_text()
        # The bundled script runs (the CSP lets it): its button opens every claim.
        page.locator("button.expand-all").click()
        closed = page.locator("details.claim:not([open])")
        assert closed.count() == 0
        page.screenshot(path=str(tmp_path / "brief.png"), full_page=True)

        # Following an evidence link opens the article with its marked text.
        evidence.locator("a").first.click()
        page.wait_for_url("**/articles/*")
        assert page.locator("article.text mark.entity").count() > 0
        page.screenshot(path=str(tmp_path / "article.png"), full_page=True)

        # The search box.
        page.fill("form.search input[name=q]", "pipeline")
        page.press("form.search input[name=q]", "Enter")
        page.wait_for_url("**/search?q=pipeline")
        assert page.locator("ol.hits li").count() > 0
        assert page.locator("p.snippet mark", has_text="pipeline").count() > 0
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
        browser.close()
    assert problems == [], problems
    assert all((tmp_path / f"{n}.png").stat().st_size > 0 for n in ("stories", "brief", "search"))


def test_no_browser_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import test_web_browser as module

    monkeypatch.setattr(module, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium browser"):
        _chromium()
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI"):
        _chromium()
