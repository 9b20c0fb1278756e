"""Deadlines: table cells and prose, normalized dates, working days (kg.parse.deadlines)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.parse.deadlines import Deadline, add_working_days, due_date, find_deadlines, parse_deadline
from kg.parse.numerals import int_to_cn
from tests.conftest import GOLD_DOCS, gold_document

D = datetime.date

# --- table cells -------------------------------------------------------------------------------

CELLS = [
    # (cell, year, kind, due)
    ("2023年12月底前", 2023, "fixed", "2023-12-31"),
    ("2023年\n12月底前", None, "fixed", "2023-12-31"),
    ("2023年6月底前", None, "fixed", "2023-06-30"),
    ("2023年11月底前", None, "fixed", "2023-11-30"),
    ("12月底前", 2023, "fixed", "2023-12-31"),
    ("十二月底前", 2023, "fixed", "2023-12-31"),
    ("二〇二三年十二月底前", None, "fixed", "2023-12-31"),
    ("2023年底前", None, "fixed", "2023-12-31"),
    ("2023年年底前", None, "fixed", "2023-12-31"),
    ("年底前", 2022, "fixed", "2022-12-31"),
    ("年内", 2023, "fixed", "2023-12-31"),
    ("全年", 2023, "fixed", "2023-12-31"),
    ("年初", 2023, "fixed", "2023-03-31"),
    ("7月31日前", 2023, "fixed", "2023-07-31"),
    ("2024年2月底前", None, "fixed", "2024-02-29"),
    ("上半年", 2023, "fixed", "2023-06-30"),
    ("2023年下半年", None, "fixed", "2023-12-31"),
    ("三季度末", 2023, "fixed", "2023-09-30"),
    ("2023年第一季度", None, "fixed", "2023-03-31"),
    ("2023年12月", None, "fixed", "2023-12-31"),
    ("2023年\n12月", None, "fixed", "2023-12-31"),
    ("2023年9月", None, "fixed", "2023-09-30"),
    ("2023年", None, "fixed", "2023-12-31"),
    ("6月前", 2023, "fixed", "2023-05-31"),
    ("明年6月底前", 2023, "fixed", "2024-06-30"),
    ("今年年底前", 2023, "fixed", "2023-12-31"),
    ("2023年12月中旬前", None, "fixed", "2023-12-20"),
    ("长期坚持", 2023, "open", None),
    ("长期", 2023, "open", None),
    ("持续推进", 2023, "open", None),
    ("常态化", 2023, "open", None),
    ("常态化推进", 2023, "open", None),
]


@pytest.mark.parametrize(("cell", "year", "kind", "due"), CELLS, ids=[c[0].replace("\n", "⏎") for c in CELLS])
def test_cell(cell: str, year: int | None, kind: str, due: str | None) -> None:
    deadline = parse_deadline(cell, year=year)
    assert deadline is not None
    assert (deadline.kind, deadline.due) == (kind, due)
    assert deadline.text == cell[deadline.start : deadline.end] == cell.strip()


RECURRING = [
    ("每年3月31日前", "--03-31"),
    ("每年1月31日前", "--01-31"),
    ("每年年底前", "--12-31"),
    ("每年年初", "--03-31"),
    ("每年一季度", "--03-31"),
    ("每月10日前", "---10"),
    ("按季度", "P3M"),
    ("每季度", "P3M"),
    ("每月", "P1M"),
    ("按月", "P1M"),
    ("每半年", "P6M"),
    ("每年", "P1Y"),
    ("每两年", "P2Y"),
]


@pytest.mark.parametrize(("cell", "recurrence"), RECURRING, ids=[c[0] for c in RECURRING])
def test_recurring(cell: str, recurrence: str) -> None:
    deadline = parse_deadline(cell, year=2023)
    assert deadline is not None
    assert (deadline.kind, deadline.recurrence, deadline.due) == ("recurring", recurrence, None)


RELATIVE = [
    # (text, amount, unit, event)
    ("10个工作日内", 10, "工作日", None),
    ("十个工作日内", 10, "工作日", None),
    ("7日内", 7, "日", None),
    ("30日内", 30, "日", None),
    ("15天内", 15, "日", None),
    ("3个月内", 3, "月", None),
    ("两个月内", 2, "月", None),
    ("政策文件出台后的10个工作日内", 10, "工作日", "政策文件出台"),
    ("意见征集结束后7日内", 7, "日", "意见征集结束"),
    ("承办单位应当在重大行政决策作出后30日内", 30, "日", "重大行政决策作出"),
    ("相关单位需于政策出台后10个工作日内", 10, "工作日", "政策出台"),
    ("自收到申请之日起15个工作日内", 15, "工作日", "收到申请"),
]


@pytest.mark.parametrize(("text", "amount", "unit", "event"), RELATIVE, ids=[r[0] for r in RELATIVE])
def test_relative(text: str, amount: int, unit: str, event: str | None) -> None:
    (deadline,) = find_deadlines(text, year=2023)
    assert (deadline.kind, deadline.amount, deadline.unit, deadline.event) == (
        "relative",
        amount,
        unit,
        event,
    )
    assert deadline.due is None
    assert deadline.text == text[deadline.start : deadline.end]
    assert deadline.text.endswith("内")
    if event:
        assert deadline.text.startswith(event)


def test_cell_with_trailing_debris_takes_the_deadline() -> None:
    # a PDF table cell glued to the next row's number
    deadline = parse_deadline("2023年\n12月底前34", year=None)
    assert deadline is not None
    assert (deadline.text, deadline.due) == ("2023年\n12月底前", "2023-12-31")


def test_empty_and_unrelated_cells() -> None:
    assert parse_deadline("", year=2023) is None
    assert parse_deadline("   ", year=2023) is None
    assert parse_deadline("区政府办公室", year=2023) is None


# --- never invent a due date ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["12月底前", "年底前", "7月31日前", "年内", "年初", "三季度末", "上半年", "今年年底前"]
)
def test_unknown_year_gives_no_due_date(text: str) -> None:
    deadline = parse_deadline(text, year=None)
    assert deadline is not None
    assert deadline.kind == "fixed"
    assert deadline.due is None


def test_written_year_wins_over_the_documents() -> None:
    assert parse_deadline("2022年底前", year=2023).due == "2022-12-31"  # type: ignore[union-attr]
    assert parse_deadline("2023年底前", year=None).due == "2023-12-31"  # type: ignore[union-attr]


def test_impossible_dates_are_not_deadlines() -> None:
    assert find_deadlines("2023年2月30日前", year=None) == []
    assert find_deadlines("6月31日前", year=2023) == []


# --- prose -----------------------------------------------------------------------------------


def test_prose_in_order() -> None:
    text = "各单位要于7月31日前编制实施方案，2023年底前将评价结果公开，意见征集结束后7日内公开采纳情况。"
    found = find_deadlines(text, year=2023)
    assert [(d.text, d.kind, d.due, d.amount) for d in found] == [
        ("7月31日前", "fixed", "2023-07-31", None),
        ("2023年底前", "fixed", "2023-12-31", None),
        ("意见征集结束后7日内", "relative", None, 7),
    ]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_text_is_sliced_as_written() -> None:
    # full-width digits, spaces and traditional characters are matched on the folded copy
    text = "各部門應在２０２３年 １２月底前完成，決策作出後 30 日內移交"
    found = find_deadlines(text, year=None)
    assert [d.text for d in found] == ["２０２３年 １２月底前", "決策作出後 30 日內"]
    assert found[0].due == "2023-12-31"
    assert found[1].event == "決策作出"
    for d in found:
        assert text[d.start : d.end] == d.text


def test_coordinated_dates_share_their_marker() -> None:
    found = find_deadlines("于2023年6月30日和11月30日前，分别报送", year=2023)
    assert [d.due for d in found] == ["2023-06-30", "2023-11-30"]


def test_labelled_date_in_prose() -> None:
    (deadline,) = find_deadlines("（承办部门：区城乡交通运输局，计划完成时间：2023年12月）", year=None)
    assert (deadline.text, deadline.due) == ("2023年12月", "2023-12-31")


NOT_DEADLINES = [
    "考核长期落后的单位，公开通报",  # 长期 describing, not a time frame
    "持续深化政策集中统一公开",  # 持续 in prose is manner
    "常态化开展政府开放活动",
    "济南市莱芜区人民政府办公室 2023年7月20日印发",  # a signing / printing date
    "2023年2-5月，开展研究论证；2023年6月，起草完成规划草案",  # milestones of a plan
    "按照《指导意见》（国办函〔2021〕132号），规范做好案件受理",  # 文号
    "综合利用12345市民服务热线、民生连线",
    "公开上年度逾期尚未支付中小企业款项的合同数量",
    "2022年是“十四五”规划实施的关键之年",
    "全面贯彻党的二十大精神",
    "统一月度考核",
    "第一时间发现、第一时间办理、第一时间回应",
]


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_deadlines(text: str) -> None:
    assert find_deadlines(text, year=2023) == []


def test_open_in_prose_only_when_explicit() -> None:
    found = find_deadlines("此项工作长期坚持，持续推进", year=2023)
    assert [(d.text, d.kind) for d in found] == [("长期坚持", "open")]


# --- working days and due dates --------------------------------------------------------------


def test_working_days_over_national_day() -> None:
    # 09-29..10-06 off; Saturday 10-07 and Sunday 10-08 are make-up working days
    assert add_working_days(D(2023, 9, 28), 10) == D(2023, 10, 18)
    assert add_working_days(D(2023, 9, 28), 1) == D(2023, 10, 7)
    assert add_working_days(D(2023, 9, 28), 2) == D(2023, 10, 8)


def test_working_days_over_spring_festival() -> None:
    # 2024: 02-10..02-17 off, Sunday 02-04 and Sunday 02-18 are working days
    assert add_working_days(D(2024, 2, 8), 1) == D(2024, 2, 9)
    assert add_working_days(D(2024, 2, 9), 1) == D(2024, 2, 18)


def test_working_days_backwards_and_zero() -> None:
    assert add_working_days(D(2023, 10, 18), -10) == D(2023, 9, 28)
    assert add_working_days(D(2023, 10, 1), 0) == D(2023, 10, 1)


def test_working_days_outside_the_calendar_fall_back_to_weekdays() -> None:
    # chinesecalendar covers 2004-2026; elsewhere Monday-Friday, and no exception
    assert add_working_days(D(2030, 1, 4), 1) == D(2030, 1, 7)  # Friday -> Monday
    assert add_working_days(D(2003, 1, 1), 5) == D(2003, 1, 8)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)  # across the edge


def test_due_date() -> None:
    def first(text: str) -> Deadline:
        return find_deadlines(text, year=2023)[0]

    assert due_date(first("政策文件出台后的10个工作日内"), D(2023, 9, 28)) == D(2023, 10, 18)
    assert due_date(first("意见征集结束后7日内"), D(2023, 3, 1)) == D(2023, 3, 8)
    # a period in days that ends on a day off runs to the next working day (民法典 第二百零三条) …
    assert due_date(first("7日内"), D(2023, 9, 25)) == D(2023, 10, 7)
    # … unless asked not to
    assert due_date(first("7日内"), D(2023, 9, 25), extend_over_holidays=False) == D(2023, 10, 2)
    assert due_date(first("3个月内"), D(2023, 11, 30)) == D(2024, 2, 29)
    assert due_date(first("2023年底前"), D(2023, 1, 1)) == D(2023, 12, 31)
    assert due_date(first("长期坚持"), D(2023, 1, 1)) is None
    assert due_date(first("按季度"), D(2023, 1, 1)) is None


# --- the corpus ------------------------------------------------------------------------------


def _texts(doc):  # type: ignore[no-untyped-def]
    yield doc.notice_text
    yield doc.preamble
    yield doc.closing
    for section in doc.sections:
        yield section.text
        for item in section.items:
            yield item.text


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=[g["id"] for g in GOLD_DOCS])
def test_corpus_deadlines_are_slices_in_the_documents_year(gold: dict) -> None:
    doc = gold_document(gold)
    assert doc is not None
    for text in _texts(doc):
        found = find_deadlines(text, year=doc.year)
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))
        for d in found:
            assert d.text == text[d.start : d.end]
            if d.kind == "fixed":
                assert d.due is not None and d.due.startswith(str(doc.year))


def test_gold_table_deadlines_parse() -> None:
    cells = {
        row["deadline"]
        for gold in GOLD_DOCS
        for row in ((gold.get("table") or {}).get("rows") or [])
        if row.get("deadline")
    }
    cells |= {item["deadline"] for gold in GOLD_DOCS for item in gold.get("decision_items") or []}
    assert cells
    for cell in cells:
        deadline = parse_deadline(str(cell), year=None)
        assert deadline is not None, cell
        assert deadline.kind in ("fixed", "open")
        assert deadline.kind == "open" or deadline.due


# --- properties ------------------------------------------------------------------------------

_GENRE = list(
    "0123456789年月日底前内末初上下半季度每按个工作天长期坚持持续常态化后的起自在于，。、 \n（）第一二三十两"
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_GENRE), max_size=80).map("".join)))
def test_find_never_fails_and_slices(text: str) -> None:
    found = find_deadlines(text, year=2023)
    for d in found:
        assert d.text == text[d.start : d.end]
        assert d.kind in ("fixed", "recurring", "relative", "open")
        if d.due:
            datetime.date.fromisoformat(d.due)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    parse_deadline(text, year=None)


@given(st.integers(1, 99), st.sampled_from(["个工作日内", "日内", "天内", "个月内"]), st.booleans())
def test_amounts_round_trip(n: int, unit: str, chinese: bool) -> None:
    text = (int_to_cn(n) if chinese else str(n)) + unit
    (deadline,) = find_deadlines(text, year=None)
    assert deadline.amount == n


@given(st.dates(D(2004, 1, 1), D(2026, 12, 1)), st.integers(1, 30))
def test_working_days_land_on_working_days(start: datetime.date, n: int) -> None:
    import chinese_calendar

    day = add_working_days(start, n)
    assert day > start
    try:
        expected = chinese_calendar.is_workday(day)
    except NotImplementedError:  # past the calendar's last year: Monday to Friday
        expected = day.weekday() < 5
    assert expected
    assert add_working_days(start, n + 1) > day
    assert add_working_days(day, -n) <= start


@given(st.dates(D(2004, 1, 1), D(2026, 12, 31)))
def test_month_end_cells(day: datetime.date) -> None:
    text = f"{day.year}年{day.month}月底前"
    deadline = parse_deadline(text, year=None)
    assert deadline is not None and deadline.due is not None
    due = D.fromisoformat(deadline.due)
    assert (due.year, due.month) == (day.year, day.month)
    assert (due + datetime.timedelta(days=1)).day == 1


def test_working_days_cross_the_end_of_the_calendar() -> None:
    """A count that runs past the calendar's last covered year falls back to Monday-Friday."""
    import chinese_calendar.constants as constants

    last = max(constants.holidays).year
    start = D(last, 12, 28)
    day = add_working_days(start, 10)
    assert day.year == last + 1
    assert day.weekday() < 5


# The characters of the deadline rules other than the units of time: what a text without any
# unit of time may still be made of.
_NOT_TRIGGERS = (
    "0123456789〇零一二两三四五六七八九十百第每按个半上下初底末前内之以至到份度号旬-—~的今本当明次 "
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_NOT_TRIGGERS + "工作开展公开政务", min_size=1, max_size=30))
def test_no_rule_matches_a_text_without_a_unit_of_time(text: str) -> None:
    """_scan skips a text holding none of 年季月周星日天长: every rule must need one of them."""
    from kg.parse.deadlines import _RULES, _TRIGGER

    assert not _TRIGGER.search(text)
    for pattern, _ in _RULES:
        assert not any(m.end() > m.start() for m in pattern.finditer(text)), (pattern.pattern[:40], text)


def test_no_rule_matches_corpus_text_once_its_units_of_time_are_gone() -> None:
    from kg.parse.deadlines import _RULES, _TRIGGER

    for gold in GOLD_DOCS:
        for item in gold_document(gold).items:
            stripped = _TRIGGER.sub("", item.text)
            for pattern, _ in _RULES:
                assert not any(m.end() > m.start() for m in pattern.finditer(stripped)), pattern.pattern[:40]
