"""The report page and its JSON twin, rendered from a synthetic three-month history."""

from __future__ import annotations

import json
import tracemalloc
from datetime import UTC, datetime
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from efficiency_rules.report import NormInfo, render_report
from efficiency_rules.report.content import format_value, percent_floor
from efficiency_rules.store import Store, synthetic

NORMS = {
    "DOC-1": {"quote": "州委、州政府和州委辦公室、州政府辦公室印發的普發類文件一般不超過3000字",
              "section": "三(三)一", "title": {"zh": "普发类文件篇幅", "en": "Length"}},
    "CTR-1": NormInfo(quote="各地行政審批進政務服務中心的比例不得低于95%", section="三(二)一",
                      title="审批事项进中心比例"),
}


class Page(HTMLParser):
    """Every start tag with its attributes, and the page's text, as a browser's parser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("h") / "h.sqlite")
    for run in synthetic.history():
        store.write_run(run.period, run.results, run.audit, run.units, metrics=run.metrics)
    return store


@pytest.fixture(scope="module")
def rendered(history_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("report")
    render_report(history_store, "2026-10", out / "r.html", json_path=out / "r.json",
                  xlsx_path=out / "r.xlsx", norms=NORMS,
                  generated_at=datetime(2026, 11, 2, tzinfo=UTC))
    html = (out / "r.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return {"html": html, "page": page, "json": json.loads((out / "r.json").read_text()),
            "dir": out}


def test_the_page_needs_no_network_and_runs_no_script(rendered: dict[str, Any]) -> None:
    page: Page = rendered["page"]
    assert "script" not in {tag for tag, _ in page.tags}
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("src", "href", "action", "srcset"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "<link" not in rendered["html"] and "@import" not in rendered["html"]
    assert "url(" not in rendered["html"]
    # And a policy forbidding scripts and fetches, in case escaping ever slips.
    [csp] = [a["content"] for tag, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None and "default-src 'none'" in csp and "script-src 'none'" in csp


def test_markup_in_titles_is_shown_as_text(rendered: dict[str, Any]) -> None:
    text = "".join(rendered["page"].text)
    for title in synthetic.MALICIOUS_TITLES:
        assert title in text
    assert "img" not in {tag for tag, _ in rendered["page"].tags}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered["html"]


def test_the_summary_comes_first_with_the_changes(rendered: dict[str, Any]) -> None:
    html = rendered["html"]
    order = [html.index(f'id="{key}"') for key in ("summary", "regions", "departments", "centre",
                                                     "trend", "by_norm", "resolved", "waivers",
                                                     "errors", "audit")]
    assert order == sorted(order)
    text = "".join(rendered["page"].text)
    assert "行政效能建设定期通报" in text and "2026年10月" in text
    assert "与上期（2026-09）相比：新增 9，持续 8，已整改 10。" in text
    assert "升级督办" in text


def test_clauses_are_quoted_above_their_findings(rendered: dict[str, Any]) -> None:
    html = rendered["html"]
    section = html[html.index('id="norm-DOC-1"'):]
    assert section.index("普发类文件篇幅") < section.index("<blockquote>") < section.index(
        "州教发〔2026〕33号")
    assert "普發類文件一般不超過3000字" in section  # the source's script, as it has it


def test_waivers_and_unreadable_inputs_are_listed(rendered: dict[str, Any]) -> None:
    html = rendered["html"]
    waivers = html[html.index('id="waivers"'):html.index('id="errors"')]
    assert "州政府常务会议" in waivers and "州政府第12次常务会议纪要" in waivers
    assert "州长" in waivers and "2026-09-10" in waivers
    errors = html[html.index('id="errors"'):html.index('id="audit"')]
    assert "documents/青山县/会议纪要.docx" in errors and "received_on" in errors


def test_three_months_of_trend_and_ratio_charts(rendered: dict[str, Any]) -> None:
    page: Page = rendered["page"]
    periods = [a["data-period"] for tag, a in page.tags if a.get("class") == "trend-period"]
    assert periods == ["2026-08", "2026-09", "2026-10"]
    bars = [(a["data-region"], a["data-pass"]) for tag, a in page.tags
            if a.get("class") == "ratio-bar"]
    assert ("石门市", "false") in bars and ("安平县", "true") in bars and len(bars) == 8
    assert sum(1 for tag, a in page.tags if a.get("class") == "threshold") >= 4


def test_the_json_twin_carries_the_same_content(rendered: dict[str, Any]) -> None:
    data = rendered["json"]
    summary = data["summary"]
    assert summary["units"] == {"total": 9, "county": 4, "department": 5}
    assert summary["changes"] == {"previous_period": "2026-09", "new": 9, "persisting": 8,
                                  "resolved": 10}
    assert [t["period"] for t in data["trend"]["findings"]] == ["2026-08", "2026-09", "2026-10"]
    norms = [n["norm"] for n in data["norms"]]
    assert norms[0] == "DOC-1" and norms == sorted(norms, key=norms.index)
    doc1 = data["norms"][0]
    assert doc1["quote"].startswith("州委") and doc1["findings"][0]["change"] == "new"
    assert {w["norm"] for w in data["waivers"]} == {"DOC-6", "MTG-3"}
    assert all(w["waiver"]["by"] for w in data["waivers"])
    assert len(data["resolved"]) == 10 and len(data["errors"]) == 2
    ratio = next(p for p in data["centre"] if p["region"] == "石门市" and p["metric"] == "CTR-1")
    assert (ratio["numerator"], ratio["denominator"], ratio["passes"]) == (174, 192, False)
    open_total = sum(len(n["findings"]) for n in data["norms"])
    assert open_total == sum(summary["findings"].values())
    titles = [f["subject"]["id"] for n in data["norms"] for f in n["findings"]]
    assert set(synthetic.MALICIOUS_TITLES) <= set(titles)


def test_a_period_never_stored_is_an_error(history_store: Store, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        render_report(history_store, "2030-01", tmp_path / "r.html", norms={})
    assert not (tmp_path / "r.html").exists()


def test_the_first_period_has_nothing_to_compare(history_store: Store, tmp_path: Path) -> None:
    render_report(history_store, "2026-08", tmp_path / "r.html", norms={})
    assert "本期为首次扫描，无上期可比。" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_english_labels(history_store: Store, tmp_path: Path) -> None:
    render_report(history_store, "2026-10", tmp_path / "r.html", norms={}, lang="en")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Findings by norm" in html
    assert "Over the limit" not in html and "General-distribution document has" in html


@pytest.mark.parametrize(
    "ratio, text",
    [(Fraction(1899, 2000), "94.9%"), (Fraction(19, 20), "95.0%"), (Fraction(1), "100.0%"),
     (Fraction(0), "0.0%"), (Fraction(2, 3), "66.6%")],
)
def test_percentages_round_down(ratio: Fraction, text: str) -> None:
    assert percent_floor(ratio) == text


@pytest.mark.parametrize(
    "value, text",
    [({"numerator": 97, "denominator": 100}, "97/100（97.0%）"), ({"minutes": 180}, "180 分钟"),
     ([1, 2], "1、2"), (None, "—"), (True, "是"), (3001, "3001")],
)
def test_values_as_text(value: Any, text: str) -> None:
    assert format_value(value) == text


def _peak_render(tmp_path: Path, findings: int) -> int:
    run = synthetic.bulk("2026-10", findings)
    store = Store.open(tmp_path / f"{findings}.sqlite")
    store.write_run(run.period, run.results, run.audit, run.units)
    del run
    tracemalloc.start()
    try:
        render_report(store, "2026-10", tmp_path / "r.html", json_path=tmp_path / "r.json",
                      norms={})
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()


def test_rendering_streams(tmp_path: Path) -> None:
    # Ten times the findings, about the same peak: nothing holds the run in memory.
    small, large = _peak_render(tmp_path, 1_000), _peak_render(tmp_path, 10_000)
    assert large < 2 * small + 200_000, (small, large)
    assert (tmp_path / "r.html").stat().st_size > 1_000_000
