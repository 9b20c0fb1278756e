"""Quantified requirements (kg.parse.quantities), and recall of the gold ``quantities``."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.parse.numerals import cn_to_int
from kg.parse.quantities import Quantity, count_periods, find_quantities
from tests.conftest import GOLD_DOCS, gold_document


def _one(text: str, year: int | None = 2023) -> Quantity:
    found = find_quantities(text, year=year)
    assert len(found) == 1, found
    return found[0]


# --- the kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "op", "value", "unit", "per"),
    [
        (
            "持续深化公众代表列席政府有关会议工作制度，年内邀请公众代表列席政府常务会不少于10次",
            ">=",
            10,
            "次",
            "年",
        ),
        ("每年至少开展1次专题性政策评价", ">=", 1, "次", "年"),
        ("每年至少召开一次会议", ">=", 1, "次", "年"),
        ("各部门单位解读重要政策性文件原则上应采用不少于5种解读形式", ">=", 5, "种", None),
        ("每年度组织培训不少于两次", ">=", 2, "次", "年"),
        ("每季度至少公开1次", ">=", 1, "次", "季度"),
        ("每年开展1次全面评估", "=", 1, "次", "年"),
        ("抽查比例不低于30%", ">=", 30, "%", None),
        ("群众满意度达到95%以上", ">=", 95, "%", None),
        ("参会人数不超过20人", "<=", 20, "人", None),
        ("全年新增开放数据集不少于50个", ">=", 50, "个", "年"),
        ("培训3次以上", ">=", 3, "次", None),
        ("不少于1次/年", ">=", 1, "次", "年"),
        ("依申请公开答复按时率100%", ">=", 100, "%", None),  # a rate's target, no comparison word
        ("解读材料与政策文件同步发布率达100%", ">=", 100, "%", None),
        ("全年发布解读≥10篇", ">=", 10, "篇", "年"),  # the signs, as tables write them
        ("公开率≧95%", ">=", 95, "%", None),
        ("每月更新>=2条", ">=", 2, "条", "月"),
        ("依申请公开答复合规率为100%", ">=", 100, "%", None),
    ],
)
def test_counts(text: str, op: str, value: int, unit: str, per: str | None) -> None:
    q = _one(text)
    assert (q.kind, q.op, q.value, q.unit, q.per) == ("count", op, value, unit, per)
    assert q.text == text[q.start : q.end]


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("意见征集结束后7日内，要及时公开意见收集、采纳情况", "<=", 7, "日"),
        ("决策承办单位要在政策文件出台后的10个工作日内，向社会详细公开", "<=", 10, "工作日"),
        ("承办单位应当在重大行政决策作出后30日内向区政府办公室移交相关材料", "<=", 30, "日"),
        ("决策草案公开征求意见的期限一般不少于30日", ">=", 30, "日"),
        ("答复期限不超过15个工作日", "<=", 15, "工作日"),
        ("答复时间≤15个工作日", "<=", 15, "工作日"),
    ],
)
def test_durations(text: str, op: str, value: int, unit: str) -> None:
    q = _one(text)
    assert (q.kind, q.op, q.value, q.unit) == ("duration", op, value, unit)


def test_deadlines() -> None:
    q = _one("对政策评价结果进行深入分析，2023年底前将政策评价结果和运用情况向社会公开。")
    assert (q.kind, q.value, q.text) == (
        "deadline",
        "2023-12-31",
        "2023年底前将政策评价结果和运用情况向社会公开",
    )
    q = _one("2023年年底前，优化企业用户空间，完善“一企一档”功能。")
    assert (q.kind, q.value, q.text) == ("deadline", "2023-12-31", "2023年年底前，优化企业用户空间")
    q = _one("各级各部门（单位）要对照重点工作任务分工抓好落实，于7月31日前编制政务公开要点工作实施方案。")
    assert (q.kind, q.value) == ("deadline", "2023-07-31")
    q = _one("每年3月31日前依法公开上年度逾期尚未支付中小企业款项的合同数量、金额等信息")
    assert (q.kind, q.value, q.per) == ("deadline", "--03-31", "年")
    # never invented: no year written, none known
    q = _one("年底前以村为单位通过村务公开栏公开", year=None)
    assert (q.kind, q.value) == ("deadline", None)
    # an open time frame is no quantity
    assert find_quantities("长期坚持", year=2023) == []


def test_frequency() -> None:
    q = _one("区政府办公室按季度通报各部门单位政务公开工作开展情况，对工作落实不到位的单位约谈。")
    assert (q.kind, q.per, q.value, q.bearer) == ("frequency", "季度", None, "区政府办公室")


def test_a_counts_period_is_not_a_quantity_of_its_own() -> None:
    # 每年 and 年内 are the count's per, not a frequency or a deadline beside it
    assert [q.kind for q in find_quantities("每年至少召开1次会议研究解决重点难点问题", year=2023)] == [
        "count"
    ]
    assert [q.kind for q in find_quantities("年内邀请公众代表列席政府常务会不少于10次", year=2023)] == [
        "count"
    ]


def test_count_periods_are_returned_apart() -> None:
    text = "各部门和单位每年至少开展1次专题性政策评价，对结果进行分析，2023年底前将评价结果向社会公开"
    assert [d.text for d in count_periods(text, year=2023)] == ["每年"]
    assert [(q.kind, q.value) for q in find_quantities(text, year=2023)] == [
        ("count", 1),
        ("deadline", "2023-12-31"),
    ]
    assert [d.text for d in count_periods("区政府办公室按季度通报", year=2023)] == []  # no count: a frequency


# --- bearers, ellipsis and modality ----------------------------------------------------------


def test_a_fronted_period_takes_the_bearer_of_the_clause_it_introduces() -> None:
    q = _one("决策文件出台后的10个工作日内，决策承办单位要向社会详细公开前期意见的收集、采纳情况。")
    assert (q.kind, q.value, q.unit, q.bearer) == ("duration", 10, "工作日", "决策承办单位")
    laiwu = next(g for g in GOLD_DOCS if g["id"] == "laiwu-2023")
    found = [s.quantity for s in gold_document(laiwu).quantities if (s.section, s.item) == (3, 2)]
    assert found[0].kind == "duration" and found[0].bearer == "决策承办单位"


def test_jinan_meetings_two_bearers() -> None:
    text = (
        "推动利益相关方、公众代表、专家、媒体等列席政府相关会议，要求市级政府年内邀请公众代表列席政府常务会"
        "不少于10次，各区县政府（含代管镇、街道的功能区管理机构，下同）不少于5次，并将列席代表的意见和采纳情况向社会公开。"
    )
    found = find_quantities(text, year=2023)
    assert [(q.bearer, q.op, q.value, q.unit, q.per) for q in found] == [
        ("市级政府", ">=", 10, "次", "年"),
        ("各区县政府", ">=", 5, "次", "年"),
    ]
    assert found[0].text == "年内邀请公众代表列席政府常务会不少于10次"
    assert found[1].text == "不少于5次"


def test_jinan_interpretation_forms() -> None:
    text = (
        "积极运用互动直播、简明问答、现场演示等方式，各区县政府解读重要政策性文件原则上应采用不少于5种解读形式，"
        "市政府各部门（单位）不少于3种。"
    )
    found = find_quantities(text, year=2023)
    assert [(q.bearer, q.op, q.value, q.unit, q.modality) for q in found] == [
        ("各区县政府", ">=", 5, "种", "default"),
        # the elided clause borrows the verb and its adverbs, 原则上 included
        ("市政府各部门（单位）", ">=", 3, "种", "default"),
    ]


def test_jinan_policy_evaluations() -> None:
    text = (
        "深入分析政策评价结果，酌情调整政策措施。各区政府原则上每年至少5次，市政府各部门（单位）不少于2次。"
    )
    found = find_quantities(text, year=2023)
    assert [(q.bearer, q.op, q.value, q.per, q.modality) for q in found] == [
        ("各区政府", ">=", 5, "年", "default"),
        ("市政府各部门（单位）", ">=", 2, "年", "default"),
    ]


def test_ellipsis_stays_inside_its_sentence() -> None:
    found = find_quantities("市级政府每年不少于10次。各区县政府不少于5次。", year=2023)
    assert [q.per for q in found] == ["年", None]


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        ("各部门和单位每年至少开展1次专题性政策评价", "各部门和单位"),
        ("区政府各部门单位每年开展专题性政策评价原则上不少于5次", "区政府各部门单位"),
        ("各单位主要负责同志每年至少听取1次政务公开工作汇报", "各单位主要负责同志"),
        ("各镇街、各单位每年至少组织1次政务公开业务培训", "各镇街、各单位"),
        ("三、承办单位应当在重大行政决策作出后30日内向区政府办公室移交相关材料", "承办单位"),
        ("市政府各部门（单位）应在2023年12月底前完成政务公开数字管理平台建设工作", "市政府各部门（单位）"),
        ("年内邀请公众代表列席政府常务会不少于10次", None),  # no subject in the clause
        ("完善议事协调机制，每年至少召开1次会议", None),
        ("委托第三方机构每年开展1次全面评估", None),  # a verb, not a subject
        ("组织各部门开展培训不少于1次", None),
    ],
)
def test_bearer(text: str, bearer: str | None) -> None:
    assert _one(text).bearer == bearer


def test_modality() -> None:
    assert _one("区政府各部门单位每年开展专题性政策评价原则上不少于5次").modality == "default"
    assert _one("每年至少开展1次专题性政策评价").modality is None


# --- numbers that are not requirements -------------------------------------------------------

NOT_QUANTITIES = [
    "按照国务院办公厅转发的《指导意见》（国办函〔2021〕132号），规范做好案件受理、审理工作。",  # 文号
    "济南市莱芜区人民政府办公室 2023年7月20日印发",  # a date, not a deadline
    "2023年6月，起草完成规划草案；2023年7月，开展公众参与。",  # milestones
    "综合利用12345市民服务热线、民生连线、政务微博等渠道。",  # a hotline
    "动态公开9类困难群众救助标准，健全动态调整机制。",
    "围绕新旧动能转换、“6+4”产业、“9+6+N”“三重”工作等，强化执行情况信息公开。",
    "2022年是“十四五”规划实施的关键之年。",
    "全面贯彻党的二十大精神。",
    "有序推进国有企业创新驱动高质量发展“十条”政策落实情况和成效公开。",
    "推动政务服务事项“100%网上可办”，打造“双100%”服务品牌。",  # percentages in names
    "1. 加强组织领导。2. 强化培训交流。3.完善考核。",  # list numbering
    "确保第一时间发现、第一时间办理、第一时间回应。",
    "严格落实“三审三校”制度，完善“一企一档”功能，打造一批政务新媒体。",
    "围绕“一都两城”目标定位和“1+1+3+2”产业布局，聚力“七大行动”“三个十大”。",
    "深入推进“十大攻坚行动”。",
    "深化“最多跑一次”改革，推行一次性告知。",  # a reform's name
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text, year=2023) == []


# --- gold: recall of the quantities with a value ---------------------------------------------

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_OPS = {">=": {">=", "≥"}, "<=": {"<=", "≤"}}


def _norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    return re.sub(r"[\s*#]", "", text).rstrip("。.；;")


def _same_value(want: object, got: object) -> bool:
    """As ../shared/tools/score_parse.py: equal as numbers (10 == 10.0) or as normalized text."""
    try:
        return float(str(want)) == float(str(got))
    except ValueError:
        return _norm(want) == _norm(got)


def _doc_quantities(doc) -> list[tuple[int | None, int | None, Quantity]]:  # type: ignore[no-untyped-def]
    """Every quantity of a document, with the (section, item) numbers it was found under."""
    out: list[tuple[int | None, int | None, Quantity]] = []
    for text in (doc.notice_text, doc.preamble, doc.closing):
        out += [(None, None, q) for q in find_quantities(text or "", year=doc.year)]
    for section in doc.sections:
        out += [(section.number, None, q) for q in find_quantities(section.text or "", year=doc.year)]
        for item in section.items:
            out += [(section.number, item.number, q) for q in find_quantities(item.text, year=doc.year)]
    return out


def _matches(gold_q: dict, found: list[tuple[int | None, int | None, Quantity]]) -> list[Quantity]:
    """The scorer's rule: same value; same section/item when the gold names one; same op when given."""
    where = tuple(cn_to_int(x) for x in gold_q["item"].split("/")) if gold_q.get("item") else None
    out = []
    for sec, item, q in found:
        if q.value is None or not _same_value(gold_q["value"], q.value):
            continue
        if where is not None and (sec, item) != where:
            continue
        if gold_q.get("op") and str(q.op) not in _OPS.get(gold_q["op"], {gold_q["op"]}):
            continue
        out.append(q)
    return out


