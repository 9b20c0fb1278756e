"""The persistent store: ingest, replace, remove, relink, completions, exports, validation."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build import corpus_files
from kg.errors import InputError, KgError
from kg.store import COMPLETIONS, SHARED, Store
from kg.store.export import CSV_COLUMNS, export_text
from tests.conftest import CORPUS

FILES = corpus_files([CORPUS])
JINAN = next(p for p in FILES if p.name.startswith("004_"))
LAIWU = next(p for p in FILES if p.name.startswith("001_"))


def _count(store: Store, sparql: str) -> int:
    return int(next(iter(store.query(sparql)))[0].value)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk holding the whole corpus (copied by the tests that change it)."""
    path = tmp_path_factory.mktemp("store") / "store"
    Store(path).ingest(FILES)
    return path


def _copy(corpus_store: Path, tmp_path: Path) -> Store:
    target = tmp_path / "store"
    shutil.copytree(corpus_store, target)
    return Store(target)


def _snapshot(store: Store) -> list[str]:
    return sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name}" for q in store.ox)


def test_each_document_has_its_graph_and_the_union_has_no_duplicates(corpus_store: Path) -> None:
    store = Store(corpus_store)
    entries = store.documents()
    assert sorted(e.short_id for e in entries) == [
        "haiyang-2022",
        "jinan-2023",
        "laiwu-2023",
        "laiwu-decisions-2023",
        "laizhou-2023",
        "zhaoyuan-2023",
    ]
    names = set(store.graph_names())
    for e in entries:
        assert e.graph in names and e.links in names
    assert str(SHARED) in names
    # Subjects never repeat across graphs: the union holds each triple once.
    assert len(store) == len(set(store.lines()))
    # The store's union is the graph `kg build` writes, with the store's own catalogue.
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c pk:inheritsFrom ?p . ?c a pk:Item }") == 19


def test_store_union_equals_the_built_graph(corpus_store: Path, built: Path) -> None:
    # Compared as Oxigraph reads them: Turtle writes the decimal 1 as 1.0, the same value.
    loaded = ox.Store()
    loaded.load(built.read_bytes(), ox.RdfFormat.TURTLE)
    assert sorted(f"{q.subject} {q.predicate} {q.object} ." for q in loaded) == sorted(
        Store(corpus_store).lines()
    )


def test_reingesting_unchanged_files_changes_nothing(corpus_store: Path, tmp_path: Path) -> None:
    store = _copy(corpus_store, tmp_path)
    before = _snapshot(store)
    report = store.ingest(FILES)
    assert report.added == [] and report.replaced == [] and len(report.unchanged) == 6
    assert _snapshot(store) == before


