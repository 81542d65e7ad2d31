"""Bad resume files: each gets a clear InputError naming the file, never a crash or a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from talentseek.errors import InputError
from talentseek.parse import extract
from talentseek.parse.extract import OCR_HINT, extract_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "resumes"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests describe a core install: the OCR extra is absent even if a developer installed it."""
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("rapidocr"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_image_resume_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(_png())
    with pytest.raises(InputError) as info:
        extract_text(path)
    assert OCR_HINT in str(info.value) and "pip install 'talentseek[ocr]'" in str(info.value)
    assert info.value.file == str(path)


def test_scanned_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(_png()), x=10, y=10, w=100)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="需要 OCR"):
        extract_text(path)


def test_ocr_extra_is_used_when_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []

    def fake_ocr(images: list[bytes], path: Path) -> str:
        calls.extend(images)
        return "张伟\n电话：13812345678"

    monkeypatch.setattr(extract, "_ocr_images", fake_ocr)
    path = tmp_path / "scan.jpg"
    path.write_bytes(_png())
    assert extract_text(path) == "张伟\n电话：13812345678"
    assert calls == [path.read_bytes()]


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(EXAMPLES / "chenjing_finance.pdf"))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError, match="PDF 已加密") as info:
        extract_text(path)
    assert info.value.file == str(path)


def test_owner_only_encrypted_pdf_still_reads(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(EXAMPLES / "chenjing_finance.pdf"))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "printable.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "潍柴动力股份有限公司" in extract_text(path)


def test_zip_bomb_named_docx_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):  # 200 MB of zeros compress to about 200 KB
                member.write(chunk)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(InputError, match="压缩炸弹") as info:
        extract_text(path)
    assert info.value.file == str(path)


def test_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * 5_000_000)
    with pytest.raises(InputError, match="压缩比异常"):
        extract_text(path)


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 .docx"):
        extract_text(path)


@pytest.mark.parametrize(
    "name", ["empty.txt", "empty.md", "empty.html", "empty.docx", "empty.pdf", "blank.txt"]
)
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b" \n\t\n" if name.startswith("blank") else b"")
    with pytest.raises(InputError, match="文件为空"):
        extract_text(path)


def test_binary_junk_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="编码|不是可读文本"):
        extract_text(path)


def test_invalid_utf8_and_gbk_bytes(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    # Bytes that are neither UTF-8 nor GBK: 0xFF never starts a character in either.
    path.write_bytes(b"\xff\xfe\xfd\x81\x00\x01\x02\xff" * 50 + b"\x80\x80\x80")
    with pytest.raises(InputError) as info:
        extract_text(path)
    assert info.value.file == str(path)


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.seek(extract.MAX_FILE_BYTES + 1)
        fh.write(b"x")
    with pytest.raises(InputError, match="文件过大"):
        extract_text(path)