_GOLD_QS = [(g, q) for g in GOLD_DOCS for q in g.get("quantities") or []]
_GOLD_VALUED = [(g, q) for g, q in _GOLD_QS if "value" in q]


def _found(gold: dict) -> list[tuple[int | None, int | None, Quantity]]:
    doc = gold_document(gold)
    assert doc is not None, gold["id"]
    return _doc_quantities(doc)


def test_gold_recall() -> None:
    """Recall of the gold quantities that carry a value, by the team scorer's rule (target ≥ 0.9)."""
    cache: dict[str, list] = {}
    hits = 0
    misses = []
    for gold, gold_q in _GOLD_VALUED:
        found = cache.setdefault(gold["id"], _found(gold))
        if _matches(gold_q, found):
            hits += 1
        else:
            misses.append(f"{gold['id']}: {gold_q['text']}")
    recall = hits / len(_GOLD_VALUED)
    print(f"quantities recall {hits}/{len(_GOLD_VALUED)} = {recall:.3f}")
    assert recall >= 0.9, misses


@pytest.mark.parametrize(
    ("gold", "gold_q"),
    _GOLD_QS,
    ids=[f"{g['id']}:{q.get('item', '-')}:{q['text'][:12]}" for g, q in _GOLD_QS],
)
def test_gold_quantity(gold: dict, gold_q: dict) -> None:
    """Each gold entry is found with every field it states (kind, unit, per, bearer, modality)."""
    found = _found(gold)
    if "value" in gold_q:
        candidates = _matches(gold_q, found)
    else:
        where = tuple(cn_to_int(x) for x in gold_q["item"].split("/")) if gold_q.get("item") else None
        candidates = [q for sec, item, q in found if where is None or (sec, item) == where]
    assert candidates, gold_q["text"]

    def agrees(q: Quantity) -> bool:
        if q.kind != gold_q["kind"]:
            return False
        for field in ("unit", "per", "bearer"):
            if field in gold_q and getattr(q, field) != gold_q[field]:
                return False
        if gold_q.get("modality") == "原则上" and q.modality != "default":
            return False
        if "recurring" in gold_q:  # 每年03-31
            month_day = re.sub(r"^每年", "--", str(gold_q["recurring"]))
            return q.value == month_day and q.per == "年"
        return True

    assert any(agrees(q) for q in candidates), (gold_q, candidates)


# --- properties ------------------------------------------------------------------------------

_GENRE = list(
    "0123456789年月日底前内每按季度个次种项不少于至多超过原则上政府部门单位各市区，。、（）%+ 第一二两十"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_GENRE), max_size=80).map("".join)))
def test_find_never_fails_and_slices(text: str) -> None:
    for q in find_quantities(text, year=2023):
        assert q.text == text[q.start : q.end]
        assert q.kind in ("count", "duration", "deadline", "frequency")
        assert q.op in (None, ">=", "<=", "=", ">", "<")
        if q.bearer is not None:
            assert q.bearer in text


@given(
    st.integers(1, 999),
    st.sampled_from(["不少于", "至少", "不低于"]),
    st.sampled_from(["次", "种", "项", "家"]),
)
def test_count_values_round_trip(n: int, op: str, unit: str) -> None:
    q = _one(f"各部门每年{op}{n}{unit}")
    assert (q.value, q.op, q.unit, q.per, q.bearer) == (n, ">=", unit, "年", "各部门")


def test_a_rate_to_keep_low_is_no_floor() -> None:
    assert find_quantities("信息发布差错率为1%", year=2023) == []
