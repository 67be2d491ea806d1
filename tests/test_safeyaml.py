"""Hostile YAML, with libyaml and with the pure-Python loader: refused quickly, with a reason."""

from __future__ import annotations

import time

import pytest

from efficiency_rules import safeyaml

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9))


@pytest.fixture(params=["libyaml", "python"])
def loader_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setattr(safeyaml, "_FAST", None)
    elif safeyaml._FAST is None:
        pytest.skip("PyYAML built without libyaml")
    return str(request.param)


@pytest.mark.parametrize("text, reason", [
    (BOMB, "too many YAML aliases"),
    ("[" * 20000, "YAML"),
    ("a: [1\n", "YAML syntax error"),
])
def test_refused(loader_kind: str, text: str, reason: str) -> None:
    start = time.perf_counter()
    with pytest.raises(safeyaml.YamlInputError) as info:
        safeyaml.load_yaml_text(text)
    assert reason in str(info.value)
    assert time.perf_counter() - start < 2  # refused, not expanded


def test_size_limit(loader_kind: str) -> None:
    with pytest.raises(safeyaml.YamlInputError, match="too large"):
        safeyaml.load_yaml_text("a: 1\n" * 100, limit=100)


def test_syntax_error_has_its_line(loader_kind: str) -> None:
    with pytest.raises(safeyaml.YamlInputError) as info:
        safeyaml.load_yaml_text("a: 1\nb: [2\nc: 3\n")
    assert info.value.line is not None and info.value.line >= 2


def test_good_yaml_loads_the_same_both_ways(loader_kind: str) -> None:
    assert safeyaml.load_yaml_text("a: 2026-03-10\nb: [1, 2]\n") == {"a": __import__("datetime").date(2026, 3, 10),
                                                                   "b": [1, 2]}
