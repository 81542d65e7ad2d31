"""CSCO 2022 occupation names and the project's definition of high-skill roles.

High-skill (高技能) roles for the city talent view are postings whose CSCO code falls under one of
HIGH_SKILL_PREFIXES (research, engineering for machinery/aviation/electronics/ICT/electrical,
digital technology, industrial design, software and IT services), or that name a skill in
HIGH_SKILL_SKILLS (AI, data, software and advanced-manufacturing skills), for postings the
importer could not classify.
"""

from __future__ import annotations

import csv
import importlib.resources
from functools import lru_cache

HIGH_SKILL_PREFIXES: dict[str, str] = {
    "2-01": "科学研究人员",
    "2-02-07": "机械工程技术人员",
    "2-02-08": "航空工程技术人员",
    "2-02-09": "电子工程技术人员",
    "2-02-10": "信息和通信工程技术人员",
    "2-02-11": "电气工程技术人员",
    "2-02-34": "工业（产品）设计工程技术人员",
    "2-02-38": "数字技术工程技术人员",
    "4-04-05": "软件和信息技术服务人员",
}

HIGH_SKILL_SKILLS: tuple[str, ...] = (
    "机器学习",
    "深度学习",
    "人工智能",
    "自然语言处理",
    "计算机视觉",
    "大模型",
    "PyTorch",
    "TensorFlow",
    "数据分析",
    "数据挖掘",
    "大数据",
    "Spark",
    "Hadoop",
    "Python",
    "Java",
    "Go",
    "C++",
    "Linux",
    "Kubernetes",
    "云计算",
    "嵌入式",
    "芯片设计",
    "FPGA",
    "PLC",
    "工业机器人",
    "自动化",
    "数控编程",
    "CAD",
)


@lru_cache(maxsize=1)
def occupation_names() -> dict[str, str]:
    """CSCO code ('2-02-10-03') → Chinese name, from the normalizers' CSCO 2022 table."""
    path = importlib.resources.files("talentseek.text") / "data" / "csco22.tsv"
    with path.open(encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f, delimiter="\t")}


def occupation_label(code: str | None) -> str | None:
    """A readable label for a CSCO code: its name where known, else the code itself."""
    if code is None:
        return None
    return occupation_names().get(code, code)


def is_high_skill_code(code: str | None) -> bool:
    return bool(code) and any(str(code).startswith(p) for p in HIGH_SKILL_PREFIXES)
