"""Zip archives (.docx, .ofd) opened with limits, for hostile input.

A zip bomb declares small sizes or compresses absurdly well. Limits are checked twice: from
the headers before anything is decompressed (member count from the end-of-central-directory
record, so a million-entry directory is refused before zipfile builds a million ZipInfo
objects; then declared sizes and ratios), and again while reading, because headers can lie:
every member is read as a stream with a byte cap.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Self

from .errors import DocumentReadError


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 5_000
    max_member_bytes: int = 64 * 1024 * 1024  # one uncompressed member (document.xml, Content.xml)
    max_total_bytes: int = 256 * 1024 * 1024  # all members, as declared
    # Office XML compresses 5–30×; a bomb compresses 1000× and more. Only members over
    # ratio_floor bytes are judged, as tiny members legitimately have extreme ratios.
    max_ratio: int = 200
    ratio_floor: int = 1024 * 1024


DEFAULT_LIMITS = ZipLimits()
_EOCD_SIG = b"PK\x05\x06"
_EOCD_LEN = 22


def bomb_error(detail_en: str) -> DocumentReadError:
    return DocumentReadError(
        "zip_bomb",
        "压缩包解压后过大,疑为压缩炸弹,未读取",
        f"archive expands too much (suspected zip bomb): {detail_en}; not read",
    )


def corrupt(kind: str, detail_en: str) -> DocumentReadError:
    return DocumentReadError(
        "corrupt", f"{kind} 文件已损坏或格式不对,无法读取", f"corrupt {kind} file: {detail_en}"
    )


def declared_member_count(path: Path) -> int | None:
    """Entry count from the end-of-central-directory record (None if not found)."""
    with path.open("rb") as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        tail_len = min(size, _EOCD_LEN + 65_535)  # the record plus the longest comment
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
    at = tail.rfind(_EOCD_SIG)
    if at < 0 or at + _EOCD_LEN > len(tail):
        return None
    (total,) = struct.unpack_from("<H", tail, at + 10)
    return int(total)


class SafeZip:
    """A zip archive whose members are read with limits. Use as a context manager."""

    def __init__(self, path: Path, kind: str, limits: ZipLimits = DEFAULT_LIMITS) -> None:
        self.kind = kind
        self.limits = limits
        count = declared_member_count(path)
        if count is None:
            raise corrupt(kind, "not a zip archive")
        if count >= 0xFFFF or count > limits.max_members:
            raise bomb_error(f"{count} members (limit {limits.max_members})")
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise corrupt(kind, str(exc)) from None
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._check_headers()
        self._read_total = 0

    def _check_headers(self) -> None:
        lim = self.limits
        if len(self._infos) > lim.max_members:
            raise bomb_error(f"{len(self._infos)} members")
        total = 0
        for info in self._infos.values():
            if info.file_size > lim.max_member_bytes:
                raise bomb_error(f"{info.filename} declares {info.file_size:,} bytes")
            ratio_base = max(info.compress_size, 1)
            if info.file_size > lim.ratio_floor and info.file_size / ratio_base > lim.max_ratio:
                raise bomb_error(f"{info.filename} compression ratio over {lim.max_ratio}")
            total += info.file_size
        if total > lim.max_total_bytes:
            raise bomb_error(f"{total:,} bytes in all")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._infos

    def open(self, name: str) -> IO[bytes]:
        """A capped stream over one member: reading past its declared size, the member cap
        or the archive's total budget raises DocumentReadError."""
        info = self._infos.get(name)
        if info is None:
            raise corrupt(self.kind, f"missing part {name}")
        if info.flag_bits & 0x1:
            raise DocumentReadError(
                "encrypted", f"{self.kind} 文件已加密,无法读取", f"encrypted {self.kind} file"
            )
        budget = self.limits.max_total_bytes - self._read_total
        cap = min(info.file_size, self.limits.max_member_bytes, budget)
        try:
            raw = self._zip.open(info)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise corrupt(self.kind, str(exc)) from None
        return _CappedReader(raw, cap, self)  # type: ignore[return-value]

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()


class _CappedReader(io.RawIOBase):
    """Decompresses in bounded chunks and refuses to yield more than `cap` bytes."""

    def __init__(self, raw: IO[bytes], cap: int, owner: SafeZip) -> None:
        super().__init__()
        self._raw = raw
        self._cap = cap
        self._seen = 0
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        want = min(len(buffer), 64 * 1024)
        try:
            chunk = self._raw.read(want)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise corrupt(self._owner.kind, str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - zlib.error and friends from a damaged stream
            raise corrupt(self._owner.kind, f"{type(exc).__name__}: {exc}") from None
        self._seen += len(chunk)
        self._owner._read_total += len(chunk)
        if self._seen > self._cap:
            raise bomb_error(f"member expands past {self._cap:,} bytes")
        n = len(chunk)
        buffer[:n] = chunk
        return n

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts: list[bytes] = []
            while True:
                chunk = super().read(64 * 1024)
                if not chunk:
                    return b"".join(parts)
                parts.append(chunk)
        return super().read(size) or b""

    def close(self) -> None:
        self._raw.close()
        super().close()
