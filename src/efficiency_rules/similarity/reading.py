"""Reading published documents: text, title and kind, never an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from efficiency_rules.documents import DocumentReadError, read_document

# Titles ending so are speeches (DESIGN.md: "a title ending in 講話" is one inference of kind).
_SPEECH_TITLE = re.compile(r"(讲话|講話|致辞|致辭|发言|發言|讲稿|講稿)")


@dataclass(frozen=True)
class PublishedText:
    text: str
    title: str
    kind: str | None
    error: str | None = None


def read_text(path: Path) -> str:
    """The text of one published file, through the product's document readers (so .docx,
    .pdf and .ofd are read as `lint` reads them); raises ValueError with the reason."""
    try:
        return read_document(path).text
    except DocumentReadError as exc:
        raise ValueError(exc.message_en) from None


def _sidecar(path: Path) -> dict[str, object]:
    meta = path.with_name(path.name + ".meta.yaml")
    if not meta.is_file():
        return {}
    from efficiency_rules.safeyaml import load_yaml_file

    try:
        data = load_yaml_file(meta)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def guess_title(text: str) -> str:
    """First non-empty line, shortened: the published title when no metadata gives one."""
    for line in text.splitlines():
        line = line.strip(" \t\u3000")
        if line:
            return line[:60]
    return ""


def guess_kind(title: str) -> str | None:
    return "speech" if _SPEECH_TITLE.search(title) else None


def read_published(path: Path) -> PublishedText:
    try:
        text = read_text(path)
    except (OSError, ValueError) as exc:
        return PublishedText("", path.name, None, str(exc))
    meta = _sidecar(path)
    title = str(meta.get("title") or guess_title(text) or path.stem)
    kind = meta.get("kind")
    return PublishedText(text, title, str(kind) if kind else guess_kind(title))


def published_files(folder: Path) -> list[Path]:
    """Every document under `folder` (any nesting), sidecars excluded, in a stable order."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(".meta.yaml") and not p.name.startswith(".")
    )
