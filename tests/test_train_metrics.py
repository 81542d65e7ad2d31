"""Pure scoring for the specialist's evaluation: field F1, exact match, faithfulness, promotion rule."""

from __future__ import annotations

import pytest

from talentseek.train import metrics, tasks

REASONS = ["技能吻合：Java、MySQL", "城市一致：济南市", "工作经验5年，满足3年以上要求", "缺少技能：Redis"]


def test_field_f1_counts_fields_and_list_items() -> None:
    ref = {"city": "济南市", "skills": ["Java", "MySQL"], "salary": {"low": 8000, "high": None}}
    assert metrics.field_f1([ref], [ref]) == 1.0
    pred = {"city": "济南市", "skills": ["java", "Redis"], "salary": {"low": 8000.0}}
    # pairs: ref {city, java, mysql, low} ; pred {city, java, redis, low} → 3 of 4 both ways
    assert metrics.field_f1([pred], [ref]) == pytest.approx(0.75)
    assert metrics.field_f1([None], [ref]) == 0.0


def test_parse_json_answer_skips_reasoning_and_prose() -> None:
    assert metrics.parse_json_answer('<think>{"x":1}</think>结果：{"a": {"b": 2}} 完') == {"a": {"b": 2}}
    assert metrics.parse_json_answer("没有 JSON {坏的") is None


def test_exact_match_needs_every_field() -> None:
    ref = {"filters": [{"field": "city", "value": "济南市", "hard": True}], "skills": []}
    assert metrics.exact_match([ref, {"filters": []}], [ref, ref]) == 0.5


def test_template_explanation_is_faithful() -> None:
    assert metrics.faithful(tasks.explain(REASONS), REASONS)


@pytest.mark.parametrize(
    "bad",
    [
        "该候选人技能吻合：Java、Kubernetes。",  # a skill no reason mentions
        "工作经验8年，满足3年以上要求。",  # a number no reason mentions
        "该候选人沟通能力很强，性格开朗。",  # a claim with no support at all
        "",  # saying nothing is not faithful either
    ],
)
def test_invented_claims_are_not_faithful(bad: str) -> None:
    assert not metrics.faithful(bad, REASONS)


def test_fact_recall_and_promotion_rule() -> None:
    ref = "根据本平台12个济南市在招岗位，月薪中位数约9000元。"
    assert metrics.fact_recall(ref, ref) == 1.0
    assert metrics.fact_recall("不知道", ref) == 0.0
    assert metrics.decide(0.1, 0.2, 0.5, 0.47, margin=0.05)["passed"]
    assert not metrics.decide(0.1, 0.2, 0.5, 0.40, margin=0.05)["passed"]  # forgot too much
    assert not metrics.decide(0.2, 0.2, 0.5, 0.5, margin=0.05)["passed"]  # a tie is not a win
    assert metrics.general_score(0.0) == 1.0 and metrics.general_score(float("inf")) == 0.0


def test_small_gains_are_not_a_win() -> None:
    assert not metrics.decide(0.0, 0.004, 0.5, 0.5, margin=0.05)["wins_domain"]  # noise on a few examples
    assert metrics.decide(0.0, 0.004, 0.5, 0.5, margin=0.05, min_gain=0.0)["wins_domain"]


def test_compare_scores_both_sides_and_applies_the_guard() -> None:
    from talentseek.train.evaluate import compare

    ref = "根据本平台12个济南市在招岗位，月薪中位数约9000元。"
    rows = {
        "qa": [
            {
                "messages": [
                    {"role": "user", "content": "济南月薪？"},
                    {"role": "assistant", "content": ref},
                ],
                "meta": {},
            }
        ]
    }
    general = [
        {"messages": [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好！"}]}
    ]

    def answer(side: str, convs: list[list[dict[str, str]]]) -> list[str]:
        return [ref if side == "specialist" else "不知道" for _ in convs]

    kept = compare(rows, general, answer, lambda side, convs: 1.0, margin=0.05)
    assert kept["tasks"]["qa"]["specialist"] == 1.0 and kept["tasks"]["qa"]["base"] == 0.0 and kept["passed"]
    forgot = compare(rows, general, answer, lambda side, convs: 1.0 if side == "base" else 3.0, margin=0.05)
    assert forgot["wins_domain"] and not forgot["holds_general"] and not forgot["passed"]
