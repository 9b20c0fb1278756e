"""The persistent store: one named graph per document, its links, shared nodes and completions.

The store is an embedded Oxigraph database (pyoxigraph), on disk by default (``build/store``)
or in memory. Its named graphs:

- ``{document}/graph`` — the document: header, outline, duties (every subject under its IRI);
- ``{document}/links`` — what links the document, as a child, to its parent and siblings;
- ``…/id/graph/shared`` — the nodes documents share (areas, governments, units, cited works,
  expected parents), each triple once, rebuilt from every document's contribution;
- ``…/id/graph/completions`` — the auditors' completion records, never touched by ingestion;
- ``…/id/graph/derived`` — facts derived from the shared graph (members of collective units);
- ``…/id/graph/materialized/NAME`` — the rows of the materialized query NAME
  (kg/store/materialized.py), a cache computed after every change and left out of every export.

Subjects never repeat across graphs, so the union of the graphs (the default graph of every
query) holds each triple once. Each document's contribution to the shared graph and its source
file sit beside the database (``shared/``, ``sources/``, content-addressed), so links can be
recomputed for what changed without re-reading the whole corpus.

Every change — ingesting files, removing a document, rebuilding from a corpus — is computed in
full first and then applied as one SPARQL update, which Oxigraph runs as one transaction: a
failure anywhere leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.errors import InputError, KgError
from kg.model.graph import ntriples
from kg.model.namespaces import ID, PK, PREFIXES, RDF
from kg.parse import Document, parse_file
from kg.progress import Progress
from kg.stats import Stages, maybe
from kg.store import materialized

__all__ = [
    "COMPLETIONS",
    "DERIVED",
    "SHARED",
    "DEFAULT_STORE",
    "DocumentEntry",
    "IngestReport",
    "Store",
    "open_store",
]


#: A change of at least this many triples is bulk-loaded into a fresh database (see
#: Store._load_fresh) rather than applied as one SPARQL update.
BULK_MIN_TRIPLES = 200_000

#: Where ``kg`` keeps its store unless told otherwise.
DEFAULT_STORE = Path("build") / "store"
SHARED = URIRef(ID["graph/shared"])
#: Facts derived from the shared graph (membership of collective units), rebuilt with it.
DERIVED = URIRef(ID["graph/derived"])
_DERIVE_TEXT = (Path(__file__).parent / "derive.rq").read_text(encoding="utf-8").splitlines()
# Oxigraph takes a prologue only at the start of an update request: the derivation's PREFIX
# lines open the request, its operation closes it.
_DERIVE_PROLOGUE = "\n".join(line for line in _DERIVE_TEXT if line.startswith("PREFIX "))
_DERIVE = "\n".join(line for line in _DERIVE_TEXT if not line.startswith(("PREFIX ", "#")))
COMPLETIONS = URIRef(ID["graph/completions"])
MEMORY = ":memory:"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class DocumentEntry:
    """What the store knows of a document without reading its graph."""

    iri: str
    short_id: str
    doc_number: str | None
    title: str | None
    source: str
    position: int
    digest: str
    jurisdiction: str | None
    parent_jurisdiction: str | None
    year: int | None
    genre: str | None

    @property
    def graph(self) -> str:
        return f"{self.iri}/graph"

    @property
    def links(self) -> str:
        return f"{self.iri}/links"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    relinked: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    inheritance: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    #: with ``ingest(turtle=…)``: the temporary file holding the store's Turtle, written while
    #: the materialized rows were computed, and its number of triples (``None``: not written)
    turtle: tuple[Path, int] | None = None


def _owned(iri: str, subject: object) -> bool:
    s = str(subject)
    return s == iri or s.startswith(iri + "/")


def _owner(subject: object, iris: set[str] | dict[str, Any]) -> str | None:
    """The document IRI among *iris* that *subject* is or lies under (the longest), if any."""
    s = str(subject)
    while s:
        if s in iris:
            return s
        cut = s.rfind("/")
        if cut <= 0:
            return None
        s = s[:cut]
    return None


def _split(graph: Graph, iri: str) -> tuple[list[tuple[Any, Any, Any]], list[tuple[Any, Any, Any]]]:
    """The triples whose subject is the document or under it, and the rest (shared nodes)."""
    own: list[tuple[Any, Any, Any]] = []
    shared: list[tuple[Any, Any, Any]] = []
    for triple in graph:
        (own if _owned(iri, triple[0]) else shared).append(triple)
    return own, shared


class _Sidecar:
    """Content-addressed files beside the database: sources and shared-graph contributions."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._memory: dict[str, bytes] = {}

    def put(self, kind: str, name: str, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        key = f"{kind}/{digest}/{name}"
        if self.root is None:
            self._memory[key] = data
        else:
            path = self.root / key
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
        return digest

    def path(self, kind: str, digest: str, name: str) -> Path:
        key = f"{kind}/{digest}/{name}"
        if self.root is not None:
            return self.root / key
        tmp = Path(tempfile.mkdtemp(prefix="kg-source-")) / name
        tmp.write_bytes(self._memory[key])
        return tmp

    def get(self, kind: str, digest: str, name: str) -> bytes:
        key = f"{kind}/{digest}/{name}"
        if self.root is None:
            return self._memory[key]
        return (self.root / key).read_bytes()

    def keep_only(self, kind: str, digests: set[str]) -> None:
        """Forget the files of *kind* no document refers to any more."""
        if self.root is None:
            for key in [
                k for k in self._memory if k.startswith(kind + "/") and k.split("/")[1] not in digests
            ]:
                del self._memory[key]
            return
        base = self.root / kind
        if base.is_dir():
            for folder in base.iterdir():
                if folder.name not in digests:
                    shutil.rmtree(folder, ignore_errors=True)


_CATALOG = """
PREFIX pk: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?d ?short ?number ?title ?source ?position ?digest ?code ?parent ?year ?genre WHERE {
  GRAPH ?g {
    ?d a pk:PolicyDocument ; pk:shortId ?short ; pk:sourceFile ?source ; pk:positionInFile ?position ;
       pk:sourceDigest ?digest .
    OPTIONAL { ?d eli:id_local ?number }
    OPTIONAL { ?d dcterms:title ?title }
    OPTIONAL { ?d pk:year ?year }
    OPTIONAL { ?d pk:genre ?genre }
    OPTIONAL { ?d eli:jurisdiction ?area }
  }
  OPTIONAL { GRAPH ?s { ?area skos:notation ?code . OPTIONAL { ?area skos:broader/skos:notation ?parent } } }
}
ORDER BY ?d
"""


class Store:
    """An Oxigraph store holding policy documents as named graphs (see the module docstring)."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open (or create) the store at *path*; ``None`` or ``":memory:"`` keeps it in memory.

        :raises InputError: the path exists but holds no store, or the store is locked or corrupt.
        """
        if path is None or str(path) == MEMORY:
            self.path: Path | None = None
            self.ox = ox.Store()
            self.sidecar = _Sidecar(None)
            return
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise InputError("is a file, not a store directory", path=self.path)
        _recover(self.path)
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / "oxigraph").is_dir():
            raise InputError(
                "is not a policy-kg store (no oxigraph/ inside); choose another --store", path=self.path
            )
        try:
            (self.path / "oxigraph").mkdir(parents=True, exist_ok=True)
            try:
                self.ox = ox.Store(str(self.path / "oxigraph"))
            except OSError:
                # A store this process no longer uses may still hold the lock until collected.
                import gc

                gc.collect()
                self.ox = ox.Store(str(self.path / "oxigraph"))
        except OSError as exc:
            first = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            raise InputError(f"cannot open the store ({first})", path=self.path) from None
        self.sidecar = _Sidecar(self.path)
        if materialized.missing(self.ox) and self.documents():
            # a change whose materialized rows were never computed (stopped between the two
            # steps of _commit), or a store made before there were any; where they cannot be
            # written now, the named queries compute them when asked (run_named)
            try:
                materialized.refresh(self.ox, location=self._location())
                self.ox.flush()
            except (OSError, ValueError, SyntaxError):
                pass

    # ------------------------------------------------------------------------------ reading

    def _location(self) -> Path | None:
        """The on-disk database (None in memory)."""
        return None if self.path is None else self.path / "oxigraph"

    def __len__(self) -> int:
        """The number of triples, the materialized rows left out."""
        cached = sum(_graph_sizes(self.ox, [g.value for g in self._materialized_graphs()]).values())
        return len(self.ox) - cached

    def _materialized_graphs(self) -> list[ox.NamedNode]:
        return [
            g
            for g in self.ox.named_graphs()
            if isinstance(g, ox.NamedNode) and materialized.is_materialized_graph(g.value)
        ]

    def documents(self) -> list[DocumentEntry]:
        """Every document in the store, by IRI."""
        out = []
        solutions: Any = self.ox.query(_CATALOG)
        for row in solutions:

            def v(name: str, row: Any = row) -> str | None:
                term = row[name]
                return term.value if term is not None else None

            year = v("year")
            out.append(
                DocumentEntry(
                    iri=v("d") or "",
                    short_id=v("short") or "",
                    doc_number=v("number"),
                    title=v("title"),
                    source=v("source") or "",
                    position=int(v("position") or 1),
                    digest=v("digest") or "",
                    jurisdiction=v("code"),
                    parent_jurisdiction=v("parent"),
                    year=int(year[:4]) if year else None,
                    genre=(v("genre") or "").rsplit("#", 1)[-1] or None,
                )
            )
        return out

    def find(self, name: str) -> DocumentEntry:
        """The document named by its IRI, 文号 or short id.

        :raises InputError: no document, or several, answer to *name*.
        """
        from kg.normalize import key

        entries = self.documents()
        k = key(name)
        found = [
            e
            for e in entries
            if name in (e.iri, e.short_id) or (e.doc_number is not None and key(e.doc_number) == k)
        ]
        if len(found) == 1:
            return found[0]
        known = ", ".join(e.short_id for e in entries) or "the store is empty"
        if not found:
            raise InputError(f"no document in the store is named {name!r} (known: {known})")
        raise InputError(f"{name!r} names several documents: " + ", ".join(e.short_id for e in found))

    def graph_names(self, *, with_materialized: bool = False) -> list[str]:
        """The names of the store's graphs, sorted; the materialized rows' graphs only if
        *with_materialized*."""
        return sorted(
            g.value
            for g in self.ox.named_graphs()
            if isinstance(g, ox.NamedNode)
            and (with_materialized or not materialized.is_materialized_graph(g.value))
        )

    def graph_lines(self, graph: str) -> list[str]:
        """The triples of one named graph as sorted N-Triples lines."""
        return sorted(
            f"{q.subject} {q.predicate} {q.object} ."
            for q in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        )

    def lines(self) -> list[str]:
        """Every triple of every graph but the materialized rows' as N-Triples lines (the union, unsorted)."""
        return [
            f"{q.subject} {q.predicate} {q.object} ."
            for q in self.ox
            if not materialized.is_materialized_graph(getattr(q.graph_name, "value", ""))
        ]

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        name = ox.NamedNode(graph) if graph else None
        return iter(self.ox.quads_for_pattern(None, None, None, name))

    def to_graph(self, *, completions: bool = True) -> Graph:
        """The union of the store's graphs as one rdflib graph (each triple once)."""
        graph = Graph()
        skip = None if completions else COMPLETIONS
        for quad in self.ox:
            if skip is not None and quad.graph_name == ox.NamedNode(str(skip)):
                continue
            if materialized.is_materialized_graph(getattr(quad.graph_name, "value", "")):
                continue
            graph.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
        return graph

    def write_turtle(self, path: Path, *, completions: bool = False) -> int:
        """Write the union of the store's graphs to *path* as Turtle, written by Oxigraph (no
        rdflib graph: this is the path for stores too big for one), through a temporary file.

        On disk each graph is dumped natively, in the order of the graphs' names and within a
        graph in the store's key order, which depends only on the triples; an in-memory store's
        order varies between processes, so its triples are sorted first. The same store gives
        the same bytes. A triple held by two graphs is written once per graph (Turtle readers
        keep it once). Returns the number of triples written.
        """
        tmp, count = _turtle_to_temporary(self.ox, path, completions=completions, in_memory=self.path is None)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return count

    def query(self, sparql: str, bindings: dict[Any, Any] | None = None) -> Any:
        """Run a SPARQL query over the union of the graphs; *bindings* are substituted, not pasted."""
        substitutions = {
            k if isinstance(k, ox.Variable) else ox.Variable(str(k)): v for k, v in (bindings or {}).items()
        }
        try:
            return self.ox.query(
                sparql,
                use_default_graph_as_union=True,
                prefixes={k: str(v) for k, v in PREFIXES.items()},
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise InputError(f"the query is not valid SPARQL: {str(exc).splitlines()[0]}") from None

    # ------------------------------------------------------------------------------ writing

    def ingest(
        self,
        files: Sequence[Path],
        *,
        stated: list[tuple[str, str]] | None = None,
        keep_going: bool = False,
        sync: bool = False,
        validate: bool = False,
        progress: Progress | None = None,
        jobs: int = 1,
        stages: Stages | None = None,
        turtle: Path | None = None,
    ) -> IngestReport:
        """Add or replace the documents of *files*, relink what changed, in one transaction.

        :param sync: make the store's documents exactly those of *files* (``kg build``): the
            documents of other files are removed. Completion records are always kept.
        :param validate: check the new documents (with the shared nodes) against the shapes
            before anything is written.
        :param jobs: parse the files in this many worker processes (1: in this process).
        :param stages: record the time and memory of each stage there.
        :param turtle: when the change is bulk-loaded (a large one: ``kg build``), also write
            the store's Turtle (as :meth:`write_turtle` would) to a temporary file beside this
            path while the materialized rows are computed (in a child process: the two share
            the machine's cores); ``report.turtle`` then names it, for the caller to move into
            place. It is removed if the change fails.
        :raises KgError: a file cannot be parsed (unless *keep_going*), or the result does not
            validate; the store is then unchanged.
        """
        from kg.link.parents import short_id

        report = IngestReport()
        existing = {e.iri: e for e in self.documents()}
        parsed: list[tuple[Document, str, str]] = []  # document, file name, digest
        built: list[_Texts] = []  # each parsed document's graph texts, made by the workers
        sources: list[tuple[str, bytes]] = []
        with maybe(stages, "parse"):
            results = _parse_all(files, jobs=jobs, progress=progress)
        for path, outcome in zip(files, results, strict=True):
            if isinstance(outcome, KgError):
                if not keep_going:
                    raise outcome
                report.failures.append(str(outcome))
                continue
            data, docs, texts = outcome
            digest = hashlib.sha256(data).hexdigest()
            parsed.extend((d, Path(path).name, digest) for d in docs)
            sources.append((Path(path).name, data))
            built.extend(texts)
        if not parsed:
            raise KgError("no document could be read from " + ", ".join(str(p) for p in files))
        from kg.model.graph import document_iri

        incoming = {str(document_iri(d)): (d, name, digest) for d, name, digest in parsed}
        texts_of = {str(document_iri(d)): texts for (d, _, _), texts in zip(parsed, built, strict=True)}
        taken = {e.short_id for iri, e in existing.items() if iri not in incoming}
        removed = [iri for iri in existing if iri not in incoming] if sync else []
        taken -= {existing[iri].short_id for iri in removed}
        # Documents whose source did not change keep their graphs (and their short ids).
        changed: dict[str, tuple[Document, str, str, str]] = {}
        for iri, (doc, name, digest) in sorted(incoming.items()):
            old = existing.get(iri)
            if (
                not sync
                and old is not None
                and old.digest == digest
                and old.source == name
                and old.position == doc.index
            ):
                report.unchanged.append(old.short_id)
                continue
            base = old.short_id if old is not None else short_id(doc)
            sid, n = base, 1
            while sid in taken:
                n += 1
                sid = f"{base}-{n}"
            taken.add(sid)
            changed[iri] = (doc, name, digest, sid)
            (report.replaced if old is not None else report.added).append(sid)
        report.removed = [existing[iri].short_id for iri in removed]
        if not changed and not removed:
            return report
        for name, data in sources:
            self.sidecar.put("sources", name, data)
        self._apply(
            existing,
            changed,
            removed,
            stated,
            report,
            validate=validate,
            progress=progress,
            relink_all=sync,
            stages=stages,
            texts=texts_of,
            jobs=jobs,
            turtle=turtle,
        )
        return report

    def remove(self, names: Sequence[str], *, stated: list[tuple[str, str]] | None = None) -> IngestReport:
        """Take documents out (each named by IRI, 文号 or short id) and relink their family."""
        existing = {e.iri: e for e in self.documents()}
        removed = []
        for name in names:
            entry = self.find(name)
            removed.append(entry.iri)
        report = IngestReport(removed=[existing[iri].short_id for iri in removed])
        self._apply(existing, {}, removed, stated, report)
        return report

    def _apply(
        self,
        existing: dict[str, DocumentEntry],
        changed: dict[str, tuple[Document, str, str, str]],
        removed: list[str],
        stated: list[tuple[str, str]] | None,
        report: IngestReport,
        *,
        validate: bool = False,
        progress: Progress | None = None,
        relink_all: bool = False,
        stages: Stages | None = None,
        texts: dict[str, _Texts] | None = None,
        jobs: int = 1,
        turtle: Path | None = None,
    ) -> None:
        drop: list[str] = []
        insert: dict[str, _Packed] = {}  # graph name -> N-Triples
        shared_parts: dict[str, bytes] = {}
        texts = texts or {}
        for iri in removed:
            drop += [existing[iri].graph, existing[iri].links]
        with maybe(stages, "graph"):
            for n, (iri, (_doc, _name, digest, sid)) in enumerate(changed.items(), start=1):
                if progress and n % 100 == 0:
                    progress.step(n, len(changed), "building graphs")
                own, shared = texts[iri]  # made when ingest() parsed it
                d = URIRef(iri)
                own = own.plus(
                    ntriples([(d, PK.shortId, Literal(sid)), (d, PK.sourceDigest, Literal(digest))])
                )
                drop.append(f"{iri}/graph")
                insert[f"{iri}/graph"] = own
                shared_parts[f"{iri}/graph"] = shared.encode("utf-8")
        if progress:
            progress.note("linking")
        with maybe(stages, "link"):
            links = self._relink(existing, changed, removed, stated, report, relink_all=relink_all, jobs=jobs)
        for iri, (link_text, reached) in links.items():
            drop.append(f"{iri}/links")
            insert[f"{iri}/links"] = link_text
            shared_parts[f"{iri}/links"] = ntriples(reached).encode("utf-8")
        # The shared graph: every contribution of the documents that stay, each triple once.
        contributions = self._contributions(existing, removed, shared_parts)
        shared_lines = sorted(
            {line for part in contributions.values() for line in part.decode("utf-8").splitlines() if line}
        )
        # Validation: a change bulk-loaded into a fresh database is validated there, the shapes
        # run as SPARQL over all of it (kg.query.sparql_shacl); a smaller one in a store of its
        # own graphs, before anything is written.
        bulk = _is_bulk(insert)
        if validate and not bulk:
            with maybe(stages, "validate"):
                if progress:
                    progress.note("validating against ontology/shapes.ttl")
                report.warnings = self._validate(insert, shared_lines)
        with maybe(stages, "store"):
            self._commit(
                existing,
                removed,
                drop,
                insert,
                shared_parts,
                shared_lines,
                report,
                progress,
                turtle=turtle,
                validate=validate and bulk,
            )

    def _commit(
        self,
        existing: dict[str, DocumentEntry],
        removed: list[str],
        drop: list[str],
        insert: dict[str, _Packed],
        shared_parts: dict[str, bytes],
        shared_lines: list[str],
        report: IngestReport,
        progress: Progress | None = None,
        *,
        turtle: Path | None = None,
        validate: bool = False,
    ) -> None:
        """Apply the change so that the store has all of it or none of it: one SPARQL update
        (one Oxigraph transaction), or for a large change (``kg build`` of a big corpus) a fresh
        database bulk-loaded beside the old one and swapped in (:meth:`_load_fresh`)."""
        # Contributions are written (content-addressed) before the change and referenced from
        # the graphs only once it is in.
        for graph_name, data in shared_parts.items():
            digest = self.sidecar.put("shared", "part.nt", data)
            self._part_index()[graph_name] = digest
        bulk = _is_bulk(insert)
        try:
            if bulk:
                fresh = self._load_fresh(
                    drop, insert, shared_lines, progress, turtle=turtle, report=report, validate=validate
                )
                try:
                    self._swap_in(fresh)
                except BaseException:
                    if report.turtle is not None:
                        report.turtle[0].unlink(missing_ok=True)
                        report.turtle = None
                    raise
            else:
                self.ox.update(_update_text(drop, insert, shared_lines))
        except KgError:
            self._part_index_reset()  # refused by the shapes: nothing was written
            raise
        except (OSError, SyntaxError, ValueError) as exc:
            self._part_index_reset()
            raise KgError(
                f"the store refused the change and is unchanged ({str(exc).splitlines()[0]})"
            ) from None
        self._save_part_index(existing, removed)
        if not bulk:
            # The update marked the materialized rows out of date; they are brought up to date
            # from the new state after it (a store opened with them out of date does it then:
            # see __init__).
            if progress:
                progress.note("computing the materialized queries")
            try:
                materialized.refresh(self.ox, location=self._location())
            except (OSError, SyntaxError, ValueError) as exc:
                raise KgError(
                    "the change is stored but its materialized queries could not be computed "
                    f"({str(exc).splitlines()[0]}); they will be when the store is next opened"
                ) from None
        report.triples = len(self)
        if self.path is not None:
            self.ox.flush()

    def _load_fresh(
        self,
        drop: list[str],
        insert: dict[str, _Packed],
        shared_lines: list[str],
        progress: Progress | None,
        *,
        turtle: Path | None = None,
        report: IngestReport | None = None,
        validate: bool = False,
    ) -> ox.Store:
        """A new database holding the store after the change: the graphs that stay (copied),
        the new graphs, the shared graph and the derived facts, bulk-loaded.

        Oxigraph's bulk loader writes sorted index files directly, without a transaction, at a
        fraction of the cost and memory of one update holding millions of triples. On disk the
        copy is built in ``oxigraph.new`` and removed if anything fails (or, after a crash,
        when the store is next opened: :func:`_recover`).
        """
        gone = set(drop) | {str(SHARED), str(DERIVED)} | {mq.graph for mq in materialized.queries()}
        fresh_dir = None if self.path is None else self.path / "oxigraph.new"
        written: list[tuple[Path, int]] = []  # the Turtle, when asked for
        if fresh_dir is not None and fresh_dir.exists():
            shutil.rmtree(fresh_dir)
        try:
            fresh = ox.Store() if fresh_dir is None else ox.Store(str(fresh_dir))
            kept = [g for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in gone]
            for graph in kept:
                fresh.bulk_extend(self.ox.quads_for_pattern(None, None, None, graph))
            items = sorted(insert.items())
            if shared_lines:
                items.append((str(SHARED), _Packed.of("\n".join(shared_lines))))
            batch: list[str] = []
            size = 0
            for n, (graph_name, packed) in enumerate(items, start=1):
                text = packed.text()
                if progress and n % 200 == 0:
                    progress.step(n, len(items), "loading graphs")
                # rdflib writes a literal with a line break as a """long string""", which
                # N-Triples lacks: the graphs go in as TriG blocks.
                batch.append(f"<{graph_name}> {{\n{text}\n}}\n")
                size += len(text)
                if size >= 64 << 20 or n == len(items):
                    fresh.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.TRIG, lenient=True)
                    batch, size = [], 0
            fresh.update(f"{_DERIVE_PROLOGUE}\n{_DERIVE}")
            if validate:
                from kg.query.sparql_shacl import validate_store

                if progress:
                    progress.note("validating against ontology/shapes.ttl")
                result = validate_store(fresh)
                warnings = _verdict(result.violations, result.warnings)
                if report is not None:
                    report.warnings = warnings

            def write_turtle() -> None:
                # the base graphs are all in: their Turtle is what the store will give
                from kg.build import PRETTY_LIMIT  # below it kg build writes rdflib's Turtle

                loaded = sum(packed.lines for packed in insert.values()) + len(shared_lines)
                if turtle is None or loaded <= PRETTY_LIMIT:
                    return
                if progress:
                    progress.note("writing the Turtle while the materialized queries are computed")
                written.append(
                    _turtle_to_temporary(fresh, turtle, completions=False, in_memory=fresh_dir is None)
                )

            if progress:
                progress.note("computing the materialized queries")
            materialized.refresh(fresh, fresh=True, location=fresh_dir, meanwhile=write_turtle)
            fresh.flush()
        except BaseException:
            if fresh_dir is not None:
                shutil.rmtree(fresh_dir, ignore_errors=True)
            for path, _ in written:
                path.unlink(missing_ok=True)
            raise
        if report is not None and written:
            report.turtle = written[0]
        return fresh

    def _swap_in(self, fresh: ox.Store) -> None:
        """Make *fresh* (from :meth:`_load_fresh`) the store: in memory by replacing the object;
        on disk by two renames (``oxigraph`` → ``oxigraph.old``, ``oxigraph.new`` →
        ``oxigraph``), a crash between which is finished on the next open (:func:`_recover`)."""
        if self.path is None:
            self.ox = fresh
            return
        import gc

        del fresh
        del self.ox
        gc.collect()  # pyoxigraph releases a database (and its lock) when the object goes
        current, old = self.path / "oxigraph", self.path / "oxigraph.old"
        current.rename(old)
        (self.path / "oxigraph.new").rename(current)
        shutil.rmtree(old, ignore_errors=True)
        self.ox = ox.Store(str(current))

    # The index of shared-graph contributions: graph name -> digest of its part, stored in the
    # store itself (pk:sharedPart on the graph's node in the shared graph would be circular), so
    # it is a small file written after each committed change; a stale index is rebuilt from the
    # graphs' own contributions on the next change.
    def _part_index(self) -> dict[str, str]:
        if not hasattr(self, "_parts"):
            self._parts: dict[str, str] = {}
            if self.path is not None and (self.path / "shared" / "index.tsv").exists():
                for line in (self.path / "shared" / "index.tsv").read_text(encoding="utf-8").splitlines():
                    graph_name, _, digest = line.partition("\t")
                    self._parts[graph_name] = digest
        return self._parts

    def _part_index_reset(self) -> None:
        if hasattr(self, "_parts"):
            del self._parts

    def _save_part_index(self, existing: dict[str, DocumentEntry], removed: list[str]) -> None:
        parts = self._part_index()
        for iri in removed:
            parts.pop(f"{iri}/graph", None)
            parts.pop(f"{iri}/links", None)
        live = set(self.graph_names())
        for graph_name in list(parts):
            if graph_name not in live:
                del parts[graph_name]
        if self.path is not None:
            index = self.path / "shared" / "index.tsv"
            index.parent.mkdir(parents=True, exist_ok=True)
            tmp = index.with_suffix(".tmp")
            tmp.write_text("".join(f"{g}\t{d}\n" for g, d in sorted(parts.items())), encoding="utf-8")
            tmp.replace(index)
        self.sidecar.keep_only("shared", set(parts.values()))
        sources = {e.digest for e in self.documents()}
        self.sidecar.keep_only("sources", sources)

    def _contributions(
        self, existing: dict[str, DocumentEntry], removed: list[str], fresh: dict[str, bytes]
    ) -> dict[str, bytes]:
        parts = self._part_index()
        gone = {f"{iri}/graph" for iri in removed} | {f"{iri}/links" for iri in removed}
        out: dict[str, bytes] = {}
        for graph_name, digest in parts.items():
            if graph_name in gone or graph_name in fresh:
                continue
            try:
                out[graph_name] = self.sidecar.get("shared", digest, "part.nt")
            except (OSError, KeyError):
                continue
        out.update(fresh)
        return out

    def _relink(
        self,
        existing: dict[str, DocumentEntry],
        changed: dict[str, tuple[Document, str, str, str]],
        removed: list[str],
        stated: list[tuple[str, str]] | None,
        report: IngestReport,
        *,
        relink_all: bool = False,
        jobs: int = 1,
    ) -> dict[str, tuple[_Packed, list[tuple[Any, Any, Any]]]]:
        """Recompute the links of the changed documents and of their families."""
        from kg.build import inheritance_summary
        from kg.link import link_documents, load_stated
        from kg.model.graph import document_iri
        from kg.model.links import add_links

        stated = load_stated() if stated is None else stated
        entries: dict[str, DocumentEntry] = {iri: e for iri, e in existing.items() if iri not in removed}
        for iri, (doc, name, digest, sid) in changed.items():
            entries[iri] = _entry(iri, doc, name, digest, sid)
        touched = [existing[i] for i in removed] + [entries[i] for i in changed]
        if not touched:
            return {}

        # A document is in the family of a touched one when both are of one year and it shares
        # the touched one's jurisdiction, or its parent jurisdiction is the touched one's
        # jurisdiction or parent jurisdiction. Keys in sets: n look-ups, not n × touched tests.
        places = {(t.year, t.jurisdiction) for t in touched}
        parents = {(t.year, t.parent_jurisdiction) for t in touched}

        def in_family(e: DocumentEntry) -> bool:
            if (e.year, e.jurisdiction) in places:
                return True
            up = (e.year, e.parent_jurisdiction)
            return bool(e.parent_jurisdiction) and (up in places or up in parents)

        named = {n for pair in stated for n in pair}
        stated_docs = {iri for iri, e in entries.items() if {e.short_id, e.doc_number} & named}
        if relink_all:
            affected = set(entries)
        else:
            affected = {iri for iri, e in entries.items() if in_family(e)} | set(changed)
        if any({t.short_id, t.doc_number} & named for t in touched):
            affected |= stated_docs
        # The context: the affected documents and every candidate parent of them.
        wanted = {(entries[a].year, entries[a].parent_jurisdiction) for a in affected}
        context = set(affected) | stated_docs
        context |= {iri for iri, e in entries.items() if (e.year, e.jurisdiction) in wanted}
        docs: list[Document] = []
        iris: list[str] = []
        for iri in sorted(context):
            if iri in changed:
                doc = changed[iri][0]
            else:
                doc = self._reparse(entries[iri])
            docs.append(doc)
            iris.append(iri)
        names = {n for pair in stated for n in pair}
        resolvable = {e.short_id for e in entries.values() if e.iri in context} | {
            e.doc_number for e in entries.values() if e.iri in context and e.doc_number
        }
        usable = [(c, p) for c, p in stated if c in resolvable and p in resolvable] if names else []
        links = link_documents(docs, usable, jobs=jobs, render=True)
        graph = Graph()
        add_links(graph, links, comparisons=False)
        report.inheritance = inheritance_summary(links)
        out: dict[str, tuple[_Packed, list[tuple[Any, Any, Any]]]] = {}
        by_iri = {str(document_iri(d)): d for d in docs}
        owned: dict[str, list[tuple[Any, Any, Any]]] = {iri: [] for iri in affected}
        outside: dict[Any, list[tuple[Any, Any, Any]]] = {}
        # Each comparison's triples, rendered by the worker that compared the pair, all lie
        # under the first document of the pair (the child, or one of two siblings).
        rendered: dict[str, list[bytes]] = {}
        for (a, _, _), packed in zip(links.comparisons, links.rendered or [], strict=True):
            if packed:
                rendered.setdefault(iris[a], []).append(packed)
        for triple in graph:
            owner = _owner(triple[0], by_iri)
            if owner is None:
                outside.setdefault(triple[0], []).append(triple)
            elif owner in owned:
                owned[owner].append(triple)
        for iri in sorted(affected):
            # A document's share of the shared nodes: those its own link triples reach.
            reached: list[tuple[Any, Any, Any]] = []
            seen: set[Any] = set()
            frontier = [o for _, _, o in owned[iri] if o in outside]
            while frontier:
                node = frontier.pop()
                if node in seen:
                    continue
                seen.add(node)
                for triple in outside[node]:
                    reached.append(triple)
                    if triple[2] in outside:
                        frontier.append(triple[2])
            parts = [zlib.decompress(packed).decode("utf-8") for packed in rendered.pop(iri, [])]
            out[iri] = (_Packed.of("\n".join([ntriples(owned[iri]), *parts])), reached)
        report.relinked = sorted(entries[i].short_id for i in affected)
        return out

    def _reparse(self, entry: DocumentEntry) -> Document:
        path = self.sidecar.path("sources", entry.digest, entry.source)
        docs = parse_file(path).documents
        for doc in docs:
            if doc.index == entry.position:
                doc.source = entry.source
                return doc
        raise KgError(f"{entry.short_id}: its stored source no longer yields the document; ingest it again")

    def _validate(self, insert: dict[str, _Packed], shared_lines: list[str]) -> list[str]:
        """The warnings of the change's graphs (with the shared graph) against the shapes, run
        as SPARQL over an in-memory store of them; a violation refuses the change."""
        from kg.query.sparql_shacl import validate_store

        scratch = ox.Store()
        blocks = [f"<{name}> {{\n{packed.text()}\n}}\n" for name, packed in sorted(insert.items())]
        if shared_lines:
            blocks.append(f"<{SHARED}> {{\n" + "\n".join(shared_lines) + "\n}\n")
        scratch.bulk_load("".join(blocks).encode("utf-8"), ox.RdfFormat.TRIG, lenient=True)
        result = validate_store(scratch)
        return _verdict(result.violations, result.warnings)

    # ------------------------------------------------------------------------------ completions

    def add_completions(self, records: Sequence[tuple[str, str, str | None, str | None]]) -> list[str]:
        """Record duties as done: (duty IRI, date, evidence, note). Returns the record IRIs.

        :raises InputError: a duty is not in the store, or a date is not a date.
        """
        import datetime

        from kg.model.namespaces import XSD

        triples = []
        made = []
        for duty, date, evidence, note in records:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise InputError(f"{date!r} is not a date (YYYY-MM-DD)") from None
            ask = self.ox.query(
                "ASK { ?d a <http://www.w3.org/ns/odrl/2/Duty> }",
                use_default_graph_as_union=True,
                substitutions={ox.Variable("d"): ox.NamedNode(duty)},
            )
            if not bool(ask):
                raise InputError(f"{duty}: no task or obligation of that name in the store")
            node = URIRef(
                ID["completion/" + hashlib.sha1(f"{duty}|{day}|{evidence or ''}".encode()).hexdigest()[:16]]
            )
            triples += [
                (node, RDF.type, PK.Completion),
                (node, PK.completes, URIRef(duty)),
                (node, PK.completedOn, Literal(day.isoformat(), datatype=XSD.date)),
            ]
            if evidence:
                triples.append((node, PK.evidence, Literal(evidence)))
            if note:
                triples.append((node, PK.note, Literal(note, lang="zh")))
            made.append(str(node))
        if triples:
            self.ox.update(f"INSERT DATA {{ GRAPH <{COMPLETIONS}> {{\n{ntriples(triples)}\n}} }}")
            if self.path is not None:
                self.ox.flush()
        return made


