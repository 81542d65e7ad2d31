"""The shipped resume entity tagger: scores on ResumeNER dev, finds entities in new text, BMES I/O."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentseek.errors import InputError
from talentseek.parse.ner import Entity, evaluate_bmes, load_tagger, read_bmes
from talentseek.parse.ner.bmes import score, spans

DEV_F1_FLOOR = 0.925
"""A little under the measured dev F1 of the shipped model (see the parse section of README.md)."""


def test_shipped_model_scores_on_resumener_dev(real_data: Path) -> None:
    result = evaluate_bmes(real_data / "resumener" / "dev.char.bmes")
    assert result["sentences"] == 463
    assert result["f1"] >= DEV_F1_FLOOR
    assert 0 < result["precision"] <= 1 and 0 < result["recall"] <= 1


def test_tagging_a_handmade_sentence_finds_name_org_edu_title() -> None:
    text = "李明，男，1985年出生，硕士研究生学历，现任青岛海尔智家股份有限公司财务总监。"
    entities = load_tagger().tag(text)
    by_type = {e.type: e.text for e in entities}
    assert by_type.get("NAME") == "李明"
    assert by_type.get("ORG") == "青岛海尔智家股份有限公司"
    assert by_type.get("EDU") in {"硕士研究生学历", "硕士研究生"}
    assert by_type.get("TITLE") == "财务总监"
    for e in entities:
        assert text[e.start : e.end] == e.text


def test_offsets_survive_multiline_text() -> None:
    text = "个人简历\n\n王强，现任浪潮集团有限公司总经理。\n毕业于山东大学。"
    entities = load_tagger().tag(text)
    assert entities, "expected entities"
    for e in entities:
        assert text[e.start : e.end] == e.text
    assert any(e.type == "ORG" and e.text == "山东大学" for e in entities)
    assert load_tagger().tag("") == []


def test_load_tagger_is_cached() -> None:
    assert load_tagger() is load_tagger()


def test_spans_and_score_are_strict_on_broken_sequences() -> None:
    assert spans(["B-ORG", "M-ORG", "E-ORG", "O", "S-NAME"]) == [(0, 3, "ORG"), (4, 5, "NAME")]
    assert spans(["B-ORG", "M-TITLE", "E-ORG"]) == []
    assert spans(["M-ORG", "E-ORG", "B-NAME"]) == []
    gold = [["B-NAME", "E-NAME", "O", "S-LOC"]]
    result = score(gold, [["B-NAME", "E-NAME", "O", "O"]])
    assert result == {"f1": pytest.approx(2 / 3), "precision": 1.0, "recall": 0.5, "sentences": 1}


def test_read_bmes_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "a.bmes"
    path.write_text("张 B-NAME\n三 E-NAME\n\n好 O\n", encoding="utf-8")
    assert read_bmes(path) == [(["张", "三"], ["B-NAME", "E-NAME"]), (["好"], ["O"])]
    result = evaluate_bmes(path)
    assert result["sentences"] == 2
    bad = tmp_path / "bad.bmes"
    bad.write_text("张 B-NAME extra\n", encoding="utf-8")
    with pytest.raises(InputError, match="第 1 行"):
        read_bmes(bad)
    empty = tmp_path / "empty.bmes"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有句子"):
        evaluate_bmes(empty)


def test_entity_is_a_frozen_value() -> None:
    e = Entity("NAME", "张三", 0, 2)
    with pytest.raises(AttributeError):
        e.text = "李四"  # type: ignore[misc]
