"""The shapes run as SPARQL (kg.query.sparql_shacl) say what pySHACL says, on the corpus and on
a graph broken on purpose against every kind of constraint the shapes use."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.model.namespaces import DCTERMS, ELI, ODRL, PK, RDF, SKOS, XSD
from kg.query import validate_graph
from kg.query.sparql_shacl import Unsupported, compile_shapes, validate_store


def _store_of(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(
        graph.serialize(format="nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g")
    )
    return store


def _keys(lines: list[str]) -> list[str]:
    """focus and path of each result (pySHACL's own messages differ in wording)."""
    return sorted(line.split(": ", 1)[0] for line in lines)


@pytest.fixture(scope="module")
def corpus_graph(built: Path) -> Graph:
    g = Graph()
    g.parse(built, format="turtle")
    return g


def _one(graph: Graph, cls: URIRef, n: int = 0) -> URIRef:
    return sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))[n]


def test_the_corpus_conforms_both_ways(corpus_graph: Graph) -> None:
    expected = validate_graph(corpus_graph)
    found = validate_store(_store_of(corpus_graph))
    assert found.conforms and expected.conforms
    assert found.warnings == expected.warnings


def test_a_broken_graph_gets_the_same_results_both_ways(corpus_graph: Graph) -> None:
    g = Graph()
    for triple in corpus_graph:
        g.add(triple)
    doc = _one(g, PK.PolicyDocument)
    doc2 = _one(g, PK.PolicyDocument, 1)
    g.remove((doc, DCTERMS.title, None))  # minCount
    g.add((doc2, DCTERMS.title, Literal("又一个标题", lang="zh")))  # maxCount
    g.add((doc2, ELI.date_document, Literal("2023-13-45", datatype=XSD.date)))  # ill-formed, and two
    g.set((doc2, ELI.id_local, Literal("莱政办发2023第16号")))  # pattern
    g.remove((doc2, ELI.jurisdiction, None))  # a warning
    section = _one(g, PK.Section)
    g.set((section, PK.ordinal, Literal(-1)))  # minInclusive
    g.add((section, ELI.has_part, doc))  # sh:or of classes
    item = _one(g, PK.Item)
    g.set((item, PK.heading, Literal("没有语言标签")))  # datatype rdf:langString
    g.set((item, PK.ordinal, Literal("七", datatype=XSD.integer)))  # ill-typed integer
    task = _one(g, PK.Task)
    g.remove((task, ODRL.assignee, None))  # a warning
    g.add((task, ODRL.assignee, Literal("办公室")))  # sh:class on a literal
    deadline = _one(g, PK.Deadline)
    g.set((deadline, PK.deadlineKind, PK.OpenDeadline))
    g.set((deadline, PK.dueDate, Literal("2023-12-31", datatype=XSD.date)))  # node-level or/not/hasValue
    quantity = _one(g, PK.Quantity)
    g.set((quantity, PK.quantityKind, Literal("amount")))  # sh:in
    alignment = _one(g, PK.Alignment)
    g.set((alignment, PK.score, Literal("1.5", datatype=XSD.decimal)))  # maxInclusive
    area = _one(g, PK.Jurisdiction)
    g.set((area, SKOS.notation, Literal("0123")))  # pattern
    g.add((area, PK.divisionLevel, PK.Verbatim))  # sh:class against the ontology's code lists
    g.add((URIRef("urn:broken"), PK.inheritsFrom, Literal("x")))  # targetSubjectsOf
    expected = validate_graph(g)
    found = validate_store(_store_of(g))
    assert len(expected.violations) >= 15
    assert _keys(found.violations) == _keys(expected.violations)
    assert found.warnings == expected.warnings
    # where the shape has a message, the line is the same
    with_message = [v for v in expected.violations if "文号" in v or "exactly one title" in v]
    assert with_message and set(with_message) <= set(found.violations)


def test_a_shape_beyond_what_is_compiled_is_refused(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;\n"
        "  sh:property [ sh:path ( <urn:p> <urn:q> ) ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(Unsupported, match="path"):
        compile_shapes(shapes)
    shapes = tmp_path / "other.ttl"  # (shapes files are read once per path)
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;\n"
        "  sh:property [ sh:path <urn:p> ; sh:uniqueLang true ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(Unsupported, match="uniqueLang"):
        compile_shapes(shapes)
