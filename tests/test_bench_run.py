"""The whole-pipeline benchmark (bench/run.py): scoring against the truth, query parameters, report."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.named import get_query
from tests.scripts import bench_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "run.py"


run = bench_script("run")

# 山东省 and its first two prefectures (济南, 青岛): two child documents, with 任务分工 tables.
TINY = (*run.SYNTH_OPTIONS, "--only", "370000")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A 3-document corpus run through the benchmark: generated, built with kg, queried, scored."""
    work = tmp_path_factory.mktemp("bench") / "n3"
    kg = run.kg_command()
    result = run.run_size(3, work, kg=kg, flags=run.build_flags(kg), runs=1, options=TINY)
    assert result.build.returncode == 0
    return work, result


@pytest.fixture()
def store(tiny) -> Iterator[ox.Store]:  # type: ignore[no-untyped-def]
    work, _ = tiny
    store = ox.Store.read_only(str(work / "store" / "oxigraph"))
    yield store
    del store


def test_truth_links(tiny) -> None:  # type: ignore[no-untyped-def]
    work, _ = tiny
    truth = run.read_truth(work / "corpus" / "truth.json")
    gold = run.truth_links(truth)
    assert gold.parents == {("2023-370100.txt", "2023-370000.txt"), ("2023-370200.txt", "2023-370000.txt")}
    items = sum(len(s["item_list"]) for d in truth["documents"] if d["parent"] for s in d["sections"])
    assert len(gold.pairs) + len(gold.added) == items
    assert {c for _, c in gold.changes} <= set(run.CHANGES.values())
    assert all(child[0] != parent[0] for child, parent in gold.pairs)


def test_store_against_truth(tiny, store: ox.Store) -> None:  # type: ignore[no-untyped-def]
    work, result = tiny
    found = run.store_links(store)
    gold = run.truth_links(run.read_truth(work / "corpus" / "truth.json"))
    scores = run.quality(found, gold)
    assert scores == result.quality
    assert found.parents == gold.parents
    assert scores["document parents"].precision == scores["document parents"].recall == 1.0
    pairs = scores["item pairs"]
    assert pairs.found > 50 and pairs.gold > 50
    assert pairs.hits == len(found.pairs & gold.pairs)
    assert pairs.precision >= 0.9 and pairs.recall >= 0.9
    assert scores["changes (all)"].found > 0 and scores["  verbatim"].hits > 0


def test_a_wrong_prediction_lowers_precision(tiny, store: ox.Store) -> None:  # type: ignore[no-untyped-def]
    work, _ = tiny
    found = run.store_links(store)
    gold = run.truth_links(run.read_truth(work / "corpus" / "truth.json"))
    before = run.quality(found, gold)["item pairs"]
    # A correct pair turned wrong: the same child item now claims another parent item.
    (child, parent) = sorted(found.pairs & gold.pairs)[0]
    wrong = (child, (parent[0], parent[1], parent[2] + 100))
    found.pairs = (found.pairs - {(child, parent)}) | {wrong}
    after = run.quality(found, gold)["item pairs"]
    assert after.found == before.found and after.hits == before.hits - 1
    assert after.precision < before.precision and after.recall < before.recall
    # A wrong document parent lowers the document precision below 1.
    found.parents.add(("2023-370200.txt", "2023-370100.txt"))
    assert run.quality(found, gold)["document parents"].precision == pytest.approx(2 / 3)


def test_query_params_fit_the_synthetic_corpus(tiny, store: ox.Store) -> None:  # type: ignore[no-untyped-def]
    work, result = tiny
    truth = run.read_truth(work / "corpus" / "truth.json")
    params = run.query_params(truth)
    unit = params["unit-obligations"]["unit"]
    assert not unit.startswith("各")
    assert any(
        unit in (t["units"] or "")
        for d in truth["documents"]
        for t in (d.get("annex") or {}).get("tasks", [])
    )
    start = datetime.date.fromisoformat(params["due-between"]["from"])
    end = datetime.date.fromisoformat(params["due-between"]["to"])
    assert start <= end and start.year == 2023
    for name in ("unit-obligations", "due-between", "overdue"):
        timing = run.time_query(store, get_query(name), params[name], runs=2)
        assert timing.p50_ms is not None and timing.rows > 0, (name, timing)
    by_name = {q.name: q for q in result.queries}
    assert by_name["unit-obligations"].rows > 0
    assert all(q.p50_ms is not None for q in result.queries), [q for q in result.queries if q.error]
    assert result.cli_query is not None and result.cli_query[1] > 0


