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
from collections.abc import Iterable
from typing import Any

from kg.errors import InputError
from kg.graph import CHANGE_NAMES as _NAMES
from kg.graph import select
from kg.parse.numerals import cn_to_int


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


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(f"<{i}>" for i in sorted(set(iris))) + " }"


def _nodes(store: Any, iris: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What a trace shows of each item or duty in *iris*: a handful of queries for them all."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    out: dict[str, dict[str, Any]] = {}
    # (each OPTIONAL holds one pattern, looked up row by row: a group of patterns in an OPTIONAL
    # is evaluated over the whole store first; places and documents come from inner joins that
    # start at the VALUES)
    rows = select(
        store,
        f"""SELECT ?n ?type ?heading ?text ?row WHERE {{
              {_values("n", iris)}
              ?n a ?type . FILTER(?type IN (pk:Item, pk:Task, pk:Obligation))
              OPTIONAL {{ ?n pk:heading ?heading }} OPTIONAL {{ ?n pk:text ?text }}
              OPTIONAL {{ ?n pk:rowNumber ?row }} }}""",
    )
    places: dict[str, tuple[str, str, str]] = {}
    for row in select(
        store,
        f"""SELECT ?n ?item_no ?section_no ?doc WHERE {{ {_values("n", iris)}
              ?n a pk:Item ; eli:number ?item_no ; eli:is_part_of ?section .
              ?section eli:number ?section_no ; eli:is_part_of ?doc }}""",
    ):
        places[row["n"]] = (row["section_no"], row["item_no"], row["doc"])
    for row in select(
        store,
        f"""SELECT ?n ?item_no ?section_no ?doc WHERE {{ {_values("n", iris)}
              ?n dcterms:source ?src . ?src a pk:Item ; eli:number ?item_no ; eli:is_part_of ?section .
              ?section eli:number ?section_no ; eli:is_part_of ?doc }}""",
    ):
        places.setdefault(row["n"], (row["section_no"], row["item_no"], row["doc"]))
    documents: dict[str, tuple[str, str]] = {}
    if places:
        for row in select(
            store,
            f"""SELECT ?doc ?number ?area WHERE {{ {_values("doc", (p[2] for p in places.values()))}
                  OPTIONAL {{ ?doc eli:id_local ?number }}
                  OPTIONAL {{ ?doc eli:jurisdiction/skos:prefLabel ?area }} }}""",
        ):
            documents.setdefault(row["doc"], (row.get("number", ""), row.get("area", "")))
    for row in rows:
        iri = row["n"]
        if iri in out:
            continue
        kind = row["type"].rsplit("#", 1)[-1].lower()
        section_no, item_no, doc = places.get(iri, ("", "", ""))
        number, area = documents.get(doc, ("", ""))
        place = section_no.rstrip("、. ") + "/" + item_no if section_no and item_no else ""
        node: dict[str, Any] = {
            "iri": iri,
            "kind": kind,
            "document": number,
            "jurisdiction": area,
            "place": place,
            "heading": row.get("heading") or _short(row.get("text", "")),
        }
        if kind == "task" and row.get("row"):
            node["row"] = int(row["row"])
        node["quantities"] = []
        if kind != "item":
            node.update(units=[], deadline="", due="", modality="")
        out[iri] = node
    for row in select(
        store,
        f"""SELECT ?n ?text ?bearer WHERE {{ {_values("n", out)} ?n (pk:states|odrl:constraint) ?q .
              ?q a pk:Quantity ; pk:quantityText ?text . OPTIONAL {{ ?q pk:bearerText ?bearer }} }}""",
    ):
        out[row["n"]]["quantities"].append(row["text"] + (f" ({row['bearer']})" if row.get("bearer") else ""))
    duties = [i for i, n in out.items() if n["kind"] != "item"]
    if duties:
        for row in select(
            store,
            f"""SELECT ?n ?name WHERE {{ {_values("n", duties)} ?n odrl:assignee ?u . ?u skos:prefLabel ?name }}""",
        ):
            out[row["n"]]["units"].append(row["name"])
        deadlines: dict[str, list[tuple[str, str]]] = {}
        for row in select(
            store,
            f"""SELECT ?n ?text ?due WHERE {{ {_values("n", duties)} ?n odrl:constraint ?c .
                  ?c a pk:Deadline ; pk:deadlineText ?text . OPTIONAL {{ ?c pk:dueDate ?due }} }}""",
        ):
            deadlines.setdefault(row["n"], []).append((row["text"], row.get("due", "")))
        for iri, found in deadlines.items():
            out[iri]["deadline"], out[iri]["due"] = min(found)
        for row in select(store, f"SELECT ?n ?m WHERE {{ {_values('n', duties)} ?n pk:modality ?m }}"):
            out[row["n"]]["modality"] = row["m"].rsplit("#", 1)[-1]
    for node in out.values():
        node["quantities"].sort()
        if "units" in node:
            node["units"].sort()
    return out


def _node(store: Any, iri: str) -> dict[str, Any]:
    found = _nodes(store, [iri])
    if iri not in found:
        raise InputError(f"{iri}: not an item, task or obligation")
    return found[iri]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edges(store: Any, iris: Iterable[str], *, up: bool) -> dict[str, list[dict[str, Any]]]:
    """For each of *iris*, its alignments to its parents (``up``) or its children's to it; each
    edge names the ``other`` end."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    pattern = (
        "?n pk:inheritsFrom ?other ; prov:qualifiedDerivation ?a . ?a prov:entity ?other ."
        if up
        else "?other pk:inheritsFrom ?n ; prov:qualifiedDerivation ?a . ?a prov:entity ?n ."
    )
    rows = select(
        store,
        f"""SELECT ?n ?other ?a ?score ?low WHERE {{ {_values("n", iris)} {pattern}
              OPTIONAL {{ ?a pk:score ?score }} OPTIONAL {{ ?a pk:lowConfidence ?low }} }}""",
    )
    alignments = {row["a"] for row in rows}
    changes: dict[str, list[str]] = {}
    details: dict[str, list[tuple[str, dict[str, str]]]] = {}
    if alignments:
        for row in select(store, f"SELECT ?a ?c WHERE {{ {_values('a', alignments)} ?a pk:change ?c }}"):
            changes.setdefault(row["a"], []).append(_NAMES.get(row["c"].rsplit("#", 1)[-1], row["c"]))
        for row in select(
            store,
            f"""SELECT ?a ?d ?type ?child ?parent WHERE {{ {_values("a", alignments)} ?a pk:detail ?d .
                  ?d pk:detailType ?type . OPTIONAL {{ ?d pk:childText ?child }} OPTIONAL {{ ?d pk:parentText ?parent }} }}""",
        ):
            details.setdefault(row["a"], []).append(
                (
                    row["d"],
                    {"type": row["type"], "child": row.get("child", ""), "parent": row.get("parent", "")},
                )
            )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["n"], r["other"])):
        a = row["a"]
        out.setdefault(row["n"], []).append(
            {
                "other": row["other"],
                "score": float(row.get("score", 0) or 0),
                "low_confidence": row.get("low") == "true",
                "changes": sorted(changes.get(a, [])),
                "details": [d for _, d in sorted(details.get(a, []), key=lambda x: _natural(x[0]))],
            }
        )
    return out


def _duties(store: Any, items: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The tasks and obligations of each item in *items*."""
    items = sorted(set(items))
    if not items:
        return {}
    rows = select(
        store,
        f"""SELECT ?n ?d WHERE {{ {_values("n", items)} ?d dcterms:source ?n .
              {{ ?d a pk:Task }} UNION {{ ?d a pk:Obligation }} }}""",
    )
    nodes = _nodes(store, [r["d"] for r in rows])
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["d"] in nodes:
            out.setdefault(row["n"], []).append(nodes[row["d"]])
    for duties in out.values():
        duties.sort(key=lambda d: (d["kind"] != "task", d.get("row", 0), _natural(d["iri"])))
    return out


def _natural(iri: str) -> tuple[str, int]:
    """obl_2 before obl_10."""
    match = re.search(r"^(.*?)(\d+)$", iri)
    return (match.group(1), int(match.group(2))) if match else (iri, 0)


def _descendants(store: Any, root: str, seen: set[str]) -> list[dict[str, Any]]:
    """The tree below *root*, built level by level (a few queries a level, whatever its width)."""
    entries: dict[str, dict[str, Any]] = {}
    children_of: dict[str, list[str]] = {}
    frontier = [root]
    for _ in range(12):
        edges = _edges(store, frontier, up=False)
        level: list[str] = []
        for parent in frontier:
            for edge in edges.get(parent, []):
                child = edge.pop("other")
                if child in seen:
                    continue
                seen.add(child)
                entries[child] = {"edge": edge}
                children_of.setdefault(parent, []).append(child)
                level.append(child)
        if not level:
            break
        nodes = _nodes(store, level)
        duties = _duties(store, [c for c in level if nodes.get(c, {}).get("kind") == "item"])
        for child in level:
            entries[child]["node"] = nodes.get(child) or {
                "iri": child,
                "kind": "?",
                "document": "",
                "place": "",
                "jurisdiction": "",
                "heading": "",
                "quantities": [],
            }
            if entries[child]["node"]["kind"] == "item":
                entries[child]["duties"] = duties.get(child, [])
        frontier = [c for c in level if entries[c]["node"]["kind"] == "item"]

    def tree(parent: str) -> list[dict[str, Any]]:
        out = []
        for child in children_of.get(parent, []):
            entry = entries[child]
            built: dict[str, Any] = {"node": entry["node"], "edge": entry["edge"]}
            if entry["node"]["kind"] == "item":
                built["duties"] = entry.get("duties", [])
                built["descendants"] = tree(child)
            out.append(built)
        return out

    return tree(root)


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
        ups = _edges(store, [iri], up=True).get(iri, [])
        parents = _nodes(store, [e["other"] for e in ups])
        result["duty_parents"] = [{"node": parents[e.pop("other")], "edge": e} for e in ups]
    ancestors = []
    seen = {item}
    current = item
    while True:
        ups = _edges(store, [current], up=True).get(current, [])
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
    result["duties"] = _duties(store, [item]).get(item, []) if item == iri else []
    result["descendants"] = _descendants(store, item, {item} | seen)
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


#: the changes a summary names the places of, in this order
_NOTABLE = ("weakened", "postponed", "bearer-changed", "dropped")


def _items_below(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of :func:`trace`'s tree below the target that are items, depth first."""
    items: list[dict[str, Any]] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if entry["node"]["kind"] == "item":
                items.append(entry)
            walk(entry.get("descendants", []))

    walk(result["descendants"])
    return items


def summary(result: dict[str, Any]) -> list[str]:
    """What an auditor reads first: how far the requirement went down, and where it was
    weakened or postponed (document, place, jurisdiction), from the tree of :func:`trace`.

    >>> summary({"target": {}, "ancestors": [], "descendants": []})
    ['0 items below, in 0 documents']
    """
    items = _items_below(result)
    ancestors = result["ancestors"]
    lines = [
        f"{len(items)} items below, in {len({e['node']['document'] for e in items})} documents"
        + (f"; {len(ancestors)} above, up to {ancestors[-1]['node']['document']}" if ancestors else "")
    ]
    # a step up records the change the node below it made: the target's own, then each ancestor's
    below = [result.get("item", result["target"])] + [a["node"] for a in ancestors[:-1]]
    steps = [(a["edge"], node) for a, node in zip(ancestors, below)] + [(e["edge"], e["node"]) for e in items]
    where: dict[str, list[str]] = {}
    for edge, node in steps:
        for change in edge["changes"]:
            where.setdefault(change, []).append(_where(node))
    for change in _NOTABLE:
        places = where.get(change, [])
        if places:
            lines.append(
                f"{change} at {len(places)}: " + "; ".join(places[:8]) + (" …" if len(places) > 8 else "")
            )
    return lines


def _where(node: dict[str, Any]) -> str:
    area = f" [{node['jurisdiction']}]" if node.get("jurisdiction") else ""
    return f"{node['document']} {node['place']}{area}".strip()


def render(result: dict[str, Any]) -> str:
    """*result* of :func:`trace` as an indented tree for a terminal, its :func:`summary` first."""
    lines: list[str] = [*summary(result), ""]
    ancestors = result["ancestors"]
    depth = len(ancestors)
    # each line is followed by the step that led to it from the line above (as below the target)
    for k in range(depth - 1, -1, -1):
        indent = "  " * (depth - 1 - k)
        lines.append(indent + "↑ " + _line(ancestors[k]["node"]))
        if k + 1 < depth:
            for text in _edge_lines(ancestors[k + 1]["edge"]):
                lines.append(indent + "    · " + text)
    pad = "  " * depth
    target = result.get("item", result["target"])
    lines.append(pad + "● " + _line(target))
    if ancestors:
        for text in _edge_lines(ancestors[0]["edge"]):
            lines.append(pad + "    · " + text)
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
    each step coloured (weakened and postponed red, kept and verbatim green), each item's duties
    and descendants in ``<details>`` to fold (duties folded past 20 items), no script, no
    network."""
    from pathlib import Path

    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("kg.graph", "templates"), autoescape=select_autoescape())
    page = env.get_template("trace.html").render(
        result=result,
        line=_line,
        summary=summary(result),
        big=len(_items_below(result)) > 20,  # past 20 items below, each one's duties start folded
    )
    from kg.build import write_atomic

    write_atomic(Path(path), page)
