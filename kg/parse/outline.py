"""The outline of a text: sections 一、, items （一）, points 1. / （1） / ①.

Numbers are accepted only in sequence (a section 三、 must follow 二、; an item either continues
the previous item's number or restarts at （一） in a new section), so a wrapped line that happens
to begin with 一、 inside a sentence does not open a section. Documents that number items
continuously across sections and documents that restart them per section both parse.
"""

from __future__ import annotations

import re

from kg.normalize import fold
from kg.parse.assignments import find_notes
from kg.parse.numerals import cn_to_int
from kg.parse.records import Item, Point, Section
from kg.patterns import ANNEX_LIST, ANNEX_LIST_ENTRY, ITEM, POINT, SECTION

_SENTENCE_END = re.compile(r"[。！？!?]")
#: A short title and a colon (no comma, bracket or modal word before it): 做好新闻发布：
_HEADING_COLON = re.compile(
    r"^\s*(?![^:]*(?:(?<![主重纲提摘概只])要(?!求)|应(?!急|用|对)|(?<!必)须|需(?!求)|必须|确保))[^,，:：()]{2,24}:"
)
#: … a colon that announces what follows is no heading's (通知提出：, 主要包括：)
_ANNOUNCES = re.compile(r"(?:提出|指出|强调|明确|规定|如下|包括|包含|为|是|有)\s*:$")


def heading_of(text: str) -> str:
    """The heading of an item: its text up to the first 。 (without it).

    >>> heading_of("加强组织领导。更好发挥作用。")
    '加强组织领导'
    >>> heading_of("围绕中心工作，强化重点领域信息公开")
    '围绕中心工作，强化重点领域信息公开'

    A heading may end in a colon instead, when it is short and has no comma:

    >>> heading_of("做好新闻发布：每季度至少召开1次新闻发布会。")
    '做好新闻发布'
    >>> heading_of("各部门要落实三项要求：同步起草、同步审签、同步发布。")
    '各部门要落实三项要求：同步起草、同步审签、同步发布'

    A responsibility note closing the heading is not part of it (it assigns the item):

    >>> heading_of("推进社会救助信息公开（责任单位：市民政局）。及时公开救助标准。")
    '推进社会救助信息公开'
    """
    folded = fold(text)
    match = _SENTENCE_END.search(folded)
    heading = (text[: match.start()] if match else text).strip()
    colon = _HEADING_COLON.match(folded)
    if colon and not _ANNOUNCES.search(colon.group()) and (match is None or colon.end() <= match.start()):
        heading = text[: colon.end() - 1].strip()  # 做好新闻发布：每季度至少召开1次…
    notes = find_notes(heading)
    if notes and notes[-1].start > 0 and not heading[notes[-1].end :].strip():
        heading = heading[: notes[-1].start].strip()  # 推进社会救助信息公开（责任单位：市民政局）
    return heading


def _marker(paragraph: str) -> tuple[str, int, str, str] | None:
    """(level, number, label as printed, rest) when *paragraph* opens with an outline marker."""
    key = fold(paragraph)
    for level, pattern in (("item", ITEM), ("section", SECTION)):
        match = pattern.match(key)
        if match:
            try:
                number = cn_to_int(match.group("num"))
            except ValueError:
                continue
            start = match.start("rest")
            return level, number, paragraph[:start].strip(), paragraph[start:].strip()
    match = POINT.match(key)
    if match:
        if match.group("circled"):
            number = ord(match.group("circled")) - ord("①") + 1
        else:
            number = int(match.group("num") or match.group("pnum"))
        start = match.start("rest")
        return "point", number, paragraph[:start].strip(), paragraph[start:].strip()
    return None


