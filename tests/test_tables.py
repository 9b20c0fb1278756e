"""任务分工 tables against the gold: every row bound to its item, with its units and deadline."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.normalize import key
from kg.parse import parse_text
from kg.parse.numerals import cn_to_int
from kg.parse.tables import looks_like_units
from tests.conftest import GOLD_DOCS, UNSEEN, gold_document, parsed

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


LEAD_AND_SUPPORT = """潍坊市人民政府办公室
关于印发2023年潍坊市政务公开工作要点的通知
潍政办字〔2023〕15号

各县市区人民政府（管委会），市政府各部门、各直属机构：
现将《2023年潍坊市政务公开工作要点》印发给你们，请认真贯彻执行。

潍坊市人民政府办公室
2023年4月3日

2023年潍坊市政务公开工作要点

一、加强政策解读
（一）提升解读质量。各部门要严格落实政策解读三同步要求，全年发布解读材料不少于30篇。
（二）做好新闻发布。市政府新闻办每月至少组织2场新闻发布会。
二、推进基层公开
（三）完善事项目录。各县市区于6月底前完成基层政务公开事项目录更新。

附件：2023年潍坊市政务公开重点任务分工

附件
2023年潍坊市政务公开重点任务分工
序号\t重点任务\t牵头单位\t配合单位\t完成时限
1\t严格落实政策解读三同步要求，全年发布解读材料不少于30篇\t市政府办公室\t市直各部门\t2023年12月底前
2\t市政府新闻办每月至少组织2场新闻发布会\t市委宣传部\t市政府办公室\t持续推进
3\t各县市区于6月底前完成基层政务公开事项目录更新\t各县市区政府\t\t2023年6月底前
4\t各县市区于6月底前完成基层政务公开事项目录更新\t牵头单位：市政府办公室；配合单位：各县市区政府\t2023年6月底前
"""


def test_lead_and_support_columns_are_both_units() -> None:
    """A table with 牵头单位 and 配合单位 columns: both are the row's units (lead first), none is
    taken for the requirement; a cell that labels the roles itself gives the units without them."""
    doc = parse_text(LEAD_AND_SUPPORT).documents[0]
    assert [(t.n, t.section, t.item, t.units, t.deadline) for t in doc.tasks] == [
        (1, 1, 1, ["市政府办公室", "市直各部门"], "2023年12月底前"),
        (2, 1, 2, ["市委宣传部", "市政府办公室"], "持续推进"),
        (3, 2, 3, ["各县市区政府"], "2023年6月底前"),
        (4, 2, 3, ["市政府办公室", "各县市区政府"], "2023年6月底前"),
    ]
    assert doc.tasks[1].text == "市政府新闻办每月至少组织2场新闻发布会"
    assert doc.tasks[3].units_text == "牵头单位：市政府办公室；配合单位：各县市区政府"  # as written
    # the 配合单位 column (by the header), and a cell that says 配合单位：
    assert [t.support_units for t in doc.tasks] == [["市直各部门"], ["市政府办公室"], [], ["各县市区政府"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委宣传部", True),
        ("区发展改革局、区工业和信息化局、区商务综合服务中心", True),
        ("各镇街区，市政府各部门", True),
        ("完善动态调整机制，公开9类困难群众救助标准。", False),
    ],
)
def test_units_or_text(text: str, expected: bool) -> None:
    assert looks_like_units(text) is expected


def test_a_pdf_stream_table_with_lead_and_support_columns() -> None:
    """Cell by cell from a PDF: the 牵头单位 and 配合单位 cells of a row are two lists of units,
    not one name run together; a row with only a lead unit keeps it."""
    doc = parsed(UNSEEN / "u16_linyi_points_numbered_on_lead_and_support_columns.txt").documents[0]
    assert [(t.n, t.section, t.item, t.units, t.deadline) for t in doc.tasks] == [
        (1, 1, 1, ["市发展改革委", "市直有关部门"], "2023年12月底前"),
        (2, 1, 1, ["市工业和信息化局", "市委宣传部"], "持续推进"),
        (3, 1, 2, ["市财政局"], "2023年9月底前"),
        (4, 2, 3, ["市民政局", "各县区政府"], "每季度"),
    ]
    assert [t.support_units for t in doc.tasks] == [["市直有关部门"], ["市委宣传部"], [], ["各县区政府"]]
    # (the points 1.–4. run on across the items: 3. is the first point of （二）)
    assert [[p.number for p in i.points] for s in doc.sections for i in s.items] == [[1, 2], [3], [4]]


def test_a_pdf_stream_table_without_row_numbers() -> None:
    """No 序号 column: a requirement cell opens a row once the open row has its units or
    deadline or ends a sentence; rows under a merged units cell take it; the section and item
    label cells bind the rows below them."""
    doc = parsed(UNSEEN / "u18_anqiu_table_without_row_numbers.txt").documents[0]
    assert [(t.n, t.section, t.item, t.text[:8], t.units, t.deadline) for t in doc.tasks] == [
        (None, 1, 1, "各部门要同步发布", ["市政府办公室", "市直各部门"], "2023年12月底前"),
        (None, 1, 1, "解读材料与政策文", ["市政府办公室", "市直各部门"], "2023年12月底前"),
        (None, 1, 1, "建立政策解读专家", ["市政府办公室", "市直各部门"], "2023年12月底前"),
        (None, 1, 2, "每季度至少召开1", ["市委宣传部"], "持续推进"),
        (None, 2, 3, "6月底前完成目录", ["各镇街"], "2023年6月底前"),
    ]
    assert [t.item_label for t in doc.tasks] == ["（一）提升解读质量"] * 3 + [
        "（二）做好新闻发布",
        "（三）完善事项目录",
    ]


def test_a_markdown_pipe_table_under_its_title_alone() -> None:
    """A Markdown file's pipe table is read as a web page's table; the attachment has no 附件
    label line, only its title as the 附件：list names it."""
    doc = parsed(UNSEEN / "u19_qingzhou_markdown_pipe_table_unlabelled_annex.md").documents[0]
    assert [(a.label, a.title) for a in doc.annexes] == [("", "2023年青州市政务公开重点任务分工")]
    assert [(t.n, t.section, t.item, t.units, t.deadline) for t in doc.tasks] == [
        (1, 1, 1, ["市政府办公室", "市直各部门"], "2023年12月底前"),
        (2, 1, 2, ["市委宣传部"], "持续推进"),
        (3, 2, 3, ["各镇街"], "2023年6月底前"),
    ]
    # the attachment's title is no item of the last section
    assert doc.sections[-1].items[-1].text == "完善事项目录。6月底前完成目录更新。"


ISSUED_AS_ANNEX = """寿光市人民政府办公室
关于印发2023年寿光市政务公开工作要点的通知

