"""Regenerate the .docx and .pdf example resumes: `python examples/resumes/make_binaries.py`.

The PDF needs a CJK font (Noto Sans CJK/SC); fpdf2 embeds only the glyphs used, so the file stays small.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT_GLOBS = (
    "/usr/share/fonts/**/NotoSansSC-Regular.otf",
    "/usr/share/fonts/**/NotoSansCJK*.otf",
    f"{sys.prefix}/lib/python3*/site-packages/pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf",
    "/usr/share/fonts/**/wqy*.ttf",
)

DOCX_BASIC = [
    ("姓名", "赵磊"),
    ("性别", "男"),
    ("出生年月", "1990.03"),
    ("手机", "13905310088"),
    ("邮箱", "zhaolei@example.com"),
    ("现居住地", "烟台市芝罘区"),
]
DOCX_BODY = [
    ("求职意向", ["期望职位：销售经理", "期望城市：烟台、威海", "期望薪资：1万-1.5万", "工作性质：全职"]),
    ("教育经历", ["2008.09-2012.07  鲁东大学  市场营销  本科"]),
    (
        "工作经历",
        [
            "2016.04-至今  万华化学集团股份有限公司  区域销售经理",
            "负责胶东地区客户开发与维护，年销售额3000万元，使用CRM系统管理客户。",
            "2012.07-2016.03  烟台张裕葡萄酿酒股份有限公司  销售代表",
        ],
    ),
    ("专业技能", ["熟练使用Excel、PowerPoint，熟悉CRM系统，持有C1驾照。"]),
]
PDF_LINES = [
    "陈静",
    "女 | 出生年月：1995.08 | 电话：132 6543 2109 | 邮箱：chenjing@example.com",
    "所在地：潍坊市奎文区",
    "",
    "求职意向",
    "期望职位：会计",
    "期望城市：潍坊",
    "期望薪资：6000-8000元/月",
    "",
    "教育经历",
    "2013.09-2017.06 山东财经大学 会计学 本科",
    "",
    "工作经历",
    "2017.07-至今 潍柴动力股份有限公司 总账会计",
    "负责月度结账、财务报表编制，熟练使用用友U8与SAP。",
    "",
    "专业技能",
    "Excel、SAP、用友、财务分析",
]


def make_docx(path: Path) -> None:
    """A resume with a basic-info table (the common Word template) and paragraphs."""
    document = docx.Document()
    document.add_heading("个人简历", level=1)
    table = document.add_table(rows=3, cols=4)
    for i, (label, value) in enumerate(DOCX_BASIC):
        row, col = divmod(i, 2)
        table.cell(row, col * 2).text = f"{label}："
        table.cell(row, col * 2 + 1).text = value
    for heading, lines in DOCX_BODY:
        document.add_heading(heading, level=2)
        for line in lines:
            document.add_paragraph(line)
    document.save(str(path))


def make_pdf(path: Path) -> None:
    fonts = [f for g in FONT_GLOBS for f in glob.glob(g, recursive=True)]
    if not fonts:
        raise SystemExit("找不到中文字体（Noto Sans SC/CJK），无法生成 PDF 示例")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=fonts[0])
    pdf.set_font("cjk", size=11)
    for line in PDF_LINES:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


if __name__ == "__main__":
    make_docx(HERE / "zhaolei_sales.docx")
    make_pdf(HERE / "chenjing_finance.pdf")
    print("written:", *(p.name for p in HERE.glob("*.doc*")), *(p.name for p in HERE.glob("*.pdf")))
