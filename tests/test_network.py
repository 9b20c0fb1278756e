"""kg network: the network questions on the projections, checked against a synthetic corpus
whose truth the generator wrote (children that drop, add and weaken items), and on the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.cli import cli
from kg.graph import inheritance, organisation, responsibility, select
from kg.graph.network import documents, jurisdictions, units, unkept
from kg.store import Store
from tests.conftest import CORPUS, UNSEEN


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict]:  # type: ignore[type-arg]
    from kg.build import corpus_files
    from tests.scripts import bench_script

    root = tmp_path_factory.mktemp("network")
    # three levels: 山东省, three prefectures under it, five counties under those
    bench_script("synth").generate(
        root / "synth", seed=5, only=["370000"], prefectures=3, counties=2, limit=9
    )
    store = Store(root / "store")
    store.ingest(corpus_files([root / "synth"]))
    truth = json.loads((root / "synth" / "truth.json").read_text(encoding="utf-8"))
    return store, truth


def test_documents_kept_shares_match_the_truth(synthetic) -> None:  # type: ignore[no-untyped-def]
    """Each child's kept and added counts are the graph's alignments counted (exact), and
    within the aligner's error of the generator's truth (its item pairs are 0.99 precise)."""
    store, truth = synthetic
    rows = {r["document"]: r for r in documents(inheritance(store))}
    children = [d for d in truth["documents"] if d.get("parent")]
    assert children and len(rows) == len(children)
    by_file = {d["file"]: d for d in truth["documents"]}
    off = 0
    for doc in children:
        row = rows[doc["doc_number"]]
        counted = select(
            store,
            f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?d eli:id_local ?number .
                  FILTER(STR(?number) = "{doc["doc_number"]}")
                  ?c a pk:Item ; eli:is_part_of/eli:is_part_of ?d ; pk:inheritsFrom ?p . ?p a pk:Item }}""",
        )[0]["n"]
        assert row["kept"] == int(counted), doc["doc_number"]
        parent_items = by_file[doc["parent"]["file"]]["counts"]["items"]
        assert row["parent_items"] == parent_items
        off += abs(row["kept"] - (parent_items - len(doc["dropped"]))) + abs(row["added"] - len(doc["added"]))
    assert off <= 0.02 * sum(r["parent_items"] for r in rows.values())
    shares = [r["share"] for r in documents(inheritance(store))]
    assert shares == sorted(shares, reverse=True)


def test_unkept_items_are_those_every_child_dropped(synthetic) -> None:  # type: ignore[no-untyped-def]
    store, truth = synthetic
    by_file = {d["file"]: d for d in truth["documents"]}
    kids: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for doc in truth["documents"]:
        if doc.get("parent"):
            kids.setdefault(doc["parent"]["file"], []).append(doc)
    want = set()
    for parent, children in kids.items():
        dropped = [{(x["section"], x["item"]) for x in c["dropped"]} for c in children]
        for key in set.intersection(*dropped):
            want.add((by_file[parent]["doc_number"], key))
    got = {
        (r["document"], tuple(int(x) for x in r["iri"].rsplit("/sec_", 1)[1].split("__item_")))
        for r in unkept(inheritance(store))
    }
    # (every child dropping the same item is rare in a small corpus: then there is none to find)
    assert len(got & want) >= 0.9 * len(want) and len(got - want) <= max(1, 0.1 * len(want))
    graph = inheritance(store)
    for r in unkept(graph):  # exact against the graph: nothing inherits from them
        assert not any(graph.edges[c, r["iri"]]["kind"] == "inherits" for c in graph.predecessors(r["iri"]))


def test_jurisdictions_count_the_weakenings_the_truth_made(synthetic) -> None:  # type: ignore[no-untyped-def]
    store, truth = synthetic
    rows = {r["jurisdiction"]: r for r in jurisdictions(inheritance(store))}
    want = Counter()
    got = Counter()
    for doc in truth["documents"]:
        if not doc.get("parent"):
            continue
        weakened = sum(
            1
            for section in doc["sections"]
            for item in section.get("item_list", [])
            if item.get("parent") and "weakened" in item.get("changes", [])
        )
        row = rows[doc["jurisdiction"]["name"]]
        want.update(weakened=weakened, dropped=len(doc["dropped"]))
        got.update(weakened=row["weakened"], dropped=row["dropped"])
    assert want["weakened"] > 0 and want["dropped"] > 0
    assert abs(got["weakened"] - want["weakened"]) <= 0.05 * want["weakened"] + 1
    assert abs(got["dropped"] - want["dropped"]) <= 0.05 * want["dropped"] + 1
    totals = [r["total"] for r in jurisdictions(inheritance(store))]
    assert totals == sorted(totals, reverse=True)


