"""Model registry, GGUF validation, model pull from a stub mirror on loopback, and the model CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from llm_helpers import write_gguf
from talentseek.errors import InputError, NotFound, TalentSeekError
from talentseek.llm.catalog import CATALOG, CatalogEntry, find
from talentseek.llm.download import pull
from talentseek.llm.gguf_file import read_gguf
from talentseek.llm.registry import Registry


@pytest.fixture(scope="module")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")


def test_gguf_validation(tiny_gguf: Path, tmp_path: Path) -> None:
    info = read_gguf(tiny_gguf)
    assert info.architecture == "qwen2" and info.n_tensors > 10
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny_gguf.read_bytes()[: tiny_gguf.stat().st_size // 2])
    with pytest.raises(InputError, match="截断"):
        read_gguf(cut)
    head = tmp_path / "head.gguf"
    head.write_bytes(tiny_gguf.read_bytes()[:30])
    with pytest.raises(InputError, match="截断"):
        read_gguf(head)
    txt = tmp_path / "model.gguf"
    txt.write_text("not a model", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 GGUF"):
        read_gguf(txt)
    with pytest.raises(InputError, match="不存在"):
        read_gguf(tmp_path / "missing.gguf")


def test_registry_add_use_history_rollback(tiny_gguf: Path, home: Path) -> None:
    reg = Registry(home)
    assert reg.active() is None and reg.list() == []
    a = reg.add(tiny_gguf, "base")
    reg.add(tiny_gguf, "special", copy=True, meta={"eval": 0.9})
    assert (
        Path(reg.get("special").path).parent == home / "models" and a.size_bytes == tiny_gguf.stat().st_size
    )
    reg.use("base")
    reg.use("special")
    assert reg.active().name == "special" and reg.previous() == "base"  # type: ignore[union-attr]
    assert reg.rollback().name == "base" and reg.active().name == "base"  # type: ignore[union-attr]
    assert reg.history() == ["base", "special", "base"]
    with pytest.raises(InputError, match="已被占用"):
        reg.add(tiny_gguf, "base")
    with pytest.raises(InputError, match="模型名"):
        reg.add(tiny_gguf, "bad name/..")
    reg.remove("special", delete_file=True)
    assert not (home / "models" / "special.gguf").exists() and [e.name for e in reg.list()] == ["base"]
    with pytest.raises(NotFound):
        reg.use("special")


def test_registry_rejects_bad_files_and_stays_intact(tiny_gguf: Path, home: Path, tmp_path: Path) -> None:
    reg = Registry(home)
    reg.add(tiny_gguf, "ok")
    before = reg.file.read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny_gguf.read_bytes()[:1000])
    with pytest.raises(InputError, match="截断"):
        reg.add(cut, "cut")
    assert reg.file.read_bytes() == before
    reg.file.write_text("{broken", encoding="utf-8")
    with pytest.raises(InputError, match="已损坏"):
        reg.list()


def test_catalog_has_distill_sizes_and_engine_models() -> None:
    names = {e.name for e in CATALOG}
    for size in ("1.5b", "7b", "14b", "32b"):
        assert f"deepseek-r1-distill-qwen-{size}-q4_k_m" in names
    assert find("deepseek-v3").kind == "engine"  # type: ignore[union-attr]
    assert all(e.ram_bytes > e.size_bytes for e in CATALOG if e.kind == "gguf")


# ------------------------------------------------------------------ pull from a stub mirror
class Mirror(BaseHTTPRequestHandler):
    payload = b""
    stall_once = False
    requests: list[str | None] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        type(self).requests.append(self.headers.get("Range"))
        start = int(self.headers["Range"].split("=")[1].rstrip("-")) if self.headers.get("Range") else 0
        body = self.payload[start:]
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if type(self).stall_once:
            type(self).stall_once = False
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(1.5)  # longer than the client's read timeout
            return
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def mirror(tiny_gguf: Path) -> Iterator[str]:
    Mirror.payload, Mirror.stall_once, Mirror.requests = tiny_gguf.read_bytes(), False, []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def entry(data: bytes, sha: str | None = None) -> CatalogEntry:
    sha = sha if sha is not None else hashlib.sha256(data).hexdigest()
    return CatalogEntry(
        "tiny", "org/tiny-GGUF", "tiny.gguf", len(data), len(data) * 2, 0.001, "F32", sha256=sha
    )


def test_pull_verifies_and_registers(mirror: str, home: Path) -> None:
    reg = Registry(home)
    seen: list[int] = []
    got = pull(entry(Mirror.payload), reg, mirror, progress=lambda d, t: seen.append(d))
    assert got.name == "tiny" and Path(got.path).read_bytes() == Mirror.payload
    assert seen[-1] == len(Mirror.payload) and not list((home / "models").glob("*.part"))


def test_pull_resumes_after_mid_download_timeout(mirror: str, home: Path) -> None:
    Mirror.stall_once = True
    got = pull(entry(Mirror.payload), Registry(home), mirror, timeout_s=0.5, retries=2)
    assert Path(got.path).read_bytes() == Mirror.payload
    assert Mirror.requests[0] is None and Mirror.requests[1] is not None  # second request resumed with Range


def test_pull_gives_up_cleanly_and_keeps_partial(mirror: str, home: Path) -> None:
    Mirror.stall_once = True
    with pytest.raises(TalentSeekError, match="断点继续"):
        pull(entry(Mirror.payload), Registry(home), mirror, timeout_s=0.5, retries=0)
    assert Registry(home).list() == [] and (home / "models" / "tiny.gguf.part").exists()


def test_pull_checksum_mismatch_registers_nothing(mirror: str, home: Path) -> None:
    with pytest.raises(InputError, match="校验和不符"):
        pull(entry(Mirror.payload, sha="0" * 64), Registry(home), mirror)
    assert Registry(home).list() == [] and not list((home / "models").glob("tiny.gguf*"))


def test_pull_checks_disk_first(mirror: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(100, 99, 1))  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="磁盘空间不足"):
        pull(entry(Mirror.payload), Registry(home), mirror)
    assert Mirror.requests == [] and Registry(home).list() == []


def test_pull_not_gguf_is_discarded(mirror: str, home: Path) -> None:
    Mirror.payload = b"<html>404 page</html>"
    with pytest.raises(InputError, match="GGUF"):
        pull(entry(Mirror.payload), Registry(home), mirror)
    assert Registry(home).list() == [] and not list((home / "models").glob("tiny.gguf*"))


# ------------------------------------------------------------------ CLI
def run_cli(*args: str) -> Any:
    from talentseek.cli import _register_all, app

    _register_all()
    return CliRunner().invoke(app, list(args))


def test_model_cli_contract(tiny_gguf: Path) -> None:
    r = run_cli("model", "add", str(tiny_gguf), "--name", "tiny")
    assert r.exit_code == 0, r.output
    assert run_cli("model", "use", "tiny").exit_code == 0
    rows = json.loads(run_cli("model", "list", "--json").stdout)
    assert rows == [
        {
            "name": "tiny",
            "path": str(tiny_gguf.resolve()),
            "size_bytes": tiny_gguf.stat().st_size,
            "active": True,
            "kind": "gguf",
            "meta": {"architecture": "qwen2"},
        }
    ]
    assert run_cli("model", "rm", "tiny").exit_code == 0
    assert json.loads(run_cli("model", "list", "--json").stdout) == []


def test_model_cli_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.gguf"
    bad.write_text("hello", encoding="utf-8")
    r = run_cli("model", "add", str(bad), "--name", "x")
    assert r.exit_code != 0 and isinstance(r.exception, InputError)
    r = run_cli("model", "use", "nope")
    assert isinstance(r.exception, NotFound)


def test_model_check_json_without_model() -> None:
    r = run_cli("model", "check", "--json", "--no-run")
    out = json.loads(r.stdout)
    assert out["machine"]["cores"] >= 1 and out["machine"]["bandwidth_bytes_s"] > 0
    assert any(m["name"].endswith("1.5b-q4_k_m") for m in out["models"])
