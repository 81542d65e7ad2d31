"""Embedders outside the package: a local sentence-transformers model, or any /v1/embeddings server."""

from __future__ import annotations

from typing import Any

import httpx
import numpy as np

from talentseek.embed.base import Kind, Matrix, empty, l2_normalize
from talentseek.errors import InputError, MissingDependency, TalentSeekError


class SentenceTransformersEmbedder:
    """A sentence-transformers model loaded from a local folder (e.g. a bge-zh model); never downloads."""

    def __init__(self, model_path: str | None, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not model_path:
            raise InputError(
                "请设置 TALENTSEEK_EMBEDDER_MODEL_PATH 为本地模型目录", field="embedder_model_path"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise MissingDependency("sentence-transformers 向量模型", "pip install 'talentseek[st]'") from err
        self._model: Any = SentenceTransformer(model_path, local_files_only=True)
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = f"sentence-transformers:{model_path}"
        self._prefix = {"query": query_prefix, "passage": passage_prefix}

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        vecs = self._model.encode([self._prefix[kind] + t for t in texts], normalize_embeddings=True)
        return l2_normalize(vecs)


class OpenAIEmbedder:
    """Any OpenAI-compatible `/v1/embeddings` server (vLLM, TEI, Xinference, ...) over httpx."""

    def __init__(
        self,
        base_url: str | None,
        model: str | None,
        api_key: str | None = None,
        *,
        batch: int = 64,
        timeout_s: float = 60.0,
        client: httpx.Client | None = None,
    ) -> None:
        if not base_url:
            raise InputError(
                "请设置 TALENTSEEK_EMBEDDER_BASE_URL，例如 http://127.0.0.1:8001/v1",
                field="embedder_base_url",
            )
        self._url = base_url.rstrip("/") + "/embeddings"
        self._model = model or "default"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.Client(timeout=timeout_s, headers=headers)
        self._batch = batch
        self.name = f"openai:{self._model}"
        self.dim = 0  # learned from the first response

    def _post(self, texts: list[str]) -> Matrix:
        try:
            resp = self._client.post(self._url, json={"model": self._model, "input": texts})
            resp.raise_for_status()
            data = sorted(resp.json()["data"], key=lambda d: d["index"])
        except (httpx.HTTPError, KeyError, ValueError) as err:
            raise TalentSeekError(
                f"向量服务 {self._url} 调用失败：{err}；请检查服务是否启动、地址是否正确"
            ) from err
        return l2_normalize(np.asarray([d["embedding"] for d in data], dtype=np.float32))

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        parts = [self._post(texts[i : i + self._batch]) for i in range(0, len(texts), self._batch)]
        out = np.vstack(parts)
        self.dim = int(out.shape[1])
        return out
