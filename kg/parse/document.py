"""Clean lines to documents: where each document starts, its header, body, attachments and colophon.

The layout follows GB/T 9704: red header (``XX文件``), 文号, title ``关于……的通知``, main
recipients ending in ``：``, the notice text, signature and date, status ``（此件公开发布）``, the
main text it issues (``2023年XX工作要点`` with its outline), attachments (``附件`` / ``附件1``)
and the colophon (``抄送：`` … ``XX 2023年8月28日印发``). Any part may be missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize import fold, key
from kg.parse.jurisdiction import find_jurisdiction
from kg.parse.numerals import cn_to_int, cn_year
from kg.parse.outline import parse_outline
from kg.parse.records import Annex, Contact, Document
from kg.patterns import (
    ANNEX_LIST,
    ANNEX_LIST_ENTRY,
    ANNEX_START,
    CC_START,
    CONTACT,
    DATE,
    DATE_LINE,
    DOC_NUMBER,
    DOC_NUMBER_LINE,
    GENRE_WORDS,
    PRINTED_LINE,
    PUBLICATION,
    REGISTRATION,
    TITLE_END,
)
from kg.read import is_marker, join_wrapped
from kg.read.clean import typical_width

_PUNCT = re.compile(r"[，。、；：,.;:！？!?]")
_SPLIT = re.compile(r"[，、；,;]")
_ORG_END = re.compile(
    r"(?:办公室|办公厅|人民政府|政府|委员会|管委会|管委|局|厅|部|委|院|中心|办事处|公司|集团|小组)$"
)
_ANNEX_TITLE_END = re.compile(
    "(?:"
    + "|".join(sorted((*GENRE_WORDS, "分工", "表", "事项", "台账", "名单", "明细"), key=len, reverse=True))
    + r")[》」”\"]?\s*$"
)


@dataclass
class _Lines:
    """Lines of one document with their folded keys."""

    raw: list[str]
    keys: list[str]

    @classmethod
    def of(cls, lines: list[str]) -> _Lines:
        return cls(lines, [fold(line) for line in lines])


def split_documents(lines: list[str]) -> list[list[str]]:
    """Split a file's lines into documents, one per header (a 文号 line inside a header).

    A document starts at the header lines above its 文号 (registration code, ``XX文件``, the
    issuer and title when they precede the number) and runs to the next document's start.
    """
    keys = [fold(line) for line in lines]
    anchors: list[int] = []
    dense = [i for i, k in enumerate(keys) if not is_marker(k)]
    for n, i in enumerate(dense):
        k = keys[i]
        if DOC_NUMBER_LINE.match(k) and _in_header([keys[j] for j in dense[max(0, n - 5) : n + 6]]):
            if anchors and dense.index(anchors[-1]) >= n - 3:
                continue  # a second number of a joint document
            anchors.append(i)
    if len(anchors) <= 1:
        return [_without_interpretation(lines)]
    starts = [0]
    for anchor in anchors[1:]:
        start, seen = anchor, 0
        while start - 1 > starts[-1] and seen < 6 and _header_like(keys[start - 1]):
            start -= 1
            seen += not is_marker(keys[start])
        starts.append(start)
    starts.append(len(lines))
    return [
        _without_interpretation(lines[a:b])
        for a, b in zip(starts, starts[1:])
        if any(not is_marker(line) for line in lines[a:b])
    ]


#: The title of an interpretation (政策解读) printed after the document it explains.
_INTERPRETATION = re.compile(
    r"^\s*(?:关于)?\s*《[^》]{4,80}》\s*(?:的)?\s*(?:政策)?(?:解读|问答|图解)(?:材料)?\s*$"
    r"|^\s*(?:图解|解读)\s*:?\s*《[^》]{4,80}》\s*$"
)


def _without_interpretation(lines: list[str]) -> list[str]:
    """*lines* up to an interpretation of the document printed after it (《…》政策解读): that is
    commentary on the document, not part of it, and its 一、二、 would run into the last item."""
    seen = 0
    for i, line in enumerate(lines):
        if is_marker(line):
            continue
        seen += 1
        if seen > 5 and _INTERPRETATION.match(fold(line)):
            later = [fold(x) for x in lines[i + 1 :]]
            if any(CC_START.match(k) or PRINTED_LINE.match(k) for k in later):
                return lines  # an attachment that explains: the 版记 follows, the document goes on
            if any(ANNEX_LIST.match(fold(x)) and "解读" in x for x in lines[:i]):
                return lines  # the document lists it as an attachment
            return lines[:i]
    return lines


def _in_header(window: list[str]) -> bool:
    return any(
        "关于" in k or (k.endswith("文件") and not _PUNCT.search(k)) or TITLE_END.search(k) for k in window
    )


def _header_like(k: str) -> bool:
    if is_marker(k):
        return True
    if PRINTED_LINE.match(k) or DATE_LINE.match(k) or CC_START.match(k):
        return False
    if REGISTRATION.fullmatch(k.strip()):
        return True
    return len(k) <= 40 and not re.search(r"[，。；：,;:]", k) and not (k.startswith("(") and k.endswith(")"))


def parse_document(
    lines: list[str],
    *,
    source: str,
    index: int,
    bulletins: list[str] | None = None,
    measure: float | None = None,
) -> Document:
    """Parse the lines of one document into a :class:`Document`."""
    doc = Document(source=source, index=index)
    # A web page's information box (索引号：… 发布机构：… 文号：…) above the document.
    info, skip = _info_box(lines)
    # Markers (page breaks, blank lines) matter only inside tables: keep where each line stood.
    positions = [i for i, line in enumerate(lines) if not is_marker(line) and i >= skip]
    text_lines = [lines[i] for i in positions]
    L = _Lines.of(text_lines)
    n = len(text_lines)

    body_start = _parse_header(doc, L)

    # Colophon: 抄送 and the printing line, wherever they stand (often after the attachments).
    colophon_start = n
    for i in range(body_start, n):
        if CC_START.match(L.keys[i]) or PRINTED_LINE.match(L.keys[i]):
            colophon_start = i
            break
    _parse_colophon(doc, L, colophon_start)

    # Signature, date and status under the notice.
    sig = _find_signature(L, body_start, colophon_start)
    annex_starts = [i for i in range(body_start, colophon_start) if ANNEX_START.match(L.keys[i])]
    unlabelled = _unlabelled_annexes(L, body_start, colophon_start, annex_starts, _issued_title(doc.title))
    annex_starts = sorted(annex_starts + unlabelled)
    if sig is not None:
        sig_start, after_sig = sig
        notice_end = sig_start
        main_start = _parse_signature(doc, L, sig_start, after_sig)
    else:
        notice_end = annex_starts[0] if annex_starts else colophon_start
        main_start = notice_end
    # A notice that issues a text may print that text under an 附件 label: when the first
    # attachment's title is the title the notice issues, it is the main text, not an annex.
    issued = _issued_title(doc.title)
    later = [a for a in annex_starts if a >= main_start]
    if issued and later and all(L.keys[i].strip() == "" for i in range(main_start, later[0])):
        title_at = later[0] + 1
        if title_at < colophon_start and key(L.raw[title_at]) == key(issued):
            annex_starts = [a for a in annex_starts if a != later[0]]
            main_start = title_at
    first_annex = next((a for a in annex_starts if a >= main_start), colophon_start)
    notice_lines = [text_lines[i] for i in range(body_start, min(notice_end, first_annex))]
    main_lines = [text_lines[i] for i in range(main_start, first_annex)]

    if main_lines and _is_title(L.keys[main_start]):
        doc.attached_title = _squeeze(main_lines[0])
        main_lines = main_lines[1:]

    if measure is None:
        measure = typical_width(text_lines)
    notice_paragraphs = join_wrapped(notice_lines, measure=measure)
    doc.notice_text = "\n".join(notice_paragraphs)
    preamble, sections, closing, annex_list = (
        parse_outline(join_wrapped(main_lines, measure=measure)) if main_lines else ("", [], [], [])
    )
    if sections or doc.attached_title:
        doc.preamble, doc.sections, doc.closing, doc.annex_list = (
            preamble,
            sections,
            "\n".join(closing),
            annex_list,
        )
        if not annex_list:
            doc.annex_list = parse_outline(notice_paragraphs)[3]
    else:
        # No issued main text: the notice itself carries the outline (一、二、三、 paragraphs).
        _, sections, closing, annex_list = parse_outline(notice_paragraphs)
        doc.sections, doc.closing, doc.annex_list = sections, "\n".join(closing), annex_list
        doc.preamble = preamble

    # Attachments.
    bounds = [a for a in annex_starts if a >= main_start] + [colophon_start]
    for a, b in zip(bounds, bounds[1:]):
        raw = lines[positions[a] : positions[b] if b < len(positions) else len(lines)]
        doc.annexes.append(_parse_annex(text_lines[a:b], L.keys[a], raw, labelled=a not in unlabelled))

    # The bulletin named in running heads, when the file holds a bulletin issue.
    if bulletins:
        doc.published_in = bulletins[0]

    _apply_info_box(doc, info)
    doc.genre = _genre(doc)
    doc.year = _year(doc)
    if doc.date is None and doc.printed:
        doc.date = doc.printed
    context = "\n".join(text_lines)
    candidates: list[str | None] = [*doc.issuers] or [doc.issuer]
    for issuer in candidates:
        doc.jurisdiction = find_jurisdiction(issuer, doc.doc_number_prefix, context)
        if doc.jurisdiction is not None:
            break
    if doc.jurisdiction is None and not doc.issuer:
        # A text without its notice: the place its title names (2023年安丘市政务公开工作要点).
        for title in (doc.attached_title, doc.title):
            place = re.sub(r"^\s*(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年度?", "", title or "")
            if place and not place.startswith(("全", "本")):
                doc.jurisdiction = find_jurisdiction(place, None, context)
                if doc.jurisdiction is not None:
                    break
    return doc


_ISSUES = re.compile(r"关于(?:印发|转发|公布|发布|下达)\s*[《「“]?(?P<title>.+?)[》」”]?\s*的通知")


#: The fields of a government website's information box (政府信息公开 pages print it above the
#: document): what we read from it, and the others, which only mark the box.
_INFO_FIELDS = {
    "文号": "doc_number",
    "发文字号": "doc_number",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "发文单位": "issuer",
    "成文日期": "date",
    "标题": "title",
    "名称": "title",
    "公文名称": "title",
    "文件名称": "title",
}
_INFO_OTHER = (
    "索引号|主题分类|主题词|关键词|发布日期|发布时间|生成日期|公开日期|印发日期|效力状态|有效性|时效性|公开方式|"
    "公开范围|公开形式|信息来源|来源|所属机构|所属主题|体裁分类|组配分类|服务对象|内容概述|信息分类|分类|"
    "公开时限|统一编号|登记号|浏览次数|字号"
)
_INFO_KEY = re.compile(
    rf"(?:^|(?<=\s))(?P<field>{'|'.join(sorted(_INFO_FIELDS, key=len, reverse=True))}|{_INFO_OTHER})\s*:"
)


_BOX_DATE = re.compile(r"^\s*(?P<year>\d{4})\s*[-./年]\s*(?P<month>\d{1,2})\s*[-./月]\s*(?P<day>\d{1,2})")


def _info_box(lines: list[str]) -> tuple[dict[str, str], int]:
    """The fields of an information box at the top of *lines* and how many lines it takes (0
    when there is none: at least three of its fields, one after the other, blank lines aside)."""
    info: dict[str, str] = {}
    found = end = 0
    for i, line in enumerate(lines[:40]):
        if is_marker(line) or not line.strip():
            continue
        k = fold(line)
        # (several fields may share a line: 索引号：…  发布机构：…)
        keys = list(_INFO_KEY.finditer(k))
        if not keys or k[: keys[0].start()].strip():
            break
        for n, match in enumerate(keys):
            stop = keys[n + 1].start() if n + 1 < len(keys) else len(line)
            found += 1
            name = _INFO_FIELDS.get(match.group("field"))
            value = line[match.end() : stop].strip()
            if name and value and name not in info:
                info[name] = value
        end = i + 1
    return (info, end) if found >= 3 else ({}, 0)


def _apply_info_box(doc: Document, info: dict[str, str]) -> None:
    """What the document's own header did not say, from its information box."""
    if not info:
        return
    if doc.doc_number is None and info.get("doc_number"):
        _set_doc_number(doc, info["doc_number"], fold(info["doc_number"]))
    if doc.issuer is None and info.get("issuer"):
        doc.issuer = info["issuer"]
        doc.issuers = doc.issuers or [info["issuer"]]
    if doc.date is None and info.get("date"):
        match = _BOX_DATE.match(fold(info["date"]))  # 2023-04-12, 2023年03月09日
        if match:
            doc.date = _iso(match)
    if doc.title is None and info.get("title"):
        doc.title = info["title"]