@dataclass(frozen=True)
class _Packed:
    """N-Triples text kept compressed (zlib, fast level): a national corpus's graphs are
    gigabytes as Python strings and a tenth of that packed, until they are loaded.

    :ivar lines: the number of lines of the whole text
    :ivar extra: text appended uncompressed (a few lines added after packing)
    """

    data: bytes
    lines: int
    extra: str = ""

    @classmethod
    def of(cls, text: str) -> _Packed:
        return cls(zlib.compress(text.encode("utf-8"), 1), text.count("\n") + 1 if text else 0)

    def text(self) -> str:
        body = zlib.decompress(self.data).decode("utf-8")
        return f"{body}\n{self.extra}" if self.extra else body

    def plus(self, extra: str) -> _Packed:
        """The same text with *extra* lines after it."""
        joined = f"{self.extra}\n{extra}" if self.extra else extra
        return _Packed(self.data, self.lines + extra.count("\n") + 1, joined)


#: A document's own graph (packed) and its contribution to the shared graph, as N-Triples.
_Texts = tuple[_Packed, str]
_Parsed = tuple[bytes, list[Document], list[_Texts]] | KgError


def _graph_texts(doc: Document) -> _Texts:
    """The N-Triples of *doc*'s own graph and of its share of the shared graph (sorted)."""
    from kg.model import documents_graph
    from kg.model.graph import document_iri

    graph = documents_graph([doc])
    own, shared = _split(graph, str(document_iri(doc)))
    return _Packed.of(ntriples(own)), ntriples(shared)


