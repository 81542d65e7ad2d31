"""LLM layer: one small interface (base.LLM), backends chosen by name, model registry, serving queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from talentseek.errors import InputError, NotFound
from talentseek.llm.base import LLM, Chunk, Completion, Message, Usage, split_think
from talentseek.llm.queue import QueuedLLM
from talentseek.settings import Settings

__all__ = [
    "LLM",
    "Chunk",
    "Completion",
    "Message",
    "Usage",
    "split_think",
    "make_llm",
    "BACKENDS",
    "QueuedLLM",
]


def _llamacpp(settings: Settings) -> LLM:
    from talentseek.llm.llamacpp import LlamaCppLLM
    from talentseek.llm.registry import Registry

    if settings.llm_model and Path(settings.llm_model).is_file():
        path, name = Path(settings.llm_model), Path(settings.llm_model).stem
    else:
        entry = Registry(settings.home).active()
        if entry is None:
            raise NotFound(
                "还没有启用的本地模型：先运行 talentseek model pull NAME（或 model add PATH --name NAME），"
                "再 talentseek model use NAME"
            )
        path, name = Path(entry.path), entry.name
    inner = LlamaCppLLM(path, n_threads=settings.llm_threads, n_ctx=settings.llm_context, name=name)
    return QueuedLLM(
        inner, concurrency=1, max_waiting=settings.llm_queue_size, timeout_s=settings.llm_timeout_s
    )


def _openai(settings: Settings) -> LLM:
    from talentseek.llm.openai_client import OpenAICompatLLM

    if not settings.llm_base_url or not settings.llm_model:
        raise InputError("使用 openai 后端需要设置 TALENTSEEK_LLM_BASE_URL 和 TALENTSEEK_LLM_MODEL")
    inner = OpenAICompatLLM(
        settings.llm_base_url,
        settings.llm_model,
        api_key=settings.llm_api_key,
        timeout_s=settings.llm_timeout_s,
    )
    # engines batch many sequences themselves; the queue only bounds how many we send at once
    return QueuedLLM(
        inner, concurrency=8, max_waiting=settings.llm_queue_size * 8, timeout_s=settings.llm_timeout_s
    )


def _scripted(settings: Settings) -> LLM:
    from talentseek.llm.scripted import ScriptedLLM

    return QueuedLLM(
        ScriptedLLM(), concurrency=1, max_waiting=settings.llm_queue_size, timeout_s=settings.llm_timeout_s
    )


BACKENDS: dict[str, Callable[[Settings], LLM]] = {
    "llamacpp": _llamacpp,
    "openai": _openai,
    "scripted": _scripted,
}


def make_llm(settings: Settings) -> LLM:
    """The chat model named by settings.llm_backend, behind a bounded queue."""
    factory = BACKENDS.get(settings.llm_backend)
    if factory is None:
        raise InputError(
            f"未知的 LLM 后端 {settings.llm_backend}；可选：{'、'.join(BACKENDS)}",
            field="TALENTSEEK_LLM_BACKEND",
        )
    return factory(settings)
