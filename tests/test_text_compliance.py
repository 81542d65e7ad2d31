"""The posting compliance check: the issue's named cases, lawful uses of the same words, the labelled set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentseek.text.compliance import BASIS, CATEGORIES, categories, check_posting

PHRASES = Path(__file__).resolve().parents[1] / "benchmarks" / "compliance"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("只招男", "gender"),
        ("招聘女销售", "gender"),
        ("本地人优先", "origin"),
        ("山东人优先", "origin"),
        ("限35周岁内", "age"),
        ("一年内无生育计划", "pregnancy"),
        ("已婚优先", "marital"),
        ("乙肝携带者勿扰", "health"),
        ("限佛教徒", "religion"),
        ("汉族优先", "origin"),
        ("男2名，女1名", "gender"),
    ],
)
def test_discriminatory_requirements_are_flagged(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "女士服装销售", "回族餐厅招聘服务员", "男装导购", "五险一金（含生育保险）",
        "照顾60岁以上老人", "男女不限", "年满18周岁", "对数据敏感，信仰、热爱数据",
        "熟悉本地路况", "婚纱摄影门店销售", "乙肝疫苗推广专员",
    ],
)  # fmt: skip
def test_the_same_words_used_lawfully_are_not(text: str) -> None:
    assert check_posting(text) == []


def test_a_finding_names_the_words_the_category_and_the_law() -> None:
    [finding] = check_posting("任职要求：1、本科学历；2、男性优先；3、能出差")
    assert (finding.category, finding.text, finding.severity) == ("gender", "男性优先", "违法")
    assert finding.basis == BASIS["gender"] and "就业促进法" in finding.basis


def test_list_markers_do_not_become_part_of_an_age() -> None:
    [finding] = check_posting("【任职要求】1.28-35岁，身体健康")
    assert (finding.category, finding.text) == ("age", "28-35岁")


def test_several_categories_in_one_clause() -> None:
    assert categories("女，25-35岁，已婚已育") == {"gender", "age", "marital", "pregnancy"}


def test_hostile_input_returns_quickly_and_cleanly() -> None:
    for text in ["7" * 5000, "男" * 10_000, "年龄" + "9" * 400 + "岁以下", "", "\x00\ufeff", "（" * 3000]:
        assert isinstance(check_posting(text), list)


def _labelled(name: str) -> list[tuple[str, set[str]]]:
    with open(PHRASES / name, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(r["phrase"], set() if r["categories"] == "-" else set(r["categories"].split(","))) for r in rows]


def test_the_labelled_set_is_large_and_covers_every_category() -> None:
    items = _labelled("phrases.tsv") + _labelled("phrases_blind.tsv")
    assert len(items) >= 300
    covered = {c for _, gold in items for c in gold}
    assert covered == set(CATEGORIES)
    assert sum(1 for _, gold in items if not gold) >= 150  # lawful look-alikes, not only positives


def test_precision_and_recall_on_the_labelled_set_stay_high() -> None:
    """A regression guard: the benchmark prints the per-category table (benchmarks/compliance_bench.py)."""
    tp = fp = fn = 0
    for text, gold in _labelled("phrases.tsv") + _labelled("phrases_blind.tsv"):
        got = categories(text)
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95
