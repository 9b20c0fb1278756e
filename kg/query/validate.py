"""SHACL validation of a graph against ontology/shapes.ttl, with the ontology as background."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from kg.model.namespaces import SH
from kg.paths import ONTOLOGY, SHAPES


@dataclass
class ValidationReport:
    """The outcome of a validation: violations fail, warnings inform."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""


@lru_cache(maxsize=4)
def _load(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


def validate_graph(data: Graph, *, shapes: Path = SHAPES, ontology: Path = ONTOLOGY) -> ValidationReport:
    """Validate *data*; the result conforms when no shape is violated (warnings allowed)."""
    from pyshacl import validate

    # The ontology types the code-list concepts (pk:Genre, pk:DivisionLevel) and states the
    # subclass axioms sh:class relies on; validate the data together with it.
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in _load(ontology):
        combined.add(triple)
    _, results, text = validate(
        combined,
        shacl_graph=_load(shapes),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    violations: list[str] = []
    warnings: list[str] = []
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        line = f"{focus} {path}: {message}"
        (violations if severity == SH.Violation else warnings).append(line)
    return ValidationReport(
        conforms=not violations, violations=sorted(violations), warnings=sorted(warnings), text=str(text)
    )
