"""Materialized queries: the rows of the listing queries that join most of the store, computed
when the store changes and kept in named graphs of their own.

A materialized query is a parameter-free SELECT in ``ontology/materialized/NAME.rq``. After
every change the store runs it over the union of its graphs and keeps its rows in
``…/id/graph/materialized/NAME``: row *n* (in the query's ORDER BY) is a node
``…/id/materialized/NAME/HASH`` (named by its content) with ``m:rowNumber n`` and one triple ``m:COLUMN value`` per bound
column, where ``m:`` is the query's own namespace
``https://w3id.org/policy-kg/ontology/materialized/NAME#``; the node ``…/id/materialized/NAME``
has ``m:rowCount``. The named query of the same name reads those rows (over the union of the
graphs, like every named query) and applies its parameters.

Why: Oxigraph evaluates a query of a dozen joins over every duty and unit of the store in
0.3–0.6 s at a million triples, all of it on joins whose answer changes only when documents
do; reading the stored rows takes a fifth of that (bench/store.py measures both).

The rows are a cache of the documents' graphs, never a source of facts: ``graph.ttl``, exports
and validation leave them out; a store that lost them (a process stopped between the change
and the refresh) computes them again when it is next opened; and a named query run where they
are missing (a graph loaded from ``graph.ttl``, an endpoint they were not pushed to) computes
its rows on the spot.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.model.namespaces import ID
from kg.paths import ONTOLOGY_DIR

MATERIALIZED_DIR = ONTOLOGY_DIR / "materialized"
#: Each materialized query's namespace (its row and column properties) is ``{NAMESPACES}NAME#``.
NAMESPACES = "https://w3id.org/policy-kg/ontology/materialized/"
#: The start of the names of the graphs holding their rows.
GRAPHS = str(ID["graph/materialized/"])
_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"
_RESERVED = ("rowNumber", "rowCount")


@dataclass(frozen=True)
class Materialized:
    """One materialized query: its name and SELECT text."""

    name: str
    text: str

    @property
    def graph(self) -> str:
        """The named graph its rows are kept in."""
        return f"{GRAPHS}{self.name}"

    @property
    def namespace(self) -> str:
        return f"{NAMESPACES}{self.name}#"

    @property
    def node(self) -> str:
        """The node standing for the whole result (it carries ``m:rowCount``)."""
        return f"{ID}materialized/{self.name}"


@cache
def queries(directory: Path = MATERIALIZED_DIR) -> tuple[Materialized, ...]:
    """Every materialized query in *directory*, sorted by name."""
    return tuple(Materialized(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq")))


def read_by(query_text: str) -> list[Materialized]:
    """The materialized queries whose rows *query_text* reads (it names their namespace)."""
    return [mq for mq in queries() if mq.namespace in query_text]


def is_materialized_graph(name: str) -> bool:
    """Whether the graph called *name* holds a materialized query's rows."""
    return name.startswith(GRAPHS)


#: A SELECT over a store or an endpoint: its column names and rows of N-Triples terms.
Select = Callable[[str], tuple[list[str], Iterable[Sequence[str | None]]]]


