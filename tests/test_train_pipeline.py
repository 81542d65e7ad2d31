"""End to end on a tiny random Qwen2: records → data → LoRA (interrupted, resumed) → eval → promote → GGUF
in llama.cpp → generate → rollback; plus the pipeline's bad-input refusals."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from talentseek.errors import InputError, NotFound
from talentseek.generate import generate_market
from talentseek.llm.registry import Registry
from talentseek.settings import Settings
from talentseek.store.db import Database
from talentseek.train import chat, data, evaluate, export, model, promote, run
from talentseek.train.common import read_jsonl

# the train extra (conftest: skips without it, fails in CI); slow: the shared tiny run takes about 2 minutes
pytestmark = [pytest.mark.train, pytest.mark.slow]
STEPS = 8


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One tiny pipeline run shared by the tests below (each copies it before changing anything)."""
    home = Settings(home=tmp_path_factory.mktemp("trained") / "home").ensure_home()
    db = Database(Settings(home=home).db_url)
    generate_market(db, jobs=40, candidates=16, seed=0, truth_dir=home)
    manifest = data.build(db, home)
    db.dispose()
    first = run.train(home, steps=STEPS, batch_size=4, save_every=4, stop_after=5)  # "interrupted" at step 5
    second = run.train(home, steps=STEPS, batch_size=4, save_every=4)
    result = evaluate.evaluate(home, limit=2, max_new_tokens=12)
    return {"home": home, "manifest": manifest, "first": first, "second": second, "eval": result}


def _copy(trained: dict[str, Any], home: Path) -> None:
    shutil.copytree(trained["home"], home, dirs_exist_ok=True)


def test_train_resumes_exactly_and_loss_goes_down(trained: dict[str, Any]) -> None:
    first, second = trained["first"], trained["second"]
    assert first["step"] == 5 and not first["finished"]
    assert second["step"] == STEPS and second["finished"] and len(second["losses"]) == STEPS
    # steps 1-4 come from the checkpoint; step 5 was recomputed after resuming and must match exactly
    assert second["losses"][:5] == pytest.approx(first["losses"][:5], abs=1e-4)
    losses = second["losses"]
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3
    assert Path(second["adapter"], "adapter_config.json").is_file()


def test_eval_compares_every_task_and_writes_eval_json(trained: dict[str, Any]) -> None:
    result = trained["eval"]
    tasks = set(trained["manifest"]["counts"]["eval"])
    assert tasks <= set(result["tasks"]) and {"jd_extract", "resume_extract", "match_explain"} <= tasks
    for row in result["tasks"].values():
        assert 0 <= row["base"] <= 1 and 0 <= row["specialist"] <= 1 and row["n"] >= 1
        assert all(0 < v <= 1 for v in row["likelihood"].values())
    assert result["general"]["n"] >= 1 and result["passed"] == (
        result["wins_domain"] and result["holds_general"]
    )
    saved = json.loads((trained["home"] / "train" / "eval.json").read_text("utf-8"))
    assert saved["adapter_sha"] == result["adapter_sha"]
    assert "基础模型" in str(evaluate.table(result).columns[3].header)


def _register_base(home: Path) -> str:
    """A 'previous' model to roll back to: the base itself, exported to GGUF."""
    import torch

    base = home / "train" / "base-tiny"
    m, tok = model.load(base, torch.float32, "cpu")
    path = export.write_gguf(m, tok, home / "models" / "base.gguf", f16=False)
    reg = Registry(home)
    reg.add(path, "base-tiny")
    reg.use("base-tiny")
    return "base-tiny"


@pytest.mark.llm  # the promoted GGUF is loaded in llama.cpp
def test_promote_serve_and_rollback(trained: dict[str, Any], home: Path) -> None:
    _copy(trained, home)
    _fix_paths(trained, home)
    reg = Registry(home)
    _register_base(home)
    if not trained["eval"]["passed"]:  # a few steps on a random model rarely win: refusal is the rule
        with pytest.raises(InputError, match="拒绝晋升"):
            promote.promote(home)
        assert reg.active() is not None and reg.active().name == "base-tiny"  # type: ignore[union-attr]
    done = promote.promote(home, force=True, name="specialist-test")
    assert reg.active().name == "specialist-test" and done["previous"] == "base-tiny"  # type: ignore[union-attr]
    assert Path(done["path"]).is_file() and not list((home / "models").glob("*.part"))
    _check_llama_cpp(home, Path(done["path"]))
    back = promote.rollback(home)
    assert back["name"] == "base-tiny" and reg.active().name == "base-tiny"  # type: ignore[union-attr]


def _fix_paths(trained: dict[str, Any], home: Path) -> None:
    """Point the copied eval.json at the copied adapter and base (paths in it are absolute)."""
    path = home / "train" / "eval.json"
    text = path.read_text("utf-8").replace(str(trained["home"]), str(home))
    path.write_text(text, "utf-8")