def test_a_required_parameter_without_a_value_is_not_run(store: ox.Store) -> None:
    timing = run.time_query(store, get_query("due-between"), {}, runs=1)
    assert timing.p50_ms is None and timing.error.startswith("no value for from, to")


def test_score() -> None:
    assert run.score(set(), set()).cell() == "1.000/1.000"
    s = run.score({"a", "b"}, {"b", "c", "d", "e"})
    assert (s.found, s.gold, s.hits, s.precision, s.recall) == (2, 4, 1, 0.5, 0.25)


def _result(size: int, build_s: float, query_ms: float, peak_mb: float, item_p: float = 1.0):  # type: ignore[no-untyped-def]
    stats = {
        "files": size,
        "documents": size,
        "triples": size * 1000,
        "stages": {
            "parse": {"seconds": build_s / 2, "peak_mb": peak_mb / 2},
            "link": {"seconds": build_s / 2, "peak_mb": peak_mb},
        },
        "peak_mb": peak_mb,
    }
    result = run.Result(size, size, 0.5, run.Build(build_s, peak_mb, 0, stats))
    result.queries = [
        run.QueryTime("overdue", query_ms, 7, {"as_of": "2023-11-01"}),
        run.QueryTime("weakened", 1.0, 0, {}),
    ]
    hits = round(100 * item_p)
    result.quality = {"document parents": run.Score(10, 10, 10), "item pairs": run.Score(100, 100, hits)}
    return result


def test_growth() -> None:
    assert run.growth_limit(3.0) == 3.5
    assert run.growth_cell(35.0, 10.0, 3000, 1000) == "3.50 ✓"
    assert run.growth_cell(36.0, 10.0, 3000, 1000) == "3.60 ✗"
    assert run.growth_cell(1.0, 0.0, 3000, 1000) == "-"


def test_report_rows_and_marks() -> None:
    results = [_result(100, 60.0, 20.0, 500.0), _result(300, 240.0, 1500.0, 9000.0, item_p=0.9)]
    rows = dict(run.report_rows(results))
    assert rows["documents"] == ["100", "300"]
    assert rows["parse s"] == ["30.0", "120.0"] and rows["link peak MB"] == ["500", "9000"]
    assert rows["kg build s (wall)"] == ["60.0", "240.0"]
    assert rows["total s"] == ["60.0 ✓", "241.5 ✓"]
    assert rows["peak MB"] == ["500 ✓", "9000 ✗"]
    assert rows["p50 ms overdue"] == ["20.0 (7)", "1500.0 (7)"]
    assert rows["slowest p50 ms"] == ["20.0 ✓ overdue", "1500.0 ✗ overdue"]
    assert rows["P/R item pairs"] == ["1.000/1.000 ✓", "0.900/0.900 ✗"]
    assert rows["build × previous size"] == ["-", "4.00 ✗"]  # 3× the documents: at most 3.5
    assert rows["total × previous size"][1] == "4.02 ✗"
    assert rows["parse × previous size"] == ["-", "4.00 ✗"]
    assert rows["queries × previous size"][1] == "71.48 ✗"  # (1500 + 1) / (20 + 1) ms
    text = run.report(results, {"--stats"}, runs=3)
    lines = text.splitlines()
    assert lines[0].split() == ["documents", "asked", "100", "300"]
    assert "  overdue: as_of=2023-11-01" in lines
    section = run.results_section(text, "python bench/run.py --sizes 100 300", datetime.date(2026, 11, 23))
    assert section.startswith("\n## bench/run.py")
    assert "2026-11-23 · " in section and "`python bench/run.py --sizes 100 300`" in section
    assert section.rstrip().endswith("```") and f"```\n{text}\n```" in section


def test_report_without_stats() -> None:
    result = _result(100, 60.0, 20.0, 500.0)
    result.build.stats = None
    rows = dict(run.report_rows([result]))
    assert "parse s" not in rows and "triples" not in rows
    assert rows["peak MB"] == ["500 ✓"]


def test_build_flags_are_read_from_the_help() -> None:
    fake = [sys.executable, "-c", "print('  --jobs INTEGER  Parse in parallel.\\n  --keep-going')"]
    assert run.build_flags(fake) == {"--jobs"}
    assert "--stats" not in run.build_flags([sys.executable, "-c", "print('--stats-file')"])
