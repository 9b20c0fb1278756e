"""Questions asked of the graph: SHACL validation (named SPARQL queries come later)."""

from __future__ import annotations

from kg.query.validate import ValidationReport, validate_graph

__all__ = ["ValidationReport", "validate_graph"]