def _check_llama_cpp(home: Path, gguf_path: Path) -> None:
    """The GGUF loads in llama.cpp, tokenizes like the HF tokenizer, computes the same logits, generates."""
    import llama_cpp
    import numpy as np
    import torch

    result = json.loads((home / "train" / "eval.json").read_text("utf-8"))
    merged, tok = export.merged(Path(result["base"]), Path(result["adapter"]))
    text = chat.prompt_text(tok, [{"role": "user", "content": "济南 Java开发工程师 月薪多少？"}])
    ids = tok(text, add_special_tokens=False)["input_ids"]
    llm = llama_cpp.Llama(model_path=str(gguf_path), n_ctx=256, n_threads=2, verbose=False, logits_all=True)
    assert llm.tokenize(text.encode(), add_bos=False, special=True) == ids
    llm.eval(ids)
    with torch.no_grad():
        ref = merged(input_ids=torch.tensor([ids])).logits[0, -1].numpy()
    assert np.allclose(np.asarray(llm.scores[len(ids) - 1]), ref, atol=1e-3, rtol=1e-3)
    llm.close()
    from talentseek.llm import make_llm

    served = make_llm(Settings(home=home, llm_backend="llamacpp", llm_context=256))
    reply = served.generate([{"role": "user", "content": "你好"}], max_tokens=8, temperature=0.0)
    assert reply.usage.completion_tokens > 0
    del served  # llama.cpp frees its model when the last reference goes
    gc.collect()


def test_corrupted_checkpoint_is_a_clear_error(trained: dict[str, Any], home: Path) -> None:
    _copy(trained, home)
    last = sorted((home / "train" / "runs" / "tiny" / "checkpoints").glob("checkpoint-*"))[-1]
    (last / "adapter.safetensors").write_bytes(b"not a tensor file")
    with pytest.raises(InputError, match="检查点已损坏"):
        run.train(home, steps=STEPS + 2, batch_size=4, save_every=4)


def test_memory_refusal_names_the_numbers(
    trained: dict[str, Any], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy(trained, home)
    monkeypatch.setattr(model, "available_memory", lambda device: 64 << 20)
    ckpts = home / "train" / "runs" / "tiny" / "checkpoints"
    before = sorted(p.name for p in ckpts.iterdir())
    with pytest.raises(InputError, match=r"预计需要 [\d.]+ GiB.*可用仅 0\.1 GiB"):
        run.train(home, steps=STEPS + 2, fresh=True)
    assert sorted(p.name for p in ckpts.iterdir()) == before  # refused before touching anything


def test_too_long_examples_are_dropped_or_truncated(trained: dict[str, Any]) -> None:
    _, tok = model.check_base(trained["home"] / "train" / "base-tiny")
    rows = list(read_jsonl(trained["home"] / "train" / "data" / "train.jsonl"))
    dropped = chat.encode_all(tok, rows, seq_len=96)
    assert dropped.dropped > 0 and all(len(x) <= 96 for x in dropped.input_ids)
    cut = chat.encode_all(tok, rows, seq_len=96, truncate=True)
    assert cut.truncated > 0 and all(len(x) <= 96 for x in cut.input_ids)
    assert all(any(label != chat.IGNORE for label in y) for y in cut.labels)  # every kept row has loss


def test_unknown_architecture_or_missing_chat_template(trained: dict[str, Any], tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(trained["home"] / "train" / "base-tiny", base)
    cfg = json.loads((base / "config.json").read_text())
    (base / "config.json").write_text(json.dumps({**cfg, "model_type": "not-a-model"}))
    with pytest.raises(InputError, match="支持"):
        model.check_base(base)
    (base / "config.json").write_text(
        json.dumps({**cfg, "model_type": "llama", "architectures": ["LlamaForCausalLM"]})
    )
    with pytest.raises(InputError, match="不支持的模型架构 llama"):
        model.check_base(base)
    (base / "config.json").write_text(json.dumps(cfg))
    (base / "chat_template.jinja").unlink(missing_ok=True)
    tc = json.loads((base / "tokenizer_config.json").read_text())
    tc.pop("chat_template", None)
    (base / "tokenizer_config.json").write_text(json.dumps(tc))
    with pytest.raises(InputError, match="聊天模板"):
        model.check_base(base)


def test_nothing_half_written_is_promoted(
    trained: dict[str, Any], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy(trained, home)
    _fix_paths(trained, home)
    reg = Registry(home)
    adapter = Path(json.loads((home / "train" / "eval.json").read_text("utf-8"))["adapter"])

    # an export that dies half-way leaves no model file and no registry entry
    def boom(*_: Any, **__: Any) -> Path:
        (home / "models").mkdir(parents=True, exist_ok=True)
        (home / "models" / "x.gguf.part").write_bytes(b"GGUF")
        raise OSError("disk full")

    monkeypatch.setattr(export, "write_gguf", boom)
    with pytest.raises(OSError):
        promote.promote(home, force=True, name="x")
    assert reg.list() == [] and not (home / "models" / "x.gguf").exists()
    # an adapter changed after its evaluation, or missing its weights, is refused
    (adapter / "adapter_config.json").write_text((adapter / "adapter_config.json").read_text() + " ")
    with pytest.raises(InputError, match="评测之后被改动"):
        promote.promote(home, force=True)
    for f in adapter.glob("adapter_model.*"):
        f.unlink()
    with pytest.raises(InputError, match="不完整"):
        promote.promote(home, force=True)
    assert reg.list() == []


def test_rollback_without_history_and_promote_without_eval(home: Path) -> None:
    with pytest.raises(NotFound, match="train eval"):
        promote.promote(home)
    with pytest.raises(NotFound, match="没有可回退"):
        promote.rollback(home)


def test_count_params_matches_the_model(trained: dict[str, Any]) -> None:
    import torch

    m, _ = model.load(trained["home"] / "train" / "base-tiny", torch.float32, "cpu")
    assert model.count_params(m.config) == sum(p.numel() for p in m.parameters())
