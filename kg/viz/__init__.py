"""HTML views of the graph (``kg view``) and the audit report (``kg report``).

Every function returns one self-contained HTML string: vis-network, styles and data inlined,
nothing fetched when the page opens. Templates, CSS, legend colours and options are in ``viz/``.
"""

from __future__ import annotations

import datetime
from typing import Any

from kg.viz import graphs
from kg.viz.render import network_page

__all__ = ["diff_view", "document_view", "overview_view", "unit_view"]


def overview_view(store: Any) -> str:
    g = graphs.overview(store)
    docs = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "document")
    return network_page(
        g, "政策文件总览 Overview", f"{docs} documents · {len(g)} nodes · {g.number_of_edges()} links"
    )


def document_view(store: Any, name: str) -> str:
    entry = store.find(name)
    g = graphs.document(store, entry.iri)
    return network_page(g, f"{entry.doc_number or entry.short_id}", f"{entry.title or ''} · {len(g)} nodes")


def unit_view(store: Any, name: str, as_of: datetime.date) -> str:
    from kg.errors import InputError

    g = graphs.unit(store, name, as_of)
    if len(g) == 0:
        raise InputError(f"no duty found for the unit {name!r} (try the name as written in a document)")
    return network_page(g, f"{name} 的义务 Duties of {name}", f"as of {as_of.isoformat()} · {len(g)} nodes")


def diff_view(store: Any, child: str, parent: str) -> str:
    c, p = store.find(child), store.find(parent)
    g = graphs.diff(store, c.iri, p.iri)
    return network_page(
        g,
        f"{c.short_id} ← {p.short_id}",
        f"左 left: {p.doc_number or p.short_id} · 右 right: {c.doc_number or c.short_id}",
    )
