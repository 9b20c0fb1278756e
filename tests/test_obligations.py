"""Obligation statements in prose: splitting, modality, bearer, deadlines."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.parse.obligations import (
    bearer_of,
    find_document_obligations,
    find_obligations,
    split_statements,
    units_of,
)
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


# --- bearers: a noun phrase naming a unit or a role, never a verb phrase ----------------------


def _item(gold_id: str, section: int, item: int):  # type: ignore[no-untyped-def]
    doc = gold_document(GOLD[gold_id])
    return [o for o in doc.obligations if (o.section, o.item) == (section, item)]


@pytest.mark.parametrize(
    ("gold_id", "section", "item", "start"),
    [
        ("haiyang-2022", 2, 4, "进一步规范政务公开工作程序，全力构建"),
        ("haiyang-2022", 3, 10, "根据烟台市公共企事业单位信息公开规定"),
        ("zhaoyuan-2023", 2, 5, "强化政策现场宣讲力度，积极引入专家学者"),
        ("laizhou-2023", 2, 6, "协同宣传、网信等部门"),
        ("zhaoyuan-2023", 2, 6, "协同宣传、网信等部门"),
        ("laiwu-2023", 2, 3, "协同宣传、网信等有关部门（单位）"),
        ("jinan-2023", 3, 3, "协同宣传、网信等有关部门（单位）"),
    ],
)
def test_a_verb_phrase_is_no_bearer_in_the_corpus(gold_id: str, section: int, item: int, start: str) -> None:
    statement = next(o for o in _item(gold_id, section, item) if o.text.startswith(start))
    assert statement.bearer is None and statement.units == []


@pytest.mark.parametrize(
    "text",
    [
        "全力构建公开、解读、回应有序衔接的工作格局",
        "着力打造上下联动的政务公开工作格局，形成合力",
        "指导监督相关企事业单位做好本领域信息公开",
        "督促各镇街做好信息发布",
        "积极引入第三方评估机构，开展满意度调查",
        "协同宣传、网信等部门，加强舆情研判",
        "联合市场监管等部门开展专项检查",
        "选取本单位重点政策开展评价",
        "委托第三方机构每年开展1次评估",
        "更好发挥政务公开领导小组作用",
        "会同有关部门制定办法",
    ],
)
def test_a_verb_phrase_is_no_bearer(text: str) -> None:
    assert bearer_of(text) is None


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        ("各部门单位要配齐配强工作力量", "各部门单位"),
        ("市场监督管理局要加强监管", "市场监督管理局"),
        ("区政府办公室牵头督促各部门单位落实", "区政府办公室"),
        ("各级政府指导各镇街做好公开", "各级政府"),
        ("市政府各部门（单位）不少于2次", "市政府各部门（单位）"),
        ("区直各部门要及时公开", "区直各部门"),
        ("各地各部门要加强组织领导", "各地各部门"),
        ("各乡镇（街道）、县直各单位要全面梳理事项", "各乡镇（街道）、县直各单位"),
        ("县政务服务中心和各乡镇便民服务中心要设立专区", "县政务服务中心和各乡镇便民服务中心"),
        ("各单位主要负责同志是第一责任人", "各单位主要负责同志"),
        ("政府网站主办单位要管理好域名", "政府网站主办单位"),
    ],
)
def test_a_noun_phrase_is_a_bearer(text: str, bearer: str) -> None:
    assert bearer_of(text) == bearer


# --- the issuer's hand-over verbs and cue words are not part of the bearer --------------------


def test_encouraged_units_in_haiyang() -> None:
    statement = next(o for o in _item("haiyang-2022", 2, 6) if o.text.startswith("鼓励各单位"))
    assert (statement.bearer, statement.units, statement.modality, statement.cue) == (
        "各单位",
        ["各单位"],
        "encouraged",
        "鼓励",
    )


def test_by_whom_in_zhaoyuan_is_a_role() -> None:
    statement = next(o for o in _item("zhaoyuan-2023", 2, 5) if o.text.startswith("由政策制定"))
    assert statement.bearer == "政策制定牵头部门主要负责人"
    assert statement.units == []  # a role is kept as text; it names no unit
    assert statement.text.startswith("由")  # the text stays as written


@pytest.mark.parametrize(
    ("text", "bearer", "modality", "cue"),
    [
        ("鼓励各镇街探索开展政府开放日活动", "各镇街", "encouraged", "鼓励"),
        ("支持有条件的单位开展在线直播", "有条件的单位", "encouraged", "有条件的"),
        ("请各单位于6月30日前报送工作总结", "各单位", "mandatory", "请"),
        ("由县政府办公室负责解释", "县政府办公室", "mandatory", None),
        ("要求各区县政府年内组织培训不少于2次", "各区县政府", "mandatory", None),
    ],
)
def test_hand_over_verbs(text: str, bearer: str, modality: str, cue: str | None) -> None:
    (statement,) = find_obligations(text, section=1, item=1, year=2023)
    assert (statement.bearer, statement.modality, statement.cue) == (bearer, modality, cue)


def test_a_qualified_designation_keeps_its_qualifier() -> None:
    doc = gold_document(GOLD["jinan-2023"])
    statement = next(o for o in doc.obligations if o.text.startswith("有条件的单位"))
    assert (statement.bearer, statement.units, statement.modality, statement.cue) == (
        "有条件的单位",
        ["有条件的单位"],
        "encouraged",
        "有条件的",
    )


# --- units a bearer names ---------------------------------------------------------------------


def test_two_collectives_in_laizhou() -> None:
    for item in (15, 16, 18):
        statement = next(o for o in _item("laizhou-2023", 6, item) if o.bearer == "各镇街、各单位")
        assert statement.units == ["各镇街", "各单位"]


def test_a_scope_note_is_kept_in_the_bearer_not_in_the_unit() -> None:
    statement = next(o for o in _item("jinan-2023", 2, 2) if o.text.startswith("各区县政府"))
    assert statement.bearer == "各区县政府（含代管镇、街道的功能区管理机构，下同）"
    assert statement.units == ["各区县政府"]


@pytest.mark.parametrize(
    ("bearer", "units"),
    [
        ("各街道、各部门单位", ["各街道", "各部门单位"]),
        ("市政府办公室、市大数据局", ["市政府办公室", "市大数据局"]),
        ("市委办公室和市政府办公室", ["市委办公室", "市政府办公室"]),
        ("各部门和单位", ["各部门和单位"]),  # one designation
        ("区发展和改革局", ["区发展和改革局"]),  # one name
        ("教育、卫生健康、供水等主管部门", ["教育、卫生健康、供水等主管部门"]),  # domains of one head
        ("各县区政府（含开发区，下同）", ["各县区政府"]),
        ("各单位主要负责同志", []),
        (None, []),
    ],
)
def test_units_of(bearer: str | None, units: list[str]) -> None:
    assert units_of(bearer) == units


# --- a fronted time or condition belongs to the statement it introduces ---------------------


def test_laiwu_fronted_period_is_not_a_statement_of_its_own() -> None:
    statements = _item("laiwu-2023", 3, 2)
    assert not any(o.text == "决策文件出台后的10个工作日内" for o in statements)
    statement = next(o for o in statements if o.text.startswith("决策文件出台后的10个工作日内"))
    assert statement.text.endswith("较为集中意见不予采纳的原因")
    assert (statement.bearer, statement.cue, statement.deadline) == (
        "决策承办单位",
        "要",
        "决策文件出台后的10个工作日内",
    )
    assert statement.deadlines[0].amount == 10 and statement.deadlines[0].unit == "工作日"


@pytest.mark.parametrize(
    ("text", "bearer", "deadline"),
    [
        ("方案印发后的5个工作日内，各部门要报送联系人名单。", "各部门", "方案印发后的5个工作日内"),
        ("2023年9月底前，各镇街要完成目录编制。", "各镇街", "2023年9月底前"),
        ("收到申请之日起15个工作日内，承办单位应当予以答复。", "承办单位", "收到申请之日起15个工作日内"),
        ("涉及群众切身利益的，相关部门要广泛听取意见。", "相关部门", None),
    ],
)
def test_fronted_clause(text: str, bearer: str, deadline: str | None) -> None:
    (statement,) = find_obligations(text, section=1, item=1, year=2023)
    assert (statement.bearer, statement.deadline) == (bearer, deadline)


def test_a_fronted_clause_after_another_statement_opens_the_next() -> None:
    text = "加强政策解读，决策文件出台后的10个工作日内，决策承办单位要公开采纳情况。"
    first, second = find_obligations(text, section=1, item=1, year=2023)
    assert first.text == "加强政策解读" and first.bearer is None
    assert second.text.startswith("决策文件出台后") and second.bearer == "决策承办单位"


# --- every deadline of a statement; a count's period is none -----------------------------------


def test_laizhou_policy_evaluation_keeps_its_year_end_deadline() -> None:
    statement = next(o for o in _item("laizhou-2023", 3, 9) if o.bearer == "各部门和单位")
    assert (statement.deadline, statement.due) == ("2023年底前", "2023-12-31")
    assert [d.text for d in statement.deadlines] == ["2023年底前"]  # 每年 is the count's period
    zhaoyuan = next(o for o in _item("zhaoyuan-2023", 3, 10) if "2023年底前" in o.text)
    assert zhaoyuan.due == statement.due


def test_every_deadline_of_a_statement_is_kept() -> None:
    text = "各单位每季度至少开展1次自查，于6月30日前报送半年总结，12月31日前报送年度总结。"
    (statement,) = find_obligations(text, section=1, item=1, year=2023)
    assert [(d.text, d.due) for d in statement.deadlines] == [
        ("6月30日前", "2023-06-30"),
        ("12月31日前", "2023-12-31"),
    ]
    assert (statement.deadline, statement.due) == ("6月30日前", "2023-06-30")
    for d in statement.deadlines:
        assert text[d.start : d.end] == d.text


def test_a_year_that_bounds_a_count_still_dates_the_statement() -> None:
    (statement,) = find_obligations(
        "区政府年内邀请公众代表列席政府常务会不少于5次", section=1, item=1, year=2023
    )
    assert (statement.deadline, statement.due) == ("年内", "2023-12-31")


# --- outside the outline: closing and notice paragraphs ----------------------------------------


def test_jinan_closing_paragraph_gives_document_obligations() -> None:
    doc = gold_document(GOLD["jinan-2023"])
    closing = [o for o in doc.obligations if o.section is None and o.item is None]
    assert [(o.bearer, o.units, o.cue, o.due) for o in closing] == [
        ("各级各部门（单位）", ["各级各部门（单位）"], "要", "2023-07-31"),
        (None, [], "需", None),
    ]
    for o in closing:
        assert doc.closing[o.start : o.end] == o.text


def test_covering_formula_imposes_nothing() -> None:
    for gold in GOLD_DOCS:
        doc = gold_document(gold)
        assert not any("印发给你们" in o.text for o in doc.obligations), gold["id"]


def test_notice_paragraphs_and_closing_in_the_genre() -> None:
    notice = (
        "为推进政务公开标准化规范化，现将《实施方案》印发给你们，并就有关事项通知如下：\n"
        "一、压实工作责任。各单位主要负责同志是第一责任人，要明确专人负责。\n"
        "二、按时报送进展。请各单位于2023年6月30日前将工作进展报送县政府办公室。\n"
        "特此通知。\n"
        "联系人：张三，电话：1234567"
    )
    found = find_document_obligations(notice, year=2023)
    assert [(o.bearer, o.cue, o.due) for o in found] == [
        ("各单位主要负责同志", "要", None),
        ("各单位", "请", "2023-06-30"),
    ]
    for o in found:
        assert (o.section, o.item) == (None, None)
        assert notice[o.start : o.end] == o.text
        for d in o.deadlines:
            assert notice[d.start : d.end] == d.text


# --- properties -------------------------------------------------------------------------------

_GENRE = list(
    "各部门单位市区政府办公室要应可鼓励积极构建指导由请年月日底前内后个工作每次不少于，。、（）含下同的1023"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GENRE), max_size=80).map("".join))
def test_statements_slice_their_text(text: str) -> None:
    for o in [
        *find_obligations(text, section=1, item=1, year=2023),
        *find_document_obligations(text, year=2023),
    ]:
        assert text[o.start : o.end] == o.text
        if o.bearer is not None:
            assert o.bearer in o.text
        for unit in o.units:
            assert unit in o.bearer  # type: ignore[operator]
        for d in o.deadlines:
            assert text[d.start : d.end] == d.text