def test_a_file_that_breaks_half_way_leaves_the_store_unchanged(corpus_store: Path, tmp_path: Path) -> None:
    store = _copy(corpus_store, tmp_path)
    before = _snapshot(store)
    broken = tmp_path / "broken.txt"
    data = LAIWU.read_bytes()
    broken.write_bytes(data[: len(data) // 2] + b"\x00\x01\x02" * 400)  # text, then binary garbage
    with pytest.raises(KgError):
        store.ingest([JINAN, broken])
    assert _snapshot(store) == before
    # And when the database itself refuses the change, nothing is half-written either.
    changed = tmp_path / "laiwu.txt"
    changed.write_bytes(data.replace("不少于5次".encode(), "不少于3次".encode()))

    def refuse(update: str) -> None:
        raise OSError("disk full")

    real = store.ox
    store.ox = type(
        "Refusing", (), {"update": staticmethod(refuse), "__getattr__": lambda s, n: getattr(real, n)}
    )()  # type: ignore[assignment]
    with pytest.raises(KgError, match="unchanged"):
        store.ingest([changed])
    store.ox = real
    assert _snapshot(store) == before


def test_replacing_a_changed_file_relinks_it(corpus_store: Path, tmp_path: Path) -> None:
    store = _copy(corpus_store, tmp_path)
    changed = tmp_path / LAIWU.name
    changed.write_bytes(LAIWU.read_bytes().replace("不少于5次".encode(), "不少于3次".encode()))
    report = store.ingest([changed])
    assert sorted(report.replaced) == ["laiwu-2023", "laiwu-decisions-2023"]
    assert "laiwu-2023" in report.relinked and "zhaoyuan-2023" not in report.relinked
    weakened = _count(
        store,
        """SELECT (COUNT(*) AS ?n) WHERE { ?c prov:qualifiedDerivation ?a . ?a pk:detail ?d .
           ?d pk:detailType "quantity-weaker" ; pk:childText ?t . FILTER(CONTAINS(?t, "≥3")) }""",
    )
    assert weakened == 1
    assert len(store) == len(set(store.lines()))


def test_removing_a_parent_turns_the_child_link_into_an_expected_parent(
    corpus_store: Path, tmp_path: Path
) -> None:
    store = _copy(corpus_store, tmp_path)
    jinan = store.find("济政办发〔2023〕8号")
    report = store.remove(["jinan-2023"])
    assert report.removed == ["jinan-2023"] and "laiwu-2023" in report.relinked
    assert jinan.graph not in store.graph_names()
    leftovers = [line for line in store.lines() if line.startswith(f"<{jinan.iri}")]
    assert leftovers == []
    missing = store.query(
        """SELECT ?short WHERE { ?d pk:shortId ?short ; pk:expectedParent ?e . ?e pk:inCorpus false ;
             pk:expectedJurisdiction/skos:notation "370100" }"""
    )
    assert {s["short"].value for s in missing} == {"laiwu-2023", "laiwu-decisions-2023"}
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c pk:inheritsFrom ?p . ?c a pk:Item }") == 0
    # 济南's own expected parent (山东省) went with it.
    assert (
        _count(store, 'SELECT (COUNT(*) AS ?n) WHERE { ?e pk:expectedJurisdiction/skos:notation "370000" }')
        == 0
    )
    store.ingest([JINAN])
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c pk:inheritsFrom ?p . ?c a pk:Item }") == 19
    assert set(store.to_graph(completions=False)) == set(Store(corpus_store).to_graph(completions=False))


def test_unknown_document_and_not_a_store(tmp_path: Path, corpus_store: Path) -> None:
    with pytest.raises(InputError, match="no document in the store"):
        Store(corpus_store).find("nowhere-1999")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "something.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a policy-kg store"):
        Store(folder)


def test_completions_live_in_their_own_graph_and_survive_a_build(corpus_store: Path, tmp_path: Path) -> None:
    from kg.build import build_corpus

    store = _copy(corpus_store, tmp_path)
    laiwu = store.find("laiwu-2023")
    made = store.add_completions(
        [(f"{laiwu.iri}/task_30", "2023-09-20", "https://example.org/30", "按期完成")]
    )
    assert len(made) == 1
    in_graph = list(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(COMPLETIONS))))
    assert len(in_graph) == 5
    with pytest.raises(InputError, match="no task or obligation"):
        store.add_completions([(f"{laiwu.iri}/task_999", "2023-09-20", None, None)])
    with pytest.raises(InputError, match="not a date"):
        store.add_completions([(f"{laiwu.iri}/task_30", "2023-02-30", None, None)])
    build_corpus([CORPUS], tmp_path / "out", store=store, validate=False)
    assert len(list(store.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(COMPLETIONS))))) == 5


def test_export_round_trip_and_formats(corpus_store: Path) -> None:
    store = Store(corpus_store)
    turtle = export_text(store, "turtle")
    fresh = ox.Store()
    fresh.load(turtle.encode("utf-8"), ox.RdfFormat.TURTLE)
    assert sorted(f"{q.subject} {q.predicate} {q.object} ." for q in fresh) == sorted(set(store.lines()))
    assert export_text(store, "turtle") == turtle  # deterministic
    trig = export_text(store, "trig")
    back = ox.Store()
    back.load(trig.encode("utf-8"), ox.RdfFormat.TRIG)
    # every graph but the materialized rows (a cache, computed again by a store that loads
    # the export)
    kept = [line for line in _snapshot(store) if "/id/graph/materialized/" not in line.rsplit(" ", 1)[1]]
    assert kept == sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name}" for q in back)
    assert len(kept) < len(_snapshot(store))
    data = json.loads(export_text(store, "jsonld"))
    assert "@context" in data and len(data["@graph"]) > 100
    assert export_text(store, "jsonld") == export_text(store, "jsonld")
    nt = export_text(store, "nt")
    assert len(nt.splitlines()) == len(store)


def test_csv_export_opens_in_excel_with_chinese_intact(corpus_store: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    out = tmp_path / "duties.csv"
    result = runner.invoke(cli, ["--store", str(corpus_store), "export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == CSV_COLUMNS
    body = rows[1:]
    kinds = {r[3] for r in body}
    assert kinds == {"task", "obligation"}
    task = next(
        r for r in body if r[0] == "莱芜政办发〔2023〕5号" and r[3] == "task" and r[7] == "2023-09-30"
    )
    assert task[5] and task[6] == "2023年9月底前"
    assert any("“" in r[4] for r in body)  # full-width quotes kept
    store = Store(corpus_store)
    duties = _count(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a odrl:Duty }")
    assert len(body) == duties


def test_kg_validate(corpus_store: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["--store", str(corpus_store), "validate"])
    assert result.exit_code == 0 and "conforms" in result.stderr
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix pk: <https://w3id.org/policy-kg/ontology#> .\n<urn:x> a pk:PolicyDocument .\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and "violation" in result.stdout and "does not conform" in result.stderr
    # pySHACL, the reference, finds the same violations (its own wording where a shape has no
    # sh:message); and the store conforms for it too
    reference = runner.invoke(cli, ["validate", "--pyshacl", str(bad)])
    assert reference.exit_code == 1
    focus = sorted(line.split(": ", 1)[0] for line in result.stdout.splitlines())
    assert focus == sorted(line.split(": ", 1)[0] for line in reference.stdout.splitlines())
    # title, year, genre and source file are violations; a missing date or issuer only warns
    assert len(focus) == 4
    assert "prints no signing date" in result.stderr and "No issuer could be read" in result.stderr
    assert runner.invoke(cli, ["--store", str(corpus_store), "validate", "--pyshacl"]).exit_code == 0
    result = runner.invoke(cli, ["validate", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2
    (tmp_path / "junk.ttl").write_text("this is { not turtle", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path / "junk.ttl")])
    assert result.exit_code == 2 and "not readable Turtle" in result.stderr


def test_kg_done_from_a_file_and_the_cli(corpus_store: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    store_dir = tmp_path / "store"
    shutil.copytree(corpus_store, store_dir)
    records = tmp_path / "done.csv"
    records.write_text(
        "duty,date,evidence,note\nlaiwu-2023/task_30,2023-09-20,https://example.org/a,按期\n"
        "莱芜政办发〔2023〕5号/task_49,2023-08-15,,\n",
        encoding="utf-8-sig",
    )
    result = runner.invoke(cli, ["--store", str(store_dir), "done", "--file", str(records)])
    assert result.exit_code == 0, result.output
    assert "recorded 2 completions" in result.stderr
    yaml_file = tmp_path / "done.yaml"
    yaml_file.write_text("- {duty: laiwu-2023/task_24, date: '2023-06-01'}\n", encoding="utf-8")
    assert runner.invoke(cli, ["--store", str(store_dir), "done", "--file", str(yaml_file)]).exit_code == 0
    result = runner.invoke(cli, ["--store", str(store_dir), "done", "laiwu-2023/task_1"])
    assert result.exit_code == 2 and "--date" in result.stderr
    result = runner.invoke(cli, ["--store", str(store_dir), "done", "nowhere/task_1", "--date", "2023-01-01"])
    assert result.exit_code == 2 and "no document in the store" in result.stderr


def test_ingest_and_remove_on_the_command_line(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    store_dir = str(tmp_path / "store")
    result = runner.invoke(cli, ["--store", store_dir, "ingest", str(JINAN)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr and "jinan-2023 → 山东省 2023" in result.stderr
    result = runner.invoke(cli, ["--store", store_dir, "ingest", str(LAIWU)])
    assert "parent: laiwu-2023 → jinan-2023" in result.stderr
    result = runner.invoke(cli, ["--store", store_dir, "documents", "--format", "json"])
    assert {d["id"] for d in json.loads(result.stdout)} == {
        "jinan-2023",
        "laiwu-2023",
        "laiwu-decisions-2023",
    }
    result = runner.invoke(cli, ["--store", store_dir, "remove", "济政办发〔2023〕8号"])
    assert result.exit_code == 0 and "removed jinan-2023" in result.stderr
    result = runner.invoke(cli, ["--store", store_dir, "remove", "jinan-2023"])
    assert result.exit_code == 2 and "no document in the store" in result.stderr
    result = runner.invoke(cli, ["--store", str(tmp_path / "empty"), "query", "SELECT * WHERE { ?s ?p ?o }"])
    assert result.exit_code == 2 and "no store there yet" in result.stderr


@pytest.mark.parametrize("name", ["missing-parents", "citations", "due-between"])
def test_kg_query_prints_the_golden_rows(corpus_store: Path, runner, name: str) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli
    from kg.paths import ROOT

    golden = json.loads((ROOT / "tests" / "data" / "queries" / f"{name}.json").read_text(encoding="utf-8"))
    args = ["--store", str(corpus_store), "query", name, "--format", "json"]
    for key, value in golden.get("params", {}).items():
        args += ["--param", f"{key}={value}"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == golden["rows"]


def test_kg_query_inline_file_and_errors(corpus_store: Path, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    store = ["--store", str(corpus_store)]
    result = runner.invoke(
        cli, [*store, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?d a pk:PolicyDocument }", "--format", "csv"]
    )
    assert result.exit_code == 0 and result.stdout == "n\n6\n"
    rq = tmp_path / "mine.rq"
    rq.write_text('ASK { ?d pk:shortId "laiwu-2023" }', encoding="utf-8")
    result = runner.invoke(cli, [*store, "query", "-f", str(rq), "--format", "json"])
    assert json.loads(result.stdout) == {"boolean": True}
    result = runner.invoke(cli, [*store, "query", "overdeu"])
    assert result.exit_code == 2 and "did you mean overdue" in result.stderr
    result = runner.invoke(cli, [*store, "query", "SELECT * WHERE { ?s ?p }"])
    assert result.exit_code == 2 and "not valid SPARQL" in result.stderr
    result = runner.invoke(cli, [*store, "query", "overdue", "--param", "as_of=yesterday"])
    assert result.exit_code == 2 and "not a date" in result.stderr
    result = runner.invoke(cli, [*store, "queries", "--format", "json"])
    listed = json.loads(result.stdout)
    assert len(listed) >= 12 and all({"name", "summary", "params"} <= set(q) for q in listed)


def test_a_large_change_is_bulk_loaded_into_the_same_store(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change over BULK_MIN_TRIPLES goes through a fresh database swapped in (on disk and in
    memory); the result is quad for quad what one SPARQL update gives, completions kept."""
    import kg.store as store_module

    reference = _copy(corpus_store, tmp_path / "a")
    reference.add_completions([(_a_duty(reference), "2023-09-30", "https://example.org/e", None)])
    reference.ingest(FILES, sync=True)
    expected = _snapshot(reference)
    monkeypatch.setattr(store_module, "BULK_MIN_TRIPLES", 1)
    bulk = _copy(corpus_store, tmp_path / "b")
    bulk.add_completions([(_a_duty(bulk), "2023-09-30", "https://example.org/e", None)])
    bulk.ingest(FILES, sync=True)
    assert _snapshot(bulk) == expected
    assert sorted(p.name for p in (tmp_path / "b" / "store").iterdir() if p.name.startswith("oxigraph")) == [
        "oxigraph"
    ]
    del bulk
    assert _snapshot(Store(tmp_path / "b" / "store")) == expected  # reopened from disk
    memory = Store(None)
    memory.ingest(FILES)
    memory.add_completions([(_a_duty(memory), "2023-09-30", "https://example.org/e", None)])
    memory.ingest(FILES, sync=True)
    assert _snapshot(memory) == expected


def test_a_failed_bulk_load_leaves_the_store_unchanged(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.store as store_module

    store = _copy(corpus_store, tmp_path)
    before = _snapshot(store)
    monkeypatch.setattr(store_module, "BULK_MIN_TRIPLES", 1)
    real = ox.Store.bulk_load

    def refuse(self: ox.Store, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)  # half of it written …
        raise OSError("disk full")  # … then the disk fills

    monkeypatch.setattr(ox.Store, "bulk_load", refuse)
    with pytest.raises(KgError, match="unchanged"):
        store.ingest(FILES, sync=True)
    monkeypatch.setattr(ox.Store, "bulk_load", real)
    assert _snapshot(store) == before
    assert not (tmp_path / "store" / "oxigraph.new").exists()


def test_a_large_build_writes_its_turtle_while_the_rows_are_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kg build of a large corpus: the Turtle is written by the store while a child process
    computes the materialized rows, and is byte for byte what the store writes afterwards."""
    import kg.build as build_module
    import kg.store as store_module
    from kg.build import build_corpus
    from kg.store import materialized

    monkeypatch.setattr(store_module, "BULK_MIN_TRIPLES", 1)
    monkeypatch.setattr(build_module, "PRETTY_LIMIT", 1)
    monkeypatch.setattr(materialized, "CHILD_MIN_GRAPHS", 0)
    alive: list[bool] = []
    real_refresh = materialized.refresh

    def watch(store: ox.Store, **kwargs: object) -> int:
        meanwhile = kwargs.pop("meanwhile")

        def check() -> None:
            # the child is running: its rows' folder exists and the Turtle is not there yet
            alive.append(any(p.name.startswith("kg-rows-") for p in (tmp_path / "store").iterdir()))
            meanwhile()  # type: ignore[operator]

        return real_refresh(store, meanwhile=check, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(materialized, "refresh", watch)
    store = Store(tmp_path / "store")
    report = build_corpus(FILES, tmp_path / "out", store=store)
    assert alive == [True]
    assert report.triples == len(Graph().parse(report.output, format="turtle"))
    store.write_turtle(tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == report.output.read_bytes()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.ttl"]  # no temporary left


def test_a_build_failing_after_its_turtle_leaves_the_old_turtle_and_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.build as build_module
    import kg.store as store_module
    from kg.build import build_corpus
    from kg.store import materialized

    monkeypatch.setattr(store_module, "BULK_MIN_TRIPLES", 1)
    monkeypatch.setattr(build_module, "PRETTY_LIMIT", 1)
    monkeypatch.setattr(materialized, "CHILD_MIN_GRAPHS", 0)
    store = Store(tmp_path / "store")
    build_corpus(FILES[:2], tmp_path / "out", store=store)
    before, turtle = _snapshot(store), (tmp_path / "out" / "graph.ttl").read_bytes()

    # the child process fails (after the Turtle was written, which runs meanwhile)
    monkeypatch.setattr(materialized.sys, "executable", "/bin/false")
    with pytest.raises(KgError, match="unchanged"):
        build_corpus(FILES, tmp_path / "out", store=store)
    assert _snapshot(store) == before
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == turtle
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["graph.ttl"]


def test_an_interrupted_swap_is_finished_or_undone_on_open(corpus_store: Path, tmp_path: Path) -> None:
    store = _copy(corpus_store, tmp_path)
    expected = _snapshot(store)
    del store
    root = tmp_path / "store"
    # Stopped while the new copy was being loaded: the copy is dropped, the old store stays.
    (root / "oxigraph.new").mkdir()
    (root / "oxigraph.new" / "half").write_text("x")
    assert _snapshot(Store(root)) == expected
    assert not (root / "oxigraph.new").exists()
    # Stopped between the two renames: the complete new copy is put in place.
    shutil.copytree(root / "oxigraph", root / "oxigraph.new")
    (root / "oxigraph").rename(root / "oxigraph.old")
    assert _snapshot(Store(root)) == expected
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("oxigraph")) == ["oxigraph"]


def _a_duty(store: Store) -> str:
    return str(next(iter(store.query("SELECT ?d WHERE { ?d a pk:Task } ORDER BY ?d LIMIT 1")))[0].value)


@pytest.mark.parametrize("bulk", [False, True], ids=["update", "bulk-load"])
def test_a_graph_against_the_shapes_is_refused_either_way(
    corpus_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """Small changes are validated in a store of their own graphs, large ones in the fresh
    database they are bulk-loaded into: a violation stops the build either way and the store
    keeps what it had."""
    import kg.model
    import kg.store as store_module
    from kg.errors import ValidationFailed
    from kg.model.namespaces import PK, RDF

    store = _copy(corpus_store, tmp_path)
    before = _snapshot(store)
    real = kg.model.documents_graph

    def broken(docs):  # type: ignore[no-untyped-def]
        graph = real(docs)
        graph.add((store_module.URIRef("https://w3id.org/policy-kg/id/doc/bad"), RDF.type, PK.PolicyDocument))
        return graph

    monkeypatch.setattr(kg.model, "documents_graph", broken)
    if bulk:
        monkeypatch.setattr(store_module, "BULK_MIN_TRIPLES", 1)
    with pytest.raises(ValidationFailed, match="does not conform"):
        store.ingest(FILES, sync=True, validate=True, jobs=1)
    assert _snapshot(store) == before
    assert not (tmp_path / "store" / "oxigraph.new").exists()
