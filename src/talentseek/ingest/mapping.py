"""Column mappings: which source column feeds which job field.

A mapping file is YAML:

    source: zhilian            # stored on every job (jobs.source)
    columns:                   # source column → field (several columns may feed one field)
      岗位名称: title
      岗位编号: external_id
    constants:                 # fields with the same value on every row
      job_type: 全职
    required: [title]          # columns for these fields must exist (default: [title])

Without a mapping file the default recognises common Chinese and English headers (DEFAULT_ALIASES).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from talentseek.errors import InputError

JOB_FIELDS = (
    "title",
    "external_id",
    "company",
    "description",
    "region",
    "city",
    "district",
    "address",
    "salary",
    "experience",
    "education",
    "job_type",
    "company_size",
    "industry",
    "funding",
    "ownership",
    "headcount",
    "posted_at",
    "skills",
    "tags",
    "benefits",
    "category",
    "url",
    "company_external_id",
    "founded_year",
)

DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "岗位名称", "职位名称", "职位", "岗位", "招聘职位", "职位标题"),
    "external_id": ("external_id", "job_id", "id", "岗位编号", "职位编号", "职位id", "岗位id"),
    "company": ("company", "company_name", "企业名称", "公司名称", "公司", "企业", "招聘单位"),
    "description": (
        "description",
        "jd",
        "工作简介",
        "职位描述",
        "岗位描述",
        "岗位职责",
        "工作内容",
        "职位详情",
    ),
    "region": ("region", "location", "地区", "工作地点", "工作地区", "工作城市"),
    "city": ("city", "城市"),
    "district": ("district", "行政区域", "区县", "行政区"),
    "address": ("address", "街道区域", "地址", "工作地址", "详细地址"),
    "salary": ("salary", "薪资", "职位薪资", "薪水", "月薪", "薪酬", "工资", "薪资待遇"),
    "experience": ("experience", "工作经验", "经验", "经验要求", "工作年限"),
    "education": ("education", "学历", "学历要求", "最低学历"),
    "job_type": ("job_type", "工作类型", "职位类型", "工作性质", "招聘类型"),
    "company_size": ("company_size", "企业人数规模", "公司规模", "企业规模", "规模"),
    "industry": ("industry", "行业业务", "行业", "所属行业", "公司行业"),
    "funding": ("funding", "融资阶段", "融资情况"),
    "ownership": ("ownership", "企业财产类型", "公司性质", "企业性质"),
    "headcount": ("headcount", "招募人数", "招聘人数"),
    "posted_at": ("posted_at", "招聘信息更新时间", "发布时间", "更新时间", "发布日期"),
    "skills": ("skills", "技能", "技能要求", "技能标签"),
    "tags": ("tags", "岗位标签", "职位标签"),
    "benefits": ("benefits", "福利", "福利待遇", "职位福利"),
    "category": ("category", "occupation", "岗位分类", "职位类别", "职能类别"),
    "url": ("url", "详情url", "链接"),
    "founded_year": ("founded_year", "成立年份"),
}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # source column → field
    constants: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    required: tuple[str, ...] = ("title",)

    def fields_of(self, header: list[str]) -> dict[str, list[str]]:
        """field → the header columns that feed it, in header order."""
        out: dict[str, list[str]] = {}
        for col in header:
            f = self.columns.get(col)
            if f:
                out.setdefault(f, []).append(col)
        return out


def _norm(h: str) -> str:
    return h.strip().lstrip("\ufeff").lower().replace(" ", "").replace("_", "")


def default_mapping(
    header: list[str],
    *,
    fields: tuple[str, ...] = JOB_FIELDS,
    aliases: dict[str, tuple[str, ...]] | None = None,
    required: tuple[str, ...] = ("title",),
) -> Mapping:
    """Recognise columns by the aliases above (case, spaces and underscores ignored); first match wins."""
    table = aliases or DEFAULT_ALIASES
    alias_to_field = {_norm(a): f for f, names in table.items() if f in fields for a in names}
    cols: dict[str, str] = {}
    taken: set[str] = set()
    for col in header:
        f = alias_to_field.get(_norm(col))
        if f and f not in taken:
            cols[col] = f
            taken.add(f)
    return Mapping(columns=cols, required=required)


def load_mapping(
    path: Path, *, fields: tuple[str, ...] = JOB_FIELDS, required: tuple[str, ...] = ("title",)
) -> Mapping:
    """Read and validate a YAML mapping; every problem names the mapping file and the key."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("映射文件不存在", file=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise InputError(f"映射文件不是有效的 UTF-8 YAML（{type(err).__name__}）", file=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError("映射文件需要一个 columns: 段（源列名: 字段名）", file=str(path))
    cols = {str(k): str(v) for k, v in data["columns"].items()}
    consts = dict(data.get("constants") or {})
    required = tuple(data.get("required") or required)
    for name in [*cols.values(), *consts, *required]:
        if name not in fields:
            raise InputError(f"未知字段 {name}；可用字段：{', '.join(fields)}", file=str(path), field=name)
    src = data.get("source")
    return Mapping(columns=cols, constants=consts, source=str(src) if src else None, required=required)


def check_required(mapping: Mapping, header: list[str], file: Path) -> None:
    """A required field with no column (and no constant) is an error naming the file and column."""
    present = mapping.fields_of(header)
    for f in mapping.required:
        if f in present or f in mapping.constants:
            continue
        wanted = [c for c, ff in mapping.columns.items() if ff == f] or list(DEFAULT_ALIASES.get(f, (f,)))[:4]
        raise InputError(
            f"缺少必需的列 {' 或 '.join(wanted)}（字段 {f}）；文件的列为：{', '.join(header[:20])}。"
            "请用 --mapping 指定列映射",
            file=str(file),
            field=f,
        )


def extract(mapping: Mapping, fields_of: dict[str, list[str]], raw: dict[str, Any]) -> dict[str, Any]:
    """field → value for one row: constants, then mapped columns (several columns joined by a space)."""
    out: dict[str, Any] = dict(mapping.constants)
    for f, cols in fields_of.items():
        vals: list[Any] = [v for v in (raw.get(c) for c in cols) if v not in (None, "")]
        if not vals:
            continue
        if len(vals) == 1:
            out[f] = vals[0]
        elif all(isinstance(v, list) for v in vals):
            out[f] = [x for v in vals for x in (v or ())]
        else:
            out[f] = " ".join(str(v) for v in vals)
    return out
