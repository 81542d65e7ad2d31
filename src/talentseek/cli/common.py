"""Helpers shared by command modules: the engine, JSON output, progress bars."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from talentseek.engine import Engine

err_console = Console(stderr=True)


def engine() -> Engine:
    from talentseek.engine import Engine  # here: `talentseek --help` need not load SQLAlchemy

    return Engine()


def home() -> Path:
    """The home folder (created if new), for commands that need only files, not the engine's parts."""
    from talentseek.settings import Settings

    return Settings().ensure_home()


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
