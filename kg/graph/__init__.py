"""The knowledge graph projected to networkx: graphs to compute on, not only to draw.

Each projection is built from the store with SPARQL SELECTs (the union of its graphs), never
from Python objects kept elsewhere, so it shows what the store holds. Node keys are IRIs
(strings); every node has ``kind`` and ``label``, every edge ``kind``.

- :func:`inheritance` — documents and items; ``inherits`` edges child → parent (documents:
  ``score``; items: ``score``, ``changes`` (space-separated: verbatim, reworded, weakened …),
  ``low_confidence``), ``corresponds`` edges between sibling items, ``part_of`` item → document.
- :func:`responsibility` — units and duties (tasks and obligations); ``owes`` edges unit →
  duty with the unit's ``role`` (``responsible``, or ``supporting`` for a 配合单位), the duty's
  ``deadline`` (as written) and ``due`` (ISO date, or empty).
- :func:`organisation` — governments, units and collective units; ``part_of`` edges a unit →
  the organisation above it (org:subOrganizationOf), ``member_of`` a unit → a collective unit
  it belongs to (各街道 …, derived by the store).

:data:`PROJECTIONS` names them for ``kg export --projection``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import networkx as nx

PREFIXES = """PREFIX pk: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX odrl: <http://www.w3.org/ns/odrl/2/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def select(store: Any, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of *store*'s graphs (a :class:`kg.store.Store` or a
    pyoxigraph store), each a dict of plain strings (unbound: absent)."""
    ox_store = getattr(store, "ox", store)
    solutions: Any = ox_store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


def _label(text: str | None, limit: int = 60) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def inheritance(store: Any) -> nx.DiGraph:
    """Documents and items, and what each inherits (see the module)."""
    g = nx.DiGraph()
    for row in select(
        store,
        """SELECT ?doc ?number ?title ?area WHERE {
             ?doc a pk:PolicyDocument .
             OPTIONAL { ?doc eli:id_local ?number } OPTIONAL { ?doc dcterms:title ?title }
             OPTIONAL { ?doc eli:jurisdiction/skos:prefLabel ?area } }""",
    ):
        g.add_node(
            row["doc"],
            kind="document",
            label=row.get("number") or _label(row.get("title")),
            jurisdiction=row.get("area", ""),
        )
    for row in select(
        store,
        """SELECT ?item ?heading ?item_no ?section_no ?doc WHERE {
             ?item a pk:Item ; eli:is_part_of ?section . ?section eli:is_part_of ?doc .
             ?doc a pk:PolicyDocument .
             OPTIONAL { ?item pk:heading ?heading } OPTIONAL { ?item eli:number ?item_no }
             OPTIONAL { ?section eli:number ?section_no } }""",
    ):
        place = (row.get("section_no", "").rstrip("、. ") + "/" + row.get("item_no", "")).strip("/")
        g.add_node(
            row["item"], kind="item", label=_label(row.get("heading")), place=place, document=row["doc"]
        )
        g.add_edge(row["item"], row["doc"], kind="part_of")
    for row in select(
        store,
        """SELECT ?child ?parent ?score WHERE {
             ?child pk:inheritsFrom ?parent ; prov:qualifiedDerivation ?a .
             ?a prov:entity ?parent . OPTIONAL { ?a pk:score ?score } }""",
    ):
        child, parent = row["child"], row["parent"]
        if child not in g or parent not in g:
            continue
        g.add_edge(child, parent, kind="inherits", score=float(row.get("score", 0) or 0))
    changes: dict[tuple[str, str], list[str]] = {}
    for row in select(
        store,
        """SELECT ?child ?parent ?relation ?score ?low ?change WHERE {
             VALUES ?relation { pk:inheritsFrom pk:correspondsTo }
             ?child a pk:Item ; ?relation ?parent ; prov:qualifiedDerivation ?a .
             ?a prov:entity ?parent .
             OPTIONAL { ?a pk:score ?score } OPTIONAL { ?a pk:lowConfidence ?low }
             OPTIONAL { ?a pk:change ?change } }""",
    ):
        child, parent = row["child"], row["parent"]
        if child not in g or parent not in g:
            continue
        key = (child, parent)
        if "change" in row:
            changes.setdefault(key, []).append(_local(row["change"]))
        g.add_edge(
            child,
            parent,
            kind="inherits" if row["relation"].endswith("inheritsFrom") else "corresponds",
            score=float(row.get("score", 0) or 0),
            low_confidence=row.get("low") == "true",
        )
    for (child, parent), found in changes.items():
        g.edges[child, parent]["changes"] = " ".join(sorted(set(found)))
    for _, _, data in g.edges(data=True):
        data.setdefault("changes", "")
    return g


#: the change classes by their local names in the ontology (pk:BearerChanged → bearer-changed)
CHANGE_NAMES = {
    "Verbatim": "verbatim",
    "Reworded": "reworded",
    "Strengthened": "strengthened",
    "Weakened": "weakened",
    "Postponed": "postponed",
    "BearerChanged": "bearer-changed",
}


def _local(iri: str) -> str:
    name = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return CHANGE_NAMES.get(name, name)


def responsibility(store: Any) -> nx.DiGraph:
    """Units and the duties they owe (see the module)."""
    g = nx.DiGraph()
    for row in select(
        store,
        """SELECT ?duty ?type ?text ?doc ?unit ?name ?role ?deadline ?due WHERE {
             VALUES ?type { pk:Task pk:Obligation }
             ?duty a ?type ; odrl:assignee ?unit .
             ?policy odrl:obligation ?duty ; dcterms:source ?doc .
             OPTIONAL { ?duty pk:text ?text }
             OPTIONAL { ?unit skos:prefLabel ?name }
             OPTIONAL { ?duty pk:supportingUnit ?unit . BIND("supporting" AS ?role) }
             OPTIONAL { ?duty odrl:constraint ?c . ?c a pk:Deadline ; pk:deadlineText ?deadline .
                        OPTIONAL { ?c pk:dueDate ?due } } }""",
    ):
        duty, unit = row["duty"], row["unit"]
        if duty not in g:
            g.add_node(
                duty,
                kind="task" if row["type"].endswith("Task") else "obligation",
                label=_label(row.get("text")),
                document=row["doc"],
                deadline=row.get("deadline", ""),
                due=row.get("due", ""),
            )
        if unit not in g:
            g.add_node(unit, kind="unit", label=row.get("name", unit))
        g.add_edge(
            unit,
            duty,
            kind="owes",
            role=row.get("role", "responsible"),
            deadline=row.get("deadline", ""),
            due=row.get("due", ""),
        )
    return g


def organisation(store: Any) -> nx.DiGraph:
    """Governments, units and collective units (see the module)."""
    g = nx.DiGraph()
    for row in select(
        store,
        """SELECT ?u ?name ?gov ?collective WHERE {
             ?u a org:Organization . OPTIONAL { ?u skos:prefLabel ?name }
             OPTIONAL { ?u a pk:Government . BIND(true AS ?gov) }
             OPTIONAL { ?u a pk:CollectiveUnit . BIND(true AS ?collective) } }""",
    ):
        kind = "government" if row.get("gov") else "collective_unit" if row.get("collective") else "unit"
        g.add_node(row["u"], kind=kind, label=row.get("name", row["u"]))
    for row in select(store, "SELECT ?u ?above WHERE { ?u org:subOrganizationOf ?above }"):
        if row["u"] in g and row["above"] in g:
            g.add_edge(row["u"], row["above"], kind="part_of")
    for row in select(store, "SELECT ?u ?c WHERE { ?u pk:memberOfCollective ?c }"):
        if row["u"] in g and row["c"] in g:
            g.add_edge(row["u"], row["c"], kind="member_of")
    return g


#: the projections by name, for ``kg export --projection``
PROJECTIONS: dict[str, Callable[[Any], nx.DiGraph]] = {
    "inheritance": inheritance,
    "responsibility": responsibility,
    "organisation": organisation,
}


def write(graph: nx.DiGraph, fmt: str, out: Any) -> None:
    """Write *graph* as GraphML or GEXF (UTF-8; Chinese labels kept) to a binary file. The same
    store gives the same bytes: nodes and edges sorted, GEXF's last-modified date left out."""
    ordered = nx.DiGraph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True), key=lambda n: n[0]))
    ordered.add_edges_from(sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])))
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(ordered, encoding="utf-8")) + "\n"
    elif fmt == "gexf":
        text = "\n".join(nx.generate_gexf(ordered, encoding="utf-8")) + "\n"
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="utf-8"?>\n' + text
    out.write(text.encode("utf-8"))
