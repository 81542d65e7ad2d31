"""PDF rendering with fpdf2: the CJK font embedded (subset), outline bookmarks and a table of contents."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from talentseek.report.fonts import cjk_font_path
from talentseek.report.model import Block, Report, Table

FONT = "cjk"


def _toc(pdf: Any, outline: list[Any]) -> None:
    pdf.set_font(FONT, size=16)
    pdf.cell(0, 12, "目录", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    for entry in outline:
        if entry.level == 0:
            link = pdf.add_link(page=entry.page_number)
            pdf.cell(pdf.epw - 20, 8, entry.name, link=link)
            pdf.cell(20, 8, str(entry.page_number), align="R", link=link, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: Any, table: Table) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, size=8.5)
    heads = FontFace(emphasis="", fill_color=(238, 243, 250))  # one regular CJK face: no bold to fall back on
    with pdf.table(text_align="LEFT", line_height=5.5, headings_style=heads) as t:
        for row in (table.headers, *table.rows):
            cells = t.row()
            for value in row:
                cells.cell(value)
    if table.caption:
        _line(pdf, table.caption, 8, (110, 110, 110))
    pdf.ln(2)


def _line(pdf: Any, text: str, size: float, color: tuple[int, int, int] = (34, 34, 34)) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(34, 34, 34)
    pdf.ln(1.5)


def _block(pdf: Any, b: Block) -> None:
    if b.kind == "subheading":
        pdf.ln(2)
        _line(pdf, b.text, 12.5, (47, 109, 181))
    elif b.kind == "para":
        _line(pdf, b.text, 10.5)
    elif b.kind == "note":
        _line(pdf, "注：" + b.text, 9, (90, 90, 90))
    elif b.kind == "insufficient":
        _line(pdf, b.text, 10.5, (190, 100, 20))
    elif b.table is not None:
        _table(pdf, b.table)
    elif b.chart is not None:
        pdf.image(io.BytesIO(b.chart.png), w=pdf.epw * 0.92)
        pdf.ln(2)


def render_pdf(report: Report, output: Path) -> None:
    """Write `report` as a PDF at `output`."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, fname=str(cjk_font_path()))
    pdf.set_title(report.title)
    pdf.add_page()
    pdf.set_font(FONT, size=22)
    pdf.multi_cell(0, 14, report.title, new_x="LMARGIN", new_y="NEXT")
    _line(pdf, f"{report.subtitle}    生成时间：{report.generated_at}", 11, (90, 90, 90))
    pdf.insert_toc_placeholder(_toc, pages=1)  # moves on to a fresh page itself
    for i, section in enumerate(report.sections):
        if i:
            pdf.add_page()
        pdf.start_section(section.title)
        _line(pdf, section.title, 16, (47, 109, 181))
        for block in section.blocks:
            _block(pdf, block)
    pdf.output(str(output))
