"""The CJK font for charts and PDFs: Noto Sans SC shipped by the `pylopdf-fonts-zh-cn` wheel
(SIL OFL; a plain OpenType file that both matplotlib and fpdf2 can embed), else a system CJK font."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from talentseek.errors import MissingDependency

SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
INSTALL = "pip install pylopdf-fonts-zh-cn（或 apt-get install fonts-noto-cjk）"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of a font with Simplified Chinese glyphs; MissingDependency with the install command if none."""
    try:
        import pylopdf_fonts_zh_cn

        path = Path(pylopdf_fonts_zh_cn.sans_path())
        if path.is_file():
            return path
    except ImportError:
        pass
    for candidate in SYSTEM_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise MissingDependency("中文报告字体（图表与 PDF）", INSTALL)


@lru_cache(maxsize=1)
def matplotlib_family() -> str:
    """Register the CJK font with matplotlib once and return its family name."""
    from matplotlib import font_manager

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    return str(font_manager.FontProperties(fname=path).get_name())
