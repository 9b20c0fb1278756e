"""Where a requirement came from and where it went: :func:`trace` of an item or a duty.

Up: the chain of parent items (pk:inheritsFrom of items) to the root document's item. Down: every
item that inherits from it, recursively, each with its duties (tasks of the 任务分工 table and
obligations of the text) and the units that owe them. Each step carries what the alignment
recorded: the change classes (verbatim, reworded, weakened, postponed, bearer-changed …), the
score, and the details — the quantities, deadlines and modalities on both sides, with the bearer
each applies to (``≥5次/年 (区政府)`` kept from ``≥5次/年 (各区县政府)``) — so a weakening or a
postponement shows where it happened. Everything is read from the store with SPARQL, a few
look-ups per node.
"""

from __future__ import annotations

import re
from typing import Any

from kg.errors import InputError
from kg.graph import select
from kg.parse.numerals import cn_to_int

_NAMES = {
    "Verbatim": "verbatim",
    "Reworded": "reworded",
    "Strengthened": "strengthened",
    "Weakened": "weakened",
    "Postponed": "postponed",
    "BearerChanged": "bearer-changed",
}


def resolve(store: Any, name: str) -> str:
    """The IRI of an item or duty named by its IRI, as ``DOCUMENT SECTION/ITEM`` (``济政办发〔2023〕8号
    二/（二）``, ``jinan-2023 2/2``) or as ``DOCUMENT/LOCAL`` (``laiwu-2023/task_12``).

    :raises InputError: nothing in the store answers to *name*.
    """
    name = name.strip()
    if name.startswith(("http://", "https://")):
        iri = name
    elif re.search(r"[ \u3000]", name):
        document, place = re.split(r"[ \u3000]+", name, maxsplit=1)
        doc = store.find(document).iri
        parts = [p for p in re.split(r"[/／]", place) if p.strip()]
        if len(parts) != 2:
            raise InputError(f"{name!r}: name an item as DOCUMENT SECTION/ITEM (jinan-2023 二/（二）)")
        section, item = (_number(p) for p in parts)
        iri = f"{doc}/sec_{section}__item_{item}"
    else:
        document, sep, local = name.partition("/")
        if not sep or not local:
            raise InputError(
                f"{name!r}: name an item or duty by its IRI, as DOCUMENT SECTION/ITEM (jinan-2023 二/（二）) "
                "or as DOCUMENT/LOCAL (laiwu-2023/task_12)"
            )
        iri = f"{store.find(document).iri}/{local}"
    if not select(store, f"SELECT ?t WHERE {{ <{iri}> a ?t }} LIMIT 1"):
        raise InputError(f"{name!r}: no item or duty {iri} in the store")
    return iri


def _number(text: str) -> int:
    """二、 （二） (2) 2 → 2."""
    core = re.sub(r"[\s、.．()（）]", "", text)
    if core.isdigit():
        return int(core)
    value = cn_to_int(core)
    if value is None:
        raise InputError(f"{text!r} is not a section or item number")
    return value


