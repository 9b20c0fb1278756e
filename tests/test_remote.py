"""Beyond one machine, against a real Oxigraph server started on 127.0.0.1 by the test."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import Store
from kg.store.remote import oxigraph_binary, remote_query
from tests.conftest import CORPUS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - local test server
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A read-write Oxigraph server on a free local port; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pushed") / "store"
    from kg.build import corpus_files

    Store(path).ingest(corpus_files([CORPUS]))
    return path


def _local_counts(store_dir: Path) -> dict[str, int]:
    store = Store(store_dir)
    return {name: len(store.graph_lines(name)) for name in store.graph_names(with_materialized=True)}


def test_push_then_query_back_gives_the_same_count_per_graph(server: str, store_dir: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    local = _local_counts(store_dir)
    result = runner.invoke(
        cli, ["--store", str(store_dir), "push", "--endpoint", server + "/store", "--batch", "500"]
    )
    assert result.exit_code == 0, result.output
    assert f"pushed {len(local)} graphs" in result.stderr
    answer = remote_query(
        server + "/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    remote = {b["g"]["value"]: int(b["n"]["value"]) for b in answer["results"]["bindings"]}
    assert remote == local
    # Pushing again replaces, never duplicates.
    assert (
        runner.invoke(cli, ["--store", str(store_dir), "push", "--endpoint", server + "/store"]).exit_code
        == 0
    )
    answer = remote_query(server + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == sum(local.values())


def test_named_query_on_a_remote_endpoint_binds_parameters_safely(
    server: str, store_dir: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    assert (
        runner.invoke(cli, ["--store", str(store_dir), "push", "--endpoint", server + "/store"]).exit_code
        == 0
    )
    # The remote store's default graph is not the union: ask for one explicitly where needed.
    result = runner.invoke(
        cli,
        [
            "query",
            "--endpoint",
            server + "/query?union-default-graph",
            "missing-parents",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    local = runner.invoke(cli, ["--store", str(store_dir), "query", "missing-parents", "--format", "json"])
    assert result.stdout == local.stdout
    evil = 'x" } ; DROP ALL ; #'
    result = runner.invoke(
        cli,
        [
            "query",
            "--endpoint",
            server + "/query?union-default-graph",
            "unit-obligations",
            "--param",
            f"unit={evil}",
        ],
    )
    assert result.exit_code == 0, result.output
    answer = remote_query(server + "/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == sum(_local_counts(store_dir).values())


def test_unreachable_endpoint_is_one_line(runner, store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    port = _free_port()
    result = runner.invoke(
        cli, ["--store", str(store_dir), "push", "--endpoint", f"http://127.0.0.1:{port}/store"]
    )
    assert result.exit_code == 2 and "cannot reach the endpoint" in result.stderr
    result = runner.invoke(cli, ["query", "--endpoint", "ftp://x", "SELECT * WHERE { ?s ?p ?o }"])
    assert result.exit_code == 2 and "not an http(s) endpoint" in result.stderr


def test_kg_serve_is_read_only(tmp_path: Path, store_dir: Path) -> None:
    import shutil

    served = tmp_path / "served"
    shutil.copytree(store_dir, served)
    expected = len(Store(store_dir).ox)  # the union, materialized rows included: each triple once
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "--store", str(served), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", process)
        answer = remote_query(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == expected
        request = urllib.request.Request(
            base + "/update",
            data=b"update=DROP%20ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)  # noqa: S310 - local test server
        assert refused.value.code in (403, 404, 405)
        again = remote_query(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert again == answer
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_named_queries_reading_materialized_rows_answer_on_an_endpoint_with_or_without_them(
    server: str, store_dir: Path, runner
) -> None:  # type: ignore[no-untyped-def]
    import urllib.parse

    from kg.cli import cli
    from kg.store import materialized

    assert (
        runner.invoke(cli, ["--store", str(store_dir), "push", "--endpoint", server + "/store"]).exit_code
        == 0
    )
    asks = [["unit-load"], ["quantified", "--param", "topic=培训"], ["unassigned"]]

    def answers(where: list[str]) -> list[str]:
        out = []
        for ask in asks:
            result = runner.invoke(cli, [*where, "query", *ask, "--format", "json"])
            assert result.exit_code == 0, result.output
            out.append(result.stdout)
        return out

    local = answers(["--store", str(store_dir)])
    import json

    assert all(len(json.loads(text)) >= 5 for text in local)
    remote = ["--endpoint", server + "/query?union-default-graph"]
    assert [runner.invoke(cli, ["query", *a, "--format", "json", *remote]).stdout for a in asks] == local
    # without the rows (an endpoint loaded from graph.ttl): computed there, read here
    drops = " ; ".join(f"DROP GRAPH <{mq.graph}>" for mq in materialized.queries())
    body = urllib.parse.urlencode({"update": drops}).encode("utf-8")
    urllib.request.urlopen(urllib.request.Request(server + "/update", data=body, method="POST"), timeout=30)
    assert not remote_query(
        server + "/query?union-default-graph", materialized.present_ask(materialized.queries()[0])
    )["boolean"]
    assert [runner.invoke(cli, ["query", *a, "--format", "json", *remote]).stdout for a in asks] == local


def test_every_named_query_answers_the_same_on_an_endpoint(server: str, store_dir: Path, runner) -> None:  # type: ignore[no-untyped-def]
    """Parameters reach subqueries and nested groups at the endpoint as they do locally
    (substituted in the text, not a VALUES block at the top, which SPARQL's bottom-up groups
    would not see)."""
    from kg.cli import cli
    from kg.query.named import load_queries
    from tests.test_queries import GOLDEN_PARAMS

    assert (
        runner.invoke(cli, ["--store", str(store_dir), "push", "--endpoint", server + "/store"]).exit_code
        == 0
    )
    asked = 0
    for query in load_queries():
        variants = [GOLDEN_PARAMS.get(query.name, {})]
        if query.param("scope") is not None:
            variants.append({**variants[0], "scope": "济南市"})
        for params in variants:
            args = ["query", query.name, "--format", "json"]
            args += [f"--param={k}={v}" for k, v in params.items()]
            local = runner.invoke(cli, ["--store", str(store_dir), *args])
            remote = runner.invoke(cli, [*args, "--endpoint", server + "/query?union-default-graph"])
            assert local.exit_code == 0 and remote.exit_code == 0, (query.name, remote.output)
            assert remote.stdout == local.stdout, query.name
            asked += 1
    assert asked >= 18
