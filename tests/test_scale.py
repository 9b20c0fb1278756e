"""What makes large builds possible: parallel parsing, linear sibling links, the fast place-name
filter, streamed Turtle and the stage statistics of ``kg build --stats``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import corpus_files
from kg.cli import cli
from kg.errors import InputError
from kg.link.align import _without_places, comparison_key
from kg.link.parents import relate
from kg.normalize import key
from kg.parse import parse_file
from kg.parse.jurisdiction import gazetteer, short_name
from kg.paths import CORPUS
from kg.stats import Stages, resident_bytes
from kg.store import Store
from tests.scripts import bench_script

synth = bench_script("synth")


def test_place_names_are_removed_as_the_regular_expression_would() -> None:
    names = {u.name for u in gazetteer().units.values()} | {
        short_name(u.name) for u in gazetteer().units.values()
    }
    pattern = re.compile(
        "|".join(sorted((re.escape(n) for n in names if len(n) >= 2), key=len, reverse=True))
    )
    lines = [key(line) for path in corpus_files([CORPUS]) for line in path.read_text("utf-8").splitlines()]
    lines += ["济南市莱芜区", "烟台市莱州市招远市", "内蒙古自治区呼和浩特市", "山东省", "全市各区县"]
    assert len(lines) > 1000
    for line in lines:
        assert _without_places(line) == pattern.sub("", line), line
    assert comparison_key("推动全区政务公开") == comparison_key("推动全市政务公开")


def test_parallel_parsing_gives_the_same_store(tmp_path: Path) -> None:
    files = corpus_files([CORPUS])
    serial, parallel = Store(None), Store(None)
    serial.ingest(files, jobs=1)
    parallel.ingest(files, jobs=2)
    assert sorted(parallel.lines()) == sorted(serial.lines())


def test_parallel_parsing_reports_bad_files_as_errors(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    files = [*corpus_files([CORPUS])[:2], bad]
    store = Store(None)
    with pytest.raises(InputError):
        store.ingest(files, jobs=2)
    assert len(store) == 0  # nothing stored
    report = store.ingest(files, jobs=2, keep_going=True)
    assert len(report.failures) == 1 and "empty.txt" in report.failures[0]
    assert len(store) > 0


def test_siblings_are_linked_to_their_nearest_only_where_the_parent_is_missing(tmp_path: Path) -> None:
    # 6 provinces (their parent, the State Council's document, is not generated) and 4
    # prefectures of the first (whose parent is present).
    out = tmp_path / "synth"
    synth.generate(out, seed=3, provinces=6, prefectures=4, counties=0, limit=10, tables=0.0)
    docs = [d for path in sorted(out.glob("*.txt")) for d in parse_file(path).documents]
    family = relate(docs)
    provinces = {i for i, d in enumerate(docs) if d.jurisdiction and d.jurisdiction.level == "province"}
    assert len(provinces) == 6
    in_pairs = {i for a, b, _ in family.siblings for i in (a, b)}
    assert in_pairs == provinces  # every province has a sibling link, no prefecture has one
    assert 3 <= len(family.siblings) <= 6  # nearest siblings: at most one pair per member
    children = {p.child for p in family.parents}
    assert children and children.isdisjoint(provinces)


def test_streamed_turtle_is_the_store_and_deterministic(tmp_path: Path) -> None:
    files = corpus_files([CORPUS])
    outputs = []
    for n in range(2):
        store = Store(tmp_path / f"store{n}")
        store.ingest(files)
        count = store.write_turtle(tmp_path / f"graph{n}.ttl")
        outputs.append((tmp_path / f"graph{n}.ttl").read_bytes())
        graph = Graph().parse(tmp_path / f"graph{n}.ttl", format="turtle")
        expected = store.to_graph(completions=False)
        assert len(graph) == len(expected) and count >= len(graph)
        assert count == sum(len(store.graph_lines(g)) for g in store.graph_names() if "completions" not in g)
        assert set(graph) == set(expected)
        assert b"/id/materialized/" not in (tmp_path / f"graph{n}.ttl").read_bytes()
    assert outputs[0] == outputs[1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stages_record_time_and_memory() -> None:
    stages = Stages(interval=0.01)
    with stages.stage("work"):
        block = bytearray(64 * 2**20)  # 64 MiB, touched
        block[::4096] = b"x" * len(block[::4096])
    with stages.stage("work"):
        pass
    figures = stages.as_dict()
    assert set(figures["stages"]) == {"work"}
    assert figures["stages"]["work"]["peak_mb"] >= 64
    assert figures["stages"]["work"]["seconds"] >= 0
    assert resident_bytes() > 0
    del block


def test_build_writes_stage_statistics(tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    stats = tmp_path / "stats.json"
    result = runner.invoke(
        cli, ["build", str(corpus), "-o", str(tmp_path / "out"), "--jobs", "2", "--stats", str(stats)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(stats.read_text(encoding="utf-8"))
    assert {"parse", "graph", "link", "validate", "store", "turtle"} <= set(figures["stages"])
    assert figures["documents"] == 6 and figures["files"] == 5
    assert figures["triples"] > 1000 and figures["peak_mb"] > 0


def test_streamed_turtle_of_an_in_memory_store_is_the_same_in_every_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from kg.build import corpus_files; from kg.paths import CORPUS; "
        "from kg.store import Store; s = Store(None); s.ingest(corpus_files([CORPUS])); "
        "s.write_turtle(Path(sys.argv[1]))"
    )
    for n in range(2):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / f"m{n}.ttl")], check=True)
    assert (tmp_path / "m0.ttl").read_bytes() == (tmp_path / "m1.ttl").read_bytes()
