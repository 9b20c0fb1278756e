"""The reader: encodings, containers and PDF furniture give the same parse as the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.normalize import fold
from kg.parse import parse_file, parse_text
from kg.read import PAGE_BREAK, join_wrapped, read_bytes, read_file
from kg.read.clean import remove_furniture
from tests.conftest import CORPUS

LAIZHOU = CORPUS / "000_01402f3f3cec93ba.txt"  # PDF text, hard-wrapped, registration code
ZHAOYUAN = CORPUS / "003_964c6440e979350b.txt"  # web text with a TAB-separated task table
LAIWU = CORPUS / "001_f58b3651bc17df0f.txt"  # bulletin issue: running heads, page numbers, two notices


def _comparable(result) -> list[dict]:  # type: ignore[no-untyped-def]
    docs = []
    for doc in result.documents:
        data = doc.to_dict()
        data.pop("source")
        docs.append(data)
    return docs


@pytest.mark.parametrize("path", [LAIZHOU, ZHAOYUAN, LAIWU], ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_legacy_encodings_and_bom_give_the_same_parse(tmp_path: Path, path: Path, encoding: str) -> None:
    text = path.read_text(encoding="utf-8")
    other = tmp_path / path.name
    other.write_bytes(text.encode(encoding))
    result = parse_file(other)
    assert result.encoding in {encoding, "gb18030" if encoding == "gbk" else encoding, "utf-16"}
    assert _comparable(result) == _comparable(parse_file(path))


def test_traditional_big5_document_is_read_and_parsed() -> None:
    text = (
        "國務院辦公廳文件\n國辦發〔2022〕8號\n國務院辦公廳關於印發2022年政務公開工作要點的通知\n"
        "各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：\n"
        "《2022年政務公開工作要點》已經國務院同意，現印發給你們，請認真貫徹落實。\n"
        "國務院辦公廳\n2022年4月11日\n（此件公開發布）\n2022年政務公開工作要點\n"
        "一、圍繞穩定宏觀經濟大盤加強信息公開\n（一）做好穩增長政策信息公開。加強政策發布。\n（二）做好穩就業保就業信息公開。要及時公開。\n"
        "二、圍繞加強政務公開制度化建設推進公開\n（三）推進政策文件庫建設。確保規範。\n"
    )
    result = read_bytes(text.encode("big5"), name="trad.txt")
    assert result.encoding == "big5"
    doc = parse_text(text).documents[0]
    assert doc.doc_number == "國辦發〔2022〕8號"
    assert doc.issuer == "國務院辦公廳"
    assert doc.jurisdiction is not None and doc.jurisdiction.code == "100000"
    assert doc.date == "2022-04-11"
    assert [s.heading for s in doc.sections] == [
        "圍繞穩定宏觀經濟大盤加強信息公開",
        "圍繞加強政務公開制度化建設推進公開",
    ]
    assert [i.heading for i in doc.items] == [
        "做好穩增長政策信息公開",
        "做好穩就業保就業信息公開",
        "推進政策文件庫建設",
    ]


def _docx_from(path: Path, target: Path) -> None:
    import docx

    document = docx.Document()
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            continue
        document.add_paragraph(lines[i])
        i += 1
    document.save(str(target))


def _html_from(path: Path) -> str:
    from html import escape

    out = [
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<title>政务公开</title><style>p{margin:0}</style><script>var x='一、不是正文';</script></head><body>",
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            out.append("<table>")
            while i < len(lines) and "\t" in lines[i]:
                out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in lines[i].split("\t")) + "</tr>")
                i += 1
            out.append("</table>")
            continue
        out.append(f"<p>{escape(lines[i])}</p>")
        i += 1
    out.append("</body></html>")
    return "\n".join(out)


@pytest.mark.parametrize("path", [LAIZHOU, ZHAOYUAN], ids=lambda p: p.name[:3])
def test_docx_gives_the_same_parse(tmp_path: Path, path: Path) -> None:
    target = tmp_path / (path.stem + ".docx")
    _docx_from(path, target)
    result = parse_file(target)
    assert result.format == "docx"
    assert _comparable(result) == _comparable(parse_file(path))


@pytest.mark.parametrize("path", [LAIZHOU, ZHAOYUAN], ids=lambda p: p.name[:3])
def test_gbk_html_gives_the_same_parse(tmp_path: Path, path: Path) -> None:
    target = tmp_path / (path.stem + ".html")
    target.write_bytes(_html_from(path).encode("gbk"))
    result = parse_file(target)
    assert (result.format, result.encoding) == ("html", "gb18030")
    assert _comparable(result) == _comparable(parse_file(path))


def test_markdown_in_a_txt_file_is_unmarked() -> None:
    result = read_file(CORPUS / "004_5c5feeab802f711e.txt")
    assert result.format == "markdown"
    assert not any(line.startswith("#") or "**" in line for line in result.lines)
    assert "二、规范行政决策，推动常态化政务公开" in result.lines


def test_page_furniture_is_removed_and_the_bulletin_kept() -> None:
    result = read_file(LAIWU)
    text = "\n".join(result.lines)
    assert "— 9 —" not in text and "— 15 —" not in text
    assert "公报（" not in text
    assert result.furniture.bulletins == ["济南市莱芜区人民政府公报（2023年第3期）"]
    assert result.furniture.page_numbers == 2


def test_running_head_of_any_wording_is_removed_next_to_page_numbers() -> None:
    body = "政务公开工作要点第一段落内容，这里是一行很长的文字用于测试。"
    pages = []
    for n in range(1, 5):
        pages += [f"{body}{n}", "某某县人民政府办公室编", f"- {n} -"]
    lines, furniture = remove_furniture("\n".join(pages))
    assert "某某县人民政府办公室编" not in lines
    assert furniture.page_numbers == 4


def test_signature_lines_are_not_mistaken_for_running_heads() -> None:
    lines, _ = remove_furniture(read_file(LAIZHOU).lines and LAIZHOU.read_text(encoding="utf-8"))
    assert lines.count("莱州市人民政府办公室") == 2  # under the title and in the signature


def test_wrapped_lines_are_rejoined_but_blocks_are_not() -> None:
    lines = [
        "（一）围绕绿色低碳高质量发展强化政府信息专题公开。聚",
        "焦市委、市政府重点工作任务，围绕新旧动能转换、“6+4”产",
        "业等，强化执行情况信息公开。",
        "（二）加强涉市场主体领域信息公开。围绕增强政策制定实",
        PAGE_BREAK,
        "施的透明度。",
        "二、聚焦政策实施落地率，推动政策精准公开",
    ]
    assert join_wrapped(lines, measure=28) == [
        "（一）围绕绿色低碳高质量发展强化政府信息专题公开。聚焦市委、市政府重点工作任务，围绕新旧动能转换、“6+4”产业等，强化执行情况信息公开。",
        "（二）加强涉市场主体领域信息公开。围绕增强政策制定实施的透明度。",
        "二、聚焦政策实施落地率，推动政策精准公开",
    ]


def test_half_and_full_width_markers_parse_alike() -> None:
    from kg.parse.numerals import int_to_cn

    head = "某市人民政府办公室关于印发2023年工作要点的通知\n某政办发〔2023〕1号\n各部门：\n现印发给你们。\n某市人民政府办公室\n2023年3月1日\n2023年某市工作要点\n一、总体安排\n"
    full = head + "".join(f"（{int_to_cn(n)}）事项{n}。内容。\n" for n in range(1, 13))
    half = head + "".join(f"({int_to_cn(n)}) 事项{n}。内容。\n" for n in range(1, 13))
    for text in (full, half):
        items = parse_text(text).documents[0].items
        assert [(i.number, i.heading) for i in items] == [(n, f"事项{n}") for n in range(1, 13)]


def test_text_is_stored_as_written() -> None:
    doc = parse_file(CORPUS / "004_5c5feeab802f711e.txt").documents[0]
    # Half-width brackets as printed stay half-width in the label; full-width ones stay full-width.
    labels = [i.label for i in doc.sections[0].items]
    assert labels == ["（一）", "(二)", "(三)"]
    assert fold(labels[0]) == labels[1].replace("二", "一")


def test_a_wrapped_enumeration_is_not_a_section() -> None:
    lines = [
        "（一）加大经济运行信息公开力度，及时发布一季度和二",
        "、三季度经济运行情况，做好解读。",
    ]
    # the wrap can also leave the numeral at the start of the line
    lines2 = [
        "（一）加大经济运行信息公开力度，及时发布一季度和",
        "二、三季度经济运行情况，做好解读。",
    ]
    assert len(join_wrapped(lines, measure=25)) == 1
    assert join_wrapped(lines2, measure=24) == [
        "（一）加大经济运行信息公开力度，及时发布一季度和二、三季度经济运行情况，做好解读。"
    ]


def test_web_page_chrome_is_dropped() -> None:
    lines, furniture = remove_furniture(
        "当前位置：首页 > 政务公开\n发布时间：2023-04-12 16:30 来源：某市人民政府办公室 字号：大 中 小\n正文"
    )
    assert lines == ["正文"] and furniture.web_chrome == 2


def test_web_page_actions_at_the_foot_are_dropped() -> None:
    lines, furniture = remove_furniture(
        "（三）完善事项目录。6月底前完成目录更新。\n【打印本页】 【关闭窗口】\n扫一扫在手机打开当前页\n"
        "上一篇：关于开展政府开放日活动的通知\n【字体：大 中 小】\n责任编辑：王某"
    )
    assert lines == ["（三）完善事项目录。6月底前完成目录更新。"] and furniture.web_chrome == 5
