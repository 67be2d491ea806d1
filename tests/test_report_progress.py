"""The terminal progress display: only on a TTY, never in JSON mode, fitted to the width."""

from __future__ import annotations

import io

import pytest

from efficiency_rules.report.progress import Progress, clip, display_width, wants_progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "stream, json_mode, shown",
    [(Tty(), False, True), (Tty(), True, False), (io.StringIO(), False, False)],
)
def test_shown_only_on_a_terminal_outside_json_mode(
    stream: io.StringIO, json_mode: bool, shown: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    assert wants_progress(stream, json_mode=json_mode) is shown
    with Progress(10, "扫描", stream=stream, json_mode=json_mode) as progress:
        progress.advance(3)
    assert bool(stream.getvalue()) is shown


def test_a_dumb_terminal_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_progress(Tty(), json_mode=False)


def test_redraws_are_throttled_and_the_last_line_ends() -> None:
    stream, clock = Tty(), Clock()
    with Progress(1000, "扫描文件", stream=stream, enabled=True, clock=clock) as progress:
        for _ in range(1000):
            progress.advance()
            clock.now += 0.001  # a thousand steps in one second: about ten redraws
    output = stream.getvalue()
    assert 9 <= output.count("\r") <= 13
    assert output.endswith("\n") and "1,000/1,000" in output


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_the_line_fits_the_terminal(columns: int) -> None:
    clock = Clock()
    progress = Progress(200, "扫描文件", enabled=True, stream=Tty(), clock=clock)
    progress.advance(50, note="documents/州教育局/关于进一步加强行政效能建设的通知.docx")
    clock.now = 30.0
    line = progress.line(clock.now, columns)
    assert display_width(line) < columns
    assert "50/200" in line
    if columns >= 80:
        assert "剩余 01:30" in line and "█" in line


def test_without_a_total_it_counts() -> None:
    line = Progress(None, "读取", enabled=True, stream=Tty()).line(5.0, 80)
    assert line.startswith("读取 0") and "[" not in line


@pytest.mark.parametrize("text, columns, out", [("州教育局", 5, "州…"), ("abc", 5, "abc"),
                                                ("文件ab", 6, "文件ab")])
def test_clip_counts_wide_characters_twice(text: str, columns: int, out: str) -> None:
    assert clip(text, columns) == out
