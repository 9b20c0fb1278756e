"""What a child did with its parent's text: kept, reworded, strengthened, weakened, postponed, dropped, added.

Items are aligned first (kg.link.align); within each aligned pair the quantities, obligation
statements and deadlines are compared:

- a **quantity** is compared with the parent's quantity *for the same level*: a parent city's
  document asks 市级政府 for ≥10 and 各区县政府 for ≥5, so a district's own ≥5 keeps the level
  meant for it. The parent's requirements on its own level (市级政府, 市政府各部门) are not the
  child's to carry; a child quantity with no counterpart is a quantified requirement added.
- a **statement's modality** can weaken (要 → 原则上 → 鼓励) or strengthen;
- a **deadline** can move later (postponed) or earlier; a duration can grow or shrink;
- a **bearer** can change level.

Parent items no child item adapts are dropped; child items that adapt none are added.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.link.align import align, comparison_key, similarity
from kg.parse.quantities import Quantity
from kg.parse.records import Document, Item
from kg.parse.units import aliases, resolve_unit

_RANK = {"mandatory": 3, "default": 2, "encouraged": 1}
#: Two quantities speak of the same requirement when their clauses are at least this similar.
SAME_REQUIREMENT = 0.35
# The levels below a jurisdiction of each level, as they appear in bearer names.
_LOWER = {
    "country": "省|自治区|直辖市|各地|地方",
    "province": "市|州|盟|县|区",
    "prefecture": "区县|县区|区|县|市、区|镇|街道|乡",
    "county": "镇|街道|乡|村|社区",
}
_OWN = {"country": "国务院|国家|中央", "province": "省", "prefecture": "市", "county": "区|县|市"}


def bearer_level(bearer: str | None, level: str | None) -> str | None:
    """The level a bearer stands at, relative to the document's own: ``self``, ``lower`` or ``all``.

    >>> bearer_level("各区县政府", "prefecture"), bearer_level("市级政府", "prefecture")
    ('lower', 'self')
    >>> bearer_level("区政府", "county"), bearer_level("各部门单位", "county"), bearer_level("各级各部门（单位）", "prefecture")
    ('self', 'self', 'all')
    """
    if not bearer or not level:
        return None
    if "各级" in bearer:
        return "all"
    lower = _LOWER.get(level)
    if (
        lower
        and re.search(rf"各(?:{lower})|(?:{lower})(?:级)?(?:政府|人民政府)", bearer)
        and not re.match(rf"(?:{_OWN.get(level, '')})(?:级)?政府", bearer)
    ):
        return "lower"
    return "self"


@dataclass
class Detail:
    """One observed change (or a kept requirement) inside an aligned pair, for the report."""

    type: str  # quantity-kept, quantity-stronger, quantity-weaker, quantity-added, quantity-dropped,
    #            modality-weaker, modality-stronger, postponed, advanced, bearer-changed
    child: str | None = None
    parent: str | None = None


@dataclass
class Pair:
    """Two aligned items (section, item) and what changed between them.

    :ivar statements: aligned obligation statements, as (child's position among its item's
        statements, parent's position, score), positions counted from 1 as in their IRIs.
    """

    child: tuple[int, int]
    parent: tuple[int, int]
    score: float
    residual: bool
    changes: list[str] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    statements: list[tuple[int, int, float]] = field(default_factory=list)


@dataclass
class Comparison:
    """A child document against a parent (or a sibling)."""

    child: Document
    parent: Document
    relation: str
    pairs: list[Pair] = field(default_factory=list)
    dropped: list[tuple[int, int]] = field(default_factory=list)
    added: list[tuple[int, int]] = field(default_factory=list)
    tasks: list[TaskLink] = field(default_factory=list)


@dataclass(frozen=True)
class TaskLink:
    """A child's task (a 任务分工 row) and the parent duty it carries out.

    :ivar child: index into the child's ``tasks``.
    :ivar parent_task: index into the parent's ``tasks`` when the parent has a task table.
    :ivar parent_statement: otherwise the parent's obligation statement, as (section, item,
        position among the item's statements from 1).
    """

    child: int
    score: float
    parent_task: int | None = None
    parent_statement: tuple[int, int, int] | None = None


def _items(doc: Document) -> list[tuple[int, int, Item]]:
    return [(s.number, i.number, i) for s in doc.sections for i in s.items]


def _quantities(doc: Document, place: tuple[int, int]) -> list[tuple[Quantity, str]]:
    """The quantities of an item, each with the clause that states it."""
    text = next((i.text for s, n, i in _items(doc) if (s, n) == place), "")
    return [
        (q.quantity, clause_of(text, q.quantity.start, q.quantity.end))
        for q in doc.quantities
        if (q.section, q.item) == place
    ]


def _sentence(text: str, start: int) -> int:
    """Index of the sentence (split on 。；) holding position *start*."""
    return len(re.findall(r"[。；;]", text[:start]))


_CLAUSE_END = "，,；;。"


def clause_of(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]; an elliptical clause (各区县政府不少于5次) takes the one before.

    >>> clause_of("要求市级政府年内邀请公众代表列席不少于10次，各区县政府（含功能区，下同）不少于5次，并公开。", 37, 42)
    '要求市级政府年内邀请公众代表列席不少于10次，各区县政府（含功能区，下同）不少于5次'
    """

    def bounds(a: int, b: int) -> tuple[int, int]:
        depth, i = 0, a
        while i > 0:
            ch = text[i - 1]
            depth += ch in "）)"
            depth -= ch in "（("
            if depth <= 0 and ch in _CLAUSE_END:
                break
            i -= 1
        depth, j = 0, b
        while j < len(text):
            ch = text[j]
            depth += ch in "（("
            depth -= ch in "）)"
            if depth <= 0 and ch in _CLAUSE_END:
                break
            j += 1
        return i, j

    a, b = bounds(start, end)
    core = re.sub(r"[（(][^）)]*[）)]", "", text[a:b])
    if len(comparison_key(core)) <= 8 and a > 0 and text[a - 1] not in "。；;":
        a, _ = bounds(a - 1, a - 1)
    return text[a:b]


def _show(q: Quantity) -> str:
    ops = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
    value = f"{ops.get(q.op or '', '')}{q.value}" if q.value is not None else ""
    unit = q.unit or ""
    per = f"/{q.per}" if q.per else ""
    who = f" ({q.bearer})" if q.bearer else ""
    return f"{value}{unit}{per}{who}".strip() or q.text


def _compare_quantities(
    child: Document,
    parent: Document,
    cq: list[tuple[Quantity, str]],
    pq_clauses: list[tuple[Quantity, str]],
    parent_text: str,
) -> list[Detail]:
    out: list[Detail] = []
    c_level = child.jurisdiction.level if child.jurisdiction else None
    p_level = parent.jurisdiction.level if parent.jurisdiction else None
    sibling = c_level == p_level
    pq = [p for p, _ in pq_clauses]
    parent_sentences = [_sentence(parent_text, p.start) for p in pq]
    used: set[int] = set()
    for q, clause in cq:
        if q.kind not in ("count", "duration", "deadline"):
            continue
        if q.kind == "deadline" and str(q.value).startswith("--"):
            continue  # a recurring date is not compared with a one-off one
        comparable = [
            (i, p, p_clause)
            for i, (p, p_clause) in enumerate(pq_clauses)
            if p.kind == q.kind
            and not (p.kind == "deadline" and str(p.value).startswith("--"))
            and (q.kind != "count" or (p.unit == q.unit and (p.per == q.per or not p.per or not q.per)))
        ]
        similar = {i for i, _, p_clause in comparable if similarity(clause, p_clause) >= SAME_REQUIREMENT}
        # A sentence that sets one requirement for several bearers (市级政府 ≥10, 各区县政府 ≥5) is
        # one requirement: when one of its quantities is similar, all of them are candidates.
        sentences = {parent_sentences[i] for i in similar}
        candidates = [(i, p) for i, p, _ in comparable if i in similar or parent_sentences[i] in sentences]
        if not candidates:
            if q.kind == "count":
                out.append(Detail("quantity-added", _show(q)))
            continue
        mine = bearer_level(q.bearer, c_level)

        def fit(item: tuple[int, Quantity], mine: str | None = mine, q: Quantity = q) -> tuple[int, int, int]:
            level = bearer_level(item[1].bearer, p_level)
            if sibling:
                level_fit = 0 if level == mine else 1
            else:  # the parent's requirement for lower levels is the one meant for the child
                level_fit = {"lower": 0, "all": 1, None: 2}.get(level, 3)
            return (level_fit, 0 if item[1].value == q.value else 1, item[0])

        index, p = min(candidates, key=fit)
        used.add(index)
        out.append(_judge(q, p))
    for i, p in enumerate(pq):
        if i in used or p.kind != "count":
            continue
        level = bearer_level(p.bearer, p_level)
        if level in ("lower", "all", None) or c_level == p_level:
            out.append(Detail("quantity-dropped", None, _show(p)))
    return out


def _judge(q: Quantity, p: Quantity) -> Detail:
    try:
        cv, pv = float(q.value), float(p.value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        cv = pv = 0.0
        if (
            q.kind == "deadline"
            and isinstance(q.value, str)
            and isinstance(p.value, str)
            and q.value != p.value
        ):
            return Detail("postponed" if q.value > p.value else "advanced", _show(q), _show(p))
    if q.kind == "deadline" or cv == pv:
        return Detail("quantity-kept", _show(q), _show(p))
    more_is_stronger = q.kind == "count" and (q.op or ">=") in (">=", ">")
    stronger = (cv > pv) == more_is_stronger
    return Detail("quantity-stronger" if stronger else "quantity-weaker", _show(q), _show(p))


def _kind(bearer: str, document: Document) -> str | None:
    """The department kind a bearer names, when it names a known one (办公厅 and 办公室 alike)."""
    unit = resolve_unit(bearer, jurisdiction=document.jurisdiction)
    if unit.collective or unit.kind not in aliases().kinds:
        return None
    return unit.kind.replace("办公厅", "办公室")


def bearer_changed(child: Document, parent: Document, c_bearer: str | None, p_bearer: str | None) -> bool:
    """Whether a child statement hands its parent's duty to another level or kind of unit.

    A parent's duty for the level below it (各区县政府) is meant for the child's own level (区政府),
    so that is no change; a duty the child hands further down (各镇街), or to another kind of
    department, is. Bearers naming no level or kind are never called changed.
    """
    if not c_bearer or not p_bearer:
        return False
    c_level = child.jurisdiction.level if child.jurisdiction else None
    p_level = parent.jurisdiction.level if parent.jurisdiction else None
    mine, theirs = bearer_level(c_bearer, c_level), bearer_level(p_bearer, p_level)
    if mine is None or theirs is None:
        return False
    if theirs != "all":
        expected = theirs if c_level == p_level else {"lower": "self", "self": "self"}[theirs]
        if mine != expected and mine != "all":
            return True
    ck, pk = _kind(c_bearer, child), _kind(p_bearer, parent)
    return ck is not None and pk is not None and ck != pk


def _compare_statements(
    child: Document, parent: Document, c_place: tuple[int, int], p_place: tuple[int, int]
) -> tuple[list[Detail], list[tuple[int, int, float]]]:
    cs = [o for o in child.obligations if (o.section, o.item) == c_place]
    ps = [o for o in parent.obligations if (o.section, o.item) == p_place]
    out: list[Detail] = []
    linked: list[tuple[int, int, float]] = []
    for m in align([o.text for o in cs], [o.text for o in ps], floor=0.45, residual=1.0):
        c, p = cs[m.child], ps[m.parent]
        linked.append((m.child + 1, m.parent + 1, m.score))
        rc, rp = _RANK.get(c.modality), _RANK.get(p.modality)
        if rc is not None and rp is not None and rc != rp:
            kind = "modality-weaker" if rc < rp else "modality-stronger"
            out.append(Detail(kind, f"{c.cue or c.modality}：{c.text}", f"{p.cue or p.modality}：{p.text}"))
        if c.due and p.due and c.due != p.due:
            out.append(
                Detail(
                    "postponed" if c.due > p.due else "advanced",
                    f"{c.deadline}（{c.due}）",
                    f"{p.deadline}（{p.due}）",
                )
            )
        if bearer_changed(child, parent, c.bearer, p.bearer):
            out.append(Detail("bearer-changed", f"{c.bearer}：{c.text}", f"{p.bearer}：{p.text}"))
    return out, sorted(linked)


_SUMMARY = {
    "quantity-stronger": "strengthened",
    "quantity-added": "strengthened",
    "modality-stronger": "strengthened",
    "advanced": "strengthened",
    "quantity-weaker": "weakened",
    "quantity-dropped": "weakened",
    "modality-weaker": "weakened",
    "postponed": "postponed",
    "bearer-changed": "bearer-changed",
}


def compare(child: Document, parent: Document, *, relation: str = "parent") -> Comparison:
    """Align *child*'s items with *parent*'s and classify what changed in each pair."""
    result = Comparison(child, parent, relation)
    c_items, p_items = _items(child), _items(parent)
    matches = align([i.text for _, _, i in c_items], [i.text for _, _, i in p_items])
    for m in sorted(matches, key=lambda m: (c_items[m.child][:2], p_items[m.parent][:2])):
        cs, ci, c_item = c_items[m.child]
        ps, pi, p_item = p_items[m.parent]
        pair = Pair((cs, ci), (ps, pi), m.score, m.residual)
        verbatim = comparison_key(c_item.text) == comparison_key(p_item.text)
        pair.changes.append("verbatim" if verbatim else "reworded")
        pair.details += _compare_quantities(
            child, parent, _quantities(child, (cs, ci)), _quantities(parent, (ps, pi)), p_item.text
        )
        details, pair.statements = _compare_statements(child, parent, (cs, ci), (ps, pi))
        pair.details += details
        for detail in pair.details:
            summary = _SUMMARY.get(detail.type)
            if summary and summary not in pair.changes:
                pair.changes.append(summary)
        result.pairs.append(pair)
    result.tasks = _link_tasks(child, parent, result.pairs)
    linked_c = {p.child for p in result.pairs}
    linked_p = {p.parent for p in result.pairs}
    result.dropped = [(s, i) for s, i, _ in p_items if (s, i) not in linked_p]
    result.added = [(s, i) for s, i, _ in c_items if (s, i) not in linked_c]
    return result


def _link_tasks(child: Document, parent: Document, pairs: Sequence[Pair]) -> list[TaskLink]:
    """Link each child task to the parent's task, or else to the parent statement, it carries out.

    Tasks are aligned against the whole parent document (good n-gram statistics, still through
    the index) and a link is kept only when it agrees with the item alignment: the task's item
    must be paired with the parent item the duty belongs to.
    """
    if not child.tasks:
        return []
    paired: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for pair in pairs:
        paired.setdefault(pair.child, set()).add(pair.parent)
    links: list[TaskLink] = []
    texts = [t.text for t in child.tasks]
    if parent.tasks:
        for m in align(texts, [t.text for t in parent.tasks], mutual=5):
            c, p = child.tasks[m.child], parent.tasks[m.parent]
            if (p.section, p.item) in paired.get((c.section, c.item), ()):  # type: ignore[arg-type]
                links.append(TaskLink(m.child, m.score, parent_task=m.parent))
        return links
    statements: list[tuple[int, int, int]] = []
    counters: dict[tuple[int | None, int | None], int] = {}
    for ob in parent.obligations:
        counters[(ob.section, ob.item)] = counters.get((ob.section, ob.item), 0) + 1
        statements.append((ob.section or 0, ob.item or 0, counters[(ob.section, ob.item)]))
    for m in align(texts, [o.text for o in parent.obligations], mutual=5):
        c = child.tasks[m.child]
        s, i, k = statements[m.parent]
        if (s, i) in paired.get((c.section, c.item), ()):  # type: ignore[arg-type]
            links.append(TaskLink(m.child, m.score, parent_statement=(s, i, k)))
    return links


def precision_recall(
    found: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    gold: Sequence[tuple[tuple[int, int], tuple[int, int]]],
) -> tuple[float, float]:
    """Precision and recall of found pairs against gold pairs."""
    f, g = set(found), set(gold)
    tp = len(f & g)
    return (tp / len(f) if f else 1.0, tp / len(g) if g else 1.0)
