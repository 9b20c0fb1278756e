"""networkx graphs to self-contained HTML pages (vis-network inlined; nothing is fetched).

The page template, stylesheet, legend colours and vis-network options live in ``viz/``; this
module fills them. All text reaches the page as JSON inside a script, with ``<``, ``>`` and ``&``
escaped, and is put into the page with ``textContent`` — a document containing
``<script>alert(1)</script>`` shows it as text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.paths import ROOT

VIZ = ROOT / "viz"
#: Above this many nodes the layout is computed once (networkx) and physics is off.
LARGE = 300


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, from the copy pyvis ships (so no CDN is needed)."""
    import pyvis

    base = Path(pyvis.__file__).parent
    for folder in sorted(base.glob("**/vis-9*"), reverse=True):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.exists() and css.exists():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network is missing from the pyvis package")


@lru_cache(maxsize=4)
def _json(name: str) -> Any:
    return json.loads((VIZ / name).read_text(encoding="utf-8"))


def script_json(value: Any) -> str:
    """JSON safe to put inside ``<script>``: no ``</script>``, no HTML comment, no entity."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def template(name: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(VIZ / "templates")),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return env.get_template(name)


def _positions(g: nx.DiGraph) -> dict[Any, tuple[float, float]] | None:
    """Fixed positions: columns for a side-by-side view, a computed layout for a large graph."""
    if any("column" in d for _, d in g.nodes(data=True)):
        out: dict[Any, tuple[float, float]] = {}
        for column in (0, 1):
            members = sorted(
                (n for n, d in g.nodes(data=True) if d.get("column") == column),
                key=lambda n: (g.nodes[n].get("order", (0, 0)), str(n)),
            )
            for rank, n in enumerate(members):
                out[n] = (column * 520.0, rank * 46.0)
        return out
    if len(g) > LARGE:
        return radial_layout(g)
    return None


def radial_layout(g: nx.DiGraph, ring: float = 140.0) -> dict[Any, tuple[float, float]]:
    """Rings around the roots, each node's angle spanning its share of leaves: O(n), deterministic.

    Policy graphs are nearly trees (jurisdiction → document → section → item), which this draws
    readably at any size, where a force layout would take minutes on thousands of nodes.
    """
    import math

    undirected = g.to_undirected(as_view=True)
    roots = sorted((n for n in g if g.in_degree(n) == 0), key=str) or sorted(g, key=str)[:1]
    parent: dict[Any, Any] = {}
    children: dict[Any, list[Any]] = {}
    depth: dict[Any, int] = {}
    order: list[Any] = []
    for root in roots + sorted(g, key=str):
        if root in depth:
            continue
        depth[root] = 0
        queue = [root]
        while queue:
            node = queue.pop(0)
            order.append(node)
            for nxt in sorted(undirected[node], key=str):
                if nxt not in depth:
                    depth[nxt] = depth[node] + 1
                    parent[nxt] = node
                    children.setdefault(node, []).append(nxt)
                    queue.append(nxt)
    leaves: dict[Any, int] = {}
    for node in reversed(order):
        leaves[node] = sum(leaves[c] for c in children.get(node, [])) or 1
    top = [n for n in order if n not in parent]
    total = sum(leaves[n] for n in top) or 1
    span: dict[Any, tuple[float, float]] = {}
    start = 0.0
    for n in top:
        width = 2 * math.pi * leaves[n] / total
        span[n] = (start, start + width)
        start += width
    out: dict[Any, tuple[float, float]] = {}
    for node in order:
        a, b = span[node]
        angle, radius = (a + b) / 2, depth[node] * ring
        out[node] = (radius * math.cos(angle), radius * math.sin(angle))
        cursor = a
        for c in children.get(node, []):
            width = (b - a) * leaves[c] / leaves[node]
            span[c] = (cursor, cursor + width)
            cursor += width
    return out


def vis_data(g: nx.DiGraph) -> dict[str, Any]:
    """The nodes, edges and legend entries of *g* as vis-network wants them (deterministic)."""
    kinds, edge_kinds = _json("legend.json"), _json("edges.json")
    order = sorted(g.nodes, key=str)
    ids = {n: i for i, n in enumerate(order)}
    positions = _positions(g)
    nodes = []
    for n in order:
        d = g.nodes[n]
        style = kinds.get(d.get("kind"), {"color": "#cccccc", "shape": "dot"})
        node: dict[str, Any] = {
            "id": ids[n],
            "label": str(d.get("label") or ""),
            "title": str(d.get("title") or d.get("label") or ""),
            "kind": str(d.get("kind") or ""),
            "color": style["color"],
            "shape": style["shape"],
        }
        if "font" in style:
            node["font"] = {"color": style["font"]}
        if "size" in style:
            node["size"] = style["size"]
            node["font"] = {"size": 11}
        if positions is not None:
            node["x"], node["y"] = round(positions[n][0], 1), round(positions[n][1], 1)
        nodes.append(node)
    edges = []
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (ids[e[0]], ids[e[1]])):
        style = edge_kinds.get(d.get("kind"), {"color": "#c4ccd6"})
        edge: dict[str, Any] = {"from": ids[a], "to": ids[b], "color": style["color"]}
        for key in ("width", "dashes"):
            if key in style:
                edge[key] = style[key]
        if d.get("title") or "label" in style:
            edge["title"] = str(d.get("title") or style.get("label") or d.get("kind"))
        edges.append(edge)
    present = sorted(
        {str(g.nodes[n].get("kind")) for n in g}, key=lambda k: list(kinds).index(k) if k in kinds else 99
    )
    present_edges = sorted({str(d.get("kind")) for _, _, d in g.edges(data=True)})
    legend = {
        "nodes": [{"label": kinds[k]["label"], "color": kinds[k]["color"]} for k in present if k in kinds],
        "edges": [
            {"label": edge_kinds[k].get("label", k), "color": edge_kinds[k]["color"]}
            for k in present_edges
            if k in edge_kinds
        ],
    }
    return {"nodes": nodes, "edges": edges, "legend": legend, "fixed": positions is not None}


def network_page(g: nx.DiGraph, title: str, subtitle: str = "") -> str:
    """One self-contained HTML page showing *g*."""
    js, css = _vis_assets()
    return str(
        template("network.html").render(
            title=title,
            subtitle=subtitle,
            vis_js=js.replace("</script", "<\\/script"),
            vis_css=css,
            css=(VIZ / "style.css").read_text(encoding="utf-8"),
            data=script_json(vis_data(g)),
            options=script_json(_json("options.json")),
        )
    )
