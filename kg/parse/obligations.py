"""Obligation statements in prose: who must do what, how firmly.

An item's text is split into statements — sentences, and within a sentence the clauses that name
a new bearer (``各部门单位要配齐配强工作力量，保障工作经费，主要负责同志每年至少听取2次汇报``
holds two) — and each statement gets its modality from the words that govern it:

- prohibited: 不得, 严禁, 禁止, 杜绝;
- default: 原则上 (a rule that admits exceptions);
- encouraged or exploratory: 鼓励, 探索, 有条件的, 可以/可, 视情, 酌情, 适时, 积极;
- mandatory: 要, 应, 应当, 必须, 须, 需, 严格, 确保, 务必 — and, in this genre, the bare
  imperative (``加强政务公开业务培训``), recorded as mandatory with no cue word.

The item's heading (its text up to the first 。) is a title, not a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.normalize import fold

PROHIBITED = ("不得", "严禁", "禁止", "杜绝")
DEFAULT = ("原则上",)
ENCOURAGED = ("鼓励", "探索", "有条件的", "有条件地", "可以", "视情", "酌情", "适情", "适时", "试点")
MANDATORY = ("必须", "应当", "务必", "确保", "严格", "要", "应", "须", "需")
WEAK_ENCOURAGED = ("积极",)

# The bearer: the clause's leading noun phrase naming a unit, before a modal or main verb.
_BEARER_END = (
    r"(?:政府|部门|单位|局|办公室|办公厅|同志|负责人|中心|街道|镇|镇街|委员会|小组|机关|主体|公司|机构|"
    r"人民政府|管委会?|办事处|各级|各单位|（单位）|\(单位\)|（镇）|\(镇\))"
)
_BEARER = re.compile(
    rf"^(?P<bearer>(?:[^，。；：,;:（(]|[（(][^）)]{{0,20}}[）)]){{1,30}}?{_BEARER_END}(?:[（(][^）)]{{0,20}}[）)])?)"
    r"(?=要|应|须|需|必须|务必|原则上|每年|年内|定期|负责|可|在|于|对|按|均|将|把|不得|严禁|切实|主动|及时|认真|不少于|至少|"
    r"解读|开展|建立|制定|编制|组织|落实|推进|加强|做好|完善|公开|发布|召开|听取|报送|按照|结合|围绕|采取|采用|实施|设立|明确|，|,|\s)"
)
_STATEMENT_END = re.compile(r"[。；;！？!?]")


@dataclass
class Obligation:
    """One obligation statement of an item."""

    section: int | None
    item: int | None
    text: str
    modality: str
    cue: str | None = None
    bearer: str | None = None
    units: list[str] = field(default_factory=list)
    deadline: str | None = None
    due: str | None = None
    start: int = 0
    end: int = 0


def modality_of(text: str) -> tuple[str, str | None]:
    """The modality of a statement and the word that sets it.

    >>> modality_of("各部门单位解读重要政策性文件原则上应采用不少于5种解读形式")
    ('default', '原则上')
    >>> modality_of("有条件的单位可选择合适议题在线直播审议过程")
    ('encouraged', '有条件的')
    >>> modality_of("相关部门主要负责同志要出席新闻发布会")
    ('mandatory', '要')
    >>> modality_of("加强政务公开业务培训")
    ('mandatory', None)
    >>> modality_of("不得泄露国家秘密")
    ('prohibited', '不得')
    """
    k = fold(text)
    for modality, cues in (("prohibited", PROHIBITED), ("default", DEFAULT), ("encouraged", ENCOURAGED)):
        for cue in cues:
            if cue in k:
                return modality, cue
    for cue in MANDATORY:
        if _has_modal(k, cue):
            return "mandatory", cue
    for cue in WEAK_ENCOURAGED:
        if cue in k:
            return "encouraged", cue
    return "mandatory", None


# 要 and 应 are also parts of nouns (重要, 要点, 主要, 需要 as "needs", 应用, 回应, 响应, 对应).
_NOT_MODAL = {
    "要": ("重要", "要点", "主要", "需要", "要素", "要求", "纪要", "摘要", "必要", "首要", "要件", "要情"),
    "应": (
        "应用",
        "回应",
        "响应",
        "对应",
        "适应",
        "供应",
        "效应",
        "应急",
        "相应",
        "反应",
        "应入尽入",
        "呼应",
    ),
    "需": ("需求", "所需", "急需", "必需", "需要"),
    "须": ("必须",),
}


def _has_modal(k: str, cue: str) -> bool:
    if len(cue) > 1:
        return cue in k
    masked = k
    for word in _NOT_MODAL.get(cue, ()):
        masked = masked.replace(word, "□" * len(word))
    return cue in masked


# "要求市级政府…", "由市政府办公室…": the verb that hands the duty over is not part of the bearer.
_LEAD_VERB = re.compile(r"^(?:要求|督促|指导|支持|请|由)(?=各|市|区|县|省|镇|乡|街道|相关|有关|本级)")


def bearer_of(text: str) -> str | None:
    """The unit a statement names as its subject, as written, if it names one.

    >>> bearer_of("各部门单位要配齐配强工作力量")
    '各部门单位'
    >>> bearer_of("区政府办公室按季度通报各部门单位政务公开工作开展情况")
    '区政府办公室'
    >>> bearer_of("要求市级政府年内邀请公众代表列席政府常务会不少于10次")
    '市级政府'
    >>> bearer_of("加强政务公开业务培训") is None
    True
    """
    lead = _LEAD_VERB.match(fold(text))
    skip = lead.end() if lead else 0
    match = _BEARER.match(fold(text)[skip:])
    if not match:
        return None
    bearer = text[skip : skip + match.end("bearer")].strip()
    # A verb phrase is not a bearer: 加强…部门 / 推进…单位 start with a verb.
    if re.match(
        r"^(?:加强|推进|推动|做好|强化|完善|健全|建立|落实|深化|提升|开展|持续|进一步|围绕|聚焦|对|按照|根据|结合|将|把|在|通过|依托)",
        bearer,
    ):
        return None
    return bearer


def split_statements(text: str) -> list[tuple[int, int]]:
    """Spans of the statements in *text*: sentences, split again where a clause names a new bearer."""
    spans: list[tuple[int, int]] = []
    k = fold(text)
    start = 0
    for match in _STATEMENT_END.finditer(k):
        spans.extend(_clauses(k, start, match.end()))
        start = match.end()
    if start < len(k) and k[start:].strip():
        spans.extend(_clauses(k, start, len(k)))
    return [(a, b) for a, b in spans if k[a:b].strip(" \n。；;")]


def _clauses(k: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for match in re.finditer(r"[，,]", k[start:end]):
        at = start + match.end()
        if bearer_of(k[at:end]) is not None:
            cuts.append(at)
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def find_obligations(
    text: str, *, section: int | None, item: int | None, heading: str = "", year: int | None = None
) -> list[Obligation]:
    """The obligation statements of an item's *text* (its heading skipped)."""
    from kg.parse.deadlines import find_deadlines

    offset = 0
    if heading and text.startswith(heading):
        offset = len(heading)
        while offset < len(text) and text[offset] in "。.；; \n":
            offset += 1
    body = text[offset:]
    out: list[Obligation] = []
    previous_bearer: str | None = None
    for a, b in split_statements(body):
        statement = body[a:b].strip().rstrip("。；;，,")
        if not statement:
            continue
        lead = len(body[a:b]) - len(body[a:b].lstrip())
        modality, cue = modality_of(statement)
        bearer = bearer_of(statement)
        if bearer is None and body[a - 1 : a] in ("，", ","):
            bearer = previous_bearer  # a clause continuing the previous clause's subject
        previous_bearer = (
            bearer if bearer is not None else (previous_bearer if body[a - 1 : a] in ("，", ",") else None)
        )
        deadlines = find_deadlines(statement, year=year)
        first = deadlines[0] if deadlines else None
        out.append(
            Obligation(
                section=section,
                item=item,
                text=statement,
                modality=modality,
                cue=cue,
                bearer=bearer,
                units=[bearer] if bearer else [],
                deadline=first.text if first else None,
                due=first.due if first else None,
                start=offset + a + lead,
                end=offset + a + lead + len(statement),
            )
        )
    return out
