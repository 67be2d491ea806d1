"""XML from untrusted archives: defusedxml with DTDs and entities refused.

Office and OFD parts never need a DTD, so any DTD is refused outright (forbid_dtd), which stops
"billion laughs" entity expansion and external entities before they start. Parsing streams
(iterparse) so a large part is not held as one tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, cast
from xml.etree.ElementTree import Element, ParseError

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as DET  # type: ignore[import-untyped]

from .errors import DocumentReadError


def hostile_xml(kind: str, detail_en: str) -> DocumentReadError:
    return DocumentReadError(
        "xml_entities",
        f"{kind} 文件含有 DTD 或实体声明(可能是实体膨胀攻击),未读取",
        f"{kind} file contains a DTD or entity declarations (possible entity-expansion "
        f"attack): {detail_en}; not read",
    )


def bad_xml(kind: str, detail_en: str) -> DocumentReadError:
    return DocumentReadError(
        "corrupt", f"{kind} 文件已损坏或格式不对,无法读取", f"corrupt {kind} file: {detail_en}"
    )


def iter_events(stream: IO[bytes], kind: str) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs for start and end events, refusing DTDs and entities."""
    try:
        yield from DET.iterparse(stream, events=("start", "end"), forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise hostile_xml(kind, type(exc).__name__) from None
    except ParseError as exc:
        raise bad_xml(kind, str(exc)) from None


def parse_root(data: bytes, kind: str) -> Element:
    """A small XML part (OFD.xml, Document.xml, .rels) as one tree."""
    try:
        return cast(Element, DET.fromstring(data, forbid_dtd=True))
    except defusedxml.DefusedXmlException as exc:
        raise hostile_xml(kind, type(exc).__name__) from None
    except ParseError as exc:
        raise bad_xml(kind, str(exc)) from None


def local(tag: str) -> str:
    """The local name of a namespaced tag: OFD files differ in their namespace URI."""
    return tag.rsplit("}", 1)[-1]
