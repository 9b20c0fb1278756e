"""The ontology defines and labels every term the code uses; the shapes parse and target our classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.model.namespaces import PK, RDFS, SH
from kg.paths import ONTOLOGY, SHAPES


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g


PK_TERMS = sorted(n for n in PK.__annotations__)


@pytest.mark.parametrize("name", PK_TERMS)
def test_every_term_is_defined_and_labelled_in_zh_and_en(ontology: Graph, name: str) -> None:
    term = PK[name]
    assert (term, None, None) in ontology, f"{name} is not defined"
    langs = {label.language for label in ontology.objects(term, RDFS.label)}
    assert {"zh", "en"} <= langs, f"{name} lacks a zh or en label"
    assert ontology.value(term, RDFS.comment) is not None, f"{name} has no comment"


def test_ontology_defines_nothing_the_code_does_not_know(ontology: Graph) -> None:
    ns = str(PK._NS)
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}
    assert {str(s)[len(ns) :] for s in defined} <= set(PK_TERMS)


def test_misspelled_term_raises() -> None:
    with pytest.raises(AttributeError):
        PK.Sektion  # noqa: B018


def test_every_term_in_the_built_graph_is_defined(ontology: Graph, built: Path) -> None:
    graph = Graph()
    graph.parse(built, format="turtle")
    ns = str(PK._NS)
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    missing = [t for t in used if (t, None, None) not in ontology]
    assert not missing


def test_shapes_target_ontology_classes(ontology: Graph) -> None:
    shapes = Graph()
    shapes.parse(SHAPES, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert PK.PolicyDocument in targets and PK.Item in targets
    for target in targets:
        if str(target).startswith(str(PK._NS)):
            assert (target, None, None) in ontology
    assert Path(SHAPES).read_text(encoding="utf-8").count("NodeShape") >= 6
