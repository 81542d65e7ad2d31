"""Plain text out of a resume file: .txt/.md, .docx, .pdf, .html, images (OCR extra).

Every failure is an `InputError` naming the file and telling the user what to do next.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from talentseek.errors import InputError
from talentseek.parse.html import html_to_text

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A resume over 20 MB is not a resume; refusing early keeps memory bounded."""
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
"""Word XML compresses about 5-20×; over 100× on a large member is a zip bomb (cf. OWASP file upload)."""
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}
OCR_HINT = "该文件是扫描件/图片，需要 OCR：pip install 'talentseek[ocr]'"


@dataclass(frozen=True)
class Extracted:
    """Visible text of a document; `hidden` holds text a reader would not see (excluded from `text`)."""

    text: str
    kind: str
    hidden: tuple[str, ...] = ()


def extract_text(path: Path) -> str:
    """Visible plain text of a resume file."""
    return extract_document(path).text


def extract_document(path: Path) -> Extracted:
    """Visible text plus what was hidden, by file type; raises InputError on anything unreadable."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    if suffix in TEXT_SUFFIXES:
        text = decode_bytes(data, path)
        return Extracted(_clean(markdown_to_text(text) if suffix in {".md", ".markdown"} else text), "text")
    if suffix in HTML_SUFFIXES:
        text, hidden = html_to_text(decode_bytes(data, path))
        return Extracted(_nonempty(_clean(text), path), "html", hidden)
    if suffix == ".docx":
        return Extracted(_nonempty(_clean(_docx_text(data, path)), path), "docx")
    if suffix == ".pdf":
        return Extracted(_clean(_pdf_text(data, path)), "pdf")
    if suffix in IMAGE_SUFFIXES:
        return Extracted(_nonempty(_clean(_ocr_images([data], path)), path), "image")
    if suffix in {".doc", ".wps", ".rtf"}:
        raise InputError(f"不支持旧版 {suffix} 格式，请另存为 .docx 或 .pdf 后再上传", file=str(path))
    raise InputError(
        f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .txt/.md/.docx/.pdf/.html 简历", file=str(path)
    )


def markdown_to_text(text: str) -> str:
    """Markdown markup off (headings, emphasis, code ticks, links), line structure kept."""
    text = re.sub(r"^\s{0,3}(?:#{1,6}|>)\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\*\*|__|`+|~~", "", text)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"文件过大（{size // 1024 // 1024} MB），简历文件不应超过 20 MB", file=str(path))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("找不到文件，请检查路径", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"无法读取文件（{exc.strerror or exc}）", file=str(path)) from exc
    if not data.strip():
        raise InputError("文件为空，请上传有内容的简历", file=str(path))
    return data


def decode_bytes(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) first, then charset-normalizer's best guess (GBK/GB18030, UTF-16...)."""
    try:
        return _printable(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding.replace("_", "").lower() in {"gb2312", "gbk", "gb18030", "big5"}:
        return _printable(data.decode(best.encoding, errors="strict"), path)
    try:  # charset-normalizer hesitates on short Chinese text; GB18030 is the usual other encoding
        return _printable(data.decode("gb18030"), path)
    except UnicodeDecodeError:
        pass
    if best is not None and best.encoding.lower().startswith("utf_16"):
        return _printable(str(best), path)
    raise InputError("无法识别文件编码（不是 UTF-8 或 GBK 文本），请另存为 UTF-8 后再上传", file=str(path))


def _printable(text: str, path: Path) -> str:
    """Reject binary junk that happened to decode: resumes are overwhelmingly printable characters."""
    sample = text[:20_000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or "\ue000" <= ch <= "\uf8ff")
    if sample and bad / len(sample) > 0.05:
        raise InputError(
            "文件内容不是可读文本（可能是二进制文件或编码错误），请另存为 UTF-8 文本", file=str(path)
        )
    return text


def _clean(text: str) -> str:
    """Normalise line ends and spaces; keep line structure (sections depend on it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("\x00", "")  # NULs between glyphs: an artefact of some PDF font encodings
    lines = [re.sub(r"\t+", "\t", re.sub(r" +", " ", line)).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _nonempty(text: str, path: Path) -> str:
    if not text:
        raise InputError("文件里没有可读的文字内容", file=str(path))
    return text


def _check_zip(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse zip bombs before decompressing anything: total size and per-member ratio."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > 2000 or total > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"docx 解压后过大（{total // 1024 // 1024} MB，{len(infos)} 个部件），疑似压缩炸弹，已拒绝",
            file=str(path),
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"docx 部件 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），"
                "疑似压缩炸弹，已拒绝",
                file=str(path),
            )


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraphs and table rows in document order (merged cells once per row)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, path)
            if "word/document.xml" not in archive.namelist():
                raise InputError(
                    "不是有效的 Word 文档（缺少 word/document.xml），请用 Word 另存为 .docx", file=str(path)
                )
    except zipfile.BadZipFile as exc:
        raise InputError(
            "不是有效的 .docx 文件（无法按 zip 打开），请用 Word 另存为 .docx", file=str(path)
        ) from exc
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a broken package
        raise InputError(f"Word 文档已损坏，无法读取（{exc.__class__.__name__}）", file=str(path)) from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if cell.text.strip() and (not cells or cells[-1] != cell.text.strip()):
                        cells.append(cell.text.strip())
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _pdf_text(data: bytes, path: Path) -> str:
    """Text layer via pypdf (pdfminer.six as a second opinion); no text layer → OCR or a clear error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF 已加密（需要打开密码），请去除密码后重新上传", file=str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"PDF 文件已损坏或格式不支持（{exc.__class__.__name__}）", file=str(path)) from exc
    except Exception as exc:  # pypdf's DependencyError for AES without `cryptography`, and the like
        if "crypt" in str(exc).lower() or reader_encrypted(data):
            raise InputError("PDF 已加密，无法读取，请去除密码后重新上传", file=str(path)) from exc
        raise InputError(f"无法读取 PDF（{exc.__class__.__name__}）", file=str(path)) from exc
    if len(text.strip()) < 20:
        text = _pdfminer_text(data) or text
    if text.strip():
        return text
    images = [img.data for page in reader.pages for img in page.images]
    return _nonempty(_clean(_ocr_images(images, path)), path)


def reader_encrypted(data: bytes) -> bool:
    """Cheap check for an /Encrypt entry, for errors raised before pypdf could say so."""
    return b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]


def _pdfminer_text(data: bytes) -> str:
    try:
        from pdfminer.high_level import extract_text as pdfminer_extract

        return str(pdfminer_extract(io.BytesIO(data)))
    except Exception:  # pdfminer is only a second opinion; pypdf already read the file
        return ""


def _ocr_images(images: list[bytes], path: Path) -> str:
    """OCR with rapidocr-onnxruntime when the `ocr` extra is installed, else the needs-OCR error."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise InputError(OCR_HINT, file=str(path)) from exc
    if not images:
        raise InputError("PDF 中既没有文字也没有图片，无法识别", file=str(path))
    engine = RapidOCR()
    lines: list[str] = []
    for image in images:
        result, _ = engine(image)
        lines.extend(str(item[1]) for item in result or [])
    return "\n".join(lines)
