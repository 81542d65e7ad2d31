"""Render a Report to Markdown (charts beside it), self-contained HTML, or PDF (fpdf2, embedded CJK font)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from talentseek.errors import InputError
from talentseek.report.content import SECTIONS, build_report
from talentseek.report.model import Report, Table
from talentseek.report.scope import Scope
from talentseek.store.db import Database

FORMATS = ("html", "pdf", "md")
TEMPLATES = Path(__file__).parent / "templates"


def _md_table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"

    out = [row(table.headers), "|" + "---|" * len(table.headers), *(row(r) for r in table.rows)]
    return out + ([f"\n*{table.caption}*"] if table.caption else [])


def render_markdown(report: Report, assets: Path) -> str:
    """Markdown with a table of contents; chart PNGs are written into `assets` and linked relatively."""
    lines = [
        f"# {report.title}",
        "",
        f"{report.subtitle}　生成时间：{report.generated_at}",
        "",
        "## 目录",
        "",
    ]
    lines += [f"- [{s.title}](#{s.id})" for s in report.sections]
    for section in report.sections:
        lines += ["", f'<a id="{section.id}"></a>', "", f"## {section.title}", ""]
        for b in section.blocks:
            if b.kind == "subheading":
                lines += [f"### {b.text}", ""]
            elif b.kind == "para":
                lines += [b.text, ""]
            elif b.kind in ("note", "insufficient"):
                lines += [f"> {'**' + b.text + '**' if b.kind == 'insufficient' else '注：' + b.text}", ""]
            elif b.table is not None:
                lines += [*_md_table(b.table), ""]
            elif b.chart is not None:
                assets.mkdir(parents=True, exist_ok=True)
                (assets / b.chart.name).write_bytes(b.chart.png)
                lines += [f"![{b.chart.caption}]({assets.name}/{b.chart.name})", ""]
    return "\n".join(lines)


def render_html(report: Report) -> str:
    """One self-contained HTML file (charts inlined as data URIs), with a linked table of contents."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env.get_template("report_doc.html").render(report=report)


def write_report(
    db: Database, scope: Scope, fmt: str, output: Path, tick: Callable[[str], None] | None = None
) -> Path:
    """Build and write the report; `tick` is called once per section and once for the rendering."""
    if fmt not in FORMATS:
        raise InputError(f"不支持的格式“{fmt}”：可选 html、pdf、md", field="format")
    if output.is_dir():
        raise InputError(f"输出路径 {output} 是一个目录：请给出文件名，如 report.{fmt}", field="output")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = build_report(db, scope, tick)
    if fmt == "md":
        output.write_text(render_markdown(report, output.with_name(output.stem + "_files")), encoding="utf-8")
    elif fmt == "html":
        output.write_text(render_html(report), encoding="utf-8")
    else:
        from talentseek.report.pdf import render_pdf

        render_pdf(report, output)
    if tick:
        tick("写出文件")
    return output


def steps() -> int:
    """How many ticks write_report makes (for a progress bar's total)."""
    return len(SECTIONS) + 1
