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
        layout = nx.spring_layout(g.to_undirected(), seed=7, iterations=60)
        scale = 60.0 * len(g) ** 0.5
        return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in layout.items()}
    return None


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
