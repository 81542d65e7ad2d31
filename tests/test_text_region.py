"""Region parsing (CONTRACTS.md region rules) and free-text place finding."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentseek.domain import Region
from talentseek.text.region import find_regions, parse_region, strip_places

SD, JN, QD = "山东省", "济南市", "青岛市"

CASES = [
    ("上海 普陀区 武宁路", Region("上海市", "上海市", "普陀区")),
    ("济南-历下", Region(SD, JN, "历下区")),
    ("武汉 武昌", Region("湖北省", "武汉市", "武昌区")),
    ("青岛·黄岛", Region(SD, QD, "黄岛区")),
    ("山东省青岛市黄岛区", Region(SD, QD, "黄岛区")),
    ("济南市中区", Region(SD, JN, "市中区")),
    ("朝阳区", Region(None, None, "朝阳区")),
    ("市中区", Region(None, None, "市中区")),
    ("北京 朝阳", Region("北京市", "北京市", "朝阳区")),
    ("朝阳区 北京", Region("北京市", "北京市", "朝阳区")),
    ("朝阳", Region("辽宁省", "朝阳市", None)),
    ("北京", Region("北京市", "北京市", None)),
    ("上海", Region("上海市", "上海市", None)),
    ("山东", Region(SD, None, None)),
    ("济南", Region(SD, JN, None)),
    ("历下", Region(SD, JN, "历下区")),
    ("胶州", Region(SD, QD, "胶州市")),
    ("即墨市", Region(SD, QD, "即墨区")),
    ("莱芜", Region(SD, JN, "莱芜区")),
    ("章丘", Region(SD, JN, "章丘区")),
    ("仙桃", Region("湖北省", "仙桃市", None)),
    ("东莞", Region("广东省", "东莞市", None)),
    ("深圳 龙华", Region("广东省", "深圳市", "龙华区")),
    ("天津 蓟县", Region("天津市", "天津市", "蓟州区")),
    ("重庆 开县", Region("重庆市", "重庆市", "开州区")),
    ("吉林市", Region("吉林省", "吉林市", None)),
    ("武汉 东湖高新区", Region("湖北省", "武汉市", None)),
    ("南京路", Region()),
    ("不是地名", Region()),
    ("", Region()),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_region(text: str, expected: Region) -> None:
    assert parse_region(text) == expected


def test_boss_locations_all_resolve(real_data: Path) -> None:
    with (real_data / "boss_shanghai_2018.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    regions = [parse_region(r["地区"]) for r in rows]
    assert all(r.province == "上海市" and r.city == "上海市" for r in regions)
    with_district = [r for r, row in zip(regions, rows, strict=True) if len(row["地区"].split()) > 1]
    assert with_district and all(r.district and r.district.endswith(("区", "新区")) for r in with_district)


def test_zhilian_districts_resolve(real_data: Path) -> None:
    with (real_data / "zhilian_wuhan_2024.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        region = parse_region(f"{row['城市']} {row['行政区域']} {row['街道区域']}")
        assert region.city == "武汉市", row
        if row["行政区域"] and row["行政区域"] != "东湖高新区":  # a development zone, not a GB/T 2260 unit
            assert region.district == row["行政区域"] + "区", row


FIND_CASES = [
    ("武汉江夏 短视频剪辑", [Region("湖北省", "武汉市", "江夏区")]),
    ("期望城市：济南、青岛", [Region(SD, JN, None), Region(SD, QD, None)]),
    ("济南历下、历城", [Region(SD, JN, "历下区"), Region(SD, JN, "历城区")]),
    ("浦东 数据分析", [Region("上海市", "上海市", "浦东新区")]),
    ("阿里巴巴 杭州 滨江", [Region("浙江省", "杭州市", "滨江区")]),
    ("毕业于山东大学，人力资源专员", []),
    ("东方财富 上海 济南 上海", [Region("上海市", "上海市", None), Region(SD, JN, None)]),
    ("Java 3年 1万以上", []),
    ("上海浦东 或 苏州工业园区", [Region("上海市", "上海市", "浦东新区"), Region("江苏省", "苏州市", None)]),
    ("南京路步行街", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_regions(text: str, expected: list[Region]) -> None:
    assert find_regions(text) == expected


def test_strip_places_from_titles() -> None:
    assert strip_places("武汉新媒体运营") == "新媒体运营"
    assert strip_places("产品经理") == "产品经理"
