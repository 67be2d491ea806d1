"""The drafter's path end to end: files on disk → `efficiency-rules lint` → findings and exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from efficiency_rules.cli import main


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def circular(tmp_path: Path, name: str, zi: int, issuer: str = "prefecture_committee_office") -> Path:
    """A 普发类文件 whose body is exactly `zi` 字 (Han characters only: one 字 each)."""
    path = tmp_path / name
    path.write_text("\n".join(["关于加强机关作风建设的通知", "", "各县市人民政府,州直各部门:",
                               "　　" + "效" * (zi - 1) + "。"]), encoding="utf-8")
    (tmp_path / f"{name}.meta.yaml").write_text(f"kind: general_circular\nissuer: {issuer}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("zi, fires", [(3000, False), (3001, True)])
def test_doc1_boundary_on_a_real_file(tmp_path: Path, zi: int, fires: bool) -> None:
    path = circular(tmp_path, "通知.txt", zi)
    code, out = lint("--format", "json", str(path))
    data = json.loads(out)
    doc1 = [f for f in data["findings"] if f["norm"] == "DOC-1"]
    assert bool(doc1) is fires
    assert data["documents"][0]["zi"] == zi
    assert code == 0  # DOC-1 is a warning; the default --fail-on is error
    if fires:
        assert doc1[0]["values"]["excess"] == 1
        assert doc1[0]["severity"] == "warning"


def test_fail_on_warning_and_text_output(tmp_path: Path) -> None:
    path = circular(tmp_path, "通知.txt", 3412)
    code, out = lint("--fail-on", "warning", str(path))
    assert code == 1
    assert "3,412 字" in out and "超出上限 3,000 字 412 字" in out
    assert "三(三)一" in out and "一般不超过3000字" in out  # the clause, shown in simplified script
    assert "DOC-8" in out  # the attestation checklist closes the output


def test_english_messages(tmp_path: Path) -> None:
    path = circular(tmp_path, "c.txt", 3001)
    _, out = lint("--lang", "en", str(path))
    assert "1 over the limit of 3,000" in out


def test_waiver_by_approval(tmp_path: Path) -> None:
    path = circular(tmp_path, "通知.txt", 3100)
    (tmp_path / "通知.txt.meta.yaml").write_text(
        "kind: general_circular\nissuer: prefecture_committee_office\n"
        "approvals:\n  - {by: 州委办公室主任, date: 2026-03-01, ref: 州委办批〔2026〕3号, covers: [DOC-1]}\n",
        encoding="utf-8")
    code, out = lint("--format", "json", "--fail-on", "warning", str(path))
    finding = next(f for f in json.loads(out)["findings"] if f["norm"] == "DOC-1")
    assert finding["status"] == "waived"
    assert finding["waiver"]["ref"] == "州委办批〔2026〕3号"
    assert code == 0  # a waived finding does not fail the run


def test_sarif(tmp_path: Path) -> None:
    path = circular(tmp_path, "c.txt", 3001)
    _, out = lint("--format", "sarif", str(path))
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"][0]["ruleId"] == "DOC-1-general-circular-length"


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (bad / "undecodable.txt").write_bytes("通知".encode() + b"\xff\xfe\xfa\x80\x81" * 10)
    (bad / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(bad / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<a>" + "0" * (300 * 1024 * 1024) + "</a>")
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                        for i in range(1, 10))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              '<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(bad / "entities.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", laughs)
    with open(bad / "huge.txt", "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    return {p.stem: p for p in bad.iterdir()}


def test_bad_inputs_are_errors_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    good = circular(tmp_path, "good.txt", 3001)
    code, out = lint("--format", "json", *map(str, bad.values()), str(good))
    data = json.loads(out)
    assert code == 1
    failed = {Path(e["path"]).stem for e in data["errors"]}
    assert failed == set(bad), data["errors"]
    assert all(e["message"] for e in data["errors"])
    assert [f["norm"] for f in data["findings"]] == ["DOC-1"]  # the good file was still checked


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    code, out = lint(str(tmp_path / "nope.txt"))
    assert code == 1
    assert "nope.txt" in out


@pytest.mark.parametrize("sidecar", [
    "date: 2026-13-45\n",
    "date: 2026-02-30\n",
    'kind: !!python/object/apply:os.system ["echo pwned"]\n',
    'kind: !!binary "zz"\n',
])
def test_a_bad_sidecar_is_an_error_and_the_other_files_are_still_checked(tmp_path: Path, sidecar: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("关于召开会议的通知\n　　请参加。\n", encoding="utf-8")
    (tmp_path / "bad.txt.meta.yaml").write_text(sidecar, encoding="utf-8")
    good = circular(tmp_path, "good.txt", 3001)
    code, out = lint("--format", "json", str(bad), str(good))
    data = json.loads(out)
    assert code == 1
    assert any(e["path"].endswith("bad.txt.meta.yaml") for e in data["errors"])
    assert [f["norm"] for f in data["findings"]] == ["DOC-1"]


def test_unusual_files_in_a_folder(tmp_path: Path) -> None:
    """A FIFO, a link to /dev/zero and a name that is not UTF-8: reported or read, never a hang
    or a broken JSON."""
    import os

    folder = tmp_path / "docs"
    folder.mkdir()
    os.mkfifo(folder / "fifo.txt")
    if Path("/dev/zero").exists():
        (folder / "zero.txt").symlink_to("/dev/zero")
    weird = os.fsencode(str(folder)) + b"/x\xff.txt"
    with open(weird, "wb") as f:
        f.write("关于召开会议的通知\n　　请参加。\n".encode())
    code, out = lint("--format", "json", str(folder))
    data = json.loads(out)
    assert code == 1
    assert {Path(e["path"]).name for e in data["errors"]} >= {"fifo.txt"}
    assert any("\ufffd" in d["path"] for d in data["documents"])
