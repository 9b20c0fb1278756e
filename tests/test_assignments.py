"""Responsibility notes in the prose (（责任单位：…；完成时限：…）, （…牵头，…配合）, 责任单位：….):
read in each form, given to the statements they close, kept out of statements, headings and
quantities, and carried into the graph as assignees and pk:unitsText."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg.model.namespaces import ODRL, PK, SKOS
from kg.parse.assignments import find_notes
from kg.parse.obligations import find_obligations
from tests.conftest import UNSEEN, parsed

U15 = UNSEEN / "u15_shouguang_inline_responsibility_notes.txt"


@pytest.mark.parametrize(
    ("text", "lead", "support", "deadline"),
    [
        (
            "（责任单位：市政府办公室、市司法局，各县市区政府；完成时限：2023年12月底前）",
            ["市政府办公室", "市司法局", "各县市区政府"],
            [],
            "2023年12月底前",
        ),
        (
            "(牵头单位:市委宣传部;配合单位:市统计局、市发展改革局)",
            ["市委宣传部"],
            ["市统计局", "市发展改革局"],
            None,
        ),
        (
            "（牵头部门：区政务服务中心，配合部门：各街道（镇），完成时间：6月底前）",
            ["区政务服务中心"],
            ["各街道（镇）"],
            "6月底前",
        ),
        (
            "（责任单位：各街道（镇）、区政府各部门（单位））",
            ["各街道（镇）", "区政府各部门（单位）"],
            [],
            None,
        ),
        (
            "（市工业和信息化局牵头，各镇街、市直各部门配合）",
            ["市工业和信息化局"],
            ["各镇街", "市直各部门"],
            None,
        ),
        ("（县大数据中心负责）", ["县大数据中心"], [], None),
        (
            "责任单位：市教育和体育局、市卫生健康局。\n完成时限：2023年9月底前。",
            ["市教育和体育局", "市卫生健康局"],
            [],
            "2023年9月底前",
        ),
    ],
)
def test_each_form_of_note_is_read(
    text: str, lead: list[str], support: list[str], deadline: str | None
) -> None:
    notes = find_notes("做好信息公开工作。" + text)
    assert len(notes) == 1
    note = notes[0]
    assert (note.lead, note.support, note.deadline) == (lead, support, deadline)
    assert note.text == text.strip()  # as written
    assert note.units == lead + support


@pytest.mark.parametrize(
    "text",
    [
        "各区县政府（含代管镇、街道的功能区管理机构，下同）不少于5次",
        "各单位每年至少开展1次培训（2023年底前完成）",
        "完善政务公开专区（室）建设，方便群众查阅",
        "公开财政预决算信息（涉密信息除外）。",
        "推动政策“精准匹配、快速直达”（试点先行，逐步推开）。",
    ],
)
def test_brackets_that_are_not_notes(text: str) -> None:
    assert find_notes(text) == []


def test_a_note_assigns_the_statements_before_it_back_to_the_previous_note() -> None:
    text = (
        "推进公开。1.做好A工作。（市大数据局负责）\n"
        "2.做好B工作，每年不少于5次（责任单位：各街道（镇）；完成时限：2023年6月底前）。\n"
        "3.做好C工作。做好D工作。（牵头单位：市司法局）"
    )
    got = find_obligations(text, section=1, item=1, heading="推进公开", year=2023)
    assert [(o.text, o.units, o.due) for o in got] == [
        ("1.做好A工作", ["市大数据局"], None),
        ("2.做好B工作，每年不少于5次", ["各街道（镇）"], "2023-06-30"),
        ("3.做好C工作", ["市司法局"], None),
        ("做好D工作", ["市司法局"], None),
    ]
    for o in got:  # offsets still point into the item's text, the note left out
        assert text[o.start : o.end] == o.text
        assert "单位" not in o.text and "负责" not in o.text
    assert got[1].units_text == "（责任单位：各街道（镇）；完成时限：2023年6月底前）"


def test_a_note_after_the_heading_assigns_the_item_and_an_unassigned_statement_stays_so() -> None:
    heading = "推进社会救助信息公开（责任单位：市民政局）"
    text = heading + "。及时公开救助标准。每半年公开一次救助对象数量。"
    got = find_obligations(text, section=1, item=1, heading="推进社会救助信息公开", year=2023)
    assert [(o.text, o.units) for o in got] == [
        ("及时公开救助标准", ["市民政局"]),
        ("每半年公开一次救助对象数量", ["市民政局"]),
    ]
    later = find_obligations("做好A。（区政府办公室负责）做好B。", section=1, item=1, year=2023)
    assert [(o.text, o.units) for o in later] == [("做好A", ["区政府办公室"]), ("做好B", [])]


def test_the_headings_note_assigns_what_no_note_of_its_own_does() -> None:
    """The item's heading names the lead unit; a point with its own note goes to that note's
    unit, a point without one stays with the heading's."""
    text = "加强政策解读（牵头单位：市政府办公室）\n1.做好A工作。（责任单位：市司法局）\n2.做好B工作。"
    got = find_obligations(text, section=1, item=1, heading="加强政策解读", year=2023)
    assert [(o.text, o.units) for o in got] == [
        ("1.做好A工作", ["市司法局"]),
        ("2.做好B工作", ["市政府办公室"]),
    ]