def _node(store: Any, iri: str) -> dict[str, Any]:
    """What a trace shows of one item or duty."""
    rows = select(
        store,
        f"""SELECT ?type ?heading ?text ?item_no ?section_no ?doc ?number ?area ?row WHERE {{
              <{iri}> a ?type . FILTER(?type IN (pk:Item, pk:Task, pk:Obligation))
              OPTIONAL {{ <{iri}> pk:heading ?heading }}
              OPTIONAL {{ <{iri}> pk:text ?text }}
              OPTIONAL {{ <{iri}> pk:rowNumber ?row }}
              OPTIONAL {{ <{iri}> eli:number ?item_no ; eli:is_part_of ?section .
                          ?section eli:number ?section_no ; eli:is_part_of ?doc0 }}
              OPTIONAL {{ <{iri}> dcterms:source ?src . ?src a pk:Item ; eli:number ?item_no ;
                          eli:is_part_of ?section2 . ?section2 eli:number ?section_no ; eli:is_part_of ?doc1 }}
              BIND(COALESCE(?doc0, ?doc1) AS ?doc)
              OPTIONAL {{ ?doc eli:id_local ?number }}
              OPTIONAL {{ ?doc eli:jurisdiction/skos:prefLabel ?area }} }}""",
    )
    if not rows:
        raise InputError(f"{iri}: not an item, task or obligation")
    row = rows[0]
    kind = row["type"].rsplit("#", 1)[-1].lower()
    place = ""
    if row.get("section_no") and row.get("item_no"):
        place = row["section_no"].rstrip("、. ") + "/" + row["item_no"]
    node: dict[str, Any] = {
        "iri": iri,
        "kind": kind,
        "document": row.get("number", ""),
        "jurisdiction": row.get("area", ""),
        "place": place,
        "heading": row.get("heading") or _short(row.get("text", "")),
    }
    if kind == "task" and row.get("row"):
        node["row"] = int(row["row"])
    quantities = select(
        store,
        f"""SELECT ?text ?bearer WHERE {{ <{iri}> (pk:states|odrl:constraint) ?q . ?q a pk:Quantity ;
              pk:quantityText ?text . OPTIONAL {{ ?q pk:bearerText ?bearer }} }} ORDER BY ?text""",
    )
    node["quantities"] = [q["text"] + (f" ({q['bearer']})" if q.get("bearer") else "") for q in quantities]
    if kind != "item":
        units = select(
            store,
            f"""SELECT ?name WHERE {{ <{iri}> odrl:assignee ?u . ?u skos:prefLabel ?name }} ORDER BY ?name""",
        )
        node["units"] = [u["name"] for u in units]
        deadline = select(
            store,
            f"""SELECT ?text ?due WHERE {{ <{iri}> odrl:constraint ?c . ?c a pk:Deadline ; pk:deadlineText ?text .
                  OPTIONAL {{ ?c pk:dueDate ?due }} }} ORDER BY ?text""",
        )
        node["deadline"] = deadline[0]["text"] if deadline else ""
        node["due"] = deadline[0].get("due", "") if deadline else ""
        modality = select(store, f"SELECT ?m WHERE {{ <{iri}> pk:modality ?m }}")
        node["modality"] = modality[0]["m"].rsplit("#", 1)[-1] if modality else ""
    return node


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edges(store: Any, iri: str, *, up: bool) -> list[dict[str, Any]]:
    """The alignments of *iri* to its parents (``up``) or of its children to it."""
    child, parent = ("<" + iri + ">", "?other") if up else ("?other", "<" + iri + ">")
    rows = select(
        store,
        f"""SELECT ?other ?relation ?a ?score ?low WHERE {{
              VALUES ?relation {{ pk:inheritsFrom }}
              {child} ?relation {parent} ; prov:qualifiedDerivation ?a . ?a prov:entity {parent} .
              OPTIONAL {{ ?a pk:score ?score }} OPTIONAL {{ ?a pk:lowConfidence ?low }} }}
            ORDER BY ?other""",
    )
    out = []
    for row in rows:
        a = row["a"]
        changes = sorted(
            _NAMES.get(c["c"].rsplit("#", 1)[-1], c["c"])
            for c in select(store, f"SELECT ?c WHERE {{ <{a}> pk:change ?c }}")
        )
        details = select(
            store,
            f"""SELECT ?d ?type ?child ?parent WHERE {{ <{a}> pk:detail ?d . ?d pk:detailType ?type .
                  OPTIONAL {{ ?d pk:childText ?child }} OPTIONAL {{ ?d pk:parentText ?parent }} }} ORDER BY ?d""",
        )
        out.append(
            {
                "other": row["other"],
                "score": float(row.get("score", 0) or 0),
                "low_confidence": row.get("low") == "true",
                "changes": changes,
                "details": [
                    {"type": d["type"], "child": d.get("child", ""), "parent": d.get("parent", "")}
                    for d in details
                ],
            }
        )
    return out


def _duties(store: Any, item: str) -> list[dict[str, Any]]:
    rows = select(
        store,
        f"""SELECT ?d WHERE {{ ?d dcterms:source <{item}> . {{ ?d a pk:Task }} UNION {{ ?d a pk:Obligation }} }}
            ORDER BY ?d""",
    )
    duties = [_node(store, r["d"]) for r in rows]
    return sorted(duties, key=lambda d: (d["kind"] != "task", d.get("row", 0), _natural(d["iri"])))


def _natural(iri: str) -> tuple[str, int]:
    """obl_2 before obl_10."""
    match = re.search(r"^(.*?)(\d+)$", iri)
    return (match.group(1), int(match.group(2))) if match else (iri, 0)


def _down(store: Any, iri: str, seen: set[str], depth: int) -> list[dict[str, Any]]:
    out = []
    for edge in _edges(store, iri, up=False):
        child = edge.pop("other")
        if child in seen or depth > 12:
            continue
        seen.add(child)
        node = _node(store, child)
        entry: dict[str, Any] = {"node": node, "edge": edge}
        if node["kind"] == "item":
            entry["duties"] = _duties(store, child)
            entry["descendants"] = _down(store, child, seen, depth + 1)
        out.append(entry)
    return out


