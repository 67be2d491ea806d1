"""The published-document index: building, the disk cache, queries (DOC-5, DOC-4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from efficiency_rules.similarity import PublishedIndex, published_fields

SPEECH = (
    "同志们:今天召开全州行政效能建设动员大会,主要任务是动员全州各级各部门进一步转变作风,"
    "提高行政效能。下面,我讲三点意见。一、统一思想,充分认识行政效能建设的重要性。"
    "行政效能建设是转变政府职能的重要内容,事关发展环境,事关群众切身利益。"
)
RULES = (
    "第一条为规范政务服务中心管理,方便群众办事,制定本办法。第二条进驻中心的事项实行一个窗口受理、"
    "集中办理、限时办结。第三条窗口工作人员应当一次性告知申请人需要补正的全部材料。"
)
OTHER = "关于召开全州春季农业生产现场会的通知。会议时间为三月十日,地点在州农业科学研究所,请各县派员参加。"


@pytest.fixture()
def published(tmp_path: Path) -> Path:
    folder = tmp_path / "published"
    (folder / "speeches").mkdir(parents=True)
    (folder / "speeches" / "speech-1.txt").write_text("在全州行政效能建设动员大会上的讲话\n" + SPEECH, encoding="utf-8")
    (folder / "rules-1.txt").write_text("政务服务中心管理办法\n" + RULES, encoding="utf-8")
    (folder / "notice-1.txt").write_text(OTHER, encoding="utf-8")
    (folder / "broken.bin").write_bytes(b"\x00\x01")
    return folder


def test_query_finds_the_wrapped_document(published: Path, tmp_path: Path) -> None:
    index = PublishedIndex.build(published, tmp_path / "cache", jobs=1)
    text = "各县市人民政府:现将《政务服务中心管理办法》转发给你们,请遵照执行。\n" + RULES
    matches = index.query(text, min_containment=0.8)
    assert [m.published_id for m in matches] == ["rules-1"]
    assert matches[0].containment > 0.85  # all but the published title line
    qs, qe, ps, pe = matches[0].passages[0]
    assert text[qs:qe] == Path(matches[0].published_path).read_text(encoding="utf-8")[ps:pe]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("解读:" + RULES[:45] + "。上述规定旨在方便群众,下一步将加强督查。", []),  # quotes a little
        ("全新的一份文件,内容与已公开文件毫无关系,讲的是防汛工作的部署安排和值班要求。", []),
        ("关于印发讲话的通报\n" + SPEECH, ["speech-1"]),
    ],
)
def test_threshold_separates_copies(published: Path, text: str, expected: list[str]) -> None:
    index = PublishedIndex.build(published, None, jobs=1)
    assert [m.published_id for m in index.query(text, min_containment=0.8)] == expected


def test_unreadable_files_are_build_errors_not_crashes(published: Path) -> None:
    index = PublishedIndex.build(published, None, jobs=1)
    assert [Path(e.path).name for e in index.errors] == ["broken.bin"]
    assert len(index.docs) == 3


def test_second_build_reuses_the_cache(published: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = PublishedIndex.build(published, cache, jobs=1)
    second = PublishedIndex.build(published, cache, jobs=1)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert [d.id for d in second.docs] == [d.id for d in first.docs]
    assert (second.keys == first.keys).all()


def test_a_changed_folder_is_rebuilt(published: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    PublishedIndex.build(published, cache, jobs=1)
    (published / "new.txt").write_text(OTHER + "补充通知。", encoding="utf-8")
    again = PublishedIndex.build(published, cache, jobs=1)
    assert not again.from_cache
    assert len(again.docs) == 4


def test_parallel_build_equals_serial(published: Path) -> None:
    files = sorted(published.rglob("*.txt")) * 30  # enough files for the process pool
    serial = PublishedIndex.build(files, None, jobs=1)
    parallel = PublishedIndex.build(files, None, jobs=2)
    assert (serial.keys == parallel.keys).all()


def test_record_fields_for_doc4(published: Path) -> None:
    index = PublishedIndex.build(published, None, jobs=1)
    fields = published_fields(index.query("讲话通报\n" + SPEECH, min_containment=0.8))
    assert fields["published_id"] == "speech-1"
    assert fields["published_kind"] == "speech"  # the title ends in 讲话
    assert fields["published_containment"] >= 0.85  # all but the title line
    assert fields["published_passages"] == 1


def test_record_fields_without_a_match_are_null() -> None:
    assert set(published_fields([]).values()) == {None}
