"""The one shape every statistic returns: rows that each carry their sample size `n`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StatResult:
    """A statistic: rows (each with `n`), cells suppressed below min_count, and why it may be empty."""

    name: str
    title: str
    rows: tuple[dict[str, Any], ...] = ()
    n: int = 0  # observations behind the whole statistic
    suppressed: int = 0  # rows (cells) withheld because their n < min_count
    reason: str | None = None  # set when rows is empty: what is missing
    notes: tuple[str, ...] = ()
    scope: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the API and `stats --json` print this)."""
        return {
            "name": self.name,
            "title": self.title,
            "n": self.n,
            "rows": [dict(r) for r in self.rows],
            "suppressed": self.suppressed,
            "reason": self.reason,
            "notes": list(self.notes),
            "scope": dict(self.scope),
            **self.extra,
        }


def empty_result(name: str, title: str, reason: str, scope: dict[str, Any]) -> StatResult:
    return StatResult(name=name, title=title, reason=reason, scope=scope)


def ratio(num: float, den: float) -> float | None:
    """num/den, or None for an empty denominator (never a division by zero)."""
    return None if not den else num / den
