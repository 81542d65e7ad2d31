"""Validate a GGUF model file without loading it: magic, header, metadata, and that no tensor is cut off.

Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (little-endian, version 2 or 3).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from talentseek.errors import InputError

MAGIC = b"GGUF"
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
# ggml type id → (elements per block, bytes per block); ggml.h / gguf-py constants.py GGML_QUANT_SIZES
_TYPE_SIZES = {
    0: (1, 4),
    1: (1, 2),
    2: (32, 18),
    3: (32, 20),
    6: (32, 22),
    7: (32, 24),
    8: (32, 34),
    9: (32, 36),
    10: (256, 84),
    11: (256, 110),
    12: (256, 144),
    13: (256, 176),
    14: (256, 210),
    15: (256, 292),
    24: (1, 1),
    25: (1, 2),
    26: (1, 4),
    27: (1, 8),
    28: (1, 8),
    30: (1, 2),
}
MAX_STRING = 1 << 24  # a metadata string longer than 16 MB means the header is garbage


@dataclass(frozen=True)
class GGUFInfo:
    version: int
    n_tensors: int
    size_bytes: int
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def architecture(self) -> str | None:
        arch = self.metadata.get("general.architecture")
        return arch if isinstance(arch, str) else None


class _Truncated(Exception):
    pass


def _read(f: BinaryIO, n: int) -> bytes:
    b = f.read(n)
    if len(b) < n:
        raise _Truncated
    return b


def _scalar(f: BinaryIO, t: int) -> Any:
    fmt = _SCALARS[t]
    return struct.unpack(fmt, _read(f, struct.calcsize(fmt)))[0]


def _string(f: BinaryIO) -> str:
    n = struct.unpack("<Q", _read(f, 8))[0]
    if n > MAX_STRING:
        raise ValueError(f"元数据字符串长度异常（{n} 字节）")
    return _read(f, n).decode("utf-8", errors="replace")


def _value(f: BinaryIO, t: int, keep: bool) -> Any:
    if t == 8:
        return _string(f)
    if t == 9:
        inner, n = _scalar(f, 4), _scalar(f, 10)
        if inner in _SCALARS and not keep:  # skip big arrays (the vocabulary) without decoding them
            f.seek(n * struct.calcsize(_SCALARS[inner]), 1)
            return None
        values = [_value(f, inner, keep) for _ in range(n)]
        return values if keep else None
    if t not in _SCALARS:
        raise ValueError(f"未知的元数据类型 {t}")
    return _scalar(f, t)


def _tensor_end(dims: list[int], ggml_type: int, offset: int) -> int | None:
    if ggml_type not in _TYPE_SIZES:
        return None
    per_block, nbytes = _TYPE_SIZES[ggml_type]
    n = 1
    for d in dims:
        n *= d
    return offset + n // per_block * nbytes


def read_gguf(path: Path) -> GGUFInfo:
    """Parse and check a GGUF file; raise InputError naming the file and what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        raise InputError("模型文件不存在，请检查路径", file=str(path))
    size = path.stat().st_size
    try:
        with path.open("rb") as f:
            return _parse(f, size)
    except _Truncated:
        raise InputError("模型文件不完整（被截断）：请重新下载或复制完整文件", file=str(path)) from None
    except (ValueError, KeyError, struct.error, UnicodeError) as err:
        raise InputError(f"不是有效的 GGUF 模型文件（{err}）", file=str(path)) from None


def _parse(f: BinaryIO, size: int) -> GGUFInfo:
    if f.read(4) != MAGIC:
        raise ValueError("文件头不是 GGUF；请提供 llama.cpp 使用的 .gguf 文件")
    version, n_tensors, n_kv = struct.unpack("<IQQ", _read(f, 20))
    if version not in (2, 3):
        raise ValueError(f"不支持的 GGUF 版本 {version}")
    meta: dict[str, Any] = {}
    for _ in range(n_kv):
        key = _string(f)
        t = _scalar(f, 4)
        meta[key] = _value(f, t, keep=not key.startswith("tokenizer."))
    ends: list[int] = []
    for _ in range(n_tensors):
        _string(f)
        n_dims = _scalar(f, 4)
        dims = [_scalar(f, 10) for _ in range(n_dims)]
        ggml_type, offset = _scalar(f, 4), _scalar(f, 10)
        end = _tensor_end(dims, ggml_type, offset)
        if end is not None:
            ends.append(end)
    align = int(meta.get("general.alignment", 32))
    data_start = -(-f.tell() // align) * align
    if ends and data_start + max(ends) > size:
        raise _Truncated
    return GGUFInfo(version, n_tensors, size, meta)
