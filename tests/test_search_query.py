"""The rule query parser: constraints, chips, keywords; hostile text is just words."""

from __future__ import annotations

import pytest

from talentseek.search.query import parse_query
from talentseek.text.salary import format_yuan


def _by_field(text: str, side: str = "jobs") -> dict[str, object]:
    p = parse_query(text, side)  # type: ignore[arg-type]
    return {c.field: c.value for c in p.constraints}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1万以上 运营", (10000.0, None)),
        ("8k-15k 数据分析", (8000.0, 15000.0)),
        ("年薪30万以上 机器学习", (25000.0, None)),
        ("月薪过万 剪辑", (10000.0, None)),
        ("2万以下 文员", (None, 20000.0)),
    ],
)
def test_salary_phrases_are_monthly(text: str, value: tuple[float | None, float | None]) -> None:
    assert _by_field(text)["salary"] == pytest.approx(value)


def test_not_a_salary() -> None:
    found = _by_field("3年以上 500人以上 Java")
    assert "salary" not in found
    assert found["company_size"] == 500
    assert found["experience"]["min_years"] == 3  # type: ignore[index]


def test_fresh_graduate_job_type_and_district() -> None:
    p = parse_query("武汉江夏 短视频剪辑 实习 应届生可以")
    f = {c.field: c.value for c in p.constraints}
    assert f["city"] == "武汉市" and f["district"] == "江夏区"
    assert f["job_type"] == "实习"
    assert f["experience"]["fresh_graduate"] is True  # type: ignore[index]
    assert "武汉" not in p.keywords and "江夏" not in p.keywords and "可以" not in p.keywords
    assert any("剪辑" in k for k in p.keywords)


@pytest.mark.parametrize(
    ("text", "first", "stray"),
    [
        ("客服专员实习生", "客服专员", "生"),  # 实习生 is the job type, not 实习 + a stray 生
        ("视觉设计师", "视觉设计", "师"),  # segmentation leaves 师 alone: a fragment, not a word
        ("车", "车", None),  # a one-character query keeps its one character
    ],
)
def test_job_type_words_and_fragments_leave_no_stray_word(text: str, first: str, stray: str | None) -> None:
    p = parse_query(text)
    assert p.keywords[0] == first and stray not in p.keywords
    assert ("job_type" in {c.field for c in p.constraints}) == ("实习" in text)


def test_education_semantics_differ_by_side() -> None:
    seeker = parse_query("本科 数据分析", "jobs")
    recruiter = parse_query("本科 数据分析", "candidates")
    assert seeker.of("education")[0].value == "本科" and "以下" in seeker.of("education")[0].label
    assert "以上" in recruiter.of("education")[0].label


def test_benefits_are_soft_and_chips_removable() -> None:
    p = parse_query("新媒体运营 双休 五险一金 1万以上")
    benefits = p.of("benefit")
    assert {b.value for b in benefits} >= {"双休", "五险一金"}
    assert all(not b.hard for b in benefits)
    assert p.of("salary")[0].hard
    key = p.of("salary")[0].key
    assert key in [c["key"] for c in p.chips]
    assert not p.without([key]).of("salary")
    assert p.without(["nonexistent:1"]) == p


def test_company_size_big_firm() -> None:
    assert _by_field("大厂 产品经理")["company_size"] == 1000


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🚀", "title:(a OR b)", '"unbalanced (', "'; DROP TABLE jobs; --", "Java" * 2500]
)
def test_hostile_text_parses(text: str) -> None:
    p = parse_query(text)
    assert len(p.keywords) <= 32
    assert len(p.text) <= 500
    assert all(" " not in k for k in p.keywords)


def test_long_query_is_cut_with_a_note() -> None:
    p = parse_query("数据分析 " * 2000)
    assert p.notes and "500" in p.notes[0]


def test_chip_amounts_use_the_shared_formatter() -> None:
    assert format_yuan(12000) == "1.2万" and format_yuan(8000) == "8千" and format_yuan(500) == "500元"


def _numbers(value: object) -> list[float]:
    """Every number inside a constraint value (a float, a (lo, hi) range, an experience dict)."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
    return [float(v) for v in items if isinstance(v, int | float) and not isinstance(v, bool)]


HOSTILE_NUMBERS = [
    "7" * 500,
    "9" * 400 + "万",
    "1" * 309 + "万以上",
    "1" * 309 + "-" + "9" * 309 + "元/月",
    "1" * 309 + "年以上经验",
    "Java " + "9" * 309 + "k 3年",
    ("1" * 12 + "万-" + "9" * 12 + "年 ") * 80,  # 2,000 characters of figures
    "一" * 400 + "万",
]


@pytest.mark.parametrize("text", HOSTILE_NUMBERS)
def test_hostile_numbers_give_finite_values_or_none(text: str) -> None:
    """Digit runs past MAX_DIGITS are no figure: no OverflowError, no inf (and no quadratic regex)."""
    import math

    from talentseek.search.query import RuleQueryParser
    from talentseek.text.experience import parse_experience
    from talentseek.text.numerals import cn_to_number
    from talentseek.text.salary import parse_salary

    for side in ("jobs", "candidates"):
        p = RuleQueryParser().parse(text, side)  # type: ignore[arg-type]
        assert all(math.isfinite(v) for c in p.constraints for v in _numbers(c.value))
    s = parse_salary(text)
    assert all(v is None or math.isfinite(v) for v in (s.low, s.high))
    e = parse_experience(text)
    assert all(v is None or math.isfinite(v) for v in (e.min_years, e.max_years))
    n = cn_to_number(text)
    assert n is None or math.isfinite(n)


def test_figures_beside_hostile_runs_still_count() -> None:
    p = parse_query("Java " + "9" * 309 + " 3年 1万以上")
    fields = {c.field: c.value for c in p.constraints}
    assert fields["salary"] == (10000.0, None) and fields["experience"]["min_years"] == 3
    assert "experience" not in _by_field("2016年 毕业 Java")  # a year, not 2016 years of experience


def test_chinese_numerals_in_years() -> None:
    assert _by_field("三到五年 Java")["experience"] == {
        "min_years": 3,
        "max_years": 5,
        "fresh_graduate": False,
    }
    assert parse_query("十年以上 架构师").of("experience")[0].value["min_years"] == 10


def test_weekend_off_alias_asks_for_the_canonical_benefit() -> None:
    p = parse_query("周末双休 Java")
    assert [c.value for c in p.of("benefit")] == ["双休"] and "周末" not in p.keywords


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        ("找个离家近的活儿 月薪八千", 8000, None),
        ("一万五 济南 会计", 15000, None),
        ("万把块的工作", 10000, None),
        ("七八千 青岛 司机", 7000, 8000),
        ("五千到八千 仓管", 5000, 8000),
        ("一两万 销售", 10000, 20000),
    ],
)
def test_spoken_salaries_are_read(query: str, low: float, high: float | None) -> None:
    [salary] = [c for c in parse_query(query).constraints if c.field == "salary"]
    assert salary.value == (low, high)


def test_spoken_filler_is_not_searched_for() -> None:
    parsed = parse_query("找个离家近的活儿 月薪八千")
    assert parsed.keywords == ()
    assert parse_query("有没有济南的会计工作").keywords == ("会计",)


def test_words_that_look_like_numbers_stay_words() -> None:
    assert [c.field for c in parse_query("千万别是销售").constraints] == []
    assert [c.field for c in parse_query("三年左右 Java").constraints] == ["experience"]
