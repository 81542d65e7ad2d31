"""An Assistant for one user of an engine: its tools and, when one is configured, its model."""

from __future__ import annotations

import logging
from typing import Any

from talentseek.assistant.chat import Assistant
from talentseek.assistant.tools import build_tools
from talentseek.domain import Role
from talentseek.errors import TalentSeekError
from talentseek.llm.base import LLM

log = logging.getLogger("talentseek.assistant")


def engine_llm(engine: Any) -> LLM | None:
    """The engine's model, or None when none is configured (the assistant then answers from templates)."""
    try:
        llm: LLM = engine.llm
        return llm
    except TalentSeekError as err:
        log.warning("assistant running without a model: %s", err)
        return None


def make_assistant(engine: Any, role: Role, viewer: Any = None) -> Assistant:
    return Assistant(build_tools(engine, role, viewer), engine_llm(engine))
