"""The built graph: it parses, conforms to the shapes, is deterministic, and says what the gold says."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.build import build_corpus
from kg.model.namespaces import ELI, PK, RDF, SKOS, XSD
from kg.query import validate_graph
from tests.conftest import CORPUS, UNSEEN


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    g = Graph()
    g.parse(built, format="turtle")
    return g


def test_graph_conforms_to_the_shapes(graph: Graph) -> None:
    report = validate_graph(graph)
    assert report.conforms, report.violations


def test_second_build_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = build_corpus([CORPUS], tmp_path).output
    assert again.read_bytes() == built.read_bytes()


def test_turtle_does_not_depend_on_the_order_triples_were_added(graph: Graph) -> None:
    """Parse workers finish in any order, so the merged graph's triples come in any order: the
    Turtle must not change with it (unbound namespaces got ns1/ns2 in order of appearance)."""
    from kg.build import serialize

    triples = sorted(graph, key=lambda t: tuple(str(x) for x in t))
    forward, backward = Graph(bind_namespaces="none"), Graph(bind_namespaces="none")
    for t in triples:
        forward.add(t)
    for t in reversed(triples):
        backward.add(t)
    text = serialize(forward)
    assert text == serialize(backward)
    assert "PREFIX pk: <https://w3id.org/policy-kg/ontology#>" in text and "ns1:" not in text


def test_counts(graph: Graph) -> None:
    assert len(set(graph.subjects(RDF.type, PK.PolicyDocument))) == 6
    assert len(set(graph.subjects(RDF.type, PK.Item))) == 92
    # 28 sections of the five work-point documents + 3 of the decision notice
    assert len(set(graph.subjects(RDF.type, PK.Section))) == 31


def test_document_metadata_and_readable_iris(graph: Graph) -> None:
    docs = {str(graph.value(d, ELI.id_local)): d for d in graph.subjects(RDF.type, PK.PolicyDocument)}
    laiwu = docs["莱芜政办发〔2023〕5号"]
    assert str(laiwu).startswith("https://w3id.org/policy-kg/id/doc/370116/2023/lwzbf-5-")
    assert graph.value(laiwu, ELI.date_document) == Literal("2023-07-21", datatype=XSD.date)
    area = graph.value(laiwu, ELI.jurisdiction)
    assert graph.value(area, SKOS.notation) == Literal("370116")
    parent = graph.value(area, SKOS.broader)
    assert graph.value(parent, SKOS.notation) == Literal("370100")
    item = URIRef(f"{laiwu}/sec_2__item_2")
    assert str(graph.value(item, PK.heading)) == "持续深化政策高质量解读"
    assert (URIRef(f"{laiwu}/sec_2"), ELI.has_part, item) in graph


def test_text_is_tagged_and_kept_as_written(graph: Graph) -> None:
    headings = list(graph.objects(None, PK.heading))
    assert all(h.language == "zh" for h in headings)
    assert Literal("围绕促进经济高质量发展做好政府信息公开", lang="zh") in headings
    assert any("（" in str(n) for n in graph.objects(None, ELI.number))


def test_a_broken_graph_fails_with_the_expected_shape(graph: Graph) -> None:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    doc = next(graph.subjects(RDF.type, PK.PolicyDocument))
    broken.remove((doc, ELI.date_document, None))
    broken.add((doc, ELI.date_document, Literal("2023年8月28日")))
    item = next(graph.subjects(RDF.type, PK.Item))
    broken.remove((item, PK.heading, None))
    report = validate_graph(broken)
    assert not report.conforms
    assert any(str(doc) in v and "date_document" in v for v in report.violations)
    assert any(str(item) in v and "heading" in v for v in report.violations)


def test_outputs_get_the_usual_file_mode(built: Path, tmp_path: Path) -> None:
    """Files written through a temporary file are readable as any new file would be (mkstemp
    alone makes them 0600), small and streamed graph.ttl alike."""
    import os

    from kg.build import file_mode, write_atomic
    from kg.store import Store

    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.csv", "a,b\n")
        store = Store(None)
        store.ox.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "c" } }')
        store.write_turtle(tmp_path / "graph.ttl")
        assert file_mode() == 0o644
        for name in ("out.csv", "graph.ttl"):
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o644, name
        assert built.stat().st_mode & 0o777 == 0o666 & ~mask
    finally:
        os.umask(mask)


def test_a_text_without_notice_builds_with_warnings(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 要点 copied without its notice prints no date and no issuer: the build goes on (the
    shapes warn), and the title names the jurisdiction."""
    from kg.cli import cli

    source = UNSEEN / "u18_anqiu_table_without_row_numbers.txt"
    store = str(tmp_path / "store")
    result = runner.invoke(cli, ["--store", store, "build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    check = runner.invoke(cli, ["--store", store, "validate"])
    assert check.exit_code == 0, check.output
    assert "The document prints no signing date" in check.output and "No issuer could be read" in check.output
    assert "jurisdiction" not in check.output  # 安丘市, from the title
