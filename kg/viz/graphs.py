"""Projections of the store onto small networkx graphs, one per view.

Each function queries the store and returns a ``networkx.DiGraph`` whose nodes carry what the
page needs: ``label`` (short), ``title`` (the full text, shown as a tooltip), ``kind`` (legend
group) and, where it matters, ``color``, ``column`` (fixed x position) or ``level``. Nothing here
knows about HTML; :mod:`kg.viz.render` turns a graph into a page.
"""

from __future__ import annotations

import datetime
from typing import Any

import networkx as nx

from kg.query.results import term_text

#: Sections and items of every document (or of ?doc, when bound).
_OUTLINE = """SELECT ?doc ?sec ?sec_label ?sec_heading ?item ?item_label ?item_heading ?item_text WHERE {
  ?doc a pk:PolicyDocument ; eli:has_part ?sec . ?sec a pk:Section ; eli:number ?sec_label .
  OPTIONAL { ?sec pk:heading ?sec_heading }
  OPTIONAL { ?sec eli:has_part ?item . ?item a pk:Item ; eli:number ?item_label .
             OPTIONAL { ?item pk:heading ?item_heading } OPTIONAL { ?item pk:text ?item_text } } }"""

#: Change types in the order a pair is coloured by (the first that applies).
CHANGE_ORDER = ("weakened", "postponed", "strengthened", "bearer-changed", "reworded", "verbatim")


def _rows(store: Any, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, str | None]]:
    result = store.query(query, bindings)  # Store.query declares the prefixes
    columns = [v.value for v in result.variables]
    return [{c: term_text(s[c]) for c in columns} for s in result]