def _parse_one(path: Path) -> tuple[bytes, list[Document], list[_Texts]] | tuple[type[KgError], str]:
    """The bytes, documents and graph texts of one file, or the class and one-line message of
    the error it gives (never raises, so a worker process hands back plain values, not an
    exception). Building each document's graph here puts that work in the worker processes
    too, and hands back N-Triples text, which pickles far faster than rdflib terms."""
    try:
        data = Path(path).read_bytes()
        docs = parse_file(path).documents
        texts = [_graph_texts(doc) for doc in docs]
        for doc in docs:
            # What the main process does with a document from here on is linking, which never
            # reads the annexes' raw tables (their rows are doc.tasks, and in the graph text):
            # a third of a document's size, not sent back.
            doc.annexes = []
        return data, docs, texts
    except KgError as exc:
        return type(exc), str(exc)
    except OSError as exc:
        error = InputError(f"cannot be read ({exc.strerror or exc.__class__.__name__})", path=path)
        return InputError, str(error)


def _outcome(result: tuple[Any, ...]) -> _Parsed:
    if isinstance(result[0], type):
        return result[0](result[1])  # type: ignore[no-any-return]
    return result  # type: ignore[return-value]


def _is_bulk(insert: dict[str, _Packed]) -> bool:
    """Whether a change is large enough to be bulk-loaded into a fresh database."""
    return sum(packed.lines for packed in insert.values()) >= BULK_MIN_TRIPLES


