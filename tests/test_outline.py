"""The outline's levels: sections 一、, items （一）, points 1. — and documents that skip a level."""

from __future__ import annotations

from kg.parse import parse_text
from kg.parse.outline import parse_outline

TWO_LEVELS = """2023年昌乐县政务公开工作要点

一、加强政策解读
1.提升解读质量。各部门要同步发布解读材料。
解读材料与文件同步上网。
2.做好新闻发布。每季度至少召开1次新闻发布会。
二、推进基层公开
3.完善事项目录。6月底前完成目录更新。
"""


def test_points_are_the_items_of_a_section_without_the_second_level() -> None:
    doc = parse_text(TWO_LEVELS).documents[0]
    got = [(s.heading, s.text, [(i.number, i.label, i.heading) for i in s.items]) for s in doc.sections]
    assert got == [
        ("加强政策解读", "加强政策解读", [(1, "1.", "提升解读质量"), (2, "2.", "做好新闻发布")]),
        ("推进基层公开", "推进基层公开", [(3, "3.", "完善事项目录")]),
    ]
    assert (
        doc.sections[0].items[0].text == "提升解读质量。各部门要同步发布解读材料。\n解读材料与文件同步上网。"
    )
    # their duties are the items' (headings are no statements)
    assert [(o.section, o.item, o.text) for o in doc.obligations] == [
        (1, 1, "各部门要同步发布解读材料"),
        (1, 1, "解读材料与文件同步上网"),
        (1, 2, "每季度至少召开1次新闻发布会"),
        (2, 3, "6月底前完成目录更新"),
    ]


def test_points_under_items_stay_points() -> None:
    _, sections, _, _ = parse_outline(
        [
            "一、加强政策解读",
            "（一）提升解读质量。",
            "1.同步发布解读材料。",
            "2.开展政策宣讲。",
            "二、强化保障",
            "1.加强组织领导。",
        ]
    )
    assert [(i.heading, [p.number for p in i.points]) for i in sections[0].items] == [
        ("提升解读质量", [1, 2])
    ]
    # a section of points alone, after sections with items: its points are its items
    assert [(i.number, i.heading) for i in sections[1].items] == [(1, "加强组织领导")]
    assert sections[1].points == []


def test_points_numbered_on_across_items() -> None:
    _, sections, _, _ = parse_outline(
        [
            "一、加强公开",
            "（一）经济政策",
            "1.公开项目信息。",
            "2.解读助企政策。",
            "（二）财政信息",
            "3.公开预决算。",
        ]
    )
    assert [[p.number for p in i.points] for i in sections[0].items] == [[1, 2], [3]]


def test_a_heading_ended_by_a_colon_and_one_on_its_own_line() -> None:
    text = (
        "2023年昌乐县政务公开工作要点\n\n一、加强政策解读\n（一）提升解读质量\n各部门要同步发布解读材料。\n"
        "（二）做好新闻发布：每季度至少召开1次新闻发布会。\n二、推进基层公开\n（三）完善事项目录\n6月底前完成目录更新。\n"
    )
    doc = parse_text(text).documents[0]
    assert [i.heading for s in doc.sections for i in s.items] == [
        "提升解读质量",
        "做好新闻发布",
        "完善事项目录",
    ]
    # the statement after the colon is a duty of its own
    assert [(o.item, o.text) for o in doc.obligations] == [
        (1, "各部门要同步发布解读材料"),
        (2, "每季度至少召开1次新闻发布会"),
        (3, "6月底前完成目录更新"),
    ]


def test_an_interpretation_printed_after_the_document_is_not_part_of_it() -> None:
    """A website prints 《…》政策解读 under the 要点: its 一、二、 would run into the last item."""
    text = (
        "2023年昌邑市政务公开工作要点\n\n一、加强政策解读\n（一）提升解读质量。各部门要同步发布解读材料。\n"
        "（二）做好新闻发布。每季度至少召开1次新闻发布会。\n二、推进基层公开\n（三）完善事项目录。6月底前完成目录更新。\n\n"
        "《2023年昌邑市政务公开工作要点》政策解读\n\n一、起草背景\n为贯彻落实上级部署，起草了本要点。\n"
        "二、主要内容\n本要点共分两个部分。\n"
    )
    result = parse_text(text)
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert doc.sections[-1].items[-1].text == "完善事项目录。6月底前完成目录更新。"
    assert doc.closing == "" and not any("起草" in o.text for o in doc.obligations)


def test_a_one_sentence_point_made_an_item_is_a_duty_and_its_note_assigns_it() -> None:
    text = (
        "2023年寿光市政务公开工作要点\n\n一、加强政策解读\n1.市政府各部门要同步发布解读材料，全年开展政策解读不少于20次。\n"
        "2.各部门要每季度至少召开1次新闻发布会。（责任单位：市委宣传部）\n二、深化重点领域公开\n"
        "（一）推进财政预决算公开。要及时公开财政预算决算。\n"
    )
    doc = parse_text(text).documents[0]
    assert [(o.section, o.item, o.units) for o in doc.obligations] == [
        (1, 1, ["市政府各部门"]),
        (1, 2, ["市委宣传部"]),
        (2, 1, []),
    ]


def test_colon_headings_and_colons_that_announce() -> None:
    from kg.parse.outline import heading_of

    assert heading_of("做好主要工作：每季度召开1次。") == "做好主要工作"  # 主要 is no modal 要
    assert heading_of("加强应急信息公开：及时发布。") == "加强应急信息公开"
    assert heading_of("国务院办公厅印发的通知提出：要加强。") == "国务院办公厅印发的通知提出：要加强"


def test_an_interpretation_the_notice_lists_as_an_attachment_stays() -> None:
    text = (
        "2023年昌邑市政务公开工作要点\n\n一、加强政策解读\n（一）提升解读质量。各部门要同步发布解读材料。\n"
        "（二）做好新闻发布。每季度至少召开1次新闻发布会。\n\n附件：《2023年昌邑市政务公开工作要点》政策解读\n\n"
        "《2023年昌邑市政务公开工作要点》政策解读\n\n一、起草背景\n为贯彻落实上级部署，起草了本要点。\n"
    )
    doc = parse_text(text).documents[0]
    assert [a.title for a in doc.annexes] == ["《2023年昌邑市政务公开工作要点》政策解读"]
