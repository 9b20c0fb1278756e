"""A government website's information box above a copied document (索引号：… 文号：… 成文日期：…):
what the document's header does not say is read from it, and it is no part of the header."""

from __future__ import annotations

from kg.parse import parse_text

BODY = """{box}
2023年高密市政务公开工作要点

一、加强政策解读
（一）提升解读质量。全年发布解读材料不少于20篇。
二、推进基层公开
（二）完善事项目录。6月底前完成目录更新。
"""


def test_the_box_gives_what_the_text_does_not_print() -> None:
    box = (
        "索引号：11370785004420516K/2023-00042    主题分类：政务公开\n"
        "发文机关：高密市人民政府办公室    成文日期：2023年03月09日\n"
        "文号：高政办字〔2023〕4号\n"
        "发布日期：2023-03-10"
    )
    doc = parse_text(BODY.format(box=box)).documents[0]
    assert (doc.doc_number, doc.doc_number_year, doc.doc_number_seq) == ("高政办字〔2023〕4号", 2023, 4)
    assert (doc.issuer, doc.date) == ("高密市人民政府办公室", "2023-03-09")
    assert doc.jurisdiction is not None and doc.jurisdiction.code == "370785"
    assert doc.title == "2023年高密市政务公开工作要点"  # (no notice: the text is the document)
    assert [s.heading for s in doc.sections] == ["加强政策解读", "推进基层公开"]


def test_the_documents_own_header_wins() -> None:
    box = "索引号：X/2023-1\n文号：高政办字〔2023〕99号\n成文日期：2023-01-01"
    text = (
        box
        + "\n\n高政办字〔2023〕4号\n\n高密市人民政府办公室\n关于印发2023年高密市政务公开工作要点的通知\n\n"
        "各镇人民政府、街道办事处：\n现将《2023年高密市政务公开工作要点》印发给你们，请认真贯彻落实。\n\n"
        "高密市人民政府办公室\n2023年3月9日\n\n" + BODY.format(box="")
    )
    doc = parse_text(text).documents[0]
    assert (doc.doc_number, doc.date) == ("高政办字〔2023〕4号", "2023-03-09")
    assert doc.title == "高密市人民政府办公室关于印发2023年高密市政务公开工作要点的通知"


def test_two_fields_are_no_box() -> None:
    """Two field lines (索引号 and 文号; not page chrome, which the reader drops anyway) are too few
    for a box: nothing is read from them and they stay in the text."""
    box = "索引号：11370785004420516K/2023-00042\n文号：高政办字〔2023〕4号"
    doc = parse_text(BODY.format(box=box)).documents[0]
    assert doc.doc_number is None
    with_third = parse_text(BODY.format(box=box + "\n成文日期：2023-03-09")).documents[0]
    assert (with_third.doc_number, with_third.date) == ("高政办字〔2023〕4号", "2023-03-09")
