"""The ``kg`` command line: each command parses its options, makes one library call, writes output.

Exit codes (the README states them as a contract): 0 success; 1 the graph does not conform to
the shapes; 2 bad input or usage (one line on stderr, never a traceback).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import InputError, KgError

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


def handles_errors(func: F) -> F:
    """Turn a :class:`KgError` into one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        failure: tuple[str, int] | None = None
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            failure = (str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            failure = ("interrupted", 130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:  # the machine's answer (a path that cannot be written …), not a bug
            where = f"{exc.filename}: " if exc.filename else ""
            failure = (f"{where}{exc.strerror or exc}", 2)
        except Exception as exc:  # a bug: one line, unless KG_DEBUG asks for the traceback
            if os.environ.get("KG_DEBUG"):
                raise
            failure = (
                f"internal error: {type(exc).__name__}: {exc} "
                "(a bug in kg: run again with KG_DEBUG=1 for the traceback, and report it)",
                70,
            )
        # Exit outside the except block: the failed call's frames (and the store it opened,
        # with its database lock) are released before the exit, not kept as its context.
        _fail(*failure)

    return wrapper  # type: ignore[return-value]


def _write(text: str, output: str | None) -> None:
    """Write data to stdout, or atomically to *output*."""
    if output in (None, "-"):
        click.echo(text, nl=not text.endswith("\n"))
        return
    from kg.build import write_atomic

    write_atomic(Path(output), text)  # type: ignore[arg-type]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-kg", prog_name="kg")
@click.option(
    "--store",
    "store_path",
    envvar="KG_STORE",
    help="The store directory (default build/store; env KG_STORE); ':memory:' for one in memory.",
)
@click.pass_context
def cli(ctx: click.Context, store_path: str | None) -> None:
    """policy-kg: a knowledge graph of policy obligations from Chinese government documents."""
    ctx.obj = {"store": store_path}


def _store(create: bool = True) -> Any:
    """The store named by ``--store`` (or KG_STORE, or build/store)."""
    from kg.store import DEFAULT_STORE, MEMORY, Store

    ctx = click.get_current_context()
    path = (ctx.obj or {}).get("store") or str(DEFAULT_STORE)
    if not create and path != MEMORY and not (Path(path) / "oxigraph").is_dir():
        raise KgError(f"{path}: no store there yet (run kg build or kg ingest first, or give --store)")
    return Store(path)


def _stated(parents_file: Path | None) -> list[tuple[str, str]] | None:
    from kg.link import load_stated

    if parents_file is not None and not parents_file.exists():
        raise KgError(f"{parents_file}: no such file")
    return load_stated(parents_file) if parents_file is not None else None


def _notes(failures: list[str], inheritance: list[str]) -> None:
    """The files skipped and the inheritance found, one line each on stderr."""
    for failure in failures:
        click.echo(f"kg: skipped: {failure}", err=True)
    for line in inheritance:
        click.echo(f"kg: {line}", err=True)


_PARENTS = click.option(
    "--parents",
    "parents_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML list of {child, parent} links that win over inference (default data/parents.yaml).",
)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def parse(file: Path, fmt: str, output: str | None) -> None:
    """Parse FILE and print its documents: header, outline and attachments."""
    from kg.parse import parse_file

    data = parse_file(file).to_dict()
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    _write(text, output)


@cli.command()
@click.argument("corpus", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Directory to write graph.ttl into.",
)
@click.option("--keep-going", is_flag=True, help="Report a bad file and build the rest instead of stopping.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL validation of the built graph.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing (default: the number of cores, at most 8).",
)
@click.option(
    "--stats",
    "stats_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write each stage's wall time and peak memory to this JSON file.",
)
@_PARENTS
@handles_errors
def build(
    corpus: tuple[Path, ...],
    out_dir: Path,
    keep_going: bool,
    no_validate: bool,
    jobs: int | None,
    stats_file: Path | None,
    parents_file: Path | None,
) -> None:
    """Parse CORPUS (files or directories; default data/corpus) into the store, validate, write DIR/graph.ttl.

    The store (DIR/store unless --store says otherwise) then holds exactly the documents of
    CORPUS; completion records recorded with `kg done` are kept.
    """
    from kg.build import build_corpus
    from kg.paths import CORPUS
    from kg.progress import Progress
    from kg.stats import Stages
    from kg.store import Store

    paths = list(corpus) or [CORPUS]
    stated = _stated(parents_file)
    chosen = (click.get_current_context().obj or {}).get("store")
    store = Store(chosen or out_dir / "store")
    progress = Progress()
    stages = Stages() if stats_file is not None else None
    try:
        report = build_corpus(
            paths,
            out_dir,
            keep_going=keep_going,
            validate=not no_validate,
            progress=progress,
            stated=stated,
            store=store,
            jobs=jobs or min(8, os.cpu_count() or 1),
            stages=stages,
        )
    finally:
        progress.done()
    if stages is not None and stats_file is not None:
        stages.write(stats_file)
    _notes(report.failures, report.inheritance)
    click.echo(
        f"built {report.output}: {report.documents} documents, {report.sections} sections, "
        f"{report.items} items, {report.triples} triples",
        err=True,
    )


@cli.command()
@click.argument("child")
@click.argument("parent")
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Files or directories holding the two documents (default data/corpus).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def diff(child: str, parent: str, corpus: tuple[Path, ...], fmt: str, output: str | None) -> None:
    """Compare CHILD with PARENT (or a sibling): aligned items, change types, dropped and added items.

    Name each document by its 文号 (莱芜政办发〔2023〕5号), its short id (laiwu-2023) or its place (莱芜).
    """
    from kg.build import corpus_files, parse_corpus
    from kg.link import compare, find_document, short_ids
    from kg.link.report import render
    from kg.paths import CORPUS

    documents, _ = parse_corpus(corpus_files(list(corpus) or [CORPUS]))
    try:
        p = find_document(parent, documents)
        c = find_document(child, documents, genre=documents[p].genre)
    except KgError:
        c = find_document(child, documents)
        p = find_document(parent, documents, genre=documents[c].genre)
    if c == p:
        raise KgError(f"{child!r} and {parent!r} name the same document")
    ids = short_ids(documents)
    a, b = documents[c], documents[p]
    levels = ("country", "province", "prefecture", "county")
    relation = "parent"
    if a.jurisdiction and b.jurisdiction and a.jurisdiction.level == b.jurisdiction.level:
        relation = "sibling"
    elif (
        a.jurisdiction
        and b.jurisdiction
        and levels.index(b.jurisdiction.level) > levels.index(a.jurisdiction.level)
    ):
        relation = "sibling"  # the "parent" sits below the child: compare them as peers
    _write(render(compare(a, b, relation=relation), ids[c], ids[p], fmt), output)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--keep-going", is_flag=True, help="Report a bad file and ingest the rest instead of stopping.")
@click.option(
    "--validate", is_flag=True, help="Check the new documents against the shapes before storing them."
)
@_PARENTS
@handles_errors
def ingest(files: tuple[Path, ...], keep_going: bool, validate: bool, parents_file: Path | None) -> None:
    """Add FILES (or directories) to the store, replacing documents ingested before; relink their families.

    One transaction: when a file cannot be read (without --keep-going) the store is unchanged.
    """
    from kg.build import corpus_files
    from kg.progress import Progress

    paths = corpus_files(files)
    stated = _stated(parents_file)
    store = _store()
    progress = Progress()
    try:
        report = store.ingest(
            paths, keep_going=keep_going, validate=validate, stated=stated, progress=progress
        )
    finally:
        progress.done()
    _notes(report.failures, report.inheritance)
    click.echo(
        f"ingested: {len(report.added)} added, {len(report.replaced)} replaced, "
        f"{len(report.unchanged)} unchanged; relinked {len(report.relinked)}; {report.triples} triples in the store",
        err=True,
    )


@cli.command()
@click.argument("documents", nargs=-1, required=True)
@_PARENTS
@handles_errors
def remove(documents: tuple[str, ...], parents_file: Path | None) -> None:
    """Take DOCUMENTS (文号, short id or IRI) out of the store and relink their families."""
    store = _store(create=False)
    report = store.remove(list(documents), stated=_stated(parents_file))
    click.echo(
        f"removed {', '.join(report.removed)}; relinked {len(report.relinked)}; {report.triples} triples in the store",
        err=True,
    )


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True
)
@handles_errors
def documents(fmt: str) -> None:
    """List the documents in the store: short id, 文号, title, source file."""
    from kg.query.results import Rows, render

    entries = _store(create=False).documents()
    columns = ["id", "doc_number", "year", "jurisdiction", "title", "source", "iri"]
    rows = Rows(
        columns,
        [
            [e.short_id, e.doc_number, str(e.year or ""), e.jurisdiction, e.title, e.source, e.iri]
            for e in sorted(entries, key=lambda e: e.short_id)
        ],
    )
    _write(render(rows, fmt), None)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise KgError(f"--param {item!r}: write NAME=VALUE")
        values[name.strip()] = value
    return values


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from FILE.",
)
@click.option(
    "-p", "--param", "params", multiple=True, help="NAME=VALUE for a named query's parameter (repeatable)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True
)
@click.option("--endpoint", help="Query this remote SPARQL endpoint instead of the local store.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def query(
    query: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    output: str | None,
) -> None:
    """Run QUERY: a named query (see `kg queries`), SPARQL text, or a .rq file.

    \b
    kg query overdue --param as_of=2023-10-01
    kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    kg query -f my.rq --format csv -o out.csv
    """
    from kg.query.named import load_queries
    from kg.query.results import Rows, render, rows_of, rows_of_json

    values = _parse_params(params)
    named = {q.name: q for q in load_queries()}
    bindings: dict[Any, Any] = {}
    hidden: set[str] = set()  # parameters a named query echoes as columns
    if query_file is not None:
        if not query_file.exists():
            raise KgError(f"{query_file}: no such file")
        text = query_file.read_text(encoding="utf-8")
        if values:
            raise KgError("--param is for named queries; write the values into your query")
    elif query is None:
        raise KgError("give a query name, SPARQL text or -f FILE (kg queries lists the names)")
    elif query in named:
        text = named[query].text
        bindings = named[query].bindings(values)
        hidden = {p.name for p in named[query].params}
    elif query.endswith(".rq") and Path(query).exists():
        text = Path(query).read_text(encoding="utf-8")
    elif "{" in query or query.strip().upper().startswith(
        ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX")
    ):
        text = query
        if values:
            raise KgError("--param is for named queries; write the values into your query")
    else:
        import difflib

        close = difflib.get_close_matches(query, list(named), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (kg queries lists them)"
        raise KgError(f"no named query {query!r}{hint}")
    if endpoint:
        from kg.model.namespaces import PREFIXES
        from kg.store import materialized
        from kg.store.remote import inline_bindings, remote_query

        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        reads = materialized.read_by(text)
        if not all(remote_query(endpoint, materialized.present_ask(mq)).get("boolean") for mq in reads):
            # the endpoint has the documents but not the materialized rows: computed there,
            # read here
            local = materialized.standalone(functools.partial(_remote_select, endpoint), reads)
            rows = rows_of(local.query(text, substitutions=bindings or None))
        else:
            rows = rows_of_json(remote_query(endpoint, prologue + inline_bindings(text, bindings)))
    else:
        store = _store(create=False)
        if query in named and query_file is None:
            from kg.query.named import run_named

            # the scope checked, missing materialized rows computed on the spot
            rows = Rows(*run_named(store.ox, named[query], values))
        else:
            rows = rows_of(store.query(text, bindings))
    if hidden and rows.boolean is None:
        keep = [i for i, c in enumerate(rows.columns) if c not in hidden]
        rows = Rows([rows.columns[i] for i in keep], [[r[i] for i in keep] for r in rows.rows])
    _write(render(rows, fmt), output)


def _remote_select(endpoint: str, text: str) -> tuple[list[str], list[list[str | None]]]:
    """A SELECT at *endpoint*: its columns and rows of N-Triples terms."""
    from kg.store.materialized import json_term
    from kg.store.remote import remote_query

    answer = remote_query(endpoint, text)
    columns = list(answer.get("head", {}).get("vars", []))
    rows = [[json_term(b.get(c)) for c in columns] for b in answer.get("results", {}).get("bindings", [])]
    return columns, rows


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handles_errors
def queries(fmt: str) -> None:
    """List the named queries with their summaries and parameters."""
    from kg.query.named import load_queries

    found = load_queries()
    if fmt == "json":
        data = [
            {
                "name": q.name,
                "summary": q.summary,
                "params": [
                    {"name": p.name, "type": p.datatype, "description": p.description, "default": p.default}
                    for p in q.params
                ],
            }
            for q in found
        ]
        _write(json.dumps(data, ensure_ascii=False, indent=1) + "\n", None)
        return
    lines = []
    for q in found:
        lines.append(f"{q.name}\n    {q.summary}")
        for p in q.params:
            default = f" [default: {p.default}]" if p.default is not None else " (required)"
            lines.append(f"    --param {p.name}=…  {p.datatype}  {p.description}{default}")
    _write("\n".join(lines) + "\n", None)


def _duty_iri(store: Any, name: str) -> str:
    if name.startswith(("http://", "https://")):
        return name
    document, sep, local = name.partition("/")
    if not sep or not local:
        raise KgError(f"{name!r}: name a duty by its IRI or as DOCUMENT/LOCAL (laiwu-2023/task_12)")
    return f"{store.find(document).iri}/{local}"


@cli.command()
@click.argument("duty", required=False)
@click.option("--date", "date", help="The day it was done (YYYY-MM-DD).")
@click.option("--evidence", help="Where the proof is (URL or reference).")
@click.option("--note", help="A remark.")
@click.option(
    "--file",
    "records_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV (columns duty,date,evidence,note) or YAML list of such records.",
)
@handles_errors
def done(
    duty: str | None, date: str | None, evidence: str | None, note: str | None, records_file: Path | None
) -> None:
    """Record that DUTY (a task or obligation) was carried out: kg done laiwu-2023/task_12 --date 2023-09-30.

    Records go to their own named graph, never mixed with document text; `kg query overdue`
    leaves out what they complete.
    """
    from kg.store.completions import read_records

    store = _store(create=False)
    if records_file is not None:
        if duty or date:
            raise KgError("give either DUTY --date … or --file, not both")
        raw = read_records(records_file)
    elif duty and date:
        raw = [(duty, date, evidence, note)]
    else:
        raise KgError("give DUTY and --date YYYY-MM-DD, or --file RECORDS")
    records = [(_duty_iri(store, d), day, ev, nt) for d, day, ev, nt in raw]
    made = store.add_completions(records)
    click.echo(f"recorded {len(made)} completion{'s' if len(made) != 1 else ''}", err=True)


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--pyshacl",
    "use_pyshacl",
    is_flag=True,
    help="Validate with pySHACL (the reference implementation; slow on large graphs) instead of "
    "the shapes run as SPARQL by Oxigraph.",
)
@handles_errors
def validate(file: Path | None, use_pyshacl: bool) -> None:
    """Check the store (or a Turtle FILE) against the shapes: exit 0 conforms, 1 does not."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.errors import ValidationFailed
    from kg.query import validate_graph
    from kg.query.sparql_shacl import validate_store

    if file is not None:
        if not file.exists():
            raise KgError(f"{file}: no such file")
        what = str(file)
        data = ox.Store()
        try:
            data.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KgError(f"{file}: not readable Turtle ({str(exc).splitlines()[0][:160]})") from None
        size = len(data)
    else:
        store = _store(create=False)
        data, what, size = store.ox, "the store", len(store)
    if use_pyshacl:
        graph = Graph()
        for quad in data.quads_for_pattern(None, None, None, None):
            if not materialized_graph(quad.graph_name):
                graph.add(tuple(_rdflib_term(x) for x in (quad.subject, quad.predicate, quad.object)))  # type: ignore[arg-type]
        result = validate_graph(graph)
    else:
        result = validate_store(data)
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)
    if not result.conforms:
        for line in result.violations:
            click.echo(f"violation: {line}")
        raise ValidationFailed(f"{what} does not conform to the shapes: {len(result.violations)} violations")
    click.echo(f"{what} conforms ({size} triples, {len(result.warnings)} warnings)", err=True)


def materialized_graph(name: object) -> bool:
    """Whether a graph holds materialized rows (never validated: they are a cache)."""
    from kg.store import materialized

    return materialized.is_materialized_graph(getattr(name, "value", ""))


def _rdflib_term(term: object) -> object:
    from kg.store import _to_rdflib

    return _to_rdflib(term)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "jsonld", "trig", "csv", "graphml", "gexf"]),
    default="turtle",
    show_default=True,
)
@click.option(
    "--projection",
    type=click.Choice(["inheritance", "responsibility", "organisation"]),
    help="For graphml and gexf: which network (kg/graph): documents and items with what they "
    "inherit, units and the duties they owe, or the organisation tree.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def export(fmt: str, projection: str | None, output: str | None) -> None:
    """Export the store: Turtle, N-Triples, JSON-LD, TriG (named graphs kept), CSV of duties, or a
    network as GraphML or GEXF (Gephi, Cytoscape) with --projection."""
    from kg.store.export import export_text

    if fmt in ("graphml", "gexf"):
        import io

        from kg.graph import PROJECTIONS, write

        if projection is None:
            raise InputError(
                f"--format {fmt} needs --projection (inheritance, responsibility or organisation)"
            )
        buffer = io.BytesIO()
        write(PROJECTIONS[projection](_store(create=False)), fmt, buffer)
        text = buffer.getvalue().decode("utf-8")
        if output in (None, "-"):
            _write(text, None)
        else:
            from kg.build import write_atomic

            write_atomic(Path(output), text)  # type: ignore[arg-type]
        return
    if projection is not None:
        raise InputError("--projection goes with --format graphml or gexf")

    text = export_text(_store(create=False), fmt)
    if fmt == "csv" and output not in (None, "-"):
        from kg.build import write_atomic

        write_atomic(Path(output), "\ufeff" + text)  # type: ignore[arg-type]
        return
    _write(("\ufeff" if fmt == "csv" else "") + text, output)


@cli.command()
@click.argument("question", type=click.Choice(["units", "documents", "jurisdictions", "unkept"]))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True
)
@click.option("--limit", type=int, default=0, help="Only the first N rows (0: all).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def network(question: str, fmt: str, limit: int, output: str | None) -> None:
    """Questions about the whole network, answered on the networkx projections: units ranked by
    load (own duties, duties as members of collective units, documents reaching them); child
    documents by how much of their parent they kept; jurisdictions by how often they weaken,
    postpone or drop; parent items that no child kept."""
    from kg.graph.network import answer

    rows = answer(_store(create=False), question)
    if limit:
        rows = rows[:limit]
    _write(_rows_text(rows, fmt), output)


def _rows_text(rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows of plain values as a table, CSV, TSV or JSON."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    columns = list(rows[0]) if rows else []
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[row[c] for c in columns] for row in rows])
        return buffer.getvalue()
    if not rows:
        return "(no rows)\n"
    shown = [c for c in columns if c != "iri"]
    table = [[str(row[c]) for c in shown] for row in rows]
    widths = [max(_width(x) for x in [c, *(r[i] for r in table)]) for i, c in enumerate(shown)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(shown, widths, strict=True))]
    lines += ["  ".join(_pad(x, w) for x, w in zip(r, widths, strict=True)) for r in table]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@cli.command()
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
@click.option(
    "--html", "html_file", type=click.Path(dir_okay=False), help="Also write the trace as one offline page."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@handles_errors
def trace(target: str, fmt: str, html_file: str | None, output: str | None) -> None:
    """Where a requirement came from and where it went: TARGET's parent items up to the root
    document, and every item below that inherits it, with their duties and units, and on each
    step the change (kept, reworded, weakened, postponed …) with the quantities, deadlines and
    modalities of both sides. TARGET: an IRI, DOCUMENT SECTION/ITEM (jinan-2023 二/（二）) or
    DOCUMENT/LOCAL (laiwu-2023/task_12)."""
    from kg.graph.trace import render
    from kg.graph.trace import trace as run_trace

    result = run_trace(_store(create=False), target)
    if html_file:
        from kg.graph.trace import write_html

        write_html(result, Path(html_file))
    if fmt == "json":
        _write(json.dumps(result, ensure_ascii=False, indent=1) + "\n", output)
    else:
        _write(render(result), output)


@cli.command()
@click.option(
    "--endpoint", required=True, help="Graph Store Protocol URL (Oxigraph: http://host:7878/store)."
)
@click.option("--batch", type=int, default=50_000, show_default=True, help="Triples per request.")
@handles_errors
def push(endpoint: str, batch: int) -> None:
    """Send each named graph of the store (materialized rows included) to a SPARQL 1.1 Graph Store
    Protocol endpoint."""
    from kg.progress import Progress
    from kg.store.remote import push_graph

    store = _store(create=False)
    names = store.graph_names(with_materialized=True)  # named queries read the materialized rows
    progress = Progress()
    total = 0
    try:
        for n, name in enumerate(names, start=1):
            progress.step(n, len(names), f"pushing {name.rsplit('/id/', 1)[-1]}")
            lines = store.graph_lines(name)
            push_graph(endpoint, name, lines, batch=batch)
            total += len(lines)
    finally:
        progress.done()
    click.echo(f"pushed {len(names)} graphs, {total} triples to {endpoint}", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=7878, show_default=True)
@handles_errors
def serve(host: str, port: int) -> None:
    """Serve the store as a read-only SPARQL endpoint (update requests are refused)."""
    from kg.store import MEMORY
    from kg.store.remote import serve as run

    store = _store(create=False)
    if store.path is None:
        raise KgError(f"a {MEMORY} store cannot be served; build one on disk")
    location = store.path / "oxigraph"
    del store  # the server opens the database itself, read-only
    code = run(
        location,
        host,
        port,
        on_start=lambda url: click.echo(f"serving {url} (read-only; Ctrl-C stops)", err=True),
    )
    sys.exit(code)


def _page(html: str, output: str | None, open_it: bool, name: str) -> None:
    """Write a page to *output* (or stdout); with --open, also show it in the browser."""
    if open_it and output in (None, "-"):
        output = str(Path("build") / f"{name}.html")
        Path(output).parent.mkdir(parents=True, exist_ok=True)
    _write(html, output)
    if output not in (None, "-"):
        click.echo(f"wrote {output}", err=True)
    if open_it:
        import webbrowser

        webbrowser.open(Path(str(output)).resolve().as_uri())


def _day(text: str | None) -> Any:
    import datetime

    if text is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise KgError(f"--as-of {text!r}: not a date (YYYY-MM-DD)") from None


@cli.command()
@click.option("--doc", "doc", help="One document's outline, tasks, units and deadlines (文号 or short id).")
@click.option("--unit", "unit", help="Everything one unit owes, across documents, by due month and status.")
@click.option("--as-of", "as_of", help="Day the --unit view judges status against (default today).")
@click.option(
    "--diff",
    "diff_pair",
    nargs=2,
    metavar="CHILD PARENT",
    help="Parent items beside child items, links by change.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--open", "open_it", is_flag=True, help="Open the page in the default browser.")
@handles_errors
def view(
    doc: str | None,
    unit: str | None,
    as_of: str | None,
    diff_pair: tuple[str, str] | None,
    output: str | None,
    open_it: bool,
) -> None:
    """Write an interactive HTML view of the store (overview by default); one file, works offline."""
    from kg.viz import diff_view, document_view, overview_view, unit_view

    chosen = [x for x in (doc, unit, diff_pair) if x]
    if len(chosen) > 1:
        raise KgError("choose one of --doc, --unit, --diff")
    store = _store(create=False)
    if doc:
        html, name = document_view(store, doc), "view-doc"
    elif unit:
        html, name = unit_view(store, unit, _day(as_of)), "view-unit"
    elif diff_pair:
        html, name = diff_view(store, *diff_pair), "view-diff"
    else:
        html, name = overview_view(store), "view-overview"
    _page(html, output, open_it, name)


@cli.command()
@click.option("--as-of", "as_of", help="Day overdue is judged against (default today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--open", "open_it", is_flag=True, help="Open the report in the default browser.")
@handles_errors
def report(as_of: str | None, output: str | None, open_it: bool) -> None:
    """Write the HTML audit report: documents, duties per unit, deadlines by month, changes, overdue, missing parents."""
    from kg.viz.report import audit_report

    _page(audit_report(_store(create=False), _day(as_of)), output, open_it, "report")


def main() -> None:  # pragma: no cover - console entry point alias
    cli()


if __name__ == "__main__":  # python -m kg.cli
    main()
