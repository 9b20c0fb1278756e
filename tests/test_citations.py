"""Citations: 《title》（文号）, bare 文号, issuers, self-references, wrapped and variant text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.normalize import key
from kg.parse.citations import Citation, find_citations
from tests.conftest import CORPUS, GOLD_DOCS, gold_document

GOLD = {g["id"]: g for g in GOLD_DOCS}


def _document_text(doc) -> str:  # type: ignore[no-untyped-def]
    """All the prose of a parsed document: notice, main text and attachments."""
    parts = [doc.notice_text, doc.preamble, doc.closing]
    parts += [s.text for s in doc.sections] + [i.text for i in doc.items]
    parts += ["\n".join(a.lines) for a in doc.annexes]
    return "\n".join(p for p in parts if p)


def _triples(citations: list[Citation]) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.issuer, c.title, c.doc_number) for c in citations]


# --- gold ---------------------------------------------------------------------------------------


def test_laiwu_decision_notice_cites_gold_titles() -> None:
    gold = GOLD["laiwu-decisions-2023"]
    doc = gold_document(gold)
    found = find_citations(doc.notice_text, exclude_titles=[doc.attached_title or ""])
    assert [key(c.title or "") for c in found] == [key(t) for t in gold["cites"]]
    assert found[0].issuer == "国务院"  # 根据国务院《重大行政决策程序暂行条例》
    assert found[1].issuer is None  # 《A》《B》: B has no issuer of its own


def test_haiyang_cites_gold_doc_numbers_with_title() -> None:
    gold = GOLD["haiyang-2022"]
    doc = gold_document(gold)
    found = find_citations(
        _document_text(doc), exclude_titles=[doc.attached_title or ""], exclude_doc_numbers=[doc.doc_number]
    )
    numbers = [c.doc_number for c in found if c.doc_number]
    assert numbers == gold["cites_doc_numbers"]
    cited = next(c for c in found if c.doc_number == "国办函〔2021〕132号")
    assert cited.title == "关于审理政府信息公开行政复议案件若干问题的指导意见"
    assert cited.issuer is None  # 国务院办公厅转发的《…》: transmitted, not issued by it


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS])
def test_no_citation_of_the_document_itself(gold: dict) -> None:
    """Neither the document's own 文号 (header) nor its own attached title is a citation."""
    doc = gold_document(gold)
    header = "\n".join(filter(None, [doc.doc_number, doc.title]))
    text = header + "\n" + _document_text(doc)
    own = key(doc.doc_number)
    # The header number is recognised as such even when the caller does not name it.
    assert all(key(c.doc_number or "") != own for c in find_citations(text))
    found = find_citations(
        text, exclude_titles=[doc.attached_title or ""], exclude_doc_numbers=[doc.doc_number]
    )
    assert all(key(c.doc_number or "") != own for c in found)
    if doc.attached_title:
        assert all(key(c.title or "") != key(doc.attached_title) for c in found)


def test_whole_corpus_files_give_no_header_numbers() -> None:
    """Over a whole file (headers included), only cited 文号 are found, never a document's own."""
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        numbers = {c.doc_number for c in find_citations(text) if c.doc_number}
        assert numbers <= {
            "国办函〔2021〕132号",
            "中发〔2019〕18号",
            "自然资发〔2019〕87号",
            "鲁政办字〔2019〕105号",
        }, path


# --- forms --------------------------------------------------------------------------------------


def test_title_with_bracketed_number_is_one_citation() -> None:
    text = "按照《关于审理政府信息公开行政复议案件若干问题的指导意见》（国办函〔2021〕132号），规范做好"
    (c,) = find_citations(text)
    assert (c.title, c.doc_number) == (
        "关于审理政府信息公开行政复议案件若干问题的指导意见",
        "国办函〔2021〕132号",
    )
    assert text[c.start : c.end] == text[2 : text.index("，")]


def test_consecutive_titles_are_two() -> None:
    assert _triples(find_citations("《甲条例》《乙规定》、《丙办法》")) == [
        (None, "甲条例", None),
        (None, "乙规定", None),
        (None, "丙办法", None),
    ]


def test_bare_number_in_prose() -> None:
    found = find_citations("根据国办发〔2022〕8号文件精神，按照转发的鲁政发〔2023〕1号要求。")
    assert [c.doc_number for c in found] == ["国办发〔2022〕8号", "鲁政发〔2023〕1号"]
    assert all(c.title is None for c in found)