def parse_outline(paragraphs: list[str]) -> tuple[str, list[Section], list[str], list[str]]:
    """Split paragraphs into ``(preamble, sections, closing, annex_list)``.

    *closing* holds trailing paragraphs of the last item that speak of the document as a whole
    (本要点, 任务分工 …); *annex_list* the entries of an ``附件：`` list.
    """
    preamble: list[str] = []
    sections: list[Section] = []
    annex_list: list[str] = []
    item: Item | None = None
    point: Point | None = None
    last_section = last_item = last_point = 0
    section_changed = False
    in_annex_list = False
    item_paragraphs: list[str] = []

    def close_item() -> None:
        nonlocal item, item_paragraphs
        if item is not None:
            item.text = "\n".join(item_paragraphs)
        item, item_paragraphs = None, []

    for paragraph in paragraphs:
        key = fold(paragraph)
        if ANNEX_LIST.match(key):
            close_item()
            in_annex_list = True
            annex_list.append(re.sub(r"^\s*附\s*件\s*[:：]\s*", "", paragraph).strip())
            continue
        marker = _marker(paragraph)
        if in_annex_list:
            if (marker and marker[0] == "point") or ANNEX_LIST_ENTRY.match(key):
                annex_list.append(paragraph.strip())
                continue
            in_annex_list = False
        level = marker[0] if marker else None
        if level == "section" and marker and marker[1] == last_section + 1:
            close_item()
            point = None
            last_section = marker[1]
            section_changed = True
            sections.append(Section(marker[1], marker[2], heading_of(marker[3]), marker[3]))
            continue
        if (
            level == "item"
            and marker
            and (marker[1] == last_item + 1 or (marker[1] == 1 and section_changed))
        ):
            close_item()
            point = None
            if not sections:
                sections.append(Section(0, "", "", ""))
            item = Item(marker[1], marker[2], heading_of(marker[3]), marker[3])
            item_paragraphs = [marker[3]]
            sections[-1].items.append(item)
            last_item = marker[1]
            section_changed = False
            continue
        if level == "point" and marker and sections:
            owner = item.points if item is not None else sections[-1].points
            expected = (owner[-1].number + 1) if owner else 1
            # (or numbered on from the previous item's points: 1. 2. under （一）, 3. under （二）)
            if marker[1] == expected or (not owner and last_point and marker[1] == last_point + 1):
                point = Point(marker[1], marker[2], marker[3])
                owner.append(point)
                last_point = marker[1]
                if item is not None:
                    item_paragraphs.append(paragraph.strip())
                else:
                    sections[-1].text += "\n" + paragraph.strip()
                continue
        # Plain paragraph: it continues whatever is open.
        if item is not None:
            item_paragraphs.append(paragraph.strip())
            if point is not None and len(item_paragraphs) > 1 and item.points and item.points[-1] is point:
                point.text += "\n" + paragraph.strip()
        elif sections:
            sections[-1].text += ("\n" if sections[-1].text else "") + paragraph.strip()
            if point is not None and sections[-1].points and sections[-1].points[-1] is point:
                point.text += "\n" + paragraph.strip()
        else:
            preamble.append(paragraph.strip())
    close_item()
    for section in sections:
        _points_as_items(section)
    # Trailing paragraphs of the last item that address the whole document are its closing.
    closing: list[str] = []
    last = sections[-1].items[-1] if sections and sections[-1].items else None
    if last is not None:
        paragraphs = last.text.split("\n")
        while len(paragraphs) > 1 and _CLOSING.search(fold(paragraphs[-1])):
            closing.insert(0, paragraphs.pop())
        last.text = "\n".join(paragraphs)
        if last.points and closing:
            last.points[-1].text = last.points[-1].text.split("\n" + closing[0])[0]
    return "\n".join(preamble), sections, closing, annex_list


def _points_as_items(section: Section) -> None:
    """A section numbered 1. 2. … with no （一） level: its points are its items (the outline's
    second level, whatever its numbers), so they get headings and their own duties."""
    if section.items or not section.points:
        return
    first = section.points[0]
    lines = section.text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith(first.label)), len(lines))
    section.text = "\n".join(lines[:at])
    for point in section.points:
        text = point.text
        section.items.append(Item(point.number, point.label, heading_of(text), text))
    section.points = []


_CLOSING = re.compile(r"本(?:工作)?(?:要点|方案|通知|意见|办法|计划|规定)|任务分工|工作要点")
