"""Named queries: every ontology/queries/*.rq loads, runs on the built corpus and gives its golden result.

The corpus is built once (the ``built`` fixture), loaded into a pyoxigraph store in a named
graph, and a small fixture of completion records goes into the completions graph; queries read
the union of the graphs. Golden results live in tests/data/queries/NAME.json; after a change
that is meant to alter them, rewrite them with ``KG_UPDATE_GOLDEN=1 python -m pytest
tests/test_queries.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.model.namespaces import ID, PK, PROV, RDF, XSD
from kg.query.named import (
    QUERIES_DIR,
    NamedQuery,
    Param,
    get_query,
    load_queries,
    parse_header,
    run_named,
)
from tests.conftest import TESTS

GOLDEN = TESTS / "data" / "queries"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"

CORPUS_GRAPH = ox.NamedNode(str(ID["graph/corpus"]))
COMPLETIONS = ox.NamedNode(str(ID["graph/completions"]))
LAIWU = str(ID["doc/370116/2023/lwzbf-5-0dc2"])
JINAN = str(ID["doc/370100/2023/jzbf-8-a729"])

#: The auditors' records the tests add: (record, duty, completed on).
#: task 49 (2023年8月底前) done on time; the 年初 obligation done late but before 2023-10-01;
#: task 24 (2023年6月底前) done only after 2023-10-01; task 31 of 区政府办公室 done early.
COMPLETION_RECORDS = [
    ("completion/test-1", f"{LAIWU}/task_49", "2023-08-30"),
    ("completion/test-2", f"{LAIWU}/sec_3__item_1/obl_1", "2023-05-10"),
    ("completion/test-3", f"{LAIWU}/task_24", "2023-10-15"),
    ("completion/test-4", f"{LAIWU}/task_31", "2023-09-01"),
]

#: The parameters each golden result was made with.
GOLDEN_PARAMS: dict[str, dict[str, str]] = {
    "unit-obligations": {"unit": "莱芜区政府办公室", "as_of": "2024-01-15"},
    "due-between": {"from": "2023-06-01", "to": "2023-09-30"},
    "overdue": {"as_of": "2023-10-01"},
}

INJECTION = 'x" } ; DROP ALL ; #'


def _node(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def completion_quads() -> list[ox.Quad]:
    quads = []
    for record, duty, day in COMPLETION_RECORDS:
        r = _node(ID[record])
        quads += [
            ox.Quad(r, _node(RDF.type), _node(PK.Completion), COMPLETIONS),
            ox.Quad(r, _node(PK.completes), ox.NamedNode(duty), COMPLETIONS),
            ox.Quad(r, _node(PK.completedOn), ox.Literal(day, datatype=_node(XSD.date)), COMPLETIONS),
            ox.Quad(r, _node(PK.evidence), ox.Literal(f"https://example.org/evidence/{record}"), COMPLETIONS),
        ]
    return quads


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    """The built corpus in one named graph, the completion fixture in the completions graph."""
    st = ox.Store()
    st.load(path=str(built), format=ox.RdfFormat.TURTLE, to_graph=CORPUS_GRAPH)
    st.extend(completion_quads())
    return st


@pytest.fixture(scope="module")
def shuffled(store: ox.Store) -> ox.Store:
    """The same quads added in reverse order: results must not depend on load order."""
    st = ox.Store()
    st.extend(reversed(list(store)))
    return st


QUERIES = load_queries()
NAMES = [q.name for q in QUERIES]


def as_records(columns: list[str], rows: list[list[str | None]]) -> list[dict[str, str | None]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


# ------------------------------------------------------------------------------------ the library


def test_there_are_at_least_twelve_queries() -> None:
    assert len(QUERIES) >= 12
    assert NAMES == sorted(NAMES)


@pytest.mark.parametrize("query", QUERIES, ids=NAMES)
def test_every_query_loads_with_a_summary(query: NamedQuery) -> None:
    assert query.summary and not query.summary.startswith("#")
    assert query.path is not None and query.path.parent == QUERIES_DIR
    assert query.name == query.path.stem
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    select = body[body.index("SELECT") : body.index("WHERE")].split()
    for param in query.params:
        assert param.description, f"{query.name}: parameter {param.name} has no description"
        # SEP-0007 substitution binds only variables of the projection
        assert f"?{param.name}" in select, f"{query.name}: ?{param.name} is not selected"


def test_queries_never_name_a_graph() -> None:
    for query in QUERIES:
        body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
        assert "GRAPH" not in body.upper().replace("GROUP_CONCAT", ""), query.name


def test_queries_use_only_terms_the_ontology_defines() -> None:
    for query in QUERIES:
        body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
        for term in set(re.findall(r"\bpk:([A-Za-z]+)", body)):
            assert term in PK.__annotations__, f"{query.name}: pk:{term} is not in the ontology"


def test_every_query_has_a_golden_file_and_no_golden_file_is_orphaned() -> None:
    golden = {p.stem for p in GOLDEN.glob("*.json")}
    assert golden == set(NAMES) or UPDATE


# ------------------------------------------------------------------------------------- golden


@pytest.mark.parametrize("name", NAMES)
def test_query_result_equals_its_golden_file(store: ox.Store, name: str) -> None:
    path = GOLDEN / f"{name}.json"
    params = GOLDEN_PARAMS.get(name, {})
    columns, rows = run_named(store, name, params)
    found = {"query": name, "params": params, "columns": columns, "rows": as_records(columns, rows)}
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert expected["params"] == params
    assert columns == expected["columns"]
    assert found["rows"] == expected["rows"]


@pytest.mark.parametrize("name", NAMES)
def test_results_do_not_depend_on_load_order(store: ox.Store, shuffled: ox.Store, name: str) -> None:
    params = GOLDEN_PARAMS.get(name, {})
    assert run_named(shuffled, name, params) == run_named(store, name, params)


# ----------------------------------------------------------------------- what the answers say


def test_missing_parents_are_those_the_gold_expects(store: ox.Store) -> None:
    columns, rows = run_named(store, "missing-parents")
    found = {(r["area"], r["collect_area"], r["year"], r["genre"]) for r in as_records(columns, rows)}
    assert found == {
        ("莱州市", "烟台市", "2023", "Workpoints"),
        ("招远市", "烟台市", "2023", "Workpoints"),
        ("海阳市", "烟台市", "2022", "Workpoints"),
        ("济南市", "山东省", "2023", "Workpoints"),
        ("莱芜区", "济南市", "2023", "DecisionCatalogue"),
    }


def test_unit_obligations_include_the_task_table_and_collectives(store: ox.Store) -> None:
    columns, rows = run_named(store, "unit-obligations", {"unit": "莱芜区政府办公室"})
    records = as_records(columns, rows)
    direct_tasks = {r["row"] for r in records if r["type"] == "task" and r["via"] == ""}
    assert {"31", "42", "43"} <= direct_tasks
    assert any(r["via"] == "莱芜区政府各部门（单位）" and r["row"] == "1" for r in records)
    # 济南's 各级各部门 reaches the district's offices too
    assert any(r["via"] == "各级各部门" and r["document"] == "济政办发〔2023〕8号" for r in records)
    assert {r["unit_name"] for r in records} == {"莱芜区人民政府办公室"}
    # the same unit under its other spellings
    for spelling in ("莱芜区人民政府办公室", "区政府办公室", " 莱芜区政府办公室 "):
        assert run_named(store, "unit-obligations", {"unit": spelling})[1] == rows


def test_unit_obligations_status_follows_the_completion_records(store: ox.Store) -> None:
    columns, rows = run_named(store, "unit-obligations", {"unit": "区政府办公室", "as_of": "2023-08-31"})
    by_row = {r["row"]: r for r in as_records(columns, rows) if r["type"] == "task"}
    assert (by_row["49"]["status"], by_row["49"]["completed_on"]) == ("completed", "2023-08-30")
    assert (by_row["31"]["status"], by_row["31"]["completed_on"]) == ("open", None)


def test_overdue_leaves_out_what_was_completed_by_then(store: ox.Store) -> None:
    columns, rows = run_named(store, "overdue", {"as_of": "2023-10-01"})
    duties = {r["duty"] for r in as_records(columns, rows)}
    assert f"{LAIWU}/task_30" in duties  # 2023年9月底前, nobody recorded it
    assert f"{LAIWU}/task_24" in duties  # completed only on 2023-10-15
    assert f"{LAIWU}/task_49" not in duties  # completed on time
    assert f"{LAIWU}/sec_3__item_1/obl_1" not in duties  # completed late, before the day
    later = {r["duty"] for r in as_records(*run_named(store, "overdue", {"as_of": "2023-10-16"}))}
    assert f"{LAIWU}/task_24" not in later


def test_a_duty_due_on_the_day_is_not_yet_overdue(store: ox.Store) -> None:
    columns, rows = run_named(store, "overdue", {"as_of": "2023-09-30"})
    assert f"{LAIWU}/task_30" not in {r["duty"] for r in as_records(columns, rows)}


def test_quantified_filters_by_unit_kind_and_topic(store: ox.Store) -> None:
    columns, everything = run_named(store, "quantified")
    _, departments = run_named(store, "quantified", {"unit_kind": "政府部门"})
    assert 0 < len(departments) < len(everything)
    assert all("政府部门" in r["bearer_kind"] for r in as_records(columns, departments))
    _, training = run_named(store, "quantified", {"topic": "培训"})
    assert training and all(
        "培训" in (r["heading"] or "") + (r["requirement"] or "") for r in as_records(columns, training)
    )


def test_decision_milestones_of_one_month(store: ox.Store) -> None:
    columns, rows = run_named(store, "decision-milestones", {"month": "2023-07"})
    assert len(rows) == 4 and {r["due_month"] for r in as_records(columns, rows)} == {"2023-07"}


@pytest.fixture
def inheritance_store(store: ox.Store) -> ox.Store:
    """The corpus plus hand-made inheritance records, for the questions the corpus leaves empty."""
    st = ox.Store()
    st.extend(store)
    g = ox.NamedNode(str(ID["graph/test-inheritance"]))
    laiwu = ox.NamedNode(LAIWU)
    child, parent = ox.NamedNode(f"{LAIWU}/sec_1__item_2"), ox.NamedNode(f"{JINAN}/sec_1__item_2")
    alignment = ox.NamedNode(f"{LAIWU}/sec_1__item_2/alignment_test")
    detail = ox.NamedNode(f"{LAIWU}/sec_1__item_2/alignment_test/detail_1")
    st.extend(
        [
            ox.Quad(laiwu, _node(PK.drops), ox.NamedNode(f"{JINAN}/sec_5__item_3"), g),
            ox.Quad(laiwu, _node(PK.adds), ox.NamedNode(f"{LAIWU}/sec_4__item_4"), g),
            ox.Quad(child, _node(PROV.qualifiedDerivation), alignment, g),
            ox.Quad(alignment, _node(RDF.type), _node(PK.Alignment), g),
            ox.Quad(alignment, _node(PROV.entity), parent, g),
            ox.Quad(alignment, _node(PK.change), _node(PK.Postponed), g),
            ox.Quad(alignment, _node(PK.detail), detail, g),
            ox.Quad(detail, _node(RDF.type), _node(PK.ChangeDetail), g),
            ox.Quad(detail, _node(PK.detailType), ox.Literal("postponed"), g),
            ox.Quad(detail, _node(PK.childText), ox.Literal("≤2023-12-31", language="zh"), g),
            ox.Quad(detail, _node(PK.parentText), ox.Literal("≤2023-06-30", language="zh"), g),
        ]
    )
    return st


def test_dropped_added_and_postponed_items_are_found(inheritance_store: ox.Store) -> None:
    columns, rows = run_named(inheritance_store, "dropped-items")
    assert as_records(columns, rows) == [
        {
            "child": "莱芜政办发〔2023〕5号",
            "parent": "济政办发〔2023〕8号",
            "section": "五、",
            "item": "（三）",
            "heading": "开展业务培训",
            "parent_item": f"{JINAN}/sec_5__item_3",
        }
    ]
    columns, rows = run_named(inheritance_store, "added-items")
    assert as_records(columns, rows) == [
        {
            "child": "莱芜政办发〔2023〕5号",
            "section": "四、",
            "item": "（四）",
            "heading": "打造莱芜区政务公开品牌",
            "parent": "济政办发〔2023〕8号",
            "child_item": f"{LAIWU}/sec_4__item_4",
        }
    ]
    columns, rows = run_named(inheritance_store, "postponed")
    [found] = as_records(columns, rows)
    assert (found["relation"], found["child_item"], found["parent_item"]) == ("parent", "（二）", "(二)")
    assert (found["detail"], found["child_text"], found["parent_text"]) == (
        "postponed",
        "≤2023-12-31",
        "≤2023-06-30",
    )


# --------------------------------------------------------------------------------- parameters


def test_a_parameter_value_is_only_a_value(store: ox.Store) -> None:
    before = len(store)
    columns, rows = run_named(store, "unit-obligations", {"unit": INJECTION})
    assert rows == [] and "unit_name" in columns
    assert run_named(store, "quantified", {"unit_kind": INJECTION, "topic": INJECTION})[1] == []
    assert len(store) == before
    with pytest.raises(InputError, match=r"as_of: not a date \(YYYY-MM-DD\)"):
        run_named(store, "overdue", {"as_of": INJECTION})
    assert len(store) == before


@pytest.mark.parametrize("value", ["2023-13-01", "2023-02-30", "20231001", "2023-W40-1", "", "yesterday"])
def test_dates_are_validated(value: str) -> None:
    with pytest.raises(InputError, match=r"as_of: not a date \(YYYY-MM-DD\)"):
        get_query("overdue").bindings({"as_of": value})


def test_bindings_are_typed_and_defaults_applied() -> None:
    bound = get_query("unit-obligations").bindings({"unit": "区政府办公室"})
    assert bound[ox.Variable("unit")] == ox.Literal("区政府办公室")
    assert bound[ox.Variable("as_of")] == ox.Literal("2023-12-31", datatype=_node(XSD.date))
    assert Param("n", "xsd:integer").term(" 12") == ox.Literal("12", datatype=_node(XSD.integer))
    assert Param("doc", "iri").term(LAIWU) == ox.NamedNode(LAIWU)
    with pytest.raises(InputError, match="doc: not an absolute IRI"):
        Param("doc", "iri").term("laiwu-2023> } DROP ALL {")


def test_unknown_query_names_close_ones() -> None:
    with pytest.raises(InputError, match="unit-obligations") as raised:
        get_query("unit-obligation")
    assert "\n" not in str(raised.value)
    with pytest.raises(InputError, match="known: "):
        get_query("zzz")
    assert get_query("unit_obligations").name == "unit-obligations"


def test_missing_required_parameter(store: ox.Store) -> None:
    with pytest.raises(InputError, match="missing parameter unit"):
        run_named(store, "unit-obligations", {})
    with pytest.raises(InputError, match="missing parameter"):
        run_named(store, "due-between", {"from": "2023-01-01"})


def test_unknown_parameter(store: ox.Store) -> None:
    with pytest.raises(InputError, match="unknown parameter units"):
        run_named(store, "unit-obligations", {"units": "区政府办公室"})
    with pytest.raises(InputError, match="unknown parameter"):
        run_named(store, "citations", {"as_of": "2023-10-01"})


# ------------------------------------------------------------------------------------- headers


def test_parse_header_reads_summary_params_and_defaults() -> None:
    summary, params = parse_header(
        "# summary:  Duties of a unit \n"
        "# A comment documenting the query.\n"
        "# param: unit xsd:string  Name of the unit\n"
        "# param: as_of xsd:date  Day to judge against  [default: 2023-12-31]\n"
        '# param: topic xsd:string  Part of a heading  [default: ""]\n'
        "PREFIX pk: <https://w3id.org/policy-kg/ontology#>\n"
        "SELECT ?unit ?as_of ?topic WHERE { }\n"
    )
    assert summary == "Duties of a unit"
    assert params == (
        Param("unit", "xsd:string", "Name of the unit", None),
        Param("as_of", "xsd:date", "Day to judge against", "2023-12-31"),
        Param("topic", "xsd:string", "Part of a heading", ""),
    )


@pytest.mark.parametrize(
    "header, message",
    [
        ("# param: unit xsd:string  Name\nSELECT ?unit WHERE {}", "no '# summary:' line"),
        ("# summary: a\n# summary: b\nSELECT ?x WHERE {}", "a second summary"),
        ("# summary:\nSELECT ?x WHERE {}", "empty summary"),
        ("# summary: s\n# param: 1unit xsd:string  Name\nSELECT ?x WHERE {}", "malformed parameter"),
        ("# summary: s\n# param: unit xsd:str  Name\nSELECT ?unit WHERE {}", "unknown datatype xsd:str"),
        ("# summary: s\n# param: d xsd:date  Day  [default: soon]\nSELECT ?d WHERE {}", "default of d"),
        ("# summary: s\n# param: u xsd:string  A\n# param: u xsd:string  B\nSELECT ?u WHERE {}", "twice"),
        ("# summary: s\n# param: unit xsd:string  Name\nSELECT ?x WHERE {}", "not a variable"),
    ],
)
def test_malformed_header_names_the_file(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(header, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        load_queries(tmp_path)
    assert str(raised.value).startswith(str(path))


def test_a_directory_of_queries_elsewhere(tmp_path: Path, store: ox.Store) -> None:
    (tmp_path / "documents.rq").write_text(
        "# summary: Documents of a year\n"
        "# param: year xsd:integer  The year  [default: 2023]\n"
        "PREFIX pk: <https://w3id.org/policy-kg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?year ?label WHERE { ?d a pk:PolicyDocument ; rdfs:label ?label ; pk:year ?y .\n"
        "  FILTER(YEAR(STRDT(CONCAT(STR(?y), '-01-01'), <http://www.w3.org/2001/XMLSchema#date>)) = ?year) }\n"
        "ORDER BY ?label\n",
        encoding="utf-8",
    )
    [query] = load_queries(tmp_path)
    assert get_query("documents", tmp_path) == query
    columns, rows = run_named(store, query, {"year": "2022"})
    assert (columns, rows) == (["label"], [["海政办发〔2022〕12号"]])
    with pytest.raises(InputError, match="no such directory"):
        load_queries(tmp_path / "missing")


def test_readme_lists_exactly_the_named_queries() -> None:
    import re

    from kg.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Named queries", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.MULTILINE)
    assert listed == sorted(q.name for q in load_queries())
