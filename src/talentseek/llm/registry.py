"""Model registry: home/models/registry.json lists the models, the active one and the activation history.

Writes are atomic (temp file + os.replace) so a crash never leaves a half-written registry.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from talentseek.errors import InputError, NotFound

NAME_RE = re.compile(r"^[\w.\-:]{1,80}$")


@dataclass(frozen=True)
class ModelEntry:
    name: str
    path: str
    size_bytes: int
    kind: str = "gguf"  # gguf | engine (served elsewhere; path is the engine's model id)
    added_at: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def public(self, active: bool) -> dict[str, Any]:
        """The `model list --json` row of CONTRACTS.md (extra keys allowed)."""
        return {
            "name": self.name,
            "path": self.path,
            "size_bytes": self.size_bytes,
            "active": active,
            "kind": self.kind,
            "meta": self.meta,
        }


class Registry:
    """The models known to one TalentSeek home."""

    def __init__(self, home: Path) -> None:
        self.dir = Path(home) / "models"
        self.file = self.dir / "registry.json"

    # --- storage
    def _load(self) -> dict[str, Any]:
        if not self.file.exists():
            return {"models": {}, "active": None, "history": []}
        try:
            data: dict[str, Any] = json.loads(self.file.read_text("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError(
                f"模型登记表已损坏（{err}）；请修复或删除后重新 add", file=str(self.file)
            ) from None
        return data

    def _save(self, data: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".registry.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.file)

    # --- queries
    def list(self) -> list[ModelEntry]:
        return [ModelEntry(**m) for m in self._load()["models"].values()]

    def get(self, name: str) -> ModelEntry:
        data = self._load()
        if name not in data["models"]:
            known = "、".join(data["models"]) or "无"
            raise NotFound(f"没有名为 {name} 的模型（已登记：{known}）；先用 talentseek model add 或 pull")
        return ModelEntry(**data["models"][name])

    def active(self) -> ModelEntry | None:
        data = self._load()
        name = data.get("active")
        return ModelEntry(**data["models"][name]) if name in data["models"] else None

    def history(self) -> builtins.list[str]:
        """Names made active, oldest first (the last one is the current model)."""
        return list(self._load().get("history", []))

    def previous(self) -> str | None:
        """The model that was active before the current one and is still registered: the rollback target."""
        data = self._load()
        hist = [h for h in data.get("history", []) if h in data["models"]]
        current = data.get("active")
        for name in reversed(hist):
            if name != current:
                return str(name)
        return None

    # --- changes
    def add(
        self,
        path: Path | str,
        name: str,
        *,
        kind: str = "gguf",
        meta: dict[str, Any] | None = None,
        copy: bool = False,
        replace: bool = False,
    ) -> ModelEntry:
        """Validate and register a model file (copied into home/models with copy=True, else referenced)."""
        if not NAME_RE.match(name):
            raise InputError("模型名只能包含字母、数字、汉字和 . - _ :（不超过 80 个字符）", field="name")
        data = self._load()
        if name in data["models"] and not replace:
            raise InputError(
                f"模型名 {name} 已被占用；换一个名字或先 talentseek model rm {name}", field="name"
            )
        entry_meta = dict(meta or {})
        if kind == "gguf":
            src = Path(path).expanduser().resolve()
            from talentseek.llm.gguf_file import read_gguf

            info = read_gguf(src)
            entry_meta.setdefault("architecture", info.architecture)
            if copy:
                src = self._copy_in(src, name)
            stored, size = str(src), src.stat().st_size
        else:
            stored, size = str(path), 0
        entry = ModelEntry(
            name, stored, size, kind, datetime.now(UTC).isoformat(timespec="seconds"), entry_meta
        )
        data["models"][name] = asdict(entry)
        self._save(data)
        return entry

    def _copy_in(self, src: Path, name: str) -> Path:
        dest = self.dir / f"{name}.gguf"
        if dest.resolve() == src:
            return dest
        part = dest.with_suffix(".gguf.part")
        shutil.copyfile(src, part)
        os.replace(part, dest)
        return dest

    def use(self, name: str) -> ModelEntry:
        """Make `name` the active chat model (recorded in the history for rollback)."""
        entry = self.get(name)
        data = self._load()
        data["active"] = name
        data.setdefault("history", []).append(name)
        data["history"] = data["history"][-50:]
        self._save(data)
        return entry

    def rollback(self) -> ModelEntry:
        """Make the previously active model active again."""
        prev = self.previous()
        if prev is None:
            raise NotFound("没有可回退的上一个模型（历史记录中只有当前模型）")
        return self.use(prev)

    def remove(self, name: str, *, delete_file: bool = False) -> ModelEntry:
        """Unregister `name` (and delete its file when it lives in home/models and delete_file is set)."""
        entry = self.get(name)
        data = self._load()
        del data["models"][name]
        if data.get("active") == name:
            data["active"] = None
        self._save(data)
        p = Path(entry.path)
        if delete_file and p.parent.resolve() == self.dir.resolve() and p.exists():
            p.unlink()
        return entry