def test_a_statements_own_deadline_comes_first() -> None:
    got = find_obligations(
        "于3月底前公开目录。（责任单位：市政府办公室；完成时限：2023年12月底前）",
        section=1,
        item=1,
        year=2023,
    )
    assert got[0].deadline == "3月底前" and got[0].due == "2023-03-31"
    assert [d.text for d in got[0].deadlines] == ["3月底前", "2023年12月底前"]


def test_the_unseen_document_gets_its_units_from_the_notes() -> None:
    doc = parsed(U15).documents[0]
    by_item: dict[int | None, list[tuple[list[str], str | None]]] = {}
    for o in doc.obligations:
        by_item.setdefault(o.item, []).append((o.units, o.due))
    assert by_item[1] == [
        (["市政府办公室", "市发展改革局"], "2023-12-31"),
        (["市委宣传部", "市统计局", "市发展改革局"], None),
    ]
    assert {tuple(u) for u, _ in by_item[2]} == {("市工业和信息化局", "各镇街", "市直各部门")}
    assert by_item[3] == [(["市民政局"], None), (["市民政局"], None)]
    assert by_item[4] == [(["市教育和体育局", "市卫生健康局"], "2023-09-30")]
    assert by_item[5] == [(["市政府办公室"], None)]
    assert by_item[6] == [([], None)]  # no note: nobody named
    texts = [q.quantity.text for q in doc.quantities]
    assert "2023年12月底前" in texts and "每年至少组织1次政务公开业务培训" in texts
    assert not any("负责" in t or t.endswith("）") for t in texts)


def test_supporting_units_are_told_apart() -> None:
    got = find_obligations(
        "做好A。（牵头单位：市委宣传部；配合单位：市统计局）做好B。（市工信局牵头，各镇街配合）做好C。（市财政局负责）",
        section=1,
        item=1,
        year=2023,
    )
    assert [(o.units, o.support_units) for o in got] == [
        (["市委宣传部", "市统计局"], ["市统计局"]),
        (["市工信局", "各镇街"], ["各镇街"]),
        (["市财政局"], []),
    ]


def test_the_graph_names_the_noted_units_as_assignees() -> None:
    from kg.build import build_graph

    graph = build_graph(parsed(U15).documents)
    noted = set(graph.subjects(PK.unitsText, None))
    assert noted and all((o, ODRL.assignee, None) in graph for o in noted)
    office = {
        str(graph.value(u, SKOS.prefLabel))
        for o in noted
        if (o, PK.unitsText, Literal("（市政府办公室负责）", lang="zh")) in graph
        for u in graph.objects(o, ODRL.assignee)
    }
    assert office == {"寿光市人民政府办公室"}  # 市政府办公室 of 寿光市, resolved as a table cell's unit
    supporting = {
        (str(o).rsplit("/", 2)[-2], str(graph.value(u, SKOS.prefLabel)))
        for o, u in graph.subject_objects(PK.supportingUnit)
    }
    assert supporting == {
        ("sec_1__item_1", "寿光市统计局"),
        ("sec_1__item_1", "寿光市发展和改革局"),
        ("sec_1__item_2", "各街道（镇）"),
        ("sec_1__item_2", "寿光市直各部门（单位）"),
    }
    assert all((o, ODRL.assignee, u) in graph for o, u in graph.subject_objects(PK.supportingUnit))


def test_a_note_inside_a_statement_stays_in_its_text() -> None:
    """A note in the middle of a sentence is kept in the statement as written, so offsets still
    point into the item's text and the quantity after it is found inside the statement."""
    text = "开展政策解读（市委宣传部牵头，各部门配合），全年不少于10次。"
    (ob,) = find_obligations(text, section=1, item=1, year=2023)
    assert text[ob.start : ob.end] == ob.text == text.rstrip("。")
    assert (ob.units, ob.support_units) == (["市委宣传部", "各部门"], ["各部门"])
    with_deadline = "做好公开（责任单位：市财政局；完成时限：2023年6月底前），不少于5次。"
    (ob,) = find_obligations(with_deadline, section=1, item=1, year=2023)
    assert [(d.text, with_deadline[d.start : d.end]) for d in ob.deadlines] == [
        ("2023年6月底前", "2023年6月底前")
    ]


@pytest.mark.parametrize(
    ("text", "lead", "support"),
    [
        ("做好公开（市政府办公室牵头、市大数据局配合）。", ["市政府办公室"], ["市大数据局"]),
        ("做好公开（由市政府办公室负责）。", ["市政府办公室"], []),
        ("做好公开（公开前由起草单位负责）。", ["起草单位"], []),
    ],
)
def test_roles_joined_by_a_pause_mark_and_hand_over_words(
    text: str, lead: list[str], support: list[str]
) -> None:
    (note,) = find_notes(text)
    assert (note.lead, note.support) == (lead, support)


@pytest.mark.parametrize(
    "text",
    [
        "做好A。责任单位：市财政局，各部门要积极配合做好相关工作。",  # a sentence, not a list of units
        "做好A。时间要求：各单位于每月5日前报送上月信息。",  # a sentence, not a date
    ],
)
def test_a_sentence_that_only_starts_like_a_note_is_a_statement(text: str) -> None:
    assert find_notes(text) == []
    got = find_obligations(text, section=1, item=1, year=2023)
    assert got[0].text == "做好A" and text.rstrip("。").endswith(got[-1].text)  # nothing swallowed