各镇人民政府、街道办事处，市政府各部门：
现将《2023年寿光市政务公开工作要点》印发给你们，请认真贯彻落实。

附件：2023年寿光市政务公开工作要点

寿光市人民政府办公室
2023年5月8日

2023年寿光市政务公开工作要点

一、加强政策解读
（一）提升解读质量。各部门要同步发布解读材料。
二、推进基层公开
（二）完善事项目录。6月底前完成目录更新。
"""


def test_the_issued_text_listed_as_an_attachment_stays_the_main_text() -> None:
    """The notice lists the 要点 it issues as its 附件 and the 要点 follows under its title: it is
    the main text, not an unlabelled attachment."""
    doc = parse_text(ISSUED_AS_ANNEX).documents[0]
    assert doc.attached_title == "2023年寿光市政务公开工作要点" and doc.annexes == []
    assert [s.heading for s in doc.sections] == ["加强政策解读", "推进基层公开"]


PARAPHRASED = """2023年高青县政务公开工作要点

一、加强政策解读
（一）提升解读质量。各部门出台政策时要同步发布解读材料，采用图解、视频等多种形式，全年发布解读不少于20篇。
（二）做好新闻发布。县政府新闻办每季度至少召开1次新闻发布会，通报重点工作进展。
二、推进基层公开
（三）完善事项目录。各镇街于6月底前完成基层政务公开事项目录更新，并在政府网站公开。
（四）建好公开专区。在便民服务中心设立政务公开专区，提供查阅、咨询服务。

附件

2023年高青县政务公开重点任务分工

序号\t任务内容\t责任单位\t完成时限
1\t政策出台同步解读，多种形式解读\t县政府办公室\t2023年12月底前
2\t每季度召开新闻发布会\t县委宣传部\t每季度
3\t更新基层政务公开事项目录\t各镇街\t2023年6月底前
4\t设立政务公开专区\t县行政审批服务局\t2023年9月底前
"""


def test_rows_that_paraphrase_their_items_are_bound_in_order() -> None:
    """No labels, and rows 1 and 2 say in other words what items （一） and （二） say: the table
    follows the text, so they belong before row 3's item, each to the item it shares most with."""
    doc = parse_text(PARAPHRASED).documents[0]
    assert [(t.n, t.section, t.item) for t in doc.tasks] == [(1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 2, 4)]


RESTARTED = """2023年寿光市政务公开工作要点

一、加强政策解读
（一）提升解读质量。各部门要同步发布解读材料，全年不少于20篇。
（二）做好新闻发布。每季度至少召开1次新闻发布会。
二、推进基层公开
（三）完善事项目录。6月底前完成目录更新。
（四）建好公开专区。9月底前建成政务公开专区。

附件

2023年寿光市政务公开重点任务分工

序号 工作任务 责任单位 完成时限

一、加强政策解读

1

各部门要同步发布解读材料，全年不少于20篇。

市政府办公室

2023年12月底前

2

每季度至少召开1次新闻发布会。

市委宣传部

持续推进

二、推进基层公开

1

6月底前完成目录更新。

各镇街

2023年6月底前

2

9月底前建成政务公开专区。

市行政审批服务局

2023年9月底前
"""


