"""The main job: parse a corpus, build its graph, validate it, write Turtle.

Nothing is written unless the whole build succeeds (or, with ``keep_going``, unless at least one
file built): the Turtle goes to a temporary file in the output directory and is renamed over the
old one, so an interrupted or failed build leaves the previous graph as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import InputError, KgError
from kg.link import Links

if TYPE_CHECKING:
    from kg.store import Store
from kg.model import documents_graph
from kg.model.namespaces import PK
from kg.parse import Document, parse_file
from kg.progress import Progress
from kg.read import SUPPORTED_SUFFIXES
from kg.stats import Stages, maybe


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    sections: int = 0
    items: int = 0
    triples: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inheritance: list[str] = field(default_factory=list)


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """The document files named by *paths* (directories are searched for supported suffixes).

    :raises InputError: a path does not exist, or a directory holds no document file.
    """
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not found:
                raise InputError("holds no document files (" + ", ".join(SUPPORTED_SUFFIXES) + ")", path=path)
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or directory", path=path)
    return files


def parse_corpus(
    files: list[Path], *, keep_going: bool = False, progress: Progress | None = None
) -> tuple[list[Document], list[str]]:
    """Parse every file; a bad file stops the run unless *keep_going*, when it is reported instead."""
    documents: list[Document] = []
    failures: list[str] = []
    for n, path in enumerate(files, start=1):
        if progress:
            progress.step(n, len(files), f"parsing {path.name}")
        try:
            documents.extend(parse_file(path).documents)
        except KgError as exc:
            if not keep_going:
                raise
            failures.append(str(exc))
    return documents, failures


def build_graph(documents: list[Document], *, stated: list[tuple[str, str]] | None = None) -> Graph:
    """The RDF graph of *documents* with the links between them (see kg.model, kg.link).

    :param stated: parent links the user states (child, parent), which win over inference;
        by default those of data/parents.yaml.
    """
    return _graph_and_links(documents, stated)[0]


def _graph_and_links(documents: list[Document], stated: list[tuple[str, str]] | None) -> tuple[Graph, Links]:
    from kg.link import link_documents, load_stated
    from kg.model.links import add_links

    ordered = sorted(documents, key=lambda d: (d.source, d.index))
    graph = documents_graph(ordered)
    links = link_documents(ordered, load_stated() if stated is None else stated)
    add_links(graph, links)
    return graph, links


def inheritance_summary(links: Links) -> list[str]:
    """One line per parent link, sibling pair and expected parent the corpus lacks."""
    from kg.link import short_ids

    docs = links.documents
    ids = short_ids(docs)
    lines = []
    aligned = {(c, p): len(comparison.pairs) for c, p, comparison in links.comparisons}
    for link in links.family.parents:
        lines.append(
            f"parent: {ids[link.child]} → {ids[link.parent]} ({link.method}, "
            f"{aligned.get((link.child, link.parent), 0)} items aligned)"
        )
    for a, b, _ in links.family.siblings:
        lines.append(f"siblings: {ids[a]} ↔ {ids[b]} ({aligned.get((a, b), 0)} items aligned)")
    for i, expected in sorted(links.family.missing.items()):
        lines.append(
            f"parent not in the corpus: {ids[i]} → {expected.jurisdiction.name} "
            f"{expected.year or '?'} {expected.genre}"
        )
    return lines


# Up to this many triples graph.ttl is rdflib's longturtle (sorted, one block per subject, the
# easiest to read and diff); above, Oxigraph streams it from the store (see Store.write_turtle),
# since an rdflib graph of millions of triples costs minutes and gigabytes.
PRETTY_LIMIT = 300_000


def serialize(graph: Graph) -> str:
    """Deterministic Turtle: the same graph always gives the same bytes.

    Our prefixes are bound here, whatever the graph was bound to: a namespace without a prefix
    gets one (ns1, ns2 …) in the order the serializer meets it, which is the order the triples
    were added — and that follows which parse worker finished first.
    """
    from kg.model.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph.serialize(format="longturtle")


def file_mode() -> int:
    """The mode a new file gets from open() under the current umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* as UTF-8 through a temporary file, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, file_mode())
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_corpus(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    keep_going: bool = False,
    validate: bool = True,
    progress: Progress | None = None,
    stated: list[tuple[str, str]] | None = None,
    store: Store | None = None,
    jobs: int = 1,
    stages: Stages | None = None,
) -> BuildReport:
    """Parse *paths* into *store* (in memory by default), validate, and write ``out_dir/graph.ttl``.

    The store's documents become exactly those of *paths* (its completion records stay); the
    Turtle is the union of its document, link and shared graphs.

    :param jobs: worker processes for parsing.
    :param stages: where to record each stage's time and peak memory (``kg build --stats``).

    :raises KgError: on a bad file (unless *keep_going*), when nothing could be built, or
        (:class:`ValidationFailed`) when the graph violates the shapes. Nothing is written then,
        neither to the store nor to ``graph.ttl``.
    """
    from kg.store import Store

    files = corpus_files(paths)
    store = store if store is not None else Store(None)
    try:
        ingested = store.ingest(
            files,
            sync=True,
            keep_going=keep_going,
            validate=validate,
            progress=progress,
            stated=stated,
            jobs=jobs,
            stages=stages,
            turtle=Path(out_dir) / "graph.ttl",
        )
    except KgError as exc:
        if "no document could be read" in str(exc):
            raise KgError("no document could be built from " + ", ".join(str(p) for p in paths)) from None
        raise
    report = BuildReport(output=Path(out_dir) / "graph.ttl", failures=ingested.failures)
    report.inheritance = ingested.inheritance
    report.warnings = ingested.warnings
    if progress and ingested.turtle is None:
        progress.note("writing " + str(report.output))
    with maybe(stages, "turtle"):
        written = ingested.turtle  # by the store, while it computed the materialized rows
        if written is not None and written[1] <= PRETTY_LIMIT:
            written[0].unlink(missing_ok=True)  # small enough for rdflib's pretty Turtle
            written = None
        if written is not None:
            os.replace(written[0], report.output)
            report.triples = written[1]
        elif len(store) <= PRETTY_LIMIT:
            graph = store.to_graph(completions=False)
            write_atomic(report.output, serialize(graph))
            report.triples = len(graph)
        else:
            report.triples = store.write_turtle(report.output)
    if progress:
        progress.done()
    counts = {
        str(row["class"].value): int(row["n"].value)
        for row in store.query(
            "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class . "
            "FILTER(?class IN (pk:PolicyDocument, pk:Section, pk:Item)) } GROUP BY ?class"
        )
    }
    report.documents = counts.get(str(PK.PolicyDocument), 0)
    report.sections = counts.get(str(PK.Section), 0)
    report.items = counts.get(str(PK.Item), 0)
    if stages is not None:
        stages.extra.update(
            files=len(files),
            documents=report.documents,
            items=report.items,
            triples=report.triples,
            failures=len(report.failures),
        )
    return report
