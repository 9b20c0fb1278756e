"""Duties in the built graph: tasks, units, deadlines, quantities, citations, decisions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.model.namespaces import DCTERMS, ELI, ODRL, ORG, PK, PREFIXES, RDF, SKOS, XSD
from kg.query import validate_graph

INIT_NS = {k: v for k, v in PREFIXES.items()} | {"odrl": ODRL}


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    g = Graph()
    g.parse(built, format="turtle")
    return g


def _ask(graph: Graph, query: str, **bindings) -> list:  # type: ignore[no-untyped-def]
    return list(graph.query(query, initNs=INIT_NS, initBindings=bindings))


def test_every_table_row_is_a_task_bound_to_an_item(graph: Graph) -> None:
    tasks = set(graph.subjects(RDF.type, PK.Task))
    assert len(tasks) == 54 + 53
    unbound = _ask(
        graph, "SELECT ?t WHERE { ?t a pk:Task . FILTER NOT EXISTS { ?t dcterms:source ?i . ?i a pk:Item } }"
    )
    assert unbound == []


def test_three_spellings_of_the_laiwu_transport_bureau_are_one_unit(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT DISTINCT ?u WHERE { ?u a org:Organization ; skos:prefLabel|skos:altLabel ?l .
             FILTER(STR(?l) IN ("区交通局", "区交通运输局", "区城乡交通运输局")) }""",
    )
    assert len(rows) == 1
    unit = rows[0][0]
    assert str(graph.value(unit, SKOS.prefLabel)) == "莱芜区交通运输局"


def test_all_development_and_reform_bureaus_across_jurisdictions(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT DISTINCT ?u ?area WHERE { ?u org:classification ?k ; dcterms:spatial ?a .
             ?k skos:prefLabel ?kl . ?a skos:notation ?area . FILTER(STR(?kl) = "发展和改革局") }""",
    )
    areas = {str(r[1]) for r in rows}
    assert {"370116", "370685"} <= areas  # 区发展改革局 (莱芜) and 市发改局 (招远)


def test_collective_units_are_collectives(graph: Graph) -> None:
    rows = _ask(
        graph,
        'SELECT ?u WHERE { ?u a pk:CollectiveUnit ; skos:prefLabel|skos:altLabel ?l . FILTER(STR(?l) = "各街道（镇）") }',
    )
    assert rows


def test_open_ended_deadline_has_no_date(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT ?d ?due WHERE { ?t pk:rowNumber 51 ; odrl:constraint ?d . ?d pk:deadlineKind pk:OpenDeadline .
             OPTIONAL { ?d pk:dueDate ?due } }""",
    )
    assert len(rows) == 1 and rows[0][1] is None


def test_fixed_deadline_is_an_odrl_constraint(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT ?d WHERE { ?t pk:rowNumber 24 ; dcterms:source ?i ; odrl:constraint ?d .
             ?d odrl:leftOperand odrl:dateTime ; odrl:operator odrl:lteq ; odrl:rightOperand ?v .
             FILTER(?v = "2023-06-30"^^xsd:date) }""",
    )
    assert len(rows) == 1


def test_jinan_states_two_levels_of_public_attendance(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT ?bearer ?v WHERE { ?doc eli:id_local ?n . FILTER(STR(?n) = "济政办发〔2023〕8号")
             ?doc eli:has_part ?s . ?s pk:ordinal 2 ; eli:has_part ?i . ?i pk:ordinal 2 ; pk:states ?q .
             ?q pk:quantityKind "count" ; odrl:operator odrl:gteq ; odrl:rightOperand ?v ; pk:bearerText ?bearer }""",
    )
    assert {(str(b), int(v)) for b, v in rows} == {("市级政府", 10), ("各区县政府", 5)}


def test_working_day_duration(graph: Graph) -> None:
    rows = _ask(graph, "SELECT ?d WHERE { ?d a pk:Deadline ; pk:amount 10 ; time:unitType pk:WorkingDay }")
    assert rows


def test_citations(graph: Graph) -> None:
    rows = _ask(
        graph,
        'SELECT ?w WHERE { ?d eli:cites ?w . ?w eli:id_local ?n . FILTER(STR(?n) = "国办函〔2021〕132号") }',
    )
    assert len(rows) == 1
    assert (rows[0][0], RDF.type, PK.CitedWork) in graph


def test_decision_catalogue(graph: Graph) -> None:
    rows = _ask(
        graph,
        """SELECT ?x (COUNT(DISTINCT ?m) AS ?ms) (COUNT(DISTINCT ?b) AS ?bs) WHERE {
             ?doc pk:decision ?x . ?x pk:milestone ?m ; eli:based_on ?b } GROUP BY ?x ORDER BY ?x""",
    )
    assert [(int(ms), int(bs)) for _, ms, bs in rows] == [(8, 5), (9, 3)]


def test_obligations_have_modalities(graph: Graph) -> None:
    rows = _ask(
        graph, "SELECT ?m (COUNT(?o) AS ?n) WHERE { ?o a pk:Obligation ; pk:modality ?m } GROUP BY ?m"
    )
    counts = {str(m).rsplit("#", 1)[1]: int(n) for m, n in rows}
    assert set(counts) >= {"Mandatory", "Default", "Encouraged"}


