"""Readers: text encodings, .docx, .ofd, .pdf, and every hostile input refused with a
DocumentReadError (Chinese + English message). Hostile fixtures are built at run time."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from efficiency_rules.documents import load_document
from efficiency_rules.documents.errors import DocumentReadError
from efficiency_rules.documents.readers import MAX_TEXT_BYTES, decode_text, read_document
from efficiency_rules.documents.safezip import SafeZip, ZipLimits
from efficiency_rules.findings import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
TEXT = "州委办公室关于精简会议的通知\n各县市：\n　　现将有关事项通知如下。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path, reason: str) -> DocumentReadError:
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    err = info.value
    assert err.reason == reason, (err.reason, err.message_en)
    assert err.message and err.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)  # a Chinese message
    return err


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_text_encodings(data: bytes, encoding: str) -> None:
    text, got = decode_text(data)
    assert got == encoding
    assert text == TEXT


def test_traditional_gb18030(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "州委辦公室關於精簡會議的通知".encode("gb18030"))
    assert read_document(path).text == "州委辦公室關於精簡會議的通知"


@pytest.mark.parametrize(
    "name, data, reason, words",
    [
        ("empty.txt", b"", "empty", "文件为空"),
        ("blank.txt", "　\n \n".encode(), "no_text", "没有文字"),
        ("nul.txt", b"abc\x00\x00\x01def" * 10, "binary", "不是文本文件"),
        ("ctrl.txt", bytes(range(1, 9)) * 50 + "中文".encode(), "binary", "不是文本文件"),
        ("zip.txt", b"PK\x03\x04rest-of-a-zip", "binary", "不是文本文件"),
        ("pdf.txt", b"%PDF-1.7\n", "binary", "不是文本文件"),
        ("bad.txt", b"\xff\xfe\xfd"[1:] + b"\x81\x30\xff\xff", "undecodable", "编码"),
        ("x.doc", b"\xd0\xcf\x11\xe0", "unsupported", ".docx"),
        ("x.rtf", b"{\\rtf1}", "unsupported", "不支持"),
    ],
)
def test_hostile_text(tmp_path: Path, name: str, data: bytes, reason: str, words: str) -> None:
    err = refused(write(tmp_path, name, data), reason)
    assert words in err.message


def test_huge_file_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    err = refused(path, "too_large")
    assert "过大" in err.message
    just_over = tmp_path / "over.txt"
    with just_over.open("wb") as fh:
        fh.truncate(MAX_TEXT_BYTES + 1)
    refused(just_over, "too_large")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    refused(tmp_path / "nope.txt", "unreadable")


def test_load_document_turns_errors_into_input_errors(tmp_path: Path) -> None:
    result = load_document(write(tmp_path, "empty.txt", b""))
    assert isinstance(result, InputError)
    assert result.message == "文件为空"
    assert result.message_en == "the file is empty"
    assert result.path.endswith("empty.txt")


# ---------------------------------------------------------------- .docx


def make_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")  # python-docx: tests only, never at run time
    doc = docx.Document()
    doc.add_paragraph("州委办公室关于精简会议的通知")
    doc.add_paragraph("各县市：")
    doc.add_paragraph("第一段正文。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    table.cell(1, 0).text = "丙"
    table.cell(1, 1).paragraphs[0].add_run("丁")
    table.cell(1, 1).add_paragraph("戊")
    doc.add_paragraph("表后正文。")
    doc.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    raw = read_document(make_docx(tmp_path / "a.docx"))
    assert raw.format == "docx"
    assert raw.text.split("\n") == [
        "州委办公室关于精简会议的通知",
        "各县市：",
        "第一段正文。",
        "甲",
        "乙",
        "丙",
        "丁",
        "戊",
        "表后正文。",
    ]


def docx_with(path: Path, document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compress) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
    return path


BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body>{}</w:body></w:document>"
)


def test_docx_without_rels_falls_back_to_word_document(tmp_path: Path) -> None:
    xml = BODY.format("<w:p><w:r><w:t>正文</w:t><w:tab/><w:t>A</w:t></w:r></w:p>").encode()
    assert read_document(docx_with(tmp_path / "a.docx", xml)).text == "正文\tA"


def test_corrupt_docx(tmp_path: Path) -> None:
    err = refused(write(tmp_path, "bad.docx", b"this is not a zip at all"), "corrupt")
    assert "损坏" in err.message
    refused(
        write(tmp_path, "trunc.docx", make_docx(tmp_path / "t.docx").read_bytes()[:500]), "corrupt"
    )
    xml = b"<w:document><w:body><w:p>"  # unclosed XML
    refused(docx_with(tmp_path / "x.docx", xml), "corrupt")


def test_docx_zip_bomb_refused_from_headers(tmp_path: Path) -> None:
    # 100 MB of one byte compresses to ~100 KB: ratio ~1000, over the limit.
    path = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w") as member,
    ):
        for _ in range(100):
            member.write(b"\x20" * (1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    err = refused(path, "zip_bomb")
    assert "压缩炸弹" in err.message


def test_zip_bomb_caught_while_reading_when_headers_lie(tmp_path: Path) -> None:
    # Limits the headers pass but the stream breaks: the streaming cap catches it.
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a>" + b"x" * 500_000 + b"</a>")
    limits = ZipLimits(max_member_bytes=10_000_000, max_total_bytes=10_000_000, max_ratio=10**6)
    with SafeZip(path, "docx", limits) as archive:
        archive._infos["word/document.xml"].file_size = 100  # a lying header
        with pytest.raises(DocumentReadError):
            archive.read("word/document.xml")


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(30):
            zf.writestr(f"f{i}", b"")
    with pytest.raises(DocumentReadError) as info:
        SafeZip(path, "docx", ZipLimits(max_members=10))
    assert info.value.reason == "zip_bomb"


def test_docx_billion_laughs_refused(tmp_path: Path) -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b"]>"
        + BODY.format("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>").encode()
    )
    err = refused(docx_with(tmp_path / "lol.docx", lol), "xml_entities")
    assert "实体" in err.message


def test_docx_external_entity_refused(tmp_path: Path) -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + BODY.format("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>").encode()
    )
    refused(docx_with(tmp_path / "xxe.docx", xxe), "xml_entities")


# ---------------------------------------------------------------- .ofd


def make_ofd(path: Path, objects: str) -> Path:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        zf.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>",
        )
    return path


def text_object(x: float, y: float, text: str, size: float = 5.0) -> str:
    return (
        f'<ofd:TextObject Boundary="{x} {y} 100 {size}" Size="{size}">'
        f'<ofd:TextCode X="0" Y="{size * 0.85}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def test_ofd_reading_order_from_positions(tmp_path: Path) -> None:
    # Objects come unordered: the second line first, a year split in two pieces.
    objects = (
        text_object(40, 60, "第二行")
        + text_object(20, 40, "根据")
        + text_object(30.1, 40, "202")  # 根据 ends at 30: glued
        + text_object(38, 40.3, "6年")  # baseline within tolerance: same line
        + text_object(20, 20, "标题")
    )
    raw = read_document(make_ofd(tmp_path / "a.ofd", objects))
    assert raw.format == "ofd"
    assert raw.text.split("\n") == ["标题", "根据2026年", "第二行"]


def test_ofd_drops_page_numbers(tmp_path: Path) -> None:
    raw = read_document(
        make_ofd(tmp_path / "a.ofd", text_object(20, 20, "正文") + text_object(90, 280, "— 1 —"))
    )
    assert raw.text.strip() == "正文"


def test_ofd_without_text_and_corrupt(tmp_path: Path) -> None:
    refused(make_ofd(tmp_path / "empty.ofd", ""), "no_text")
    path = tmp_path / "noroot.ofd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OFD.xml", "<OFD/>")
    refused(path, "corrupt")


# ---------------------------------------------------------------- .pdf


def test_pdf_without_text_layer_says_so(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)  # like a scan: a page with no text
    buffer = io.BytesIO()
    writer.write(buffer)
    err = refused(write(tmp_path, "scan.pdf", buffer.getvalue()), "no_text_layer")
    assert "扫描件" in err.message and "text layer" in err.message_en


def test_corrupt_pdf(tmp_path: Path) -> None:
    refused(write(tmp_path, "bad.pdf", b"%PDF-1.4\n garbage \x00\x01"), "corrupt")


# ---------------------------------------------------------------- imports


def test_reading_txt_imports_nothing_heavy(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TEXT.encode())
    code = (
        "import sys; from efficiency_rules.documents import load_document;"
        f"d = load_document({str(path)!r}); assert d.record['zi'] > 0;"
        "heavy = [m for m in ('pypdf', 'openpyxl', 'zipfile', 'defusedxml', 'docx', 'yaml') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == ""
