"""The ``kg`` command line: each command parses its options, makes one library call, writes output.

Exit codes (the README states them as a contract): 0 success; 1 the graph does not conform to
the shapes; 2 bad input or usage (one line on stderr, never a traceback).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import KgError

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"kg: error: {message}", err=True)
    sys.exit(code)


def handles_errors(func: F) -> F:
    """Turn a :class:`KgError` into one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            _fail("interrupted", 130)

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
def cli() -> None:
    """policy-kg: a knowledge graph of policy obligations from Chinese government documents."""


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
    "--parents",
    "parents_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML list of {child, parent} links that win over inference (default data/parents.yaml).",
)
@handles_errors
def build(
    corpus: tuple[Path, ...], out_dir: Path, keep_going: bool, no_validate: bool, parents_file: Path | None
) -> None:
    """Parse CORPUS (files or directories; default data/corpus), build, validate, write DIR/graph.ttl."""
    from kg.build import build_corpus
    from kg.paths import CORPUS
    from kg.progress import Progress

    paths = list(corpus) or [CORPUS]
    progress = Progress()
    try:
        from kg.link import load_stated

        if parents_file is not None and not parents_file.exists():
            raise KgError(f"{parents_file}: no such file")
        stated = load_stated(parents_file) if parents_file is not None else None
        report = build_corpus(
            paths, out_dir, keep_going=keep_going, validate=not no_validate, progress=progress, stated=stated
        )
    finally:
        progress.done()
    for failure in report.failures:
        click.echo(f"kg: skipped: {failure}", err=True)
    for line in report.inheritance:
        click.echo(f"kg: {line}", err=True)
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


def main() -> None:  # pragma: no cover - console entry point alias
    cli()
