"""Questions about the whole network, answered on the networkx projections (:mod:`kg.graph`).

Each function takes the projections it needs and returns rows (dicts of plain values) in a
stable order: ties are broken by name, so the same store gives the same rows.

- :func:`units` — units ranked by load: the duties they owe themselves (and of those, how many
  only as a supporting unit, 配合单位), those they owe as members of collective units (各街道（镇）
  …), and how many documents' duties reach them.
- :func:`documents` — child documents ranked by how much of their parent they kept: the share of
  the parent's items that some item of the child inherits, and how many of those it weakened or
  postponed.
- :func:`jurisdictions` — the jurisdictions whose documents weaken, postpone or drop most often.
- :func:`unkept` — items of a parent document that no child document kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

#: the questions, for ``kg network``
QUESTIONS = ("units", "documents", "jurisdictions", "unkept")


def units(responsibility: nx.DiGraph, organisation: nx.DiGraph) -> list[dict[str, Any]]:
    """Units by load (see the module)."""
    own: dict[str, set[str]] = defaultdict(set)
    supporting: dict[str, set[str]] = defaultdict(set)
    for unit, duty, data in responsibility.edges(data=True):
        if data.get("kind") == "owes":
            own[unit].add(duty)
            if data.get("role") == "supporting":
                supporting[unit].add(duty)
    members: dict[str, set[str]] = defaultdict(set)  # collective → its member units
    for unit, collective, data in organisation.edges(data=True):
        if data.get("kind") == "member_of":
            members[collective].add(unit)
    through: dict[str, set[str]] = defaultdict(set)
    for collective, duties in own.items():
        for member in members.get(collective, ()):
            through[member] |= duties
    rows = []
    for unit in set(own) | set(through):
        node = responsibility.nodes.get(unit) or organisation.nodes.get(unit) or {}
        if node.get("kind") == "collective_unit" or (
            organisation.nodes.get(unit, {}).get("kind") == "collective_unit"
        ):
            continue  # a collective is not a unit that carries work: its members do
        duties = own.get(unit, set()) | through.get(unit, set())
        documents = {responsibility.nodes[d].get("document", "") for d in duties}
        rows.append(
            {
                "unit": node.get("label", unit),
                "own": len(own.get(unit, ())),
                "supporting": len(supporting.get(unit, ())),
                "as_member": len(through.get(unit, set()) - own.get(unit, set())),
                "total": len(duties),
                "documents": len(documents),
                "iri": unit,
            }
        )
    rows.sort(key=lambda r: (-r["total"], -r["documents"], r["unit"], r["iri"]))
    return rows


def _items_by_document(inheritance: nx.DiGraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for node, data in inheritance.nodes(data=True):
        if data.get("kind") == "item":
            out[data["document"]].append(node)
    return out


def _document_links(inheritance: nx.DiGraph) -> list[tuple[str, str]]:
    return sorted(
        (child, parent)
        for child, parent, data in inheritance.edges(data=True)
        if data.get("kind") == "inherits"
        and inheritance.nodes[child].get("kind") == "document"
        and inheritance.nodes[parent].get("kind") == "document"
    )


def _item_links(inheritance: nx.DiGraph) -> dict[tuple[str, str], list[tuple[str, str, dict[str, Any]]]]:
    """The items' inherits edges grouped by (child document, parent document), in one pass."""
    out: dict[tuple[str, str], list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for c, p, data in inheritance.edges(data=True):
        if data.get("kind") != "inherits" or inheritance.nodes[c].get("kind") != "item":
            continue
        out[(inheritance.nodes[c].get("document", ""), inheritance.nodes[p].get("document", ""))].append(
            (c, p, data)
        )
    return out


def documents(inheritance: nx.DiGraph) -> list[dict[str, Any]]:
    """Child documents by the share of their parent they kept (see the module)."""
    items = _items_by_document(inheritance)
    grouped = _item_links(inheritance)
    rows = []
    for child, parent in _document_links(inheritance):
        links = grouped.get((child, parent), [])
        kept = {p for _, p, _ in links}
        changes = Counter(c for _, _, data in links for c in data.get("changes", "").split())
        total = len(items.get(parent, ()))
        rows.append(
            {
                "document": inheritance.nodes[child]["label"],
                "jurisdiction": inheritance.nodes[child].get("jurisdiction", ""),
                "parent": inheritance.nodes[parent]["label"],
                "parent_items": total,
                "kept": len(kept),
                "share": round(len(kept) / total, 3) if total else 0.0,
                "weakened": changes["weakened"],
                "postponed": changes["postponed"],
                "added": sum(
                    1
                    for i in items.get(child, ())
                    if not any(
                        inheritance.edges[i, p].get("kind") == "inherits" for p in inheritance.successors(i)
                    )
                ),
            }
        )
    rows.sort(key=lambda r: (-r["share"], r["document"]))
    return rows


def jurisdictions(inheritance: nx.DiGraph) -> list[dict[str, Any]]:
    """Jurisdictions by how often their documents weaken, postpone or drop (see the module)."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for row in documents(inheritance):
        area = row["jurisdiction"] or row["document"]
        per[area]["documents"] += 1
        per[area]["weakened"] += row["weakened"]
        per[area]["postponed"] += row["postponed"]
        per[area]["dropped"] += row["parent_items"] - row["kept"]
    rows: list[dict[str, Any]] = [
        {
            "jurisdiction": area,
            "documents": c["documents"],
            "weakened": c["weakened"],
            "postponed": c["postponed"],
            "dropped": c["dropped"],
            "total": c["weakened"] + c["postponed"] + c["dropped"],
        }
        for area, c in per.items()
    ]
    rows.sort(key=lambda r: (-r["total"], r["jurisdiction"]))
    return rows


def unkept(inheritance: nx.DiGraph) -> list[dict[str, Any]]:
    """Items of a parent document that none of its child documents kept (see the module)."""
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in _document_links(inheritance):
        children[parent].append(child)
    items = _items_by_document(inheritance)
    rows = []
    for parent, kids in sorted(children.items()):
        for item in items.get(parent, ()):
            heirs = [
                c
                for c in inheritance.predecessors(item)
                if inheritance.edges[c, item].get("kind") == "inherits"
                and inheritance.nodes[c].get("kind") == "item"
            ]
            if heirs:
                continue
            data = inheritance.nodes[item]
            rows.append(
                {
                    "document": inheritance.nodes[parent]["label"],
                    "item": data.get("place", ""),
                    "heading": data.get("label", ""),
                    "children": len(kids),
                    "iri": item,
                }
            )
    rows.sort(key=lambda r: (r["document"], _natural(r["iri"])))
    return rows


def _natural(iri: str) -> tuple[Any, ...]:
    import re

    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", iri))


def answer(store: Any, question: str) -> list[dict[str, Any]]:
    """The rows of *question* (one of :data:`QUESTIONS`) on *store*."""
    from kg.graph import inheritance, organisation, responsibility

    if question == "units":
        return units(responsibility(store), organisation(store))
    graph = inheritance(store)
    if question == "documents":
        return documents(graph)
    if question == "jurisdictions":
        return jurisdictions(graph)
    if question == "unkept":
        return unkept(graph)
    raise ValueError(f"unknown question {question!r}")
