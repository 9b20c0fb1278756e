"""Records to RDF: namespaces, deterministic IRIs, and the graph of parsed documents."""

from __future__ import annotations

from kg.model.graph import add_document, documents_graph, new_graph
from kg.model.namespaces import ELI, ID, PK, PREFIXES

__all__ = ["ELI", "ID", "PK", "PREFIXES", "add_document", "documents_graph", "new_graph"]