def test_open_deadline_with_a_date_violates_the_shapes(graph: Graph) -> None:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    node = next(graph.subjects(PK.deadlineKind, PK.OpenDeadline))
    broken.add((node, PK.dueDate, Literal("2023-12-31", datatype=XSD.date)))
    report = validate_graph(broken)
    assert not report.conforms
    assert any(str(node) in v for v in report.violations)


def test_issuer_is_a_unit(graph: Graph) -> None:
    rows = _ask(
        graph,
        'SELECT ?o WHERE { ?d eli:passed_by ?o . ?o skos:prefLabel ?l . FILTER(STR(?l) = "莱芜区人民政府办公室") }',
    )
    assert len(rows) == 2  # both 莱芜 notices
    assert ELI.passed_by


# --- obligations: bearers, units, fronted clauses, deadlines, closing paragraphs --------------

JINAN_DOC = "https://w3id.org/policy-kg/id/doc/370100/2023/jzbf-8-a729"
LAIWU_DOC = "https://w3id.org/policy-kg/id/doc/370116/2023/lwzbf-5-0dc2"
LAIZHOU_DOC = "https://w3id.org/policy-kg/id/doc/370683/2023/lzbf-16-e4d5"


def _labels(graph: Graph, node) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(v) for v in graph.objects(node, SKOS.prefLabel)}


def test_no_unit_is_named_by_a_verb_phrase(graph: Graph) -> None:
    units = set(graph.subjects(RDF.type, ORG.Organization))
    names = {str(label) for u in units for label in graph.objects(u, SKOS.prefLabel)}
    opening = re.compile(r"^(?:\w{2,3}[市区县])?(?:全力|构建|指导|监督|引入|积极|协同|鼓励|由)")
    assert {n for n in names if opening.match(n)} == set()
    assert {n for n in names if n.endswith("级政府")} == {"各级政府"}  # 市级政府 is 济南市人民政府


def test_units_of_an_obligation_are_its_bearers_members(graph: Graph) -> None:
    obligation = URIRef(f"{LAIZHOU_DOC}/sec_6__item_15/obl_2")
    assert str(graph.value(obligation, PK.bearerText)) == "各镇街、各单位"
    assignees = set(graph.objects(obligation, ODRL.assignee))
    assert {label for a in assignees for label in _labels(graph, a)} == {"各街道（镇）", "各单位"}
    assert all((a, RDF.type, PK.CollectiveUnit) in graph for a in assignees)


def test_jinan_levels_of_government(graph: Graph) -> None:
    city = URIRef(f"{JINAN_DOC}/sec_2__item_2/obl_4")
    assert str(graph.value(city, PK.bearerText)) == "市级政府"
    assert _labels(graph, graph.value(city, ODRL.assignee)) == {"济南市人民政府"}
    every = graph.value(URIRef(f"{JINAN_DOC}/sec_2__item_1/obl_1"), ODRL.assignee)
    assert _labels(graph, every) == {"各级政府"}
    assert _labels(graph, graph.value(every, PK.memberKind)) == {"人民政府"}


def test_a_scope_note_stays_in_the_text_not_in_the_unit(graph: Graph) -> None:
    noted = URIRef(f"{JINAN_DOC}/sec_2__item_2/obl_5")
    assert str(graph.value(noted, PK.bearerText)).startswith("各区县政府（含代管镇")
    plain = URIRef(f"{JINAN_DOC}/sec_5__item_2/obl_3")  # 各区县政府要完善本辖区政务公开工作考核体系
    assert str(graph.value(plain, PK.bearerText)) == "各区县政府"
    assert graph.value(noted, ODRL.assignee) == graph.value(plain, ODRL.assignee)


def test_laiwu_fronted_period_goes_with_its_statement(graph: Graph) -> None:
    obligation = URIRef(f"{LAIWU_DOC}/sec_3__item_2/obl_2")
    assert str(graph.value(obligation, PK.text)).startswith("决策文件出台后的10个工作日内，决策承办单位要")
    assert str(graph.value(obligation, PK.bearerText)) == "决策承办单位"
    constraints = set(graph.objects(obligation, ODRL.constraint))
    deadline = URIRef(f"{obligation}/deadline")
    assert deadline in constraints and (deadline, PK.amount, Literal(10, datatype=XSD.integer)) in graph
    assert URIRef(f"{LAIWU_DOC}/sec_3__item_2/qty_1") in constraints


def test_laizhou_policy_evaluation_is_due_at_the_year_end(graph: Graph) -> None:
    deadline = URIRef(f"{LAIZHOU_DOC}/sec_3__item_9/obl_2/deadline")
    assert str(graph.value(deadline, PK.deadlineText)) == "2023年底前"
    assert graph.value(deadline, PK.dueDate) == Literal("2023-12-31", datatype=XSD.date)


def test_jinan_closing_paragraph_is_an_obligation_of_the_document(graph: Graph) -> None:
    obligation = URIRef(f"{JINAN_DOC}/obl_1")
    assert (obligation, RDF.type, PK.Obligation) in graph
    assert graph.value(obligation, DCTERMS.source) == URIRef(JINAN_DOC)
    assert str(graph.value(obligation, PK.bearerText)) == "各级各部门（单位）"
    assert _labels(graph, graph.value(obligation, ODRL.assignee)) == {"各级各部门"}
    assert graph.value(URIRef(f"{obligation}/deadline"), PK.dueDate) == Literal(
        "2023-07-31", datatype=XSD.date
    )
    assert URIRef(f"{JINAN_DOC}/qty_1") in set(graph.objects(obligation, ODRL.constraint))