def test_rows_numbered_again_under_each_section_heading_row() -> None:
    """A PDF table whose section labels are heading rows and whose 序号 start again at 1 under
    each: every row is read, bound to its section, and the tasks get distinct IRIs."""
    from kg.build import build_graph
    from kg.model.namespaces import PK, RDF

    doc = parse_text(RESTARTED).documents[0]
    assert [(t.n, t.section, t.item, t.units) for t in doc.tasks] == [
        (1, 1, 1, ["市政府办公室"]),
        (2, 1, 2, ["市委宣传部"]),
        (1, 2, 3, ["各镇街"]),
        (2, 2, 4, ["市行政审批服务局"]),
    ]
    assert [t.section_label for t in doc.tasks] == ["一、加强政策解读"] * 2 + ["二、推进基层公开"] * 2
    tasks = sorted(str(t).rsplit("/", 1)[-1] for t in build_graph([doc]).subjects(RDF.type, PK.Task))
    assert tasks == ["task_1", "task_2", "task_3", "task_4"]  # by position: the 序号 repeat


HEADING_ROWS = """2023年潍城区政务公开工作要点

一、加强政策解读
（一）提升解读质量。各部门要同步发布解读材料，全年不少于20篇。
（二）做好新闻发布。每季度至少召开1次新闻发布会。

附件

2023年潍城区政务公开重点任务分工

序号\t重点任务\t责任单位\t完成时限
一、加强政策解读
1\t各部门要同步发布解读材料，全年不少于20篇。\t区政府办公室\t2023年12月底前
2\t每季度至少召开1次新闻发布会。\t区委宣传部\t持续推进
二、推进基层公开
1\t6月底前完成目录更新。\t各街道\t2023年6月底前
"""


def test_heading_rows_of_a_tab_table() -> None:
    """A web table whose section labels are rows of their own (one cell, or a row of empty cells):
    the label heads the rows below it instead of running into the row above."""
    doc = parse_text(HEADING_ROWS).documents[0]
    assert [(t.n, t.section, t.item, t.text[:6]) for t in doc.tasks] == [
        (1, 1, 1, "各部门要同步"),
        (2, 1, 2, "每季度至少召"),
        (1, 2, None, "6月底前完成"),
    ]
    tabbed_text = HEADING_ROWS.replace("\n二、推进基层公开\n", "\n\t二、推进基层公开\t\t\n")
    assert tabbed_text != HEADING_ROWS
    tabbed = parse_text(tabbed_text).documents[0]
    assert [(t.section, t.section_label) for t in tabbed.tasks][2] == (2, "二、推进基层公开")


def test_the_main_text_as_first_attachment_and_the_table_as_second() -> None:
    doc = parsed(UNSEEN / "u21_linqu_two_attachments_main_text_first.txt").documents[0]
    assert doc.annex_list == ["1．2023年临朐县政务公开工作要点", "2．2023年临朐县政务公开重点任务分工"]
    assert [(a.label, a.title) for a in doc.annexes] == [("附件2", "2023年临朐县政务公开重点任务分工")]
    assert [(t.n, t.section, t.item, t.units) for t in doc.tasks] == [
        (1, 1, 1, ["县政府办公室"]),
        (2, 1, 2, ["县委宣传部"]),
        (3, 2, 3, ["各镇街"]),
    ]


def test_a_table_row_ending_in_a_date_is_no_signature() -> None:
    """A 要点 without its notice: a TAB row whose last cell is a date is a task, not the signer."""
    text = (
        "2023年安丘市政务公开工作要点\n\n一、加强政策解读\n（一）做好政策解读。要加强政策解读材料审核。\n"
        "（二）做好新闻发布。要每季度召开新闻发布会。\n\n附件\n\n重点任务分工\n\n序号\t工作任务\t责任单位\t完成时限\n"
        "1\t加强政策解读材料审核\t市委宣传部\t2023年12月31日\n2\t每季度召开新闻发布会\t市政府办公室\t2023年12月31日\n"
    )
    doc = parse_text(text).documents[0]
    assert doc.issuer is None and doc.date is None
    assert [(t.n, t.units, t.deadline) for t in doc.tasks] == [
        (1, ["市委宣传部"], "2023年12月31日"),
        (2, ["市政府办公室"], "2023年12月31日"),
    ]


def test_a_units_header_that_explains_the_order_makes_no_support_column() -> None:
    text = LEAD_AND_SUPPORT.replace(
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
        "序号\t重点任务\t责任单位（排在第一位的为牵头单位，其他为配合单位）\t\t完成时限",
    )
    assert text != LEAD_AND_SUPPORT
    doc = parse_text(text).documents[0]
    assert doc.tasks[0].units == ["市政府办公室", "市直各部门"]  # still both, in order
    assert [t.support_units for t in doc.tasks][:3] == [[], [], []]


def test_a_paraphrasing_row_stays_in_the_section_it_is_printed_under() -> None:
    text = PARAPHRASED.replace("3\t更新基层政务公开事项目录", "二、推进基层公开\n3\t更新基层政务公开事项目录")
    text = text.replace(
        "2\t每季度召开新闻发布会\t县委宣传部\t每季度", "二、推进基层公开\n2\t解读审核工作\t县委宣传部\t每季度"
    )
    doc = parse_text(text).documents[0]
    assert doc.tasks[1].text == "解读审核工作"
    assert doc.tasks[1].section == 2  # not pulled back into section 1's item