def trace(store: Any, name: str) -> dict[str, Any]:
    """The lineage and descendants of the item or duty *name* (see :func:`resolve`), as a
    JSON-ready dict: ``target``, ``item`` (the item a duty belongs to), ``ancestors`` (nearest
    first, each with the edge from the step below), ``duties`` and ``descendants`` (a tree)."""
    iri = resolve(store, name)
    target = _node(store, iri)
    item = iri
    if target["kind"] != "item":
        source = select(store, f"SELECT ?i WHERE {{ <{iri}> dcterms:source ?i . ?i a pk:Item }}")
        item = source[0]["i"] if source else iri
    result: dict[str, Any] = {"target": target}
    if item != iri:
        result["item"] = _node(store, item)
        result["duty_parents"] = [
            {"node": _node(store, e.pop("other")), "edge": e} for e in _edges(store, iri, up=True)
        ]
    ancestors = []
    seen = {item}
    current = item
    while True:
        ups = _edges(store, current, up=True)
        if not ups:
            break
        best = max(ups, key=lambda e: (e["score"], e["other"]))
        parent = best.pop("other")
        if parent in seen:
            break
        seen.add(parent)
        ancestors.append({"node": _node(store, parent), "edge": best})
        current = parent
    result["ancestors"] = ancestors
    result["duties"] = _duties(store, item) if item == iri else []
    result["descendants"] = _down(store, item, {item} | seen, 0)
    return result


# -- the terminal tree ---------------------------------------------------------------------------


def _line(node: dict[str, Any]) -> str:
    where = " ".join(x for x in (node["document"], node["place"]) if x)
    area = f" [{node['jurisdiction']}]" if node.get("jurisdiction") else ""
    if node["kind"] == "item":
        return f"{where} {node['heading']}{area}".strip()
    label = f"task {node['row']}" if node.get("row") else node["kind"]
    units = "、".join(node.get("units", [])) or "(no unit)"
    deadline = f" · {node['deadline']}" if node.get("deadline") else ""
    return f"{label}: {node['heading']} — {units}{deadline}"


def _edge_lines(edge: dict[str, Any]) -> list[str]:
    changes = ", ".join(edge["changes"]) or "kept"
    low = " (low confidence)" if edge["low_confidence"] else ""
    out = [f"{changes}, score {edge['score']:.2f}{low}"]
    for d in edge["details"]:
        out.append(f"{d['type']}: {d['child'] or '—'} ← {d['parent'] or '—'}")
    return out


def render(result: dict[str, Any]) -> str:
    """*result* of :func:`trace` as an indented tree for a terminal."""
    lines: list[str] = []
    for k, step in enumerate(reversed(result["ancestors"])):
        lines.append("  " * k + "↑ " + _line(step["node"]))
    depth = len(result["ancestors"])
    pad = "  " * depth
    if result["ancestors"]:
        for text in _edge_lines(result["ancestors"][0]["edge"]):
            lines.append(pad + "  · " + text)
    target = result.get("item", result["target"])
    lines.append(pad + "● " + _line(target))
    for q in target.get("quantities", []):
        lines.append(pad + "    quantity: " + q)
    if "item" in result:
        lines.append(pad + "    ★ " + _line(result["target"]))
        for step in result.get("duty_parents", []):
            lines.append(pad + "      from " + _line(step["node"]))
    for duty in result["duties"]:
        lines.append(pad + "    - " + _line(duty))

    def down(entries: list[dict[str, Any]], level: int) -> None:
        for entry in entries:
            indent = "  " * level
            lines.append(indent + "└─ " + _line(entry["node"]))
            for text in _edge_lines(entry["edge"]):
                lines.append(indent + "     · " + text)
            for duty in entry.get("duties", []):
                lines.append(indent + "     - " + _line(duty))
            down(entry.get("descendants", []), level + 1)

    down(result["descendants"], depth + 1)
    return "\n".join(lines) + "\n"


def write_html(result: dict[str, Any], path: Any) -> None:
    """*result* as one offline page: the tree of :func:`render` as nested lists, the change on
    each step coloured (weakened and postponed red, kept and verbatim green), no script, no
    network."""
    from pathlib import Path

    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("kg.graph", "templates"), autoescape=select_autoescape())
    page = env.get_template("trace.html").render(result=result, line=_line, edge_lines=_edge_lines)
    from kg.build import write_atomic

    write_atomic(Path(path), page)
