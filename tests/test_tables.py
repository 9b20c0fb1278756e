"""任务分工 tables against the gold: every row bound to its item, with its units and deadline."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.normalize import key
from kg.parse import parse_text
from kg.parse.numerals import cn_to_int
from kg.parse.tables import looks_like_units
from tests.conftest import GOLD_DOCS, gold_document

GOLD = {g["id"]: g for g in GOLD_DOCS}


def _f1(want: list[str], got: list[str]) -> float:
    w, g = {key(x) for x in want}, {key(x) for x in got}
    if not w and not g:
        return 1.0
    tp = len(w & g)
    return 0.0 if tp == 0 else 2 * tp / (len(w) + len(g))


def _item(spec: str) -> tuple[int, int]:
    section, item = spec.split("/")
    return cn_to_int(section), cn_to_int(item)


def test_laiwu_table_has_54_tasks_bound_to_the_gold_items() -> None:
    doc = gold_document(GOLD["laiwu-2023"])
    assert len(doc.tasks) == 54
    rows = GOLD["laiwu-2023"]["table"]["rows"]
    by_n = {t.n: t for t in doc.tasks}
    assert sorted(by_n) == list(range(1, 55))
    misplaced = [r["n"] for r in rows if (by_n[r["n"]].section, by_n[r["n"]].item) != _item(r["item"])]
    assert misplaced == []


def test_laiwu_units_and_deadlines() -> None:
    doc = gold_document(GOLD["laiwu-2023"])
    by_n = {t.n: t for t in doc.tasks}
    rows = GOLD["laiwu-2023"]["table"]["rows"]
    f1 = sum(_f1(r["units"], by_n[r["n"]].units) for r in rows) / len(rows)
    assert f1 >= 0.97
    assert [key(by_n[r["n"]].deadline or "") for r in rows] == [key(r["deadline"]) for r in rows]
    # normalised: 2023年12月底前 → 2023-12-31; 长期坚持 has no date, by design
    assert by_n[1].due == "2023-12-31" and by_n[24].due == "2023-06-30" and by_n[51].due is None


def test_laiwu_tasks_carry_their_text_and_merged_cells() -> None:
    doc = gold_document(GOLD["laiwu-2023"])
    by_n = {t.n: t for t in doc.tasks}
    assert by_n[12].text == "完善动态调整机制，公开9类困难群众救助标准。"
    assert by_n[42].units == ["区政府办公室"]  # number, text and units printed on one line
    # rows 33-35 share the merged units cell printed on row 32
    assert by_n[35].units == by_n[32].units and len(by_n[32].units) == 5


def test_zhaoyuan_table_rows_per_item() -> None:
    doc = gold_document(GOLD["zhaoyuan-2023"])
    table = GOLD["zhaoyuan-2023"]["table"]
    assert len(doc.tasks) == table["row_count"] == 53
    counts = Counter(t.item for t in doc.tasks)
    assert {cn_to_int(k): n for k, n in table["rows_per_item"].items()} == dict(counts)


def test_zhaoyuan_unit_samples() -> None:
    doc = gold_document(GOLD["zhaoyuan-2023"])
    samples = GOLD["zhaoyuan-2023"]["table"]["units_sample"]
    scores = []
    for sample in samples:
        rows = [t for t in doc.tasks if t.item == cn_to_int(sample["item"])]
        scores.append(_f1(sample["units"], rows[sample["row"] - 1].units))
    assert sum(scores) / len(scores) >= 0.95


def test_item_label_printed_below_its_first_rows_binds_them() -> None:
    """招远 prints （十三） beside the second of its two rows; the first row still belongs to 十三."""
    doc = gold_document(GOLD["zhaoyuan-2023"])
    first = next(t for t in doc.tasks if t.text.startswith("完善政府信息公开审查制度"))
    assert (first.section, first.item) == (4, 13)


SYNTHETIC = """某县人民政府办公室关于印发2023年某县工作要点的通知
某政办发〔2023〕3号
各乡镇人民政府，县政府各部门：
现将《2023年某县工作要点》印发给你们，请认真贯彻执行。
某县人民政府办公室
2023年3月1日
2023年某县工作要点
一、加强组织领导
（一）健全工作机制。每年至少召开1次会议研究重点难点问题。配齐配强工作人员。
（二）加强培训。每年至少组织1次业务培训。
附件
2023年某县工作要点任务分工
工作任务\t\t具体要求\t责任单位\t完成时限
一、加强组织领导\t（一）健全工作机制\t每年至少召开1次会议研究重点难点问题。\t县政府办公室\t2023年12月底前
\t\t配齐配强工作人员。\t县人社局、财政局\t
\t（二）加强培训\t每年至少组织1次业务培训。\t各乡镇，县政府各部门\t长期坚持
"""


def test_a_tab_table_with_merged_cells() -> None:
    doc = parse_text(SYNTHETIC).documents[0]
    assert [(t.section, t.item, t.units, t.deadline) for t in doc.tasks] == [
        (1, 1, ["县政府办公室"], "2023年12月底前"),
        (1, 1, ["县人社局", "县财政局"], "2023年12月底前"),
        (1, 2, ["各乡镇", "县政府各部门"], "长期坚持"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区发展改革局、区工业和信息化局、区商务综合服务中心", True),
        ("各镇街区，市政府各部门", True),
        ("完善动态调整机制，公开9类困难群众救助标准。", False),
    ],
)
def test_units_or_text(text: str, expected: bool) -> None:
    assert looks_like_units(text) is expected
