"""Obligation statements in prose: splitting, modality, bearer, deadlines."""

from __future__ import annotations

from collections import Counter

from kg.parse.obligations import find_obligations, split_statements
from tests.conftest import GOLD_DOCS, gold_document

GOLD = {g["id"]: g for g in GOLD_DOCS}


def test_heading_is_not_a_statement_and_bearers_split_clauses() -> None:
    text = "强化组织领导。完善议事协调机制，每年至少召开1次会议研究解决重点难点问题。各部门单位要配齐配强工作力量，保障工作经费，主要负责同志每年至少听取2次政务公开工作专题汇报，协调解决困难问题。"
    found = find_obligations(text, section=6, item=1, heading="强化组织领导")
    assert [o.bearer for o in found] == [None, "各部门单位", "主要负责同志"]
    assert found[1].text.startswith("各部门单位要配齐配强工作力量")
    assert found[2].text == "主要负责同志每年至少听取2次政务公开工作专题汇报，协调解决困难问题"
    for o in found:
        assert text[o.start : o.end] == o.text


def test_modalities_in_jinan() -> None:
    doc = gold_document(GOLD["jinan-2023"])
    by_text = {o.text: o for o in doc.obligations}
    assert by_text["各区政府原则上每年至少5次"].modality == "default"
    assert by_text["有条件的单位可选择合适议题在线直播审议过程"].modality == "encouraged"
    assert Counter(o.modality for o in doc.obligations)["mandatory"] > 50
    mayor = next(o for o in doc.obligations if o.text.startswith("要求市级政府"))
    assert mayor.bearer == "市级政府"


def test_every_item_of_every_document_has_obligations() -> None:
    for gold in GOLD_DOCS:
        doc = gold_document(gold)
        for section in doc.sections:
            for item in section.items:
                assert any(o.item == item.number and o.section == section.number for o in doc.obligations), (
                    gold["id"],
                    item.heading,
                )


def test_deadline_of_a_statement_is_normalised() -> None:
    doc = gold_document(GOLD["laiwu-2023"])
    o = next(o for o in doc.obligations if "优化企业用户空间" in o.text)
    assert (o.deadline, o.due) == ("2023年年底前", "2023-12-31")


def test_statements_cover_sentences() -> None:
    assert len(split_statements("做好A。做好B；做好C。")) == 3
