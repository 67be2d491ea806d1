"""The supervision office's monthly scan, end to end on the shipped example submissions."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from efficiency_rules.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "submissions"


@pytest.fixture()
def submissions(tmp_path: Path) -> Path:
    target = tmp_path / "submissions"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.sqlite*"))
    return target


def scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scan", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def scan_json(*args: str) -> tuple[int, dict]:
    code, out = scan("--format", "json", *args)
    return code, json.loads(out)


def test_three_months_give_history_and_a_report(submissions: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, data = scan_json(str(submissions / "2026-10"), "--report", str(report))
    assert code == 1  # open errors this month
    info = data["scan"]
    assert info["period"] == "2026-10" and info["previous"] == "2026-09"
    assert info["new"] > 0 and info["persisting"] > 0 and info["resolved"] > 0
    escalated = {(e["unit"], e["norm"]) for e in info["escalations"]}
    assert ("青峰县", "CMP-2") in escalated  # its phase-1 summary never arrives (examples/README.md)
    assert any("2026-08" in n for n in data["notes"]) and any("2026-09" in n for n in data["notes"])
    html = report.read_text(encoding="utf-8")
    for month in ("2026-08", "2026-09", "2026-10"):
        assert month in html
    assert report.with_suffix(".json").is_file() and report.with_suffix(".xlsx").is_file()
    con = sqlite3.connect(submissions / "scans.sqlite")
    assert [r[0] for r in con.execute("SELECT period FROM runs ORDER BY period")] == ["2026-08", "2026-09", "2026-10"]


def test_findings_keep_their_fingerprint_across_months(submissions: Path) -> None:
    scan_json(str(submissions / "2026-10"))
    con = sqlite3.connect(submissions / "scans.sqlite")
    rows = con.execute(
        "SELECT r.period FROM findings f JOIN runs r ON r.id = f.run_id "
        "WHERE f.norm = 'CMP-2' AND f.unit = '青峰县' ORDER BY r.period").fetchall()
    assert [r[0] for r in rows] == ["2026-08", "2026-09", "2026-10"]
    prints = con.execute("SELECT COUNT(DISTINCT f.fingerprint) FROM findings f "
                         "WHERE f.norm = 'CMP-2' AND f.unit = '青峰县'").fetchone()[0]
    assert prints == 1


def test_the_later_scan_of_a_period_replaces_the_earlier(submissions: Path) -> None:
    scan_json(str(submissions / "2026-08"))
    _, data = scan_json(str(submissions / "2026-08"))
    assert len(data["scan"]["replaced"]) == 1
    _, out = scan(str(submissions / "2026-08"))
    assert "取代" in out


@pytest.mark.parametrize("option, scan_yaml, folder, expected", [
    ("2026-11", None, "anything", "2026-11"),
    (None, "period: 2026-07\n", "anything", "2026-07"),
    (None, None, "2026-05", "2026-05"),
])
def test_period_comes_from_option_then_scan_yaml_then_folder(tmp_path: Path, option: str | None,
                                                             scan_yaml: str | None, folder: str,
                                                             expected: str) -> None:
    sub = tmp_path / folder
    (sub / "documents").mkdir(parents=True)
    if scan_yaml:
        (sub / "scan.yaml").write_text(scan_yaml, encoding="utf-8")
    args = [str(sub), "--db", str(tmp_path / "h.sqlite")] + (["--period", option] if option else [])
    _, data = scan_json(*args)
    assert data["scan"]["period"] == expected


def test_no_period_is_a_clear_usage_error(tmp_path: Path) -> None:
    sub = tmp_path / "october"
    sub.mkdir()
    result = CliRunner().invoke(main, ["scan", str(sub)])
    assert result.exit_code == 2
    assert "--period" in result.output


def test_an_unreadable_file_is_listed_and_the_scan_finishes(submissions: Path, tmp_path: Path) -> None:
    month = submissions / "2026-08"
    (month / "documents" / "损坏.docx").write_bytes(b"PK\x03\x04 broken")
    report = tmp_path / "r.html"
    code, data = scan_json(str(month), "--report", str(report), "--no-backfill")
    assert code == 1
    assert any(e["path"].endswith("损坏.docx") for e in data["errors"])
    assert data["summary"]["subjects"] > 0  # everything else was checked
    assert "损坏.docx" in report.read_text(encoding="utf-8")


def test_jobs_2_gives_the_same_findings(submissions: Path, tmp_path: Path) -> None:
    one = scan_json(str(submissions / "2026-08"), "--db", str(tmp_path / "a.sqlite"))[1]
    two = scan_json(str(submissions / "2026-08"), "--db", str(tmp_path / "b.sqlite"), "--jobs", "2")[1]
    key = lambda d: sorted((f["norm"], f["subject"]["id"], f["status"]) for f in d["findings"])
    assert key(one) == key(two)


def _big_submission(root: Path, n: int) -> Path:
    month = root / "2026-08"
    shutil.copytree(EXAMPLES / "2026-08", month, ignore=shutil.ignore_patterns("*.sqlite*"))
    docs = month / "documents" / "bulk"
    docs.mkdir()
    body = "各县市人民政府,州直各部门:\n" + "　　加强机关效能建设,提高办事效率。" * 300
    for i in range(n):
        (docs / f"通知{i:05d}.txt").write_text(f"关于做好第{i}项工作的通知\n\n{body}\n", encoding="utf-8")
    return month


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from efficiency_rules.cli import run; run()", *args]


def test_kill_9_mid_scan_leaves_the_store_consistent(tmp_path: Path) -> None:
    month = _big_submission(tmp_path, 3000)
    db = tmp_path / "h.sqlite"
    env = {**os.environ, "EFFICIENCY_RULES_CACHE": str(tmp_path / "cache")}
    subprocess.run(_cli("scan", str(month), "--db", str(db)), env=env, capture_output=True, check=False)
    for delay in (0.8, 1.6, 2.0):  # while reading documents, and (on this machine) while writing
        victim = subprocess.Popen(_cli("scan", str(month), "--db", str(db)), env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM runs WHERE period = '2026-08'").fetchone()[0] == 1
        con.close()
    done = subprocess.run(_cli("scan", str(month), "--db", str(db), "--format", "json"), env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["scan"]["period"] == "2026-08"


def test_two_scans_at_once_on_one_store(submissions: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    env = {**os.environ, "EFFICIENCY_RULES_CACHE": str(tmp_path / "cache")}
    procs = [subprocess.Popen(_cli("scan", str(submissions / m), "--db", str(db), "--no-backfill"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for m in ("2026-08", "2026-09")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode in (0, 1), err
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [r[0] for r in con.execute("SELECT period FROM runs ORDER BY period")] == ["2026-08", "2026-09"]


def test_a_scan_survives_fifos_device_links_and_odd_names(submissions: Path, tmp_path: Path) -> None:
    month = submissions / "2026-08"
    os.mkfifo(month / "documents" / "fifo.txt")
    if Path("/dev/zero").exists():
        (month / "documents" / "zero.txt").symlink_to("/dev/zero")
    with open(os.fsencode(str(month / "documents")) + b"/x\xff.txt", "wb") as f:
        f.write("关于召开会议的通知\n　　请参加。\n".encode())
    done = subprocess.run(_cli("scan", str(month), "--db", str(tmp_path / "h.sqlite"), "--no-backfill",
                               "--format", "json"), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert any(e["path"].endswith("fifo.txt") for e in data["errors"])


@pytest.mark.parametrize("config, message", [
    ("params: {mtg-1: {max_attendees: 5}}\n", "不是规范编号或规则编号"),
    ("params: {MTG-1: {max_attendees: .nan}}\n", "不是有限数"),
    ("disable: [MTG-1, {a: 1}]\n", "disable"),
    ("foo: 1\n", "unknown key"),
])
def test_a_bad_config_is_a_usage_error(submissions: Path, tmp_path: Path, config: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", str(submissions / "2026-08"), "--config", str(path)])
    assert result.exit_code == 2
    assert message in result.output
