"""The audit report: one HTML page of summaries, inline SVG charts and tables (nothing fetched).

Its facts come from the named queries (``unit-load``, ``overdue``, ``missing-parents``,
``weakened``, ``postponed``) and a few summary queries, so the report says what the queries say.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from markupsafe import Markup, escape

from kg.query.named import get_query, run_named
from kg.viz.graphs import _rows
from kg.viz.render import VIZ, template


def _named(store: Any, name: str, values: dict[str, str] | None = None) -> list[dict[str, str | None]]:
    columns, rows = run_named(store.ox, get_query(name), values or {})
    return [dict(zip(columns, r)) for r in rows]


def bar_chart(
    pairs: list[tuple[str, int]], *, width: int = 760, bar: int = 18, color: str = "#1f5fa8"
) -> Markup:
    """A horizontal bar chart as inline SVG; labels are escaped text."""
    if not pairs:
        return Markup("<p>—</p>")
    label_w, top = 260, 6
    most = max(v for _, v in pairs) or 1
    height = top * 2 + len(pairs) * (bar + 6)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value) in enumerate(pairs):
        y = top + i * (bar + 6)
        w = (width - label_w - 50) * value / most
        out.append(
            f'<text x="{label_w - 8}" y="{y + bar - 5}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{color}"></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar - 5}" font-size="12">{value}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def timeline(months: list[tuple[str, int, int]], *, height: int = 200, width: int = 760) -> Markup:
    """Duties due per month as columns (open above, overdue in red), as inline SVG."""
    if not months:
        return Markup("<p>—</p>")
    left, bottom, top = 30, 40, 10
    most = max(a + b for _, a, b in months) or 1
    step = (width - left - 10) / len(months)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#9aa5b1"></line>',
    ]
    usable = height - bottom - top
    for i, (month, due, overdue) in enumerate(months):
        x = left + i * step + step * 0.15
        w = step * 0.7
        h_over = usable * overdue / most
        h_due = usable * due / most
        y_over = height - bottom - h_over
        out.append(
            f'<rect x="{x:.1f}" y="{y_over:.1f}" width="{w:.1f}" height="{h_over:.1f}" fill="#d64550"></rect>'
        )
        out.append(
            f'<rect x="{x:.1f}" y="{y_over - h_due:.1f}" width="{w:.1f}" height="{h_due:.1f}" fill="#f0a04b"></rect>'
        )
        out.append(
            f'<text x="{x + w / 2:.1f}" y="{y_over - h_due - 3:.1f}" text-anchor="middle" font-size="11">{due + overdue}</text>'
        )
        out.append(
            f'<text x="{x + w / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" font-size="11">{escape(month)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def audit_report(store: Any, as_of: datetime.date) -> str:
    """The audit report of everything in *store*, judged as of *as_of*."""
    documents = _rows(
        store,
        """SELECT ?d ?label ?title ?short ?area ?year
                  (COUNT(DISTINCT ?item) AS ?items) (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?ob) AS ?obligations)
                  (SAMPLE(?parent_label) AS ?parent) WHERE {
             ?d a pk:PolicyDocument ; rdfs:label ?label ; pk:shortId ?short .
             OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d pk:year ?year }
             OPTIONAL { ?d eli:jurisdiction/skos:prefLabel ?area }
             OPTIONAL { ?d eli:has_part/eli:has_part ?item . ?item a pk:Item }
             OPTIONAL { ?policy dcterms:source ?d ; odrl:obligation ?task . ?task a pk:Task }
             OPTIONAL { ?policy2 dcterms:source ?d ; odrl:obligation ?ob . ?ob a pk:Obligation }
             OPTIONAL { ?d pk:inheritsFrom ?p . ?p rdfs:label ?parent_label } }
           GROUP BY ?d ?label ?title ?short ?area ?year ORDER BY ?short""",
    )
    load = _named(store, "unit-load")[:15]
    overdue = _named(store, "overdue", {"as_of": as_of.isoformat()})
    missing = _named(store, "missing-parents")
    weakened = _named(store, "weakened")
    postponed = _named(store, "postponed")
    dues = _rows(
        store,
        """SELECT ?duty ?due WHERE { ?duty odrl:constraint ?dl . ?dl pk:dueDate ?due . ?duty a ?class .
             FILTER(?class IN (pk:Task, pk:Obligation)) }""",
    )
    overdue_ids = {r["duty"] for r in overdue}
    by_month: dict[str, list[int]] = {}
    for row in dues:
        month = (row["due"] or "")[:7]
        counts = by_month.setdefault(month, [0, 0])
        counts[1 if row["duty"] in overdue_ids else 0] += 1
    months = [(m, c[0], c[1]) for m, c in sorted(by_month.items())]
    changes = Counter(
        c
        for row in _rows(
            store,
            """SELECT ?a ?change WHERE { ?c prov:qualifiedDerivation ?a . ?c a pk:Item .
                 ?a pk:change ?ch . BIND(LCASE(REPLACE(STR(?ch), "^.*#", "")) AS ?change) }""",
        )
        for c in [row["change"] or ""]
    )
    page = template("report.html").render(
        title=f"政务公开义务审计报告 Audit report · {as_of.isoformat()}",
        as_of=as_of.isoformat(),
        css=Markup((VIZ / "style.css").read_text(encoding="utf-8")),
        documents=documents,
        kpis=[
            ("documents 文件", len(documents)),
            ("duties 义务与任务", sum(int(d["tasks"] or 0) + int(d["obligations"] or 0) for d in documents)),
            ("overdue 逾期", len(overdue)),
            ("missing parents 缺少上级文件", len(missing)),
            ("weakened 弱化", len(weakened)),
        ],
        load_chart=bar_chart(
            [
                (f"{r['unit']}（{r['area']}）" if r["area"] else str(r["unit"]), int(r["total"] or 0))
                for r in load
            ]
        ),
        timeline=timeline(months),
        changes=sorted(changes.items(), key=lambda kv: (-kv[1], kv[0])),
        weakened=weakened,
        postponed=postponed,
        overdue=overdue,
        missing=missing,
    )
    return str(page)