def local_select(store: ox.Store) -> Select:
    """:data:`Select` over the union of *store*'s graphs."""

    def select(text: str) -> tuple[list[str], Iterable[Sequence[str | None]]]:
        solutions = store.query(text, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise ValueError("a materialized query must be a SELECT query")
        columns = [v.value for v in solutions.variables]
        width = range(len(columns))
        rows = ([None if (t := solution[i]) is None else str(t) for i in width] for solution in solutions)
        return columns, rows

    return select


def rows_text(store: ox.Store, mq: Materialized) -> tuple[str, int]:
    """The rows of *mq* over the union of *store*'s graphs as N-Triples, and how many."""
    return rows_ntriples(mq, *local_select(store)(mq.text))


def rows_ntriples(mq: Materialized, columns: list[str], rows: Iterable[Sequence[object]]) -> tuple[str, int]:
    """*rows* of *mq* (cells as N-Triples terms, ``None`` where unbound) as N-Triples."""
    if any(c in _RESERVED for c in columns):
        raise ValueError(f"the materialized query {mq.name} has a column named rowNumber or rowCount")
    predicates = [f"<{mq.namespace}{c}>" for c in columns]
    row_number = f"<{mq.namespace}rowNumber>"
    lines: list[str] = []
    seen: Counter[str] = Counter()
    n = 0
    for n, row in enumerate(rows, start=1):
        # a row's node is named by its content (and how many equal rows came before), not by
        # its position: a change elsewhere moves its number, never its node (see refresh)
        content = "\t".join("" if term is None else str(term) for term in row)
        seen[content] += 1
        digest = hashlib.sha1(f"{content}\t{seen[content]}".encode()).hexdigest()[:20]
        node = f"<{mq.node}/{digest}>"
        lines.append(f'{node} {row_number} "{n}"^^{_INTEGER} .')
        for predicate, term in zip(predicates, row, strict=True):
            if term is not None:
                lines.append(f"{node} {predicate} {term} .")
    return "\n".join(lines), n


def _complete(mq: Materialized, n: int) -> str:
    """The triple saying that the rows of *mq* are all there (written after them)."""
    return f'<{mq.node}> <{mq.namespace}rowCount> "{n}"^^{_INTEGER} .'


#: Above this many named graphs (two a document), the rows are computed in a process of their own
#: (see refresh).
CHILD_MIN_GRAPHS = 400


def refresh(
    store: ox.Store,
    *,
    fresh: bool = False,
    location: Path | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Compute every materialized query again over *store* and replace its rows; returns the
    number of triples written.

    The old rows are dropped first (unless *store* is *fresh*, a new database that holds none;
    no materialized query reads another's rows), then each query's rows are computed and
    bulk-loaded in turn (millions of triples on a national store: one SPARQL update of them
    would take minutes and gigabytes) and, last, each query's ``rowCount`` is written: rows
    without it are incomplete (a process stopped half-way) and count as missing, so they are
    computed again.

    *location*: the on-disk database of *store*. For a large store the rows are computed there
    by a child process that opens it read-only and writes them to files: Oxigraph's hash joins
    over a national store take gigabytes that a process does not give back, and the child's are
    gone when it ends.

    *meanwhile*: work for this process while the child computes (``kg build`` writes the
    Turtle then); without a child it is done first. It must not change *store*.
    """
    if not fresh:
        # first of all the counts go: until they are back, the rows count as missing
        store.update(
            " ;\n".join(f"DELETE WHERE {{ GRAPH <{mq.graph}> {{ <{mq.node}> ?p ?o }} }}" for mq in queries())
        )
    written = 0
    counts = []
    child = location is not None and sum(1 for _ in store.named_graphs()) > CHILD_MIN_GRAPHS
    with tempfile.TemporaryDirectory(
        prefix="kg-rows-", dir=None if location is None else location.parent
    ) as tmp:
        sizes: dict[str, dict[str, int]] = {}
        if child:
            store.flush()
            command = [sys.executable, "-m", "kg.store.materialized", str(location), tmp]
            with subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            ) as process:
                try:
                    if meanwhile is not None:
                        meanwhile()
                    stdout, stderr = process.communicate()
                except BaseException:
                    process.kill()
                    raise
            if process.returncode != 0:
                last = (stderr.strip().splitlines() or ["no message"])[-1]
                raise OSError(f"computing the materialized queries failed: {last}")
            sizes = json.loads(stdout)
        elif meanwhile is not None:
            meanwhile()
        for mq in queries():
            if child:
                text, n = (Path(tmp) / f"{mq.name}.nt").read_text(encoding="utf-8"), sizes[mq.name]["rows"]
            else:
                text, n = rows_text(store, mq)
            written += _replace_rows(store, mq, text, fresh=fresh)
            del text
            counts.append(f"GRAPH <{mq.graph}> {{ {_complete(mq, n)} }}")
    store.update("INSERT DATA {\n" + "\n".join(counts) + "\n}")
    return written + len(counts)


def _replace_rows(store: ox.Store, mq: Materialized, text: str, *, fresh: bool) -> int:
    """Make the graph of *mq* hold the rows *text* (without the count); the triples written.

    A fresh store gets them bulk-loaded. Otherwise only the difference is written: rows are
    named by their content, so a change of a few documents deletes and inserts the rows of
    those documents and the numbers of the rows that moved, instead of dropping millions of
    triples (Oxigraph deletes a dropped graph triple by triple: 30 s for 1.3M).
    """
    graph = ox.NamedNode(mq.graph)
    if fresh:
        if text:
            store.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return text.count("\n") + 1 if text else 0
    row_number = f"<{mq.namespace}rowNumber>"
    numbers: dict[str, str] = {}  # node -> its rowNumber line
    rows: dict[str, list[str]] = {}  # node -> its other lines
    for line in text.split("\n") if text else []:
        node, predicate, _ = line.split(" ", 2)
        if predicate == row_number:
            numbers[node] = line
        else:
            rows.setdefault(node, []).append(line)
    # A node is named by its row's content: a node the store has is that row, unchanged; only
    # the numbers are read back, one triple a row.
    held = {
        str(q.subject): f"{q.subject} {q.predicate} {q.object} ."
        for q in store.quads_for_pattern(None, ox.NamedNode(row_number[1:-1]), None, graph)
    }
    updates = [
        f"DELETE WHERE {{ GRAPH <{mq.graph}> {{ {node} ?p ?o }} }}"
        for node in sorted(set(held) - set(numbers))
    ]
    gone = [held[node] for node in sorted(set(held) & set(numbers)) if held[node] != numbers[node]]
    added = [numbers[node] for node in sorted(numbers) if held.get(node) != numbers[node]]
    added += [line for node in sorted(set(numbers) - set(held)) for line in rows.get(node, [])]
    step = 50_000
    for at in range(0, len(gone), step):
        updates.append(f"DELETE DATA {{ GRAPH <{mq.graph}> {{\n" + "\n".join(gone[at : at + step]) + "\n} }")
    for at in range(0, len(added), step):
        updates.append(f"INSERT DATA {{ GRAPH <{mq.graph}> {{\n" + "\n".join(added[at : at + step]) + "\n} }")
    for at in range(0, len(updates), 1000):
        store.update(" ;\n".join(updates[at : at + 1000]))
    return len(added)


def _write_rows(location: str, out: str) -> dict[str, dict[str, int]]:
    """Compute every materialized query over the database at *location* (opened read-only)
    and write each one's rows to ``out/NAME.nt``; the number of rows and lines of each."""
    store = ox.Store.read_only(location)
    sizes = {}
    for mq in queries():
        text, n = rows_text(store, mq)
        Path(out, f"{mq.name}.nt").write_text(text, encoding="utf-8")
        sizes[mq.name] = {"rows": n, "lines": text.count("\n") + 1 if text else 0}
        del text
    return sizes


def missing(store: ox.Store) -> list[str]:
    """The materialized queries whose rows *store* lacks, or holds only in part."""
    return [mq.name for mq in queries() if not present(store, mq)]


def present_ask(mq: Materialized) -> str:
    """The ASK query telling whether a store (or an endpoint) holds the rows of *mq*."""
    return f"ASK {{ <{mq.node}> <{mq.namespace}rowCount> ?n }}"


def present(store: ox.Store, mq: Materialized) -> bool:
    """Whether *store* holds the rows of *mq*."""
    return bool(store.query(present_ask(mq), use_default_graph_as_union=True))


# Beside materialized rows, a named query that reads them may read the completion records.
_COMPLETIONS = "SELECT ?s ?p ?o WHERE { ?s a <https://w3id.org/policy-kg/ontology#Completion> ; ?p ?o }"


def standalone(select: Select, mqs: Sequence[Materialized]) -> ox.Store:
    """An in-memory store holding the rows of *mqs* and the completion records, computed by
    *select* over a store or an endpoint that lacks the rows (a graph loaded from graph.ttl, an
    endpoint they were not pushed to): the named query that reads them runs over this."""
    texts = [rows_ntriples(mq, *select(mq.text))[0] for mq in mqs]
    _, records = select(_COMPLETIONS)
    texts += [f"{s} {p} {o} ." for s, p, o in records]
    store = ox.Store()
    store.bulk_load("\n".join(texts).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def json_term(cell: dict[str, str] | None) -> str | None:
    """A cell of SPARQL 1.1 JSON results as an N-Triples term (``None`` where unbound)."""
    if cell is None:
        return None
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return str(ox.NamedNode(value))
    if kind == "bnode":
        return str(ox.BlankNode(value))
    if "xml:lang" in cell:
        return str(ox.Literal(value, language=cell["xml:lang"]))
    datatype = cell.get("datatype")
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None))


if __name__ == "__main__":  # the child process of refresh: python -m kg.store.materialized DB OUT
    print(json.dumps(_write_rows(sys.argv[1], sys.argv[2])))
