"""Rendered reports: headings, table of contents, Chinese glyphs that are real glyphs (not boxes)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib import image as mpimage
from matplotlib.ft2font import FT2Font

from talentseek.errors import InputError
from talentseek.report import charts
from talentseek.report.fonts import cjk_font_path
from talentseek.report.render import write_report
from talentseek.report.scope import make_scope
from talentseek.store.db import Database
from test_report_stats import _insert

HEADINGS = (
    "一、数据概况",
    "二、招聘需求分布",
    "三、薪酬水平",
    "四、人才供需",
    "五、求职意向与人才流入",
    "六、技能热度变化",
    "七、城市人才吸引力",
    "八、招聘效率",
    "九、方法说明",
)


def _ink(png: bytes) -> np.ndarray[Any, Any]:
    """Darkness per pixel (0 white .. 1 black)."""
    img = mpimage.imread(io.BytesIO(png), format="png")
    return np.asarray(1.0 - img[..., :3].mean(axis=2))


_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(data: bytes) -> bytes:
    """A PDF literal string's bytes (escapes resolved)."""

    def sub(m: re.Match[bytes]) -> bytes:
        tok = m.group(1)
        return bytes([int(tok, 8)]) if tok[:1].isdigit() else _ESC.get(tok, tok)

    return re.sub(rb"\\([0-7]{1,3}|.)", sub, data, flags=re.S)


def pdf_text(path: Path) -> str:
    """Text of an fpdf2 PDF via its ToUnicode map (pypdf and pdfminer mis-read its CID CMap encoding)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(str(path)).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
            codes = {
                int(a, 16): chr(int(b, 16)) for a, b in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4,})>", cmap)
            }
        content = page.get_contents().get_data()
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", content, flags=re.S):
            data = _literal(raw)
            out.append(
                "".join(
                    codes.get(int.from_bytes(data[i : i + 2], "big"), "?") for i in range(0, len(data), 2)
                )
            )
    return "".join(out)


@pytest.fixture
def db(tmp_path: Path) -> Any:
    database = Database(f"sqlite:///{tmp_path / 'r.db'}")
    _insert(database)
    yield database
    database.dispose()


def test_font_has_every_heading_glyph() -> None:
    font = FT2Font(str(cjk_font_path()))
    missing = {
        ch
        for text in (*HEADINGS, "人才发展报告数据不足目录月薪中位数")
        for ch in text
        if not ch.isascii() and font.get_char_index(ord(ch)) == 0
    }
    assert not missing


def test_chinese_text_renders_as_distinct_glyphs() -> None:
    ren, cai = _ink(charts.text_png("人")), _ink(charts.text_png("才"))
    assert (ren > 0.5).sum() > 50 and (cai > 0.5).sum() > 50  # not blank
    assert np.abs(ren - cai).sum() > 0.2 * max(ren.sum(), cai.sum())  # two different shapes: not tofu boxes


def test_chart_with_chinese_labels_has_no_missing_glyph_warning() -> None:
    # filterwarnings=error: matplotlib's "Glyph ... missing from font(s)" would fail this test
    png = charts.band_chart(
        ["济南市", "青岛市"], [(8000, 10000, 13000), (6000, 9000, 11000)], "月薪分位数", "元/月"
    )
    assert png.startswith(b"\x89PNG") and (_ink(png) > 0.5).sum() > 500


def test_html_report_has_toc_headings_and_charts(db: Database, tmp_path: Path) -> None:
    out = write_report(db, make_scope(db, "山东省", "2025-01", "2025-12"), "html", tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    assert "<title>山东省人才发展报告</title>" in html and "统计期：2025-01 至 2025-12" in html
    for heading in HEADINGS:
        assert html.count(heading) == 2, heading  # once in the table of contents, once as the heading
    assert html.count("data:image/png;base64,") >= 2
    assert "数据不足（技能趋势）" in html  # no skills in this dataset: said, not charted


def test_pdf_report_has_toc_and_embedded_chinese_font(db: Database, tmp_path: Path) -> None:
    from pypdf import PdfReader

    ticks: list[str] = []
    out = write_report(
        db, make_scope(db, "山东省", "2025-01", "2025-12"), "pdf", tmp_path / "r.pdf", ticks.append
    )
    assert ticks[-1] == "写出文件" and len(ticks) == 10
    reader = PdfReader(str(out))
    text = pdf_text(out).replace(" ", "")
    assert "山东省人才发展报告" in text and "目录" in text
    for heading in HEADINGS:
        assert text.count(heading) >= 2, heading  # table of contents + section
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("NotoSansSC" in f for f in fonts)
    assert [o.title for o in reader.outline][:2] == list(HEADINGS[:2])


def test_markdown_report_writes_chart_files(db: Database, tmp_path: Path) -> None:
    out = write_report(db, make_scope(db, "济南市"), "md", tmp_path / "jinan.md")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 济南市人才发展报告") and "## 目录" in text
    assert "### 职位数（按区县）" in text  # a city report breaks demand down by district
    for name in [line.split("(")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")]:
        assert (tmp_path / name).stat().st_size > 1000


def test_bad_report_requests(db: Database, tmp_path: Path) -> None:
    scope = make_scope(db, "山东省")
    with pytest.raises(InputError, match="不支持的格式"):
        write_report(db, scope, "docx", tmp_path / "r.docx")
    with pytest.raises(InputError, match="是一个目录"):
        write_report(db, scope, "md", tmp_path)
    empty = write_report(db, make_scope(db, "山东省", "2030-01", "2030-03"), "md", tmp_path / "e.md")
    text = empty.read_text(encoding="utf-8")
    assert "没有职位数据" in text and text.count("数据不足") >= 8 and "![" not in text  # no charts of nothing