def test_traces_from_the_root_reach_the_truths_descendants(synthetic) -> None:  # type: ignore[no-untyped-def]
    """Every item of the province's document traced down: the items reached are the truth's
    descendants (through the prefecture to the counties), and the steps marked weakened are the
    items the generator weakened (bench/trace.py's scoring, on a small corpus)."""
    from kg.graph.trace import trace
    from tests.scripts import bench_script

    bench = bench_script("trace")
    store, truth = synthetic
    children, weakened, roots = bench.truth_links(truth)
    file_of = {e.iri: Path(e.source).name for e in store.documents()}
    iri_of = {name: iri for iri, name in file_of.items()}
    by_file = {d["file"]: d for d in truth["documents"]}
    reached, expected, marked, weak_want = set(), set(), set(), set()
    depth = 0
    for root in roots:
        for section in by_file[root]["sections"]:
            for item in section.get("item_list", []):
                start = (root, item["section"], item["item"])
                want = bench.descendants(children, start)
                expected |= {(start, k) for k in want}
                weak_want |= want & weakened
                iri = f"{iri_of[root]}/sec_{item['section']}__item_{item['item']}"
                result = trace(store, iri)
                for key, changes in bench.flatten(result["descendants"], file_of):
                    reached.add((start, key))
                    if "weakened" in changes:
                        marked.add(key)
                depth = max(depth, _depth(result["descendants"]))
                # (the bench's one-node-at-a-time baseline reads as many nodes)
                assert _count(result["descendants"]) == bench.per_node(store, iri)
    assert depth == 2 and weak_want  # province → prefecture → county, with weakenings to find
    p, r = bench._pr(reached, expected)
    assert p >= 0.95 and r >= 0.95, (p, r)
    wp, wr = bench._pr(marked, weak_want)
    assert wp >= 0.95 and wr >= 0.95, (wp, wr)