def _issued_title(title: str | None) -> str | None:
    """The title of the text a notice issues (关于印发《X》的通知 → X).

    >>> _issued_title("太仓市人民政府办公室关于印发2023年太仓市政务公开工作要点的通知")
    '2023年太仓市政务公开工作要点'
    """
    if not title:
        return None
    match = _ISSUES.search(fold(title))
    return title[slice(*match.span("title"))] if match else None


def _squeeze(text: str) -> str:
    """Title text without the spaces and breaks layout put into it."""
    return re.sub(r"\s+", "", text)


def _is_title(k: str) -> bool:
    return len(k) <= 60 and not _PUNCT.search(k) and bool(TITLE_END.search(k)) and not k.startswith("附件")


def _parse_header(doc: Document, L: _Lines) -> int:
    """Fill the header fields; return the index of the first body line."""
    n = len(L.raw)
    limit = min(n, 14)
    number_at = title_start = title_end = None
    head_office = None
    for i in range(limit):
        k = L.keys[i].strip()
        reg = REGISTRATION.fullmatch(k)
        if reg and doc.registration_code is None:
            doc.registration_code = L.raw[i].strip()
            continue
        if number_at is None and DOC_NUMBER_LINE.match(k):
            number_at = i
            _set_doc_number(doc, L.raw[i], k)
            continue
        if (
            head_office is None
            and k.endswith("文件")
            and not _PUNCT.search(k)
            and len(k) <= 40
            and title_start is None
        ):
            head_office = _squeeze(L.raw[i][: len(L.raw[i].rstrip()) - 2])
            continue
        if title_start is None and "关于" in k and not k.endswith(("：", ":")) and len(k) <= 80:
            title_start = title_end = i
            # The issuer's name (or the names of joint issuers) may stand on the lines above 关于.
            if k.lstrip().startswith("关于"):
                while (
                    title_start > 0
                    and i - title_start < 3
                    and title_start - 1 != number_at
                    and _is_org_line(L.keys[title_start - 1])
                    and not L.keys[title_start - 1].endswith("文件")
                ):
                    title_start -= 1
            while title_end + 1 < n and title_end - i < 3:
                nxt = L.keys[title_end + 1].strip()
                if (
                    DOC_NUMBER_LINE.match(nxt)
                    or nxt.endswith((":", "："))
                    or _SENTENCE.search(nxt)
                    or len(nxt) > 40
                ):
                    break
                if TITLE_END.search(L.keys[title_end]) and not (TITLE_END.search(nxt) or nxt.startswith("(")):
                    break
                title_end += 1
            break
    if title_start is None:
        # No 关于 title: a short line ending with a genre word (…工作要点, …令).
        for i in range(limit):
            if i != number_at and _is_title(L.keys[i]) and not L.keys[i].endswith("文件"):
                title_start = title_end = i
                break
    if title_start is not None and title_end is not None:
        doc.title = _squeeze("".join(L.raw[title_start : title_end + 1]))
        if "关于" in fold(doc.title):
            at = fold(doc.title).index("关于")
            issuers = _split_issuers(L.raw[title_start : title_end + 1], at)
            if issuers:
                doc.issuers = issuers
                doc.issuer = issuers[0]
    if doc.issuer is None and head_office:
        doc.issuer = head_office
        doc.issuers = [head_office]
    # The number may stand below the title.
    after = max(x for x in (number_at, title_end, -1) if x is not None) + 1
    if number_at is None:
        for i in range(after, min(n, after + 3)):
            if DOC_NUMBER_LINE.match(L.keys[i]):
                number_at = i
                _set_doc_number(doc, L.raw[i], L.keys[i])
                after = i + 1
                break
    if doc.title is None and number_at is None and head_office is None:
        return 0
    # Main recipients: the lines up to one that ends with ：, if that comes at once.
    text = ""
    for i in range(after, min(n, after + 5)):
        k = L.keys[i].rstrip()
        if "。" in k or DATE_LINE.match(k) or re.search("[:：].", k):
            break
        text += L.raw[i].strip()
        if k.endswith((":", "：")):
            if len(text) <= 300:
                doc.recipients = split_units(text.rstrip(":："))
                return i + 1
            break
    return after


