"""The graph API (kg.graph) and kg trace on the corpus: projections with their node and edge
kinds, golden traces, GraphML and GEXF that networkx reads back, an offline page."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.cli import cli
from tests.conftest import CORPUS, TESTS

GOLDEN = TESTS / "data" / "trace"


@pytest.fixture(scope="module")
def store(runner, tmp_path_factory: pytest.TempPathFactory) -> str:  # type: ignore[no-untyped-def]
    where = tmp_path_factory.mktemp("trace")
    result = runner.invoke(
        cli, ["--store", str(where / "store"), "build", str(CORPUS), "-o", str(where / "out")]
    )
    assert result.exit_code == 0, result.output
    return str(where / "store")


def _kinds(graph: nx.DiGraph) -> tuple[Counter, Counter]:
    return (
        Counter(data["kind"] for _, data in graph.nodes(data=True)),
        Counter(data["kind"] for _, _, data in graph.edges(data=True)),
    )


def test_the_projections_have_their_kinds(store: str) -> None:
    from kg.graph import inheritance, organisation, responsibility
    from kg.store import Store

    s = Store(store)
    nodes, edges = _kinds(inheritance(s))
    assert nodes == {"document": 6, "item": 92}
    assert edges["part_of"] == 92 and edges["inherits"] >= 19 + 1 and edges["corresponds"] >= 18
    g = inheritance(s)
    # the document link 莱芜 → 济南, with its score
    docs = {d["label"]: n for n, d in g.nodes(data=True) if d["kind"] == "document"}
    edge = g.edges[docs["莱芜政办发〔2023〕5号"], docs["济政办发〔2023〕8号"]]
    assert edge["kind"] == "inherits" and 0 < edge["score"] <= 1
    nodes, edges = _kinds(responsibility(s))
    assert nodes["task"] == 107 and nodes["unit"] > 50 and set(nodes) == {"task", "obligation", "unit"}
    assert set(edges) == {"owes"}
    r = responsibility(s)
    assert all(
        r.nodes[u]["kind"] == "unit" and r.nodes[d]["kind"] in ("task", "obligation") for u, d in r.edges
    )
    nodes, edges = _kinds(organisation(s))
    assert {"government", "unit", "collective_unit"} <= set(nodes)
    assert set(edges) == {"part_of", "member_of"}
    o = organisation(s)
    assert all(
        o.nodes[c]["kind"] == "collective_unit" for _, c, d in o.edges(data=True) if d["kind"] == "member_of"
    )


@pytest.mark.parametrize(
    ("target", "golden"),
    [("jinan-2023 二/（二）", "jinan-2023-2-2.json"), ("laiwu-2023/task_12", "laiwu-2023-task_12.json")],
)
def test_golden_traces(runner, store: str, target: str, golden: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["--store", store, "trace", target, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((GOLDEN / golden).read_text(encoding="utf-8"))


def test_jinan_two_two_reaches_laiwu_three_two_with_the_counts_kept(runner, store: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        runner.invoke(cli, ["--store", store, "trace", "济政办发〔2023〕8号 2/2", "--format", "json"]).stdout
    )
    assert data["ancestors"] == []  # 济南's document is the root in the corpus
    quantities = data["target"]["quantities"]
    assert any("10次" in q and "市级政府" in q for q in quantities)
    assert any("5次" in q and "各区县政府" in q for q in quantities)
    (child,) = data["descendants"]
    assert (child["node"]["document"], child["node"]["place"]) == ("莱芜政办发〔2023〕5号", "三/（二）")
    assert "weakened" not in child["edge"]["changes"]
    kept = [d for d in child["edge"]["details"] if d["type"] == "quantity-kept"]
    assert any("≥5次/年 (区政府)" == d["child"] and "≥5次/年 (各区县政府)" == d["parent"] for d in kept)
    rows = {d.get("row") for d in child["duties"] if d["kind"] == "task"}
    assert {26, 27} <= rows
    tree = runner.invoke(cli, ["--store", store, "trace", "jinan-2023 二/（二）"]).stdout
    assert (
        "└─ 莱芜政办发〔2023〕5号 三/（二）" in tree
        and "quantity-kept: ≥5次/年 (区政府) ← ≥5次/年 (各区县政府)" in tree
    )


def test_a_task_trace_shows_its_item_the_parent_item_and_its_units(runner, store: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(
        runner.invoke(cli, ["--store", store, "trace", "laiwu-2023/task_12", "--format", "json"]).stdout
    )
    assert data["target"]["kind"] == "task" and data["target"]["units"] == ["各街道（镇）", "莱芜区民政局"]
    assert data["item"]["place"] == "一/（三）"
    assert data["ancestors"][0]["node"]["document"] == "济政办发〔2023〕8号"
    assert data["ancestors"][0]["node"]["place"] == "一/(三)"


def test_graphml_and_gexf_read_back(runner, store: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.graph import PROJECTIONS
    from kg.store import Store

    for name, project in PROJECTIONS.items():
        graph = project(Store(store))
        for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            out = tmp_path / f"{name}.{fmt}"
            result = runner.invoke(
                cli, ["--store", store, "export", "--format", fmt, "--projection", name, "-o", str(out)]
            )
            assert result.exit_code == 0, result.output
            back = read(out)
            assert (back.number_of_nodes(), back.number_of_edges()) == (
                graph.number_of_nodes(),
                graph.number_of_edges(),
            )
            labels = {d.get("label") for _, d in back.nodes(data=True)}
            assert any(label and "局" in label for label in labels) or name == "inheritance"
            again = tmp_path / f"{name}-again.{fmt}"
            runner.invoke(
                cli, ["--store", store, "export", "--format", fmt, "--projection", name, "-o", str(again)]
            )
            assert out.read_bytes() == again.read_bytes()


def test_trace_page_is_offline(runner, store: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "trace.html"
    result = runner.invoke(cli, ["--store", store, "trace", "jinan-2023 二/（二）", "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "莱芜政办发〔2023〕5号 三/（二）" in html and "quantity-kept" in html
    assert (
        "http://" not in html.replace("http://www.w3.org", "")
        and "https://" not in html.split("</style>", 1)[0]
    )
    assert "<script" not in html


def test_bad_targets_fail_in_one_line(runner, store: str) -> None:  # type: ignore[no-untyped-def]
    for target in ("jinan-2023 九/一", "nowhere-2023 一/一", "jinan-2023", "jinan-2023 一"):
        result = runner.invoke(cli, ["--store", store, "trace", target])
        assert result.exit_code == 2, (target, result.output)
        assert len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(cli, ["--store", store, "export", "--format", "gexf"])
    assert result.exit_code == 2 and "--projection" in result.stderr
