"""Helpers shared by command modules: the engine, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from talentseek.domain import to_dict
from talentseek.engine import Engine

err_console = Console(stderr=True)


def engine() -> Engine:
    return Engine()


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(to_dict(obj), ensure_ascii=False) + "\n")


def progress() -> Progress:
    """A progress bar on stderr with count, elapsed time and an estimate of the time left."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )
