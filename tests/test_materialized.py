"""Materialized queries: computed with every change, read by their named queries, never exported."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import corpus_files
from kg.errors import KgError
from kg.query.named import run_named
from kg.store import Store, materialized
from tests.conftest import CORPUS

FILES = corpus_files([CORPUS])
JINAN = next(p for p in FILES if p.name.startswith("004_"))
NAMES = [mq.name for mq in materialized.queries()]
#: the named queries that read materialized rows, with parameters that leave rows on the corpus
READERS = {
    "added-items": {},
    "dropped-items": {},
    "postponed": {},
    "weakened": {},
    "due-between": {"from": "2023-06-01", "to": "2023-12-31"},
    "overdue": {"as_of": "2023-12-01"},
    "quantified": {"topic": "培训"},
    "unassigned": {},
    "unit-load": {},
}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus (山东) and a small synthetic corpus of 北京 whose children drop, add,
    weaken and postpone (the corpus's one child does little of that)."""
    from tests.scripts import bench_script

    root = tmp_path_factory.mktemp("materialized")
    bench_script("synth").generate(
        root / "synth", seed=5, only=["110000"], prefectures=4, counties=2, limit=9
    )
    path = root / "store"
    Store(path).ingest(FILES + corpus_files([root / "synth"]))
    return path


def _copy(corpus_store: Path, tmp_path: Path) -> Store:
    shutil.copytree(corpus_store, tmp_path / "store")
    return Store(tmp_path / "store")


def _without_rows(store: Store) -> ox.Store:
    """The store's graphs in a plain Oxigraph store, without the materialized rows."""
    plain = ox.Store()
    plain.extend(
        q for q in store.ox if not materialized.is_materialized_graph(getattr(q.graph_name, "value", ""))
    )
    return plain


def _answers(store: ox.Store) -> dict[str, tuple[list[str], list[list[str | None]]]]:
    return {name: run_named(store, name, params) for name, params in READERS.items()}


def test_every_materialized_query_is_read_by_a_named_query() -> None:
    from kg.query.named import load_queries

    assert NAMES == [
        "added-items",
        "dated-duties",
        "dropped-items",
        "postponed",
        "quantified",
        "unassigned",
        "unit-load",
        "weakened",
    ]
    readers = {q.name: [mq.name for mq in materialized.read_by(q.text)] for q in load_queries()}
    assert {name for name, reads in readers.items() if reads} == set(READERS)
    assert {mq for reads in readers.values() for mq in reads} == set(NAMES)


def test_stored_rows_give_what_computing_them_on_the_spot_gives(corpus_store: Path) -> None:
    store = Store(corpus_store)
    assert materialized.missing(store.ox) == []
    stored = _answers(store.ox)
    plain = _without_rows(store)
    assert not any(materialized.present(plain, v) for v in materialized.queries())
    assert _answers(plain) == stored  # run_named computes missing rows from the graphs
    assert all(len(rows) >= 2 for _, rows in stored.values())


def test_materialized_rows_follow_every_change(corpus_store: Path, tmp_path: Path) -> None:
    store = _copy(corpus_store, tmp_path)
    before = _answers(store.ox)
    store.remove([store.find("jinan-2023").short_id])
    after = _answers(store.ox)
    assert after == _answers(_without_rows(store))
    assert after["unit-load"] != before["unit-load"]
    assert not any("济政办发" in str(row) for row in after["unassigned"][1])
    store.ingest([JINAN])
    assert _answers(store.ox) == before


def test_materialized_rows_are_left_out_of_exports_and_counts(corpus_store: Path, tmp_path: Path) -> None:
    from kg.build import build_corpus

    store = _copy(corpus_store, tmp_path)
    cached = sum(
        len(list(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(v.graph))))
        for v in materialized.queries()
    )
    assert cached > 100
    assert len(store) == len(store.ox) - cached
    assert not any("/id/materialized/" in line for line in store.lines())
    assert not any(materialized.is_materialized_graph(name) for name in store.graph_names())
    assert all(materialized.is_materialized_graph(v.graph) for v in materialized.queries())
    assert set(store.graph_names(with_materialized=True)) - set(store.graph_names()) == {
        v.graph for v in materialized.queries()
    }
    report = build_corpus([CORPUS], tmp_path / "out", store=store, validate=False)
    text = report.output.read_text(encoding="utf-8")
    assert "/materialized/" not in text and report.triples == len(store)


def test_a_store_that_lost_its_materialized_rows_computes_them_when_opened(
    corpus_store: Path, tmp_path: Path
) -> None:
    store = _copy(corpus_store, tmp_path)
    expected = _answers(store.ox)
    # as if the process stopped between the change and the refresh
    store.ox.update(" ; ".join(f"DROP GRAPH <{v.graph}>" for v in materialized.queries()))
    store.ox.flush()
    assert materialized.missing(store.ox) == NAMES
    del store
    reopened = Store(tmp_path / "store")
    assert materialized.missing(reopened.ox) == []
    assert _answers(reopened.ox) == expected


def test_rows_without_their_count_are_incomplete_and_computed_again(
    corpus_store: Path, tmp_path: Path
) -> None:
    store = _copy(corpus_store, tmp_path)
    expected = _answers(store.ox)
    mq = materialized.queries()[0]
    # as if the process stopped after the rows were loaded but before their count was written
    store.ox.update(f"DELETE WHERE {{ GRAPH <{mq.graph}> {{ <{mq.node}> ?p ?o }} }}")
    row = next(q.subject for q in store.quads(mq.graph) if q.subject.value != mq.node)
    store.ox.update(f"DELETE WHERE {{ GRAPH <{mq.graph}> {{ {row} ?p ?o }} }}")
    store.ox.flush()
    assert materialized.missing(store.ox) == [mq.name]
    del store
    gc.collect()
    reopened = Store(tmp_path / "store")
    assert materialized.missing(reopened.ox) == []
    assert _answers(reopened.ox) == expected


def test_a_failed_refresh_is_reported_in_one_line_and_mended_on_the_next_open(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _copy(corpus_store, tmp_path)
    expected = _answers(store.ox)

    def fail(*args: object, **kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(materialized, "refresh", fail)
    with pytest.raises(KgError, match="materialized queries .* next opened"):
        store.remove(["jinan-2023"])
    monkeypatch.undo()
    del store
    reopened = Store(tmp_path / "store")  # the removal stands; the rows are computed now
    assert materialized.missing(reopened.ox) == []
    assert _answers(reopened.ox) == _answers(_without_rows(reopened))
    assert _answers(reopened.ox) != expected


def test_a_column_may_not_take_the_row_number_s_name() -> None:
    mq = materialized.Materialized("bad", "SELECT ?rowNumber WHERE { }")
    with pytest.raises(ValueError, match="rowNumber"):
        materialized.rows_ntriples(mq, ["rowNumber"], [])


def test_cells_of_json_results_become_the_same_terms() -> None:
    assert materialized.json_term(None) is None
    assert (
        materialized.json_term({"type": "uri", "value": "https://example.org/a"}) == "<https://example.org/a>"
    )
    assert materialized.json_term({"type": "literal", "value": '引"号', "xml:lang": "zh"}) == '"引\\"号"@zh'
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert (
        materialized.json_term({"type": "literal", "value": "3", "datatype": integer}) == f'"3"^^<{integer}>'
    )
    assert materialized.json_term({"type": "literal", "value": "单位"}) == '"单位"'


def test_overdue_reads_completions_beside_the_rows_stored_or_computed(
    corpus_store: Path, tmp_path: Path
) -> None:
    store = _copy(corpus_store, tmp_path)
    params = READERS["overdue"]
    _, before = run_named(store.ox, "overdue", params)
    duty = before[0][-1]
    store.add_completions([(duty, "2023-11-30", None, None)])
    _, after = run_named(store.ox, "overdue", params)
    assert [row for row in before if row[-1] != duty] == after
    assert run_named(_without_rows(store), "overdue", params)[1] == after  # records copied too
    # a completion after the day does not count yet
    assert run_named(store.ox, "overdue", {"as_of": "2023-11-29"}) == run_named(
        _copy(corpus_store, tmp_path / "b").ox, "overdue", {"as_of": "2023-11-29"}
    )


def _in(code: str | None, prefix: str) -> bool:
    return code is not None and code.startswith(prefix)


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_scope_keeps_the_rows_of_its_jurisdiction_and_below_in_the_same_order(
    corpus_store: Path, name: str
) -> None:
    store = Store(corpus_store)
    params = READERS[name]
    columns, everything = run_named(store.ox, name, params)
    scoped = {
        scope: run_named(store.ox, name, {**params, "scope": scope})[1]
        for scope in ("山东省", "370000", "济南市", "莱芜区", "370600", "北京市")
    }
    assert scoped["山东省"] == scoped["370000"]  # by name or by code
    for rows in scoped.values():
        assert rows == [row for row in everything if row in rows]  # a part, in the same order
    assert scoped["莱芜区"] == [row for row in scoped["济南市"] if row in scoped["莱芜区"]]
    assert scoped["北京市"], name  # the synthetic corpus has rows of every kind
    if "document" in columns or "child" in columns:
        at = columns.index("document" if "document" in columns else "child")
        code = {e.doc_number: e.jurisdiction for e in store.documents()}
        for scope, prefix in (("370000", "37"), ("济南市", "3701"), ("370600", "3706"), ("北京市", "11")):
            assert scoped[scope] == [row for row in everything if _in(code.get(row[at]), prefix)], scope
        assert len(scoped["370000"]) + len(scoped["北京市"]) == len(everything)
    else:  # units: by the area they belong to
        at = columns.index("area")
        assert {row[at] for row in scoped["莱芜区"]} == {"莱芜区"}
        assert {row[at] for row in scoped["370600"]} <= {"烟台市", "莱州市", "招远市", "海阳市"}
        assert not any(row in scoped["北京市"] for row in scoped["370000"])


def test_a_scope_that_names_no_jurisdiction_is_refused_in_one_line(corpus_store: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli
    from kg.errors import InputError

    store = Store(corpus_store)
    with pytest.raises(InputError, match="names no jurisdiction"):
        run_named(store.ox, "unit-load", {"scope": "烟台"})
    del store
    gc.collect()  # the store's lock goes with the object
    result = runner.invoke(cli, ["--store", str(corpus_store), "query", "unit-load", "-p", "scope=烟台"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "names no jurisdiction" in result.stderr


def test_a_large_store_computes_its_rows_in_a_child_process_to_the_same_result(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _copy(corpus_store, tmp_path)
    expected = _answers(store.ox)
    rows = sorted(str(q) for mq in materialized.queries() for q in store.quads(mq.graph))
    monkeypatch.setattr(materialized, "CHILD_MIN_GRAPHS", 0)
    calls: list[list[str]] = []
    real = materialized.subprocess.Popen

    def spy(command: list[str], **kwargs: object) -> object:
        calls.append(command)
        return real(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(materialized.subprocess, "Popen", spy)
    meanwhile: list[bool] = []
    materialized.refresh(
        store.ox, location=tmp_path / "store" / "oxigraph", meanwhile=lambda: meanwhile.append(bool(calls))
    )
    assert len(calls) == 1 and calls[0][1:3] == ["-m", "kg.store.materialized"]
    assert meanwhile == [True]  # done once, with the child started
    assert sorted(str(q) for mq in materialized.queries() for q in store.quads(mq.graph)) == rows
    assert _answers(store.ox) == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("kg-rows-")]  # files removed
