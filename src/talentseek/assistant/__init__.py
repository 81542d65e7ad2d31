"""Conversational search for seekers and recruiters: LLM + tools (search, match, stats), cited answers.

This package only exports; its modules import each other directly.
"""

from talentseek.assistant.chat import Assistant, Conversation, ConversationStore, Reply
from talentseek.assistant.factory import engine_llm, make_assistant
from talentseek.assistant.jd_helper import Flag, JDHelp, check_jd, help_write_jd
from talentseek.assistant.tools import build_tools

__all__ = [
    "Assistant",
    "Conversation",
    "ConversationStore",
    "Reply",
    "Flag",
    "JDHelp",
    "check_jd",
    "help_write_jd",
    "make_assistant",
    "engine_llm",
    "build_tools",
]
