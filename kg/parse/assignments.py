"""Responsibility notes written into the prose: ``（责任单位：市财政局；完成时限：2023年6月底前）``.

A document without a 任务分工 table often says who does what at the end of the passage it
assigns, in one of the genre's forms:

- a bracketed note of labelled fields: ``（责任单位：市政府办公室、市司法局）``,
  ``（牵头单位：市委宣传部；配合单位：市政府各部门）``, ``（责任单位：…，完成时限：6月底前）``;
- the same fields as a sentence of their own: ``责任单位：市财政局。``;
- a bracketed note of verbs: ``（市政府办公室牵头，各区县政府负责）``, ``（市大数据局负责）``.

A note applies to the statements written before it, back to the previous note: each
point's note to its point, a note closing an item to the whole item. A note written right after
the item's heading, before any statement, applies to what follows it instead. The note is not a
statement itself, and its text stays apart (:attr:`Note.text`, as written).

>>> [(n.lead, n.support, n.deadline) for n in find_notes("做好解读。（牵头单位：市委宣传部；配合单位：市政府各部门）")]
[(['市委宣传部'], ['市政府各部门'], None)]
>>> [(n.units, n.deadline) for n in find_notes("做好解读。责任单位：市财政局；完成时限：2023年6月底前。")]
[(['市财政局'], '2023年6月底前')]
>>> [(n.lead, n.support) for n in find_notes("推进公开（市政府办公室牵头，各区县政府负责，市直各部门配合）。")]
[(['市政府办公室', '各区县政府'], ['市直各部门'])]
>>> find_notes("各区县政府（含代管镇、街道的功能区管理机构，下同）不少于5次")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.normalize import fold

#: Labels of the fields that name units: the lead (牵头) ones first, then the others.
_LEAD_LABELS = (
    "牵头单位",
    "牵头部门",
    "主责单位",
    "责任单位",
    "责任部门",
    "责任主体",
    "承办单位",
    "负责单位",
)
_SUPPORT_LABELS = ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位")
_TIME_LABELS = ("完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "办结时限", "时间要求")
_LABEL = "|".join(_LEAD_LABELS + _SUPPORT_LABELS + _TIME_LABELS)
_FIELD = re.compile(rf"(?P<label>{_LABEL})\s*[:：]")
# (one level of brackets inside the note: 各街道(镇))
_INNER = r"[^()\n]*(?:\([^()\n]*\)[^()\n]*)*"
_BRACKETED = re.compile(rf"\(\s*(?:{_LABEL})\s*:{_INNER}\)")
_SENTENCE = re.compile(rf"(?:(?<=^)|(?<=[。;\n]))[ \t]*(?:{_LABEL})\s*:[^。\n]*(?:。|$)", re.M)
# (closing a clause or standing between two sentences)
_VERBAL = re.compile(
    rf"(?:(?<=[。;])\s*\((?P<alone>{_INNER})\)|\((?P<body>{_INNER})\)(?=\s*(?:[。;,]|$)))", re.M
)
_ROLE_VERB = re.compile(
    r"^(?P<units>.{2,80}?)(?P<verb>牵头负责|牵头|按职责分工负责|按职责负责|分别负责|具体负责|负责落实|负责|配合|参与|协同|落实)$"
)
#: Words without which a text holds no note (a quick test before the patterns).
_TRIGGER = re.compile(r"单位|部门|主体|时限|时间|期限|节点|牵头|负责|配合|参与|协同|落实")
_UNIT_END = re.compile(
    r"(?:人民政府|政府|部门|单位|办公室|办公厅|委员会|管委会|办事处|小组|机关|机构|中心|公司|街道|镇街|镇|局|委|办|院|会|部|厅|队|所|站|[(](?:单位|镇|街道)[)])$"
)


@dataclass
class Note:
    """A responsibility note: where it stands in the text, as written, and what it says.

    ``lead`` holds the units that lead or answer for the work (牵头, 负责, 责任单位), ``support``
    those that assist (配合, 参与, 协同), ``deadline`` the 完成时限 as written.
    """

    start: int
    end: int
    text: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: str | None = None

    @property
    def units(self) -> list[str]:
        """The lead units, then the supporting ones, each once."""
        return list(dict.fromkeys(self.lead + self.support))


def find_notes(text: str) -> list[Note]:
    """The responsibility notes of *text*, in order; offsets into *text*."""
    from kg.parse.deadlines import find_deadlines
    from kg.parse.tables import looks_like_units
    from kg.parse.units import split_units

    if not _TRIGGER.search(text):
        return []
    k = fold(text)
    spans: list[tuple[int, int, str]] = []
    for match in _BRACKETED.finditer(k):
        spans.append((match.start(), match.end(), "fields"))
    for match in _SENTENCE.finditer(k):
        a = match.start() + len(match.group()) - len(match.group().lstrip(" \t"))
        if not any(s <= a < e for s, e, _ in spans):
            spans.append((a, match.end(), "sentence"))
    for match in _VERBAL.finditer(k):
        if any(s < match.end() and match.start() < e for s, e, _ in spans):
            continue
        a = match.start("alone") - 1 if match.group("alone") is not None else match.start()
        if _verbal_parts(match.group("alone") or match.group("body") or "") is not None:
            spans.append((a, match.end(), "verbs"))
    notes: list[Note] = []
    for start, end, kind in sorted(spans):
        note = Note(start=start, end=end, text=text[start:end].strip())
        if kind in ("fields", "sentence"):
            valid = True
            first = _FIELD.search(k, start, end)
            fields = list(_FIELD.finditer(k, first.start() if first else start, end))
            close = end - 1 if k[start] == "(" else end  # the note's own closing bracket
            for n, match in enumerate(fields):
                stop = fields[n + 1].start() if n + 1 < len(fields) else close
                # the value as written (fold keeps the length, so offsets agree)
                value = text[match.end() : stop].strip().rstrip("。.，,；; \t")
                label = match.group("label")
                # a field holds units or a deadline, not a sentence (责任单位：市财政局，各部门要…)
                if label in _TIME_LABELS:
                    found = find_deadlines(value, year=None) if value and len(value) <= 24 else []
                    if found and len(found[0].text) >= 0.6 * len(value):  # a date, not a sentence
                        note.deadline = note.deadline or value
                    else:
                        valid = False
                elif value and looks_like_units(value):
                    target = note.support if label in _SUPPORT_LABELS else note.lead
                    target.extend(u for u in split_units(value)[0] if u not in target)
                else:
                    valid = False
            if kind == "sentence" and not valid:
                continue  # a sentence that only starts like a note is a statement
        else:
            for a, b, verb in _verbal_parts(k[start + 1 : end - 1]) or []:
                target = note.support if verb in ("配合", "参与", "协同") else note.lead
                written = text[start + 1 + a : start + 1 + b]
                written = written[written.rfind("由") + 1 :]  # (由)市政府办公室负责, 公开前由起草单位负责
                names = split_units(written)[0]
                target.extend(u for u in names if u not in target)
        if not (note.lead or note.support or note.deadline):
            continue
        if notes and not k[notes[-1].end : start].strip(" \t\r\n。;,"):
            # 责任单位：市财政局。完成时限：6月底前。 — two sentences, one note
            last = notes[-1]
            last.end, last.text = end, text[last.start : end].strip()
            last.lead.extend(u for u in note.lead if u not in last.lead)
            last.support.extend(u for u in note.support if u not in last.support)
            last.deadline = last.deadline or note.deadline
            continue
        notes.append(note)
    return notes


def _verbal_parts(body: str) -> list[tuple[int, int, str]] | None:
    """``市政府办公室牵头,各区县政府负责`` as (start, end, verb) of each part's units; None when
    the bracket is not such a note (every part must name units and end in a role verb)."""
    parts: list[tuple[int, int, str]] = []
    start = 0
    # (市政府办公室牵头、市大数据局配合: a role verb before 、 ends a part too)
    for piece in re.split(r"([,;]|(?<=牵头|负责|配合|参与|协同|落实)、)", body + ","):
        if piece in (",", ";", "、"):
            start += 1
            continue
        match = _ROLE_VERB.match(piece.strip())
        if piece.strip():
            if not match:
                return None
            lead = len(piece) - len(piece.lstrip())
            names = match.group("units")
            last = re.split(r"[、和及与]", names)[-1]
            if not _UNIT_END.search(last) and not re.search(r"^各|等$", last):
                return None
            parts.append((start + lead, start + lead + len(names), match.group("verb")))
        start += len(piece)
    return parts or None
