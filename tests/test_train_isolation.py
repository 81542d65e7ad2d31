"""The server and the CLI never load torch or talentseek.train at import time (DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import talentseek.api.app, talentseek.cli, talentseek.engine
talentseek.cli._register_all()
loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers', 'peft')
                or m.startswith('talentseek.train'))
print(','.join(loaded))
"""


def test_server_and_cli_do_not_import_training() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""