def _verdict(violations: list[str], warnings: list[str]) -> list[str]:
    """The warnings, when there are no violations; else the change is refused."""
    from kg.errors import ValidationFailed

    if violations:
        shown = "; ".join(violations[:3])
        raise ValidationFailed(
            f"the built graph does not conform to the shapes ({len(violations)} violations): {shown}"
        )
    return warnings


def _parse_all(files: Sequence[Path], *, jobs: int = 1, progress: Progress | None = None) -> list[_Parsed]:
    """The bytes and documents of every file, or its error, in order; parsed over *jobs* worker
    processes when asked."""
    work = _parse_one
    out: list[_Parsed] = []
    if jobs <= 1 or len(files) < 2:
        for n, path in enumerate(files, start=1):
            if progress:
                progress.step(n, len(files), f"parsing {Path(path).name}")
            out.append(_outcome(work(path)))
        return out
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(16, len(files) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, result in enumerate(pool.map(work, files, chunksize=chunk), start=1):
            if progress:
                progress.step(n, len(files), f"parsing {Path(files[n - 1]).name}")
            out.append(_outcome(result))
    return out


def _entry(iri: str, doc: Document, name: str, digest: str, sid: str) -> DocumentEntry:
    j = doc.jurisdiction
    return DocumentEntry(
        iri=iri,
        short_id=sid,
        doc_number=doc.doc_number,
        title=doc.title,
        source=name,
        position=doc.index,
        digest=digest,
        jurisdiction=j.code if j else None,
        parent_jurisdiction=j.parent_code if j else None,
        year=doc.year,
        genre=doc.genre,
    )


def _to_rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    from rdflib import BNode

    return BNode(term.value)


def _turtle_to_temporary(
    store: ox.Store, path: Path, *, completions: bool, in_memory: bool
) -> tuple[Path, int]:
    """The Turtle of *store* (see :meth:`Store.write_turtle`) in a new temporary file beside
    *path*, and its number of triples; the file is removed if writing fails."""
    from kg.build import file_mode

    skip = str(COMPLETIONS)
    names = sorted(
        g.value
        for g in store.named_graphs()
        if isinstance(g, ox.NamedNode)
        and not materialized.is_materialized_graph(g.value)
        and (completions or g.value != skip)
    )
    prefixes = {k: str(v) for k, v in sorted(PREFIXES.items())}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, file_mode())
        if in_memory:
            quads = sorted(
                (
                    q
                    for graph in names
                    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                ),
                key=lambda q: (str(q.graph_name), str(q.triple)),
            )
            count = len(quads)
            ox.serialize((q.triple for q in quads), str(tmp), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        else:
            # ~2× faster than feeding Oxigraph's serializer from Python; the prefixes are
            # written once, before the first graph
            with open(tmp, "wb") as out:
                out.write("".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items()).encode("utf-8"))
                for graph in names:
                    buffer = io.BytesIO()
                    store.dump(
                        buffer, format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=prefixes
                    )
                    lines = buffer.getvalue().split(b"\n")
                    body = 0
                    while body < len(lines) and lines[body].startswith(b"@prefix "):
                        body += 1
                    out.write(b"\n".join(lines[body:]))
            count = sum(_graph_sizes(store, names).values())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, count


