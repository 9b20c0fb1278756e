"""Exports of the store: Turtle, N-Triples, JSON-LD, TriG, and a CSV of duties for spreadsheets.

Every format is deterministic: the same store gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from kg.errors import KgError

#: One row per task or obligation, in document order, for Excel and friends (run through
#: Store.query, which declares the prefixes).
DUTIES_CSV = """
SELECT ?document ?section ?item ?kind ?text
       (GROUP_CONCAT(DISTINCT ?unit_name; separator="；") AS ?units)
       ?deadline ?due ?modality ?duty
WHERE {
  ?policy odrl:obligation ?duty ; dcterms:source ?doc .
  ?duty a ?class .
  VALUES (?class ?kind) { (pk:Task "task") (pk:Obligation "obligation") }
  OPTIONAL { ?doc eli:id_local ?number }
  OPTIONAL { ?doc pk:shortId ?short }
  BIND(COALESCE(?number, ?short) AS ?document)
  OPTIONAL { ?duty pk:text ?text }
  OPTIONAL {
    ?duty dcterms:source ?it . ?it a pk:Item ; eli:number ?item ; eli:is_part_of ?sec .
    ?sec eli:number ?section .
  }
  OPTIONAL { ?duty odrl:assignee ?unit . ?unit skos:prefLabel ?unit_name }
  OPTIONAL {
    ?duty odrl:constraint ?dl . ?dl a pk:Deadline ; pk:deadlineText ?deadline .
    OPTIONAL { ?dl odrl:rightOperand ?due }
  }
  OPTIONAL { ?duty pk:modality ?m . ?m skos:prefLabel ?modality . FILTER(LANG(?modality) = "zh") }
}
GROUP BY ?document ?section ?item ?kind ?text ?deadline ?due ?modality ?duty
ORDER BY ?document ?section ?item ?kind ?duty
"""

CSV_COLUMNS = ["document", "section", "item", "kind", "text", "units", "deadline", "due", "modality", "duty"]


def export_text(store: Any, fmt: str) -> str:
    """The store as text in *fmt*: ``turtle``, ``nt``, ``jsonld``, ``trig`` or ``csv``."""
    if fmt == "csv":
        from kg.query.results import rows_of

        rows = rows_of(store.query(DUTIES_CSV))
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for row in rows.rows:
            writer.writerow(["" if c is None else c for c in row])
        return buffer.getvalue()
    if fmt == "nt":
        return "".join(line + "\n" for line in sorted(set(store.lines())))
    if fmt == "trig":
        return _trig(store)
    graph = store.to_graph()
    if fmt == "turtle":
        from kg.build import serialize

        return serialize(graph)
    if fmt == "jsonld":
        from rdflib import Graph

        from kg.model.namespaces import PREFIXES

        bare = Graph(bind_namespaces="none")  # only our prefixes in the @context
        for triple in graph:
            bare.add(triple)
        for prefix, namespace in PREFIXES.items():
            bare.bind(prefix, namespace)
        data = json.loads(bare.serialize(format="json-ld", auto_compact=True))
        return json.dumps(_sorted(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    raise KgError(f"unknown export format {fmt!r}")


def _sorted(value: Any) -> Any:
    """JSON-LD with every array sorted (RDF has no order; the serializer's order is by hash)."""
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _trig(store: Any) -> str:
    """TriG with one block per named graph, graphs and triples sorted."""
    from rdflib import Graph

    from kg.model.namespaces import PREFIXES

    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    out.append("")
    for name in store.graph_names():
        graph = Graph()
        graph.parse(data="\n".join(store.graph_lines(name)), format="nt")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        body = graph.serialize(format="longturtle")
        lines = [line for line in body.splitlines() if not line.startswith(("@prefix", "PREFIX"))]
        out.append(f"<{name}> {{")
        out.extend(lines)  # not indented: a long string's lines are part of its value
        out.append("}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
