"""Checkpoints that resume exactly: LoRA weights, optimizer, scheduler, RNG states and step, written to a temp
folder and renamed into place, with a hash manifest so a damaged one is detected instead of half-loaded."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

from talentseek.errors import InputError

MANIFEST = "complete.json"
KEEP = 2


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(folder: Path, step: int, model: Any, optimizer: Any, scheduler: Any, state: dict[str, Any]) -> Path:
    """Write checkpoint-<step> completely, then drop all but the newest KEEP."""
    import torch
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    final = folder / f"checkpoint-{step:06d}"
    tmp = folder / f".tmp-checkpoint-{step:06d}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    weights = {k: v.detach().cpu().contiguous() for k, v in get_peft_model_state_dict(model).items()}
    save_file(weights, tmp / "adapter.safetensors")
    rng = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    torch.save(
        {
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "rng": rng,
            "step": step,
            **state,
        },
        tmp / "trainer.pt",
    )
    files = {p.name: _sha(p) for p in tmp.iterdir()}
    (tmp / MANIFEST).write_text(json.dumps({"step": step, "files": files}), "utf-8")
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    for old in sorted(folder.glob("checkpoint-*"))[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def latest(folder: Path) -> Path | None:
    found = sorted(folder.glob("checkpoint-*")) if folder.is_dir() else []
    return found[-1] if found else None


def _corrupt(path: Path, why: str) -> InputError:
    return InputError(
        f"检查点已损坏（{why}）。删除该目录可从更早的检查点继续，或加 --fresh 从头训练", file=str(path)
    )


def load(path: Path, model: Any, optimizer: Any, scheduler: Any) -> dict[str, Any]:
    """Restore everything saved by `save`; InputError naming the folder if any file is missing or altered."""
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    try:
        manifest = json.loads((path / MANIFEST).read_text("utf-8"))
        for name, digest in manifest["files"].items():
            if _sha(path / name) != digest:
                raise _corrupt(path, f"{name} 的校验和不符")
        state: dict[str, Any] = torch.load(path / "trainer.pt", weights_only=True)
        set_peft_model_state_dict(model, load_file(path / "adapter.safetensors"))
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
    except InputError:
        raise
    except (OSError, KeyError, ValueError, RuntimeError, json.JSONDecodeError) as err:
        raise _corrupt(path, f"{type(err).__name__}: {err}") from None
    random.setstate(state["rng"]["python"])
    torch.set_rng_state(state["rng"]["torch"])
    if "cuda" in state["rng"] and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng"]["cuda"])
    return state
