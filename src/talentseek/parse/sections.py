"""Split resume text into sections by their headings (Chinese and English)."""

from __future__ import annotations

import re

SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "basic": (
        "基本信息",
        "个人信息",
        "个人资料",
        "基本资料",
        "联系方式",
        "联系信息",
        "personal information",
        "personal info",
        "basic information",
        "contact",
        "contact information",
        "personal details",
    ),
    "intent": (
        "求职意向",
        "求职目标",
        "期望工作",
        "职业意向",
        "求职期望",
        "意向岗位",
        "objective",
        "career objective",
        "job intention",
        "job objective",
    ),
    "education": (
        "教育经历",
        "教育背景",
        "学习经历",
        "教育情况",
        "学历背景",
        "education",
        "education background",
        "educational background",
        "academic background",
    ),
    "work": (
        "工作经历",
        "工作经验",
        "职业经历",
        "实习经历",
        "工作履历",
        "实践经历",
        "从业经历",
        "work experience",
        "experience",
        "employment history",
        "professional experience",
        "work history",
        "internship experience",
        "internships",
    ),
    "project": ("项目经验", "项目经历", "项目实践", "主要项目", "projects", "project experience"),
    "skills": (
        "专业技能",
        "技能特长",
        "技能",
        "个人技能",
        "技能证书",
        "专业技能与证书",
        "职业技能",
        "技术栈",
        "技术能力",
        "skills",
        "technical skills",
        "skills & tools",
        "core skills",
    ),
    "summary": (
        "自我评价",
        "个人评价",
        "自我介绍",
        "个人简介",
        "个人总结",
        "summary",
        "about me",
        "profile",
        "personal statement",
    ),
    "other": (
        "证书",
        "资格证书",
        "获奖情况",
        "获奖经历",
        "荣誉奖项",
        "语言能力",
        "培训经历",
        "兴趣爱好",
        "校园经历",
        "社会实践",
        "certificates",
        "certifications",
        "awards",
        "languages",
        "interests",
        "training",
    ),
}
_LOOKUP = {h: kind for kind, heads in SECTION_HEADINGS.items() for h in heads}
_DECOR = re.compile(r"^[\s#*=_\-■□●○◆◇▌▍▎▶►>【\[（(|｜一二三四五六七八九十、.0-9]+|[\s#*=_\-】\]）)|｜:：]+$")


def heading_kind(line: str) -> str | None:
    """The section a line is the heading of (`## 工作经历`, `【教育背景】`, `EDUCATION:`), else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 40:
        return None
    core = _DECOR.sub("", stripped)
    core = re.sub(r"\s+", " ", core).strip().lower()
    core = core.split("/")[0].strip() if "/" in core else core  # 工作经历 / Work Experience
    return _LOOKUP.get(core)


def split_sections(text: str) -> dict[str, str]:
    """Section kind → its text (same kind repeated is joined); text before any heading is `basic`."""
    parts: dict[str, list[str]] = {}
    current = "basic"
    for line in text.split("\n"):
        kind = heading_kind(line)
        if kind is not None:
            current = kind
            parts.setdefault(current, [])
            continue
        parts.setdefault(current, []).append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items() if "\n".join(v).strip()}
