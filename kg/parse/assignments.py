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
from kg.parse.deadlines import find_deadlines
from kg.parse.tables import looks_like_units
from kg.parse.units import ROLE_LABEL, ROLE_VERBS, is_support_role, split_units

_TIME_LABELS = ("完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "办结时限", "时间要求")
#: a field of a note: a role label (牵头单位：, 配合部门：, 责任主体：) or a time label, then its value
_FIELD = re.compile(rf"(?P<label>{ROLE_LABEL.pattern}|(?:{'|'.join(_TIME_LABELS)})\s*[:：])")
# (one level of brackets inside the note: 各街道(镇))
_INNER = r"[^()\n]*(?:\([^()\n]*\)[^()\n]*)*"
_BRACKETED = re.compile(rf"\(\s*{_FIELD.pattern}{_INNER}\)")
_SENTENCE = re.compile(rf"(?:(?<=^)|(?<=[。;\n]))[ \t]*{_FIELD.pattern}[^。\n]*(?:。|$)", re.M)
# (closing a clause or standing between two sentences)
_VERBAL = re.compile(
    rf"(?:(?<=[。;])\s*\((?P<alone>{_INNER})\)|\((?P<body>{_INNER})\)(?=\s*(?:[。;,]|$)))", re.M
)
_ROLE_VERB = re.compile(rf"^(?P<units>.{{2,80}}?)(?P<verb>{'|'.join(ROLE_VERBS)})$")
#: 市政府办公室牵头、市大数据局配合: a two-character role verb before 、 ends a part too
_PART_END = re.compile(rf"([,;]|(?<={'|'.join(v for v in ROLE_VERBS if len(v) == 2)})、)")
#: Words without which a text holds no note (a quick test before the patterns).
_TRIGGER = re.compile("|".join(("单位", "部门", "主体", "时限", "时间", "期限", "节点", *ROLE_VERBS)))


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
    if not _TRIGGER.search(text):
        return []
    k = fold(text)
    # (start, end, the verbal note's parts; None for a note of fields)
    spans: list[tuple[int, int, list[tuple[int, int, str]] | None]] = []
    for match in _BRACKETED.finditer(k):
        spans.append((match.start(), match.end(), None))
    sentences = set()
    for match in _SENTENCE.finditer(k):
        a = match.start() + len(match.group()) - len(match.group().lstrip(" \t"))
        if not any(s <= a < e for s, e, _ in spans):
            spans.append((a, match.end(), None))
            sentences.add(a)
    for match in _VERBAL.finditer(k):
        if any(s < match.end() and match.start() < e for s, e, _ in spans):
            continue
        parts = _verbal_parts(match.group("alone") or match.group("body") or "")
        if parts is not None:
            a = match.start("alone") - 1 if match.group("alone") is not None else match.start()
            spans.append((a, match.end(), parts))
    notes: list[Note] = []
    for start, end, parts in sorted(spans, key=lambda span: span[:2]):
        note = Note(start=start, end=end, text=text[start:end].strip())
        if parts is None:
            if not _read_fields(note, text, k) and start in sentences:
                continue  # a sentence that only starts like a note is a statement
        else:
            for a, b, verb in parts:
                written = text[start + 1 + a : start + 1 + b]
                written = written[written.rfind("由") + 1 :]  # (由)市政府办公室负责, 公开前由起草单位负责
                _add(note.support if is_support_role(verb) else note.lead, written)
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


def _read_fields(note: Note, text: str, k: str) -> bool:
    """Fill *note* from its labelled fields; False when a field holds a sentence rather than
    units or a date (责任单位：市财政局，各部门要…; 时间要求：各单位于每月5日前报送…)."""
    valid = True
    fields = list(_FIELD.finditer(k, note.start, note.end))
    close = note.end - 1 if k[note.start] == "(" else note.end  # the note's own closing bracket
    for n, match in enumerate(fields):
        stop = fields[n + 1].start() if n + 1 < len(fields) else close
        # the value as written (fold keeps the length, so offsets agree)
        value = text[match.end() : stop].strip().rstrip("。.，,；; \t")
        label = match.group("label")
        if not ROLE_LABEL.match(label):
            found = find_deadlines(value, year=None) if value and len(value) <= 24 else []
            if found and len(found[0].text) >= 0.6 * len(value):  # a date, not a sentence
                note.deadline = note.deadline or value
            else:
                valid = False
        elif value and looks_like_units(value):
            _add(note.support if is_support_role(label) else note.lead, value)
        else:
            valid = False
    return valid


def _add(target: list[str], written: str) -> None:
    target.extend(u for u in split_units(written)[0] if u not in target)


def _verbal_parts(body: str) -> list[tuple[int, int, str]] | None:
    """``市政府办公室牵头,各区县政府负责`` as (start, end, verb) of each part's units; None when
    the bracket is not such a note (every part must name units and end in a role verb)."""
    parts: list[tuple[int, int, str]] = []
    start = 0
    for piece in _PART_END.split(body + ","):
        if piece in (",", ";", "、"):
            start += 1
            continue
        if piece.strip():
            match = _ROLE_VERB.match(piece.strip())
            if not match or not looks_like_units(match.group("units")):
                return None
            lead = len(piece) - len(piece.lstrip())
            parts.append((start + lead, start + lead + len(match.group("units")), match.group("verb")))
        start += len(piece)
    return parts or None
