"""The report as data (sections of paragraphs, tables and charts), rendered by report.render."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from talentseek.report.result import StatResult


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    name: str


@dataclass(frozen=True)
class Block:
    """One piece of a section: a paragraph, a note, a '数据不足' notice, a table or a chart."""

    kind: str  # para | note | insufficient | table | chart | subheading
    text: str = ""
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def para(self, text: str) -> None:
        self.blocks.append(Block("para", text))

    def sub(self, text: str) -> None:
        self.blocks.append(Block("subheading", text))

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text))

    def insufficient(self, what: str, reason: str | None) -> None:
        self.blocks.append(Block("insufficient", f"数据不足（{what}）：{reason or '样本过少'}"))

    def add_table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    def add_chart(self, chart: Chart) -> None:
        self.blocks.append(Block("chart", chart=chart))


@dataclass
class Report:
    title: str
    subtitle: str
    generated_at: str
    sections: list[Section] = field(default_factory=list)


Column = tuple[str, str, Callable[[Any], str]]


def money(x: Any) -> str:
    return "—" if x is None else f"{float(x):,.0f}"


def pct(x: Any) -> str:
    return "—" if x is None else f"{100 * float(x):.1f}%"


def num(x: Any) -> str:
    return "—" if x is None else (f"{x:,}" if isinstance(x, int) else f"{float(x):,.2f}")


def text(x: Any) -> str:
    return "—" if x is None else str(x)


def stat_table(res: StatResult, columns: Sequence[Column], limit: int = 15) -> Table:
    """The first `limit` rows of a statistic as a table; the caption says what was cut or suppressed."""
    rows = tuple(tuple(fmt(r.get(key)) for key, _, fmt in columns) for r in res.rows[:limit])
    notes = []
    if len(res.rows) > limit:
        notes.append(f"仅列前 {limit} 项，共 {len(res.rows)} 项")
    if res.suppressed:
        notes.append(f"{res.suppressed} 项样本少于 {res.scope.get('min_count')} 未显示")
    return Table(tuple(h for _, h, _ in columns), rows, "；".join(notes))
