"""The 重大行政决策事项目录: the gold catalogue, a synthetic TAB table and a synthetic PDF run."""

from __future__ import annotations

import pytest

from kg.normalize import key
from kg.parse.decisions import Decision, Milestone, parse_decisions, parse_period
from kg.parse.records import Annex
from tests.conftest import GOLD_DOCS, gold_document

GOLD = next(g for g in GOLD_DOCS if g["id"] == "laiwu-decisions-2023")


@pytest.fixture(scope="module")
def decisions() -> list[Decision]:
    return parse_decisions(gold_document(GOLD).annexes)


def test_gold_count(decisions: list[Decision]) -> None:
    assert [d.number for d in decisions] == list(range(1, len(GOLD["decision_items"]) + 1))


FIELDS = ("title", "lead_unit", "deadline", "basis_count", "basis_doc_numbers", "milestones")


@pytest.mark.parametrize(
    "n, field",
    [
        pytest.param(n, f, id=f"{GOLD['id']}-{n + 1}-{f}")
        for n, item in enumerate(GOLD["decision_items"])
        for f in FIELDS
        if f in item
    ],
)
def test_gold_field(decisions: list[Decision], n: int, field: str) -> None:
    want = GOLD["decision_items"][n][field]
    got = decisions[n]
    if field in ("title", "lead_unit", "deadline"):
        assert key(getattr(got, field)) == key(want)
    elif field == "basis_count":
        assert len(got.basis) == want
    elif field == "basis_doc_numbers":
        assert [c.doc_number for c in got.basis] == want
    elif field == "milestones":
        assert len(got.milestones) == want


def test_lead_unit_keeps_the_tables_spelling(decisions: list[Decision]) -> None:
    assert (decisions[0].lead_unit, decisions[0].lead_unit_aliases) == ("区城乡交通运输局", ["区交通局"])
    assert (decisions[1].lead_unit, decisions[1].lead_unit_aliases) == ("区城市规划协调服务中心", [])


def test_titles_as_written_without_breaks(decisions: list[Decision]) -> None:
    assert decisions[0].title == "莱芜区“十四五”综合交通运输发展规划"
    assert decisions[1].title == "莱芜区国土空间分区规划（2021-2035年）"  # the list's spelling


def test_due_is_end_of_month(decisions: list[Decision]) -> None:
    assert [(d.deadline, d.due) for d in decisions] == [("2023年12月", "2023-12-31")] * 2


def test_basis_citations(decisions: list[Decision]) -> None:
    first, second = decisions
    assert first.basis[0].title == "黄河流域生态保护和高质量发展规划纲要"
    assert first.basis[4].title == "济南市国民经济和社会发展第十四个五年规划和二O三五年远景目标纲要"
    assert second.basis[1].issuer == "自然资源部"
    assert second.basis_text and second.basis_text.startswith("1．《中共中央国务院关于")


def test_procedure_steps(decisions: list[Decision]) -> None:
    steps = ["研究论证", "决策起草", "公开征求意见", "公众参与", "专家论证", "风险评估", "合法性审查"]
    steps += ["集体讨论", "提交区政府审议", "印发文件", "政府网站公示"]
    assert decisions[0].procedure == steps
    assert decisions[1].procedure == steps


def test_milestones_text_and_periods(decisions: list[Decision]) -> None:
    first, second = decisions
    assert first.milestones[0] == Milestone(
        "2023年2-5月，开展研究论证", "2023年2-5月", "2023-02-01", "2023-05-31"
    )
    assert first.milestones[4].text == "2023年9月，征求相关部门意见并修改完善，领导集体研究，合规性审查"
    assert second.milestones[2] == Milestone(
        "2023年6月中旬，开展公众参与、规划公示、风险评估、专家论证",
        "2023年6月中旬",
        "2023-06-11",
        "2023-06-20",
    )
    assert [m.when for m in second.milestones][-2:] == ["2023年8-11月", "2023年12月"]
    assert second.milestones[-2].end == "2023-11-30"


@pytest.mark.parametrize(
    "text, when, start, end",
    [
        ("2023年6月上旬，", "2023年6月上旬", "2023-06-01", "2023-06-10"),
        ("2023年6月下旬，", "2023年6月下旬", "2023-06-21", "2023-06-30"),
        ("2024年2月", "2024年2月", "2024-02-01", "2024-02-29"),
        ("2023年12月-2024年3月", "2023年12月-2024年3月", "2023-12-01", "2024-03-31"),
        ("2023年第三季度", "2023年第三季度", "2023-07-01", "2023-09-30"),
        ("2023年底前", "2023年底前", None, "2023-12-31"),
        ("2023年6月10日", "2023年6月10日", "2023-06-10", "2023-06-10"),
        ("２０２３年６月中旬", "２０２３年６月中旬", "2023-06-11", "2023-06-20"),
    ],
)
def test_parse_period(text: str, when: str, start: str | None, end: str | None) -> None:
    assert parse_period(text) == (when, start, end)


@pytest.mark.parametrize("text", ["2023年13月", "2023年度", "研究论证", "（2021-2035年）"])
def test_parse_period_refuses(text: str) -> None:
    assert parse_period(text) is None


# --- synthetic tables -------------------------------------------------------------------------

HEADER = ["序号", "事项名称", "决策依据", "决策程序", "实施计划", "完成时限", "承办单位"]


def _tab_annex(rows: list[list[str]]) -> Annex:
    lines = ["\t".join(r) for r in rows]
    return Annex(number=2, label="附件2", title="某市2024年度重大行政决策事项", lines=lines, rows=rows)