_SENTENCE = re.compile(r"[。；;：:]")
_JOINT_BOUNDARY = re.compile(
    r"(?:(?<=办公室)|(?<=办公厅)|(?<=人民政府)|(?<=委员会)|(?<=管委会))(?=中共|中国共产党|[\u4e00-\u9fff]{1,8}(?:省|市|县|区|旗|州))"
)


def _split_issuers(title_lines: list[str], at: int) -> list[str]:
    """The issuing bodies named before 关于 in a title: one, or several for a joint document.

    Joint issuers stand on separate lines or are separated by spaces; written together they are
    split where one office name ends and the next begins with a place or 中共.
    """
    prefix_chars = 0
    names: list[str] = []
    for line in title_lines:
        for chunk in line.split():
            if prefix_chars >= at:
                break
            take = chunk[: max(0, at - prefix_chars)]
            prefix_chars += len(chunk)
            if take:
                names.append(take)
    out: list[str] = []
    for name in names:
        out.extend(part for part in _JOINT_BOUNDARY.split(name) if part)
    # Pieces that are not whole names (a name broken over two lines) are glued back.
    merged: list[str] = []
    for part in out:
        if merged and not _ORG_END.search(fold(merged[-1])):
            merged[-1] += part
        else:
            merged.append(part)
    return [m for m in merged if len(m) >= 2]