@pytest.mark.parametrize(
    "text, issuer",
    [
        ("根据国务院《重大行政决策程序暂行条例》", "国务院"),
        ("2．自然资源部《关于全面开展国土空间规划工作的通知》", "自然资源部"),
        ("认真贯彻中共中央 国务院《关于加快建设全国统一大市场的意见》", "中共中央国务院"),
        ("严格按照《中华人民共和国政府信息公开条例》", None),
        ("按照国务院办公厅转发的《关于审理政府信息公开行政复议案件若干问题的指导意见》", None),
        ("现将《2023年工作要点》印发给你们", None),
    ],
)
def test_issuer_before_title(text: str, issuer: str | None) -> None:
    assert find_citations(text)[0].issuer == issuer


def test_alias_in_the_aside_is_no_citation() -> None:
    text = "《重大行政决策程序暂行条例》（国务院令第713号，以下简称《条例》）和《山东省规定》"
    assert _triples(find_citations(text)) == [
        (None, "重大行政决策程序暂行条例", "国务院令第713号"),
        (None, "山东省规定", None),
    ]


def test_self_reference_is_excluded() -> None:
    text = "现将《2023 年莱州市政务公开工作要点》印发给你们，请按照《中华人民共和国政府信息公开条例》执行"
    found = find_citations(text, exclude_titles=["2023年莱州市政务公开工作要点"])
    assert [c.title for c in found] == ["中华人民共和国政府信息公开条例"]


@pytest.mark.parametrize(
    "cell, title, number",
    [
        ("1．《中共中央 国务院 关于\n建立国土空间规划体系并监\n督实施的若干意见》（中发\n〔2019〕18号）;",
         "中共中央国务院关于建立国土空间规划体系并监督实施的若干意见", "中发〔2019〕18号"),
        ("2．自然资源部《关于全面开\n展国土空间规划工作的通\n知》（自然资发〔2019〕87\n\n号）;",
         "关于全面开展国土空间规划工作的通知", "自然资发〔2019〕87号"),
        ("3．《山东省人民政府办公厅\n关于印发山东省国土空间规\n划编制工作方案的通知》（鲁\n政办字〔2019〕105 号）。",
         "山东省人民政府办公厅关于印发山东省国土空间规划编制工作方案的通知", "鲁政办字〔2019〕105号"),
        ("《某某意见》\n国办函〔2021〕132号", "某某意见", "国办函〔2021〕132号"),
    ],
)  # fmt: skip
def test_wrapped_table_cell(cell: str, title: str, number: str) -> None:
    (c,) = find_citations(cell)
    assert (c.title, c.doc_number) == (title, number)


def test_traditional_and_full_width_variants_kept_as_written() -> None:
    text = "按照《關於審理政府信息公開行政複議案件若干問題的指導意見》(國辦函［2021］132號)，規範做好"
    (c,) = find_citations(text)
    assert c.title == "關於審理政府信息公開行政複議案件若干問題的指導意見"
    assert c.doc_number == "國辦函［2021］132號"
    assert text[c.end - 1] == ")"


@pytest.mark.parametrize(
    "text",
    [
        "于2023年12月底前完成，2023年8月28日印发",
        "莱芜区国土空间分区规划（2021-2035年）",
        "济南市莱芜区人民政府公报（2023年第3期）",
        "在重大行政决策作出后30日内向区政府办公室移交相关材料",
        "各镇区街道政府（管委、办事处）",
    ],
)
def test_dates_and_brackets_are_no_citations(text: str) -> None:
    assert find_citations(text) == []


def test_header_number_alone_on_a_line_is_not_cited() -> None:
    text = (
        "莱政办发〔2023〕16 号\n\n关于印发《2023年莱州市政务公开工作要点》的通知\n根据国办函〔2021〕132号文件"
    )
    found = find_citations(text, exclude_titles=["2023年莱州市政务公开工作要点"])
    assert [c.doc_number for c in found] == ["国办函〔2021〕132号"]


@given(st.text(alphabet="《》（）()〔〕[]号发办政国函关于的通知意见 \n0123456789年月、，", max_size=80))
def test_never_crashes_and_spans_stay_inside(text: str) -> None:
    for c in find_citations(text):
        assert 0 <= c.start < c.end <= len(text)
        assert c.title or c.doc_number