def test_tab_table() -> None:
    """A TAB-separated table (.docx / .html): one row per line, a row broken over a page, the header
    repeated; and a list annex that spells the units otherwise."""
    table = _tab_annex(
        [
            HEADER,
            [
                "1",
                "某市城市更新专项规划",
                "1.《中华人民共和国城乡规划法》；2.住房城乡建设部《关于在实施城市更新行动中防止大拆大建问题的通知》（建科〔2021〕63号）",
                "公众参与、专家论证、风险评估、合法性审查、集体讨论决定",
                "2024年3月，开展调研；2024年4-6月，起草草案；",
                "2024年10月",
                "市住建局",
            ],
            HEADER,  # the header again on the next page
            ["", "", "", "", "2024年7月下旬，提交市政府常务会议审议。", "", ""],
            ["2", "某市养老服务设施布局规划", "无", "研究论证、决策起草", "2024年第二季度，完成编制", "2024年6月底前", "市民政局"],
        ]
    )  # fmt: skip
    listing = Annex(
        number=1,
        label="附件1",
        title="某市2024年度重大行政决策事项目录",
        lines=[
            "一、某市城市更新专项规划（承办单位：市住房和城乡建设局，计划完成时间：2024年10月）",
            "二、某市养老服务设施布局规划（承办单位：市民政局，计划完成时间：2024年6月）",
        ],
    )
    first, second = parse_decisions([listing, table])
    assert (first.number, first.title, first.lead_unit, first.lead_unit_aliases) == (
        1,
        "某市城市更新专项规划",
        "市住房和城乡建设局",
        ["市住建局"],
    )
    assert [(c.issuer, c.title, c.doc_number) for c in first.basis] == [
        (None, "中华人民共和国城乡规划法", None),
        ("住房城乡建设部", "关于在实施城市更新行动中防止大拆大建问题的通知", "建科〔2021〕63号"),
    ]
    assert first.procedure == ["公众参与", "专家论证", "风险评估", "合法性审查", "集体讨论决定"]
    assert [(m.when, m.start, m.end) for m in first.milestones] == [
        ("2024年3月", "2024-03-01", "2024-03-31"),
        ("2024年4-6月", "2024-04-01", "2024-06-30"),
        ("2024年7月下旬", "2024-07-21", "2024-07-31"),
    ]
    assert (first.deadline, first.due) == ("2024年10月", "2024-10-31")
    assert (second.basis, second.basis_text) == ([], "无")
    assert (second.deadline, second.due) == ("2024年6月底前", "2024-06-30")
    assert second.milestones == [
        Milestone("2024年第二季度，完成编制", "2024年第二季度", "2024-04-01", "2024-06-30")
    ]


def test_pdf_run_without_list() -> None:
    """Cells as runs of short lines, told apart by the genre's conventions: a basis that is not
    numbered, a one-line deadline, months without a year, the header repeated inside a row."""
    lines = [
        "序号 事项名称 决策依据 决策程序 实施计划 完成时限 承办单位",
        "1",
        "某县2024年度",
        "重点项目",
        "清单",
        "根据《某省政府投资管理",
        "办法》",
        "研究论证、征求意",
        "见、集体讨论。",
        "2024年1月，开展调",
        "研论证；",
        "序号",  # a page break inside the row
        "事项名称 决策依据 决策程序 实施计划 完成时限 承办单位",
        "2月，征求意见；",
        "3月上旬，提交审议。",
        "2024年3月底前",
        "县发展改革局",
        "2",
        "某县国土空间总体规划",
        "1．《某省国土空间规划",
        "（2021—2035年）》；",
        "2．县委常委会议定事项。",
        "专家论证、合法性审查。",
        "2024年5月，报批。",
        "长期坚持",
        "县自然资源局",
        "注：本目录实行动态管理。",
    ]
    annex = Annex(number=1, label="附件", title="某县2024年度重大行政决策事项目录", lines=lines)
    first, second = parse_decisions([annex])
    assert first.title == "某县2024年度重点项目清单"
    assert [c.title for c in first.basis] == ["某省政府投资管理办法"]
    assert first.procedure == ["研究论证", "征求意见", "集体讨论"]
    assert [(m.when, m.start, m.end) for m in first.milestones] == [
        ("2024年1月", "2024-01-01", "2024-01-31"),
        ("2月", "2024-02-01", "2024-02-29"),
        ("3月上旬", "2024-03-01", "2024-03-10"),
    ]
    assert first.milestones[0].text == "2024年1月，开展调研论证"
    assert (first.deadline, first.due, first.lead_unit) == ("2024年3月底前", "2024-03-31", "县发展改革局")
    assert [c.title for c in second.basis] == ["某省国土空间规划（2021—2035年）"]
    assert second.basis_text == "1．《某省国土空间规划（2021—2035年）》；2．县委常委会议定事项。"
    assert (second.deadline, second.due) == ("长期坚持", None)
    assert second.lead_unit == "县自然资源局"  # the 注： line after the table is not part of it


def test_other_annexes_give_no_decisions() -> None:
    """A task table (序号 工作任务 … 责任单位 完成时限) and an outline are not a catalogue."""
    tasks = Annex(
        number=None,
        label="附件",
        title="任务分工",
        lines=["序号 工作任务 具体要求 责任单位 完成时限", "1", "加强公开", "各街道", "2023年12月底前"],
    )
    outline = Annex(number=None, label="附件", title="要点", lines=["一、总体要求", "二、重点任务"])
    assert parse_decisions([tasks, outline]) == []
    assert parse_decisions([]) == []