def _short(text: str | None, n: int = 18) -> str:
    text = (text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _add_part(g: nx.DiGraph, row: dict[str, str | None]) -> None:
    """A section (once) under its document and, when the row has one, an item under the section."""
    sec = row["sec"]
    if sec not in g:
        g.add_node(
            sec,
            label=f"{row['sec_label']}{_short(row['sec_heading'], 12)}",
            title=f"{row['sec_label']}{row['sec_heading'] or ''}",
            kind="section",
        )
        g.add_edge(row["doc"], sec, kind="has part")
    if row["item"]:
        g.add_node(
            row["item"],
            label=f"{row['item_label']}{_short(row['item_heading'], 10)}",
            title=f"{row['item_label']}{row['item_heading'] or ''}\n{row['item_text'] or ''}",
            kind="item",
        )
        g.add_edge(sec, row["item"], kind="has part")


def overview(store: Any, *, max_items: int = 2000) -> nx.DiGraph:
    """Jurisdictions → documents → sections → items, with parent/child and sibling document links.

    Above *max_items* items they are folded into their sections.
    """
    g = nx.DiGraph()
    docs = _rows(
        store,
        """SELECT ?d ?label ?title ?area ?area_name ?short WHERE {
             ?d a pk:PolicyDocument ; rdfs:label ?label ; pk:shortId ?short .
             OPTIONAL { ?d dcterms:title ?title }
             OPTIONAL { ?d eli:jurisdiction ?area . ?area skos:prefLabel ?area_name } }""",
    )
    areas: set[str] = set()
    for d in docs:
        g.add_node(
            d["d"], label=d["label"], title=f"{d['title'] or ''}\n{d['label']}\n{d['short']}", kind="document"
        )
        if d["area"]:
            areas.add(d["area"])
            g.add_edge(d["area"], d["d"], kind="issues")
    # The areas and the chain above them, so 莱芜区 hangs under 济南市, 莱州市 under 烟台市.
    chain = _rows(
        store,
        """SELECT DISTINCT ?a ?name ?up WHERE {
             ?d a pk:PolicyDocument ; eli:jurisdiction ?start . ?start skos:broader* ?a .
             ?a skos:prefLabel ?name . OPTIONAL { ?a skos:broader ?up } }""",
    )
    for row in chain:
        g.add_node(row["a"], label=row["name"], title=row["name"], kind="jurisdiction")
        if row["up"] and any(r["a"] == row["up"] for r in chain):
            g.add_edge(row["up"], row["a"], kind="contains")
    parts = _rows(
        store,
        _OUTLINE,
    )
    # A store of hundreds of documents: items fold into their sections (the count in the label,
    # their headings in the tooltip), so the page stays quick; `kg view --doc` shows them.
    fold = sum(1 for row in parts if row["item"]) > max_items
    folded: dict[str, list[str]] = {}
    for row in parts:
        if row["item"] and fold and row["sec"]:
            folded.setdefault(row["sec"], []).append(f"{row['item_label']}{row['item_heading'] or ''}")
            row = {**row, "item": None}
        _add_part(g, row)
    for sec, items in folded.items():
        g.nodes[sec]["label"] += f" ({len(items)})"
        g.nodes[sec]["title"] += "\n" + "\n".join(items)
    for row in _rows(store, "SELECT ?c ?p WHERE { ?c pk:inheritsFrom ?p . ?c a pk:PolicyDocument }"):
        g.add_edge(row["c"], row["p"], kind="follows parent")
    for row in _rows(store, "SELECT ?a ?b WHERE { ?a pk:siblingOf ?b . FILTER(STR(?a) < STR(?b)) }"):
        g.add_edge(row["a"], row["b"], kind="sibling")
    return g


def document(store: Any, iri: str) -> nx.DiGraph:
    """One document's outline, its tasks and obligations, their units and deadlines."""
    import pyoxigraph as ox

    g = nx.DiGraph()
    bind = {"doc": ox.NamedNode(iri)}
    head = _rows(
        store,
        "SELECT ?doc ?label ?title WHERE { ?doc rdfs:label ?label . OPTIONAL { ?doc dcterms:title ?title } }",
        bind,
    )
    if head:
        g.add_node(
            iri,
            label=head[0]["label"],
            title=f"{head[0]['title'] or ''}\n{head[0]['label']}",
            kind="document",
        )
    for row in _rows(
        store,
        _OUTLINE,
        bind,
    ):
        _add_part(g, row)
    for row in _rows(
        store,
        """SELECT ?doc ?duty ?class ?text ?source ?unit ?unit_name ?deadline ?due WHERE {
             ?policy dcterms:source ?doc ; odrl:obligation ?duty . ?duty a ?class .
             FILTER(?class IN (pk:Task, pk:Obligation))
             OPTIONAL { ?duty pk:text ?text }
             OPTIONAL { ?duty dcterms:source ?source }
             OPTIONAL { ?duty odrl:assignee ?unit . ?unit skos:prefLabel ?unit_name }
             OPTIONAL { ?duty odrl:constraint ?dl . ?dl pk:deadlineText ?deadline . OPTIONAL { ?dl pk:dueDate ?due } } }""",
        bind,
    ):
        duty = row["duty"] or ""
        kind = "task" if (row["class"] or "").endswith("Task") else "obligation"
        if duty not in g:
            g.add_node(duty, label=_short(row["text"], 14), title=row["text"] or "", kind=kind)
            g.add_edge(row["source"] if row["source"] in g else iri, duty, kind="states")
        if row["unit"]:
            g.add_node(row["unit"], label=row["unit_name"], title=row["unit_name"], kind="unit")
            g.add_edge(duty, row["unit"], kind="assigned to")
        if row["deadline"]:
            key = f"deadline:{row['due'] or row['deadline']}"
            g.add_node(key, label=row["due"] or row["deadline"], title=row["deadline"], kind="deadline")
            g.add_edge(duty, key, kind="due")
    return g


def _status(due: str | None, completed: str | None, as_of: datetime.date) -> str:
    if completed:
        return "completed"
    if not due:
        return "no fixed date"
    return "overdue" if datetime.date.fromisoformat(due) < as_of else "open"


def unit(store: Any, name: str, as_of: datetime.date) -> nx.DiGraph:
    """Everything one unit owes across documents, coloured by due month and status."""
    from kg.query.named import get_query, run_named

    g = nx.DiGraph()
    columns, rows = run_named(
        store.ox, get_query("unit-obligations"), {"unit": name, "as_of": as_of.isoformat()}
    )
    for values in rows:
        row = dict(zip(columns, values))
        u = f"unit:{row['unit_name']}|{row['unit_area']}"
        g.add_node(u, label=row["unit_name"], title=f"{row['unit_name']}（{row['unit_area']}）", kind="unit")
        doc = f"doc:{row['document']}"
        g.add_node(doc, label=row["document"], title=row["document"], kind="document")
        duty = row["duty"] or ""
        status = row["status"] or ""
        month = (row["due"] or "")[:7]
        g.add_node(
            duty,
            label=(f"{month} " if month else "") + _short(row["text"], 12),
            title=f"{row['document']} {row['section']}{row['item']}\n{row['text']}\n{row['deadline'] or ''} {row['due'] or ''}\n{status}",
            kind=status,
            month=month,
        )
        g.add_edge(duty, doc, kind="in")
        # Duties hang from their due month, so the page reads as a calendar of what is owed.
        bucket = f"month:{month or 'none'}"
        g.add_node(
            bucket,
            label=month or "无固定期限",
            title=f"due {month}" if month else "no fixed date",
            kind="month",
        )
        g.add_edge(u, bucket, kind="owes")
        g.add_edge(bucket, duty, kind=f"owes via {row['via']}" if row["via"] else "owes")
    return g


def diff(store: Any, child: str, parent: str) -> nx.DiGraph:
    """Parent items (left) beside child items (right), links coloured by change type."""
    import pyoxigraph as ox

    g = nx.DiGraph()
    for iri, column in ((parent, 0), (child, 1)):
        for row in _rows(
            store,
            """SELECT ?doc ?item ?sec_label ?item_label ?heading ?text ?sec_n ?item_n WHERE {
                 ?doc eli:has_part ?sec . ?sec eli:number ?sec_label ; pk:ordinal ?sec_n ; eli:has_part ?item .
                 ?item a pk:Item ; eli:number ?item_label ; pk:ordinal ?item_n .
                 OPTIONAL { ?item pk:heading ?heading } OPTIONAL { ?item pk:text ?text } }
               ORDER BY ?sec_n ?item_n""",
            {"doc": ox.NamedNode(iri)},
        ):
            g.add_node(
                row["item"],
                label=f"{row['sec_label']}{row['item_label']}{_short(row['heading'], 12)}",
                title=f"{row['sec_label']}{row['item_label']}{row['heading'] or ''}\n{row['text'] or ''}",
                kind="parent item" if column == 0 else "child item",
                column=column,
                order=(int(row["sec_n"] or 0), int(row["item_n"] or 0)),
            )
    pairs = _rows(
        store,
        """SELECT ?c ?p ?score (GROUP_CONCAT(?change; separator=" ") AS ?changes) WHERE {
             ?c prov:qualifiedDerivation ?a . ?a prov:entity ?p ; pk:score ?score . ?c a pk:Item .
             OPTIONAL { ?a pk:change ?ch . BIND(LCASE(REPLACE(STR(?ch), "^.*#", "")) AS ?change) } }
           GROUP BY ?c ?p ?score""",
    )
    for row in pairs:
        c, p = row["c"], row["p"]
        if c not in g or p not in g:
            continue
        found = {_change_name(x) for x in (row["changes"] or "").split()}
        change = next((x for x in CHANGE_ORDER if x in found), "reworded")
        g.add_edge(p, c, kind=change, title=f"{change} · score {row['score']} · {' '.join(sorted(found))}")
    for node, data in g.nodes(data=True):
        linked = g.degree(node) > 0
        if not linked:
            data["kind"] = "dropped parent item" if data["column"] == 0 else "added child item"
    return g


def _change_name(local: str) -> str:
    return {"bearerchanged": "bearer-changed"}.get(local, local)