def _graph_sizes(store: ox.Store, names: Sequence[str]) -> dict[str, int]:
    """The number of triples of each of the graphs *names* of *store*, counted by Oxigraph."""
    found: dict[str, int] = {}
    for name in names:
        rows: Any = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        found[name] = int(next(iter(rows))["n"].value)
    return found


def _update_text(drop: list[str], insert: dict[str, _Packed], shared_lines: list[str]) -> str:
    """One SPARQL update: drop the replaced graphs and the shared one, mark the materialized rows
    out of date, insert the new graphs and the shared one, derive the collective memberships
    again (kg/store/derive.rq). The materialized rows are brought up to date afterwards
    (materialized.refresh)."""
    update = [f"DROP SILENT GRAPH <{g}> ;" for g in sorted(set(drop))]
    update.append(f"DROP SILENT GRAPH <{SHARED}> ;")
    # the materialized rows count as missing until refreshed (their counts go, not the rows:
    # dropping millions of triples costs more than recomputing them; the refresh writes only
    # what changed)
    update += [
        f"DELETE WHERE {{ GRAPH <{mq.graph}> {{ <{mq.node}> ?p ?o }} }} ;" for mq in materialized.queries()
    ]
    texts = ((g, packed.text()) for g, packed in sorted(insert.items()))
    blocks = [f"GRAPH <{g}> {{\n{text}\n}}" for g, text in texts if text.strip()]
    if shared_lines:
        blocks.append(f"GRAPH <{SHARED}> {{\n" + "\n".join(shared_lines) + "\n}")
    if blocks:
        update.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    text = "\n".join(update).rstrip(" ;")
    return f"{_DERIVE_PROLOGUE}\n{text} ;\nDROP SILENT GRAPH <{DERIVED}> ;\n{_DERIVE}"


def _recover(path: Path) -> None:
    """Finish or undo a bulk replacement that was interrupted (see Store._load_fresh).

    ``oxigraph.new`` beside ``oxigraph`` is a copy that never finished: removed. ``oxigraph``
    missing with ``oxigraph.old`` present means the process stopped between the two renames,
    after the new copy was complete: it is put in place and the old one removed.
    """
    current, fresh, old = path / "oxigraph", path / "oxigraph.new", path / "oxigraph.old"
    if not current.exists() and old.is_dir():
        if fresh.is_dir():
            fresh.rename(current)
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(current)
    if current.is_dir():
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)


def open_store(path: Path | str | None) -> Store:
    """The store at *path* (default :data:`DEFAULT_STORE`; ``":memory:"`` for one in memory)."""
    return Store(DEFAULT_STORE if path is None else path)
