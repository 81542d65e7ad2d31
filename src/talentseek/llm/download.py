"""`model pull`: download a catalog model from a mirror, resumable, verified, then register it.

The file is written to NAME.gguf.part; only after size and checksum check out is it renamed and
registered, so an interrupted or corrupt download never shows up as a model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from talentseek.errors import InputError, TalentSeekError
from talentseek.llm.catalog import CatalogEntry
from talentseek.llm.registry import ModelEntry, Registry

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
CHUNK = 1 << 20
DISK_MARGIN = 256 * 1024 * 1024


def check_disk(folder: Path, need: int) -> None:
    """Raise before downloading when the disk under `folder` cannot hold `need` more bytes plus a margin."""
    free = shutil.disk_usage(folder).free
    if free < need + DISK_MARGIN:
        raise InputError(
            f"磁盘空间不足：需要约 {(need + DISK_MARGIN) / 1e9:.2f} GB，可用 {free / 1e9:.2f} GB；"
            "请清理磁盘或把 TALENTSEEK_HOME 指向更大的磁盘后重试",
            file=str(folder),
        )


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def _fetch_once(client: httpx.Client, url: str, part: Path, progress: Progress | None) -> int:
    """Append to `part` from where it stops (HTTP Range); return the total size the server reported."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with client.stream("GET", url, headers=headers) as r:
        if r.status_code == 416:  # already complete
            return have
        if r.status_code not in (200, 206):
            raise InputError(f"镜像返回 HTTP {r.status_code}：{url}；请检查 TALENTSEEK_MODEL_MIRROR 和模型名")
        if r.status_code == 200 and have:  # server ignored Range: start over
            have = 0
            part.unlink()
        total = have + int(r.headers.get("content-length", 0))
        with part.open("ab") as f:
            for block in r.iter_bytes():  # as received: a stall must not lose buffered bytes
                f.write(block)
                have += len(block)
                if progress:
                    progress(have, total)
    return total


def download(
    url: str, part: Path, *, retries: int = 3, timeout_s: float = 30.0, progress: Progress | None = None
) -> None:
    """Download url into part, resuming after timeouts and dropped connections (backoff 1, 2, 4 s)."""
    timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0))
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for attempt in range(retries + 1):
            try:
                total = _fetch_once(client, url, part, progress)
                if total and part.stat().st_size < total:
                    raise httpx.ReadError("连接提前结束")
                return
            except (httpx.TimeoutException, httpx.TransportError) as err:
                if attempt == retries:
                    raise TalentSeekError(
                        f"下载失败（{type(err).__name__}），已重试 {retries} 次；已下载部分保存在 {part}，"
                        "再次运行同一命令会从断点继续"
                    ) from None
                time.sleep(min(2**attempt, 8) * (0.05 if timeout_s < 1 else 1))


def pull(
    entry: CatalogEntry,
    registry: Registry,
    mirror: str,
    *,
    retries: int = 3,
    timeout_s: float = 30.0,
    progress: Progress | None = None,
    name: str | None = None,
) -> ModelEntry:
    """Fetch a catalog GGUF into home/models, verify it and register it (not made active)."""
    if entry.kind != "gguf":
        raise InputError(f"{entry.name} 不提供 GGUF 文件：{entry.note}")
    if any(e.name == (name or entry.name) for e in registry.list()):
        raise InputError(
            f"模型 {name or entry.name} 已登记；如需重新下载请先 talentseek model rm {name or entry.name}"
        )
    registry.dir.mkdir(parents=True, exist_ok=True)
    dest = registry.dir / entry.file
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    check_disk(registry.dir, max(entry.size_bytes - have, 0))
    download(entry.url(mirror), part, retries=retries, timeout_s=timeout_s, progress=progress)
    if entry.sha256:
        got = sha256_file(part)
        if got != entry.sha256.lower():
            part.unlink()
            raise InputError(
                f"校验和不符（期望 {entry.sha256[:12]}…，实际 {got[:12]}…）：文件已删除，"
                "请检查镜像后重新下载",
                file=entry.file,
            )
    os.replace(part, dest)
    try:
        return registry.add(
            dest,
            name or entry.name,
            meta={"catalog": entry.name, "quant": entry.quant, "sha256": entry.sha256},
        )
    except InputError:
        dest.unlink(missing_ok=True)  # a download that is not a valid GGUF is not kept
        raise
