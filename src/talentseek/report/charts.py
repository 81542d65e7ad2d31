"""Report charts as PNG bytes (matplotlib, object API: no global pyplot state, safe in a server)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from talentseek.report.fonts import matplotlib_family

COLOR, ACCENT, MUTED = "#2f6db5", "#d9822b", "#9bb7d9"


def _figure(rows: int) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, max(2.4, 0.36 * rows + 1.1)), dpi=110)
    fig.set_layout_engine("constrained")
    return fig


def _font() -> dict[str, Any]:
    return {"family": matplotlib_family()}


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _style(ax: Any, title: str, xlabel: str) -> None:
    ax.set_title(title, fontdict={**_font(), "size": 12})
    ax.set_xlabel(xlabel, fontdict=_font())
    for label in ax.get_yticklabels() + ax.get_xticklabels():
        label.set_fontfamily(matplotlib_family())
    ax.spines[["top", "right"]].set_visible(False)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str) -> bytes:
    """Horizontal bars, largest on top."""
    fig = _figure(len(labels))
    ax = fig.subplots()
    ax.barh(list(labels)[::-1], list(values)[::-1], color=COLOR)
    _style(ax, title, xlabel)
    return _png(fig)


def band_chart(
    labels: Sequence[str], bands: Sequence[tuple[float, float, float]], title: str, xlabel: str
) -> bytes:
    """P25–P75 range bars with the median marked: one row per group."""
    fig = _figure(len(labels))
    ax = fig.subplots()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, [b[2] - b[0] for b in bands], left=[b[0] for b in bands], color=MUTED, label="P25–P75")
    ax.scatter([b[1] for b in bands], ys, color=ACCENT, zorder=3, label="中位数")
    ax.set_yticks(ys, list(labels))
    ax.legend(prop=_font(), loc="lower right", frameon=False)
    _style(ax, title, xlabel)
    return _png(fig)


def change_chart(labels: Sequence[str], changes: Sequence[float], title: str) -> bytes:
    """Diverging bars of a change in percentage points (rising orange, falling blue)."""
    fig = _figure(len(labels))
    ax = fig.subplots()
    vals = [100 * c for c in changes][::-1]
    ax.barh(list(labels)[::-1], vals, color=[ACCENT if v > 0 else COLOR for v in vals])
    ax.axvline(0, color="#555", linewidth=0.8)
    _style(ax, title, "占比变化（百分点）")
    return _png(fig)


def stacked_chart(labels: Sequence[str], parts: Mapping[str, Sequence[float]], title: str) -> bytes:
    """Horizontal stacked bars: each part's weighted contribution to a composite."""
    fig = _figure(len(labels))
    ax = fig.subplots()
    left = [0.0] * len(labels)
    palette = [COLOR, ACCENT, "#4a9c6d", "#8c6bb1"]
    for (name, vals), color in zip(parts.items(), palette, strict=False):
        ax.barh(list(labels)[::-1], list(vals)[::-1], left=left[::-1], color=color, label=name)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.legend(prop=_font(), loc="lower right", frameon=False, fontsize=8)
    _style(ax, title, "综合得分（0-100，各分项加权贡献）")
    return _png(fig)


def text_png(text: str, size: int = 40) -> bytes:
    """Just `text` in the report font: lets tests check glyphs render (not blank, not tofu boxes)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1.2 * max(1, len(text)), 1.2), dpi=60)
    fig.text(0.05, 0.3, text, fontdict={**_font(), "size": size})
    return _png(fig)
