"""Materialized queries: the rows of the listing queries that join most of the store, computed
when the store changes and kept in named graphs of their own.

A materialized query is a parameter-free SELECT in ``ontology/materialized/NAME.rq``. After
every change the store runs it over the union of its graphs and keeps its rows in
``…/id/graph/materialized/NAME``: row *n* (in the query's ORDER BY) is the node
``…/id/materialized/NAME/n`` with ``m:rowNumber n`` and one triple ``m:COLUMN value`` per bound
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
    n = 0
    for n, row in enumerate(rows, start=1):
        node = f"<{mq.node}/{n}>"
        lines.append(f'{node} {row_number} "{n}"^^{_INTEGER} .')
        for predicate, term in zip(predicates, row, strict=True):
            if term is not None:
                lines.append(f"{node} {predicate} {term} .")
    # the result's own node: a result of no rows still leaves a graph, so it is not "missing"
    lines.append(f'<{mq.node}> <{mq.namespace}rowCount> "{n}"^^{_INTEGER} .')
    return "\n".join(lines), n


def refresh(store: ox.Store, *, fresh: bool = False) -> int:
    """Compute every materialized query again over *store* and replace its rows; returns the
    number of triples written.

    *fresh*: *store* is a new database being bulk-loaded that holds no rows yet (they are then
    bulk-loaded); otherwise the old rows are dropped and the new ones inserted in one update.
    """
    blocks: list[str] = []
    written = 0
    for mq in queries():
        text, _ = rows_text(store, mq)
        written += text.count("\n") + 1
        blocks.append(f"<{mq.graph}> {{\n{text}\n}}\n" if fresh else f"GRAPH <{mq.graph}> {{\n{text}\n}}")
    if fresh:
        store.bulk_load("".join(blocks).encode("utf-8"), ox.RdfFormat.TRIG)
    else:
        drops = "".join(f"DROP SILENT GRAPH <{mq.graph}> ;\n" for mq in queries())
        store.update(drops + "INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return written


def missing(store: ox.Store) -> list[str]:
    """The materialized queries whose rows *store* lacks."""
    present = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    return [mq.name for mq in queries() if mq.graph not in present]


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
