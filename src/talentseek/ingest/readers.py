"""Streaming row readers for CSV (UTF-8/UTF-8-BOM/GBK, detected), XLSX and JSONL.

Nothing here loads a whole file: CSV and JSONL are read line by line through a byte-counting
wrapper (for the progress bar), XLSX through openpyxl's read-only mode.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from talentseek.errors import InputError

SAMPLE_BYTES = 1 << 20  # encoding is decided on the first MB; UTF-8 is checked strictly on all of it
FIELD_LIMIT = 1 << 20  # a field over 1 MB is almost surely an unbalanced quote swallowing the file
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}

csv.field_size_limit(FIELD_LIMIT)


class CountingReader(io.RawIOBase):
    """A raw binary stream that counts the bytes read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.raw.readinto(b)  # type: ignore[attr-defined]
        self.count += n or 0
        return n  # type: ignore[no-any-return]

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass
class RowSource:
    """An opened file: its header and a row iterator yielding (row number, {column: value})."""

    path: Path
    fmt: str
    size: int
    header: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]
    encoding: str | None = None
    counter: CountingReader | None = None
    closer: Any = None

    def close(self) -> None:
        """Release the file (also done when the rows iterator finishes)."""
        if hasattr(self.rows, "close"):
            self.rows.close()
        if self.closer is not None:
            self.closer()

    @property
    def bytes_read(self) -> int:
        return self.counter.count if self.counter else 0


def detect_format(path: Path) -> str:
    """csv | xlsx | jsonl from the extension; refuses what we cannot read."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"不支持的文件类型 {path.suffix or '（无扩展名）'}：请提供 .csv、.xlsx 或 .jsonl 文件",
            file=str(path),
        )
    return fmt


def detect_encoding(sample: bytes, path: Path) -> str:
    """utf-8-sig / utf-8 when the sample is valid UTF-8, else charset-normalizer's guess (GBK → gb18030)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample[:65536]).best()
    if best is None:
        raise InputError("无法识别文件编码：请另存为 UTF-8 编码的 CSV 后重试", file=str(path))
    enc = best.encoding.lower().replace("-", "").replace("_", "")
    # gb18030 decodes everything GBK/GB2312 does; the detector often names the smaller set
    return "gb18030" if enc in GB_FAMILY else best.encoding


def check_text(sample: bytes, path: Path) -> None:
    """Refuse a binary file posing as text (NUL bytes, a ZIP/Excel signature)."""
    if sample.startswith(b"PK\x03\x04"):
        raise InputError(
            "文件内容是 ZIP/Excel 格式而不是文本：如果是 Excel 表格，请把扩展名改为 .xlsx", file=str(path)
        )
    if b"\x00" in sample[:8192]:
        raise InputError("文件含二进制内容，不是文本 CSV/JSONL：请确认导出格式", file=str(path))


def open_rows(path: Path) -> RowSource:
    """Open a data file for streaming; raises InputError for a missing, empty or unreadable file."""
    path = Path(path)
    if not path.is_file():
        raise InputError("文件不存在或不是普通文件", file=str(path))
    size = path.stat().st_size
    if size == 0:
        raise InputError("文件为空（0 字节）：请确认导出是否完成", file=str(path))
    fmt = detect_format(path)
    if fmt == "xlsx":
        return _open_xlsx(path, size)
    with path.open("rb") as f:
        sample = f.read(SAMPLE_BYTES)
    check_text(sample, path)
    enc = detect_encoding(sample, path)
    counter = CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=enc, newline="")
    if fmt == "jsonl":
        return RowSource(path, fmt, size, [], _jsonl_rows(text, path), enc, counter, text.close)
    return _open_csv(path, size, text, enc, counter)


def _open_csv(path: Path, size: int, text: io.TextIOWrapper, enc: str, counter: CountingReader) -> RowSource:
    first = _decode_guard(text.readline, path, 1)
    if not first.strip():
        text.close()
        raise InputError("第一行（表头）为空：CSV 文件的第一行应是列名", file=str(path))
    delim = "\t" if first.count("\t") > first.count(",") else ","
    header = [h.strip().lstrip("\ufeff") for h in next(csv.reader([first], delimiter=delim))]
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        text.close()
        raise InputError(f"表头有重复列名 {'、'.join(dup)}：请改名后重试", file=str(path))
    rows = _csv_rows(text, header, delim, path)
    return RowSource(path, "csv", size, header, rows, enc, counter, text.close)


def _decode_guard(read: Any, path: Path, row: int) -> Any:
    try:
        return read()
    except UnicodeDecodeError as err:
        raise InputError(
            f"编码错误（{err.reason}）：文件混有其他编码的内容，请统一另存为 UTF-8", file=str(path), row=row
        ) from None


def _csv_rows(
    text: io.TextIOWrapper, header: list[str], delim: str, path: Path
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows numbered as a spreadsheet shows them: the header is row 1."""
    reader = csv.reader(text, delimiter=delim, strict=True)
    n = 1
    try:
        while True:
            n += 1
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise InputError(
                    f"CSV 格式错误（{err}）：多半是引号不配对，请检查这一行附近的引号", file=str(path), row=n
                ) from None
            except UnicodeDecodeError as err:
                raise InputError(
                    f"编码错误（{err.reason}）：文件混有其他编码的内容，请统一另存为 UTF-8",
                    file=str(path),
                    row=n,
                ) from None
            if not any(c.strip() for c in rec):
                continue
            if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
                yield (
                    n,
                    {"__error__": f"本行有 {len(rec)} 列，多于表头的 {len(header)} 列（分隔符或引号有误）"},
                )
                continue
            yield n, dict(zip(header, rec + [""] * (len(header) - len(rec)), strict=False))
    finally:
        text.close()


def _jsonl_rows(text: io.TextIOWrapper, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """One JSON object per line; a bad line becomes an error row, not a failed import."""
    try:
        n = 0
        while True:
            n += 1
            line = _decode_guard(text.readline, path, n)
            if not line:
                return
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield n, {"__error__": f"JSON 格式错误（{err.msg}，第 {err.colno} 个字符）"}
                continue
            except (ValueError, RecursionError) as err:  # a 4,300+ digit integer, nesting 1,000 deep
                yield n, {"__error__": f"JSON 无法读取（{type(err).__name__}：数字过长或嵌套过深）"}
                continue
            yield n, obj if isinstance(obj, dict) else {"__error__": "这一行不是 JSON 对象（{...}）"}
    finally:
        text.close()


def _open_xlsx(path: Path, size: int) -> RowSource:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged or fake .xlsx
        raise InputError(
            f"无法读取 Excel 文件（{type(err).__name__}）：请确认文件未损坏、未加密", file=str(path)
        ) from None
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    first = next(it, None)
    if first is None or not any(c is not None for c in first):
        wb.close()
        raise InputError("第一个工作表没有表头（第一行为空）", file=str(path))
    header = [_cell(c).strip() for c in first]
    return RowSource(path, "xlsx", size, header, _xlsx_rows(wb, it, header), closer=wb.close)


def _xlsx_rows(
    wb: Any, it: Iterator[tuple[Any, ...]], header: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        for n, rec in enumerate(it, start=2):
            vals = [_cell(c) for c in rec]
            if any(v.strip() for v in vals):
                yield n, dict(zip(header, vals + [""] * (len(header) - len(vals)), strict=False))
    finally:
        wb.close()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime | date):
        return v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
    return str(v)