def test_a_county_trace_shows_each_step_up_with_its_change(synthetic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A county item the generator weakened, traced: the province and the prefecture above it,
    each step under the node it leads to (the prefecture's from the province, the county's
    weakening from the prefecture), in the tree and on the page."""
    from kg.graph.trace import render, summary, trace, write_html

    store, truth = synthetic
    by_file = {d["file"]: d for d in truth["documents"]}
    file_of = {e.iri: Path(e.source).name for e in store.documents()}
    iri_of = {name: iri for iri, name in file_of.items()}
    county, item = next(
        (d, i)
        for d in truth["documents"]
        if d.get("parent") and by_file[d["parent"]["file"]].get("parent")
        for s in d["sections"]
        for i in s.get("item_list", [])
        if "weakened" in i.get("changes", [])
    )
    result = trace(store, f"{iri_of[county['file']]}/sec_{item['section']}__item_{item['item']}")
    ancestors = result["ancestors"]
    assert [a["node"]["jurisdiction"] for a in ancestors] == [
        by_file[county["parent"]["file"]]["jurisdiction"]["name"],
        by_file[by_file[county["parent"]["file"]]["parent"]["file"]]["jurisdiction"]["name"],
    ]
    assert "weakened" in ancestors[0]["edge"]["changes"]
    # the summary says where: the county's own step
    head = summary(result)
    assert head[0].endswith(f"2 above, up to {ancestors[-1]['node']['document']}")
    assert any(line.startswith("weakened at") and county["doc_number"] in line for line in head)
    lines = render(result).splitlines()
    assert lines[: len(head)] == head
    middle = [k for k, line in enumerate(lines) if line.lstrip().startswith("↑")][1]
    assert lines[middle + 1].lstrip().startswith("· ")  # the prefecture's step from the province
    target = next(k for k, line in enumerate(lines) if line.lstrip().startswith("●"))
    assert "weakened" in lines[target + 1]  # the county's step from the prefecture
    write_html(result, tmp_path / "t.html")
    page = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert page.count('<div class="edge">') == len(ancestors) + _count(result["descendants"])
    assert 'class="chg weakened"' in page


def test_a_large_trace_page_folds_the_duties(synthetic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Past 20 items below, each item's duties start folded (<details> without open); the
    subtrees stay open; below that, everything is open."""
    import copy

    from kg.graph.trace import trace, write_html

    store, truth = synthetic
    root = next(d for d in truth["documents"] if not d.get("parent"))
    iri = next(e.iri for e in store.documents() if Path(e.source).name == root["file"])
    result = trace(store, f"{iri}/sec_2__item_1")
    assert result["descendants"] and any(e.get("duties") for e in result["descendants"])
    write_html(result, tmp_path / "small.html")
    small = (tmp_path / "small.html").read_text(encoding="utf-8")
    assert "<details>" not in small and "<details open>" in small
    large = copy.deepcopy(result)
    while _count(large["descendants"]) <= 20:
        large["descendants"] += copy.deepcopy(result["descendants"])
    write_html(large, tmp_path / "large.html")
    page = (tmp_path / "large.html").read_text(encoding="utf-8")
    assert page.count("<details><summary>") == sum(1 for e in _walk(large["descendants"]) if e.get("duties"))
    assert "below</summary>" in page


def _walk(entries: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    return [x for e in entries for x in [e, *_walk(e.get("descendants", []))]]


def _count(entries: list[dict]) -> int:  # type: ignore[type-arg]
    return sum(1 + _count(e.get("descendants", [])) for e in entries)


def _depth(entries: list[dict]) -> int:  # type: ignore[type-arg]
    return max((1 + _depth(e.get("descendants", [])) for e in entries), default=0)


def test_units_count_own_and_collective_duties(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    where = str(tmp_path / "store")
    result = runner.invoke(cli, ["--store", where, "build", str(CORPUS), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    out = runner.invoke(cli, ["--store", where, "network", "units", "--limit", "3"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0].split() == [
        "unit",
        "own",
        "supporting",
        "as_member",
        "total",
        "documents",
    ]
    assert len(out.stdout.splitlines()) == 4
    csv = runner.invoke(cli, ["--store", where, "network", "documents", "--format", "csv"])
    assert csv.stdout.splitlines()[1].startswith("莱芜政办发〔2023〕5号,莱芜区,济政办发〔2023〕8号,19,19,1.0")
    store = Store(where)
    rows = units(responsibility(store), organisation(store))
    office = next(r for r in rows if r["unit"] == "莱芜区人民政府办公室")
    own = select(store, f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d odrl:assignee <{office['iri']}> }}")
    via = select(
        store,
        f"""SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ <{office["iri"]}> pk:memberOfCollective ?c .
              ?d odrl:assignee ?c . FILTER NOT EXISTS {{ ?d odrl:assignee <{office["iri"]}> }} }}""",
    )
    assert (office["own"], office["as_member"]) == (int(own[0]["n"]), int(via[0]["n"]))
    assert office["total"] == office["own"] + office["as_member"] and office["as_member"] > 0
    org = organisation(store)
    assert all(org.nodes[r["iri"]]["kind"] != "collective_unit" for r in rows if r["iri"] in org)
    totals = [r["total"] for r in rows]
    assert totals == sorted(totals, reverse=True)


def test_units_count_the_duties_they_only_support(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """临沂's table has a 配合单位 column: 市委宣传部 supports task 2 and leads nothing."""
    source = UNSEEN / "u16_linyi_points_numbered_on_lead_and_support_columns.txt"
    where = str(tmp_path / "store")
    result = runner.invoke(cli, ["--store", where, "build", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    store = Store(where)
    graph = responsibility(store)
    roles = {(graph.nodes[u]["label"], d.rsplit("/", 1)[-1], e["role"]) for u, d, e in graph.edges(data=True)}
    assert ("临沂市委宣传部", "task_2", "supporting") in roles
    assert ("临沂市工业和信息化局", "task_2", "responsible") in roles
    row = next(r for r in units(graph, organisation(store)) if r["unit"] == "临沂市委宣传部")
    assert (row["own"], row["supporting"]) == (1, 1)
