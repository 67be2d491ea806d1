"""The report in a real browser: headless Chromium renders it with no console messages, shows
markup from input as text, and shows three months of trend (issue 6, item 3).

Skipped where Chromium is not installed (Debian: `apt-get install chromium`; .ci/run does it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_report_html import Page  # the same DOM reader as the HTML tests

from efficiency_rules.report import render_report
from efficiency_rules.store import Store, synthetic

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium): the report's browser tests "
    "need a real browser",
)
# No network, no profile, no background services: the page must stand on its own.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--enable-logging=stderr", "--v=0")
# Chromium logs every console message (console.error, uncaught exceptions, CSP refusals) so.
CONSOLE = re.compile(r"CONSOLE|Uncaught|Refused to", re.IGNORECASE)


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    with Store.open(out / "h.sqlite") as store:
        for run in synthetic.history():
            store.write_run(run.period, run.results, run.audit, run.units, metrics=run.metrics)
        render_report(store, "2026-10", out / "report.html", norms={},
                      generated_at=datetime(2026, 11, 2, tzinfo=UTC))
    return out / "report.html"


def test_console_messages_are_caught(tmp_path: Path) -> None:
    # The detector itself: a page that errs must be seen to err, or the next test proves nothing.
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('boom'); nope();</script></body></html>")
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert any("Uncaught" in line for line in console_lines(done.stderr)), done.stderr


def test_the_report_renders_cleanly_with_markup_as_text(report: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr
    assert console_lines(done.stderr) == []
    dom = Page()
    dom.feed(done.stdout)
    tags = {tag for tag, _ in dom.tags}
    assert "script" not in tags and "img" not in tags
    assert not [a for _, a in dom.tags if any(name.startswith("on") for name in a)]
    text = "".join(dom.text)
    for title in synthetic.MALICIOUS_TITLES:
        assert title in text
    periods = [a["data-period"] for _, a in dom.tags if a.get("class") == "trend-period"]
    assert periods == ["2026-08", "2026-09", "2026-10"]
    ratio_periods = [t for t in dom.text if re.fullmatch(r"2026-(08|09|10)", t)]
    assert len(ratio_periods) >= 9  # the trend axis and both ratio trends show all three months


def test_the_report_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400", report.as_uri())
    assert done.returncode == 0, done.stderr
    assert console_lines(done.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