def _is_org_line(k: str) -> bool:
    k = k.strip()
    return 2 <= len(k) <= 40 and not _PUNCT.search(k) and bool(_ORG_END.search(k.replace(" ", "")))


def _set_doc_number(doc: Document, raw: str, k: str) -> None:
    match = DOC_NUMBER.search(k)
    if not match:
        return
    doc.doc_number = _squeeze(raw[match.start() : match.end()])
    doc.doc_number_prefix = match.group("prefix")
    doc.doc_number_year = int(match.group("year"))
    doc.doc_number_seq = int(match.group("number"))


def split_units(text: str, *, sentences: bool = False) -> list[str]:
    """Split a list of units on ，、；outside brackets (各镇区街道政府（管委、办事处） stays whole).

    :param sentences: split on 。 too (a 抄送 list may run over several sentences).

    >>> split_units("各镇区街道政府（管委、办事处），市政府各部门，有关单位")
    ['各镇区街道政府（管委、办事处）', '市政府各部门', '有关单位']
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for ch, k in zip(text, fold(text)):
        if k in "([【〔《":
            depth += 1
        elif k in ")]】〕》":
            depth = max(0, depth - 1)
        if depth == 0 and (_SPLIT.match(k) or (sentences and k in "。.")):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for p in (re.sub(r"\s+", "", x).strip("。.") for x in parts) if p]


def _iso(match: re.Match[str]) -> str | None:
    try:
        year = cn_year(match.group("year"))
        month = cn_to_int(match.group("month"))
        day = cn_to_int(match.group("day"))
    except (ValueError, KeyError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


#: A signer and the date on one line (东营市东营区人民政府办公室　　2023年5月6日).
_SIGNED_LINE = re.compile(rf"^\s*(?P<org>\S.*?\S)\s*{DATE.pattern}\s*$")


def _signed_line(k: str) -> re.Match[str] | None:
    """A signer and the date on one line — not a table row (TAB cells, a row number) nor 印发."""
    if "\t" in k or "印发" in k or re.match(r"^\s*\d", k):
        return None
    match = _SIGNED_LINE.match(k)
    return match if match and _is_org_line(match.group("org")) else None


def _find_signature(L: _Lines, start: int, end: int) -> tuple[int, int] | None:
    """(first signature line, date line) of the notice: a date alone on its line, signers above
    (or a signer and the date on one line, right after the notice's last sentence)."""
    for i in range(start, end):
        signed = _signed_line(L.keys[i]) and (
            i == start or L.keys[i - 1].rstrip().endswith(("。", "!", "！"))
        )
        if (DATE_LINE.match(L.keys[i]) and "印发" not in L.keys[i]) or signed:
            first = i
            while first - 1 >= start and first > i - 3 and _is_org_line(L.keys[first - 1]):
                first -= 1
            return first, i
    return None


def _parse_signature(doc: Document, L: _Lines, first: int, date_at: int) -> int:
    match = DATE.search(L.keys[date_at])
    if match:
        doc.date = _iso(match)
    signers = [_squeeze(L.raw[i]) for i in range(first, date_at)]
    inline = _signed_line(L.keys[date_at])
    if inline:
        signers.append(_squeeze(L.raw[date_at][: inline.end("org")]))
    if doc.issuer is None and signers:
        doc.issuer = signers[0]
        doc.issuers = signers
    i = date_at + 1
    while i < len(L.raw) and i <= date_at + 3:
        k = L.keys[i]
        pub = PUBLICATION.match(k)
        contact = CONTACT.match(k)
        if pub and doc.publication is None:
            s, e = pub.span("status")
            doc.publication = L.raw[i][s:e].strip()
        elif contact and doc.contact is None:
            doc.contact = Contact(
                name=L.raw[i][slice(*contact.span("name"))].strip(),
                phone=re.sub(r"\s", "", L.raw[i][slice(*contact.span("phone"))]),
            )
        else:
            break
        i += 1
    return i


def _parse_colophon(doc: Document, L: _Lines, start: int) -> None:
    n = len(L.raw)
    i = start
    while i < n:
        k = L.keys[i]
        cc = CC_START.match(k)
        if cc:
            text = L.raw[i][cc.start("rest") :]
            i += 1
            while i < n and not PRINTED_LINE.match(L.keys[i]) and not CC_START.match(L.keys[i]):
                nk = L.keys[i]
                if not (_SPLIT.search(nk) or nk.rstrip().endswith(("。", "."))):
                    break
                text += L.raw[i]
                i += 1
            doc.cc = split_units(text.strip(), sentences=True)
            continue
        printed = PRINTED_LINE.match(k)
        if printed:
            doc.printed = _iso(printed)
            office = _squeeze(L.raw[i][slice(*printed.span("office"))])
            if not office and i > start and _is_org_line(L.keys[i - 1]):
                office = _squeeze(L.raw[i - 1])
            doc.printed_by = office or None
        elif DATE_LINE.match(k) and i + 1 <= n and doc.printed is None and "印发" in k:
            pass
        i += 1


_LIST_ENTRY = re.compile(r"^\s*(?:附\s*件\s*:\s*)?(?:\d{1,2}\s*[.、]\s*)?(?P<title>\S.*?)\s*$")


def _unlabelled_annexes(
    L: _Lines, start: int, end: int, labelled: list[int], issued: str | None
) -> list[int]:
    """Attachments printed under their title alone, without the 附件 label: after a 附件：list,
    a line that is one of its titles (its key) starts that attachment — unless it is the title of
    the text the notice issues, which is the main text."""
    titles: set[str] = set()
    main = key(issued) if issued else None
    found: list[int] = []
    in_list = False
    for i in range(start, end):
        k = L.keys[i]
        if ANNEX_LIST.match(k):
            in_list = True
        elif in_list and not ANNEX_LIST_ENTRY.match(k):
            in_list = False
        if in_list:
            match = _LIST_ENTRY.match(k)
            if match:
                titles.add(key(match.group("title")))
            continue
        if titles and key(k) in titles and key(k) != main and (i - 1) not in labelled and i not in labelled:
            found.append(i)
            titles.discard(key(k))
    return found


def _parse_annex(lines: list[str], first_key: str, raw: list[str], *, labelled: bool = True) -> Annex:
    match = ANNEX_START.match(first_key)
    number = int(match.group("num")) if match and match.group("num") else None
    label = _squeeze(lines[0]) if labelled else ""
    rest = lines[1:] if labelled else lines
    title_lines: list[str] = []
    for line in rest[:3]:
        k = fold(line)
        if "\t" in line or _PUNCT.search(k) or len(k) > 50:
            break
        title_lines.append(line)
        if _ANNEX_TITLE_END.search(k):
            break
    else:
        if title_lines and not _ANNEX_TITLE_END.search(fold(title_lines[-1])):
            title_lines = title_lines[:1]
    title = _squeeze("".join(title_lines))
    body = rest[len(title_lines) :]
    rows = [[cell.strip() for cell in line.split("\t")] for line in body if "\t" in line]
    # The raw body keeps blank lines and page breaks: the cell boundaries of a PDF table.
    skip = int(labelled) + len(title_lines)
    start = 0
    while skip and start < len(raw):
        if not is_marker(raw[start]):
            skip -= 1
        start += 1
    return Annex(number=number, label=label, title=title, lines=body, rows=rows, raw=raw[start:])


def _genre(doc: Document) -> str:
    title = key(doc.attached_title or doc.title or "")
    if "工作要点" in title or title.endswith("要点"):
        return "workpoints"
    if "决策事项" in title and "目录" in title:
        return "decision-catalogue"
    for word, genre in (
        ("实施方案", "plan"),
        ("方案", "plan"),
        ("意见", "opinion"),
        ("办法", "measures"),
        ("规定", "rules"),
    ):
        if word in title:
            return genre
    return "notice"


_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def _year(doc: Document) -> int | None:
    for title in (doc.attached_title, doc.title):
        if title:
            match = _TITLE_YEAR.search(fold(title))
            if match:
                return int(match.group(1))
    if doc.doc_number_year:
        return doc.doc_number_year
    if doc.date:
        return int(doc.date[:4])
    return None
