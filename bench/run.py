"""Whole-pipeline benchmark: synthetic corpora of growing size through ``kg build``, the named
queries on the built store, and alignment quality against the generator's truth.

    python bench/run.py [--sizes 100 1000 3000] [--jobs N] [--work DIR] [--seed 7] [--runs 3]
                        [--no-append] [--keep]

For each size N:

1. ``bench/synth.py --limit N`` writes N documents and their ``truth.json`` (with
   ``--prefectures 15 --counties 20``: 3,017 documents for the one year 2023, so every size up to
   3,000 is one year of one tree, and a smaller corpus is a prefix of a larger one). The first 31
   documents are the provinces' roots, so a size up to 31 has no parent links to score.
   Generation time is shown but is not part of the total.
2. ``kg --store STORE build CORPUS -o OUT --keep-going`` runs as a subprocess, its progress on
   stderr; ``--jobs`` and ``--stats`` are passed when ``kg build --help`` offers them. With
   ``--stats`` the table has each stage's seconds and peak memory; without, only the wall time.
   The build's peak memory is the largest resident set of the ``kg`` process or any of its
   children (``wait4``'s ``ru_maxrss``), so it is this build's own, not the maximum of the run.
3. The store is opened read-only in this process and every named query runs ``--runs`` times:
   p50 in ms and the number of rows (no time limit: a slow query makes a slow run). Parameters
   come from the generated truth (the most common unit of the 任务分工 tables, date ranges
   around the middle of the tables' deadlines), so they fit the synthetic corpus at any size.
   One query is also timed once through ``kg query`` to show the overhead of a process.
4. Alignment against ``truth.json``: precision and recall of the document parents
   (``eli:applies``), of the item pairs (child item ``pk:inheritsFrom`` parent item, matched by
   source file and printed section and item numbers), of the change classes of the pairs
   (``pk:change``: verbatim, reworded, strengthened, weakened, postponed, bearer-changed), and of
   the added (``pk:adds``) and dropped (``pk:drops``) items.

The report (stdout) has one column per size: stage times and peaks, the build's wall time and
peak, the queries' p50s, the total (the build's wall time plus one pass of every query, i.e. the
sum of the p50s), precision/recall, and the growth of each time against the previous size. A
check mark follows each figure with a target: total < 10 min, peak < 8 GB, every query
p50 < 1 s, P and R ≥ 0.95 for document parents and item pairs (targets for 3,000 documents),
and growth ≤ 3.5 for 3× the documents (scaled to the size ratio: ≤ 1.17 × linear). Unless
``--no-append`` the report is appended to ``bench/RESULTS.md`` with the date, the machine and
the command line.

Work directories (corpus, store, output, stats) are ``WORK/nN``, emptied first; ``--work``
defaults to a temporary directory, removed at the end unless ``--keep``. Ctrl-C stops the build
and the script, which then says where the store is (whatever ``kg`` left) and keeps the work
directory.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.query.named import NamedQuery, load_queries, run_named  # noqa: E402

SYNTH = ROOT / "bench" / "synth.py"
RESULTS = ROOT / "bench" / "RESULTS.md"
#: Generator options: 31 provinces × 15 prefectures × 20 counties give 3,017 documents in 2023.
SYNTH_OPTIONS = ("--prefectures", "15", "--counties", "20")

#: Targets (issue 7), for 3,000 documents.
TOTAL_LIMIT_S = 600.0
PEAK_LIMIT_MB = 8 * 1024.0
QUERY_LIMIT_MS = 1000.0
QUALITY_MIN = 0.95
GROWTH_AT_3X = 3.5

PK = "https://w3id.org/policy-kg/ontology#"
PREFIXES = """PREFIX pk: <https://w3id.org/policy-kg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
#: pk:change types in the vocabulary of truth.json (and ``kg diff``).
CHANGES = {
    "Verbatim": "verbatim",
    "Reworded": "reworded",
    "Strengthened": "strengthened",
    "Weakened": "weakened",
    "Postponed": "postponed",
    "BearerChanged": "bearer-changed",
}
_DEADLINE = re.compile(r"(20\d\d)年(\d{1,2})月")
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")

Doc = str  # a document: its file name
ItemKey = tuple[str, int, int]  # (file, printed section number, printed item number)
Pair = tuple[ItemKey, ItemKey]  # (child item, parent item)


def note(message: str) -> None:
    """A progress line on stderr."""
    print(f"[run] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Precision and recall


@dataclass(frozen=True)
class Score:
    """Found and gold counts of one kind of link, and the links found that are gold."""

    found: int
    gold: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    def cell(self) -> str:
        return f"{self.precision:.3f}/{self.recall:.3f}"


def score(found: Iterable[Any], gold: Iterable[Any]) -> Score:
    """Precision and recall of *found* against *gold*, as sets.

    >>> s = score({1, 2, 3}, {2, 3, 4, 5})
    >>> s.hits, round(s.precision, 3), s.recall
    (2, 0.667, 0.5)
    """
    f, g = set(found), set(gold)
    return Score(len(f), len(g), len(f & g))


@dataclass
class Links:
    """Links between documents and items, from the truth or from the store."""

    parents: set[tuple[Doc, Doc]] = field(default_factory=set)
    pairs: set[Pair] = field(default_factory=set)
    changes: set[tuple[Pair, str]] = field(default_factory=set)
    added: set[ItemKey] = field(default_factory=set)
    dropped: set[tuple[Doc, ItemKey]] = field(default_factory=set)
    low_confidence: int = 0


def read_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def truth_links(truth: dict[str, Any]) -> Links:
    """The links ``truth.json`` describes (parents, item pairs and their changes, added, dropped)."""
    links = Links()
    for doc in truth["documents"]:
        parent = doc.get("parent")
        if not parent:
            continue
        child_file, parent_file = doc["file"], parent["file"]
        links.parents.add((child_file, parent_file))
        for section in doc["sections"]:
            for item in section["item_list"]:
                key = (child_file, item["section"], item["item"])
                if item.get("parent") is None:
                    links.added.add(key)
                    continue
                pair = (key, (parent_file, item["parent"]["section"], item["parent"]["item"]))
                links.pairs.add(pair)
                links.changes.update((pair, c) for c in item.get("changes", []) if c != "added")
        for dropped in doc.get("dropped", []):
            links.dropped.add((child_file, (parent_file, dropped["section"], dropped["item"])))
    return links


def _select(store: ox.Store, query: str) -> Iterator[list[str]]:
    for solution in store.query(PREFIXES + query, use_default_graph_as_union=True):
        yield [term.value if term is not None else "" for term in solution]


def _item_keys(store: ox.Store) -> dict[str, ItemKey]:
    """Every item of a document: IRI → (file, section number, item number)."""
    rows = _select(
        store,
        """SELECT ?item ?file ?s ?i WHERE {
             ?item a pk:Item ; pk:ordinal ?i ; eli:is_part_of ?sec .
             ?sec a pk:Section ; pk:ordinal ?s ; eli:is_part_of ?doc .
             ?doc pk:sourceFile ?file .
           }""",
    )
    return {iri: (Path(file).name, int(s), int(i)) for iri, file, s, i in rows}


def store_links(store: ox.Store) -> Links:
    """The links the built store holds, keyed as in the truth."""
    links = Links()
    files = {
        doc: Path(file).name
        for doc, file in _select(
            store, "SELECT ?doc ?file WHERE { ?doc a pk:PolicyDocument ; pk:sourceFile ?file }"
        )
    }
    links.parents = {
        (files[c], files[p])
        for c, p in _select(store, "SELECT ?c ?p WHERE { ?c eli:applies ?p }")
        if c in files and p in files
    }
    items = _item_keys(store)
    alignments: dict[str, Pair] = {}
    rows = _select(
        store,
        """SELECT ?c ?p ?a ?low WHERE {
             ?c pk:inheritsFrom ?p ; prov:qualifiedDerivation ?a . ?a prov:entity ?p .
             OPTIONAL { ?a pk:lowConfidence ?low }
           }""",
    )
    for c, p, a, low in rows:
        if c in items and p in items:
            alignments[a] = (items[c], items[p])
            links.low_confidence += low == "true"
    links.pairs = set(alignments.values())
    for a, change in _select(store, "SELECT ?a ?t WHERE { ?a a pk:Alignment ; pk:change ?t }"):
        name = CHANGES.get(change.removeprefix(PK))
        if a in alignments and name:
            links.changes.add((alignments[a], name))
    links.added = {items[i] for _, i in _select(store, "SELECT ?d ?i WHERE { ?d pk:adds ?i }") if i in items}
    links.dropped = {
        (files[d], items[i])
        for d, i in _select(store, "SELECT ?d ?i WHERE { ?d pk:drops ?i }")
        if d in files and i in items
    }
    return links


def quality(found: Links, gold: Links) -> dict[str, Score]:
    """Precision and recall of every kind of link, change classes one by one."""
    scores = {
        "document parents": score(found.parents, gold.parents),
        "item pairs": score(found.pairs, gold.pairs),
        "changes (all)": score(found.changes, gold.changes),
    }
    for name in CHANGES.values():
        scores[f"  {name}"] = score(
            (p for p, c in found.changes if c == name), (p for p, c in gold.changes if c == name)
        )
    scores["added items"] = score(found.added, gold.added)
    scores["dropped items"] = score(found.dropped, gold.dropped)
    return scores


# ---------------------------------------------------------------------------------------------
# Query parameters from the truth


def _months(truth: dict[str, Any]) -> list[tuple[int, int]]:
    """The (year, month) of every dated deadline of the 任务分工 tables, sorted."""
    months = []
    for doc in truth["documents"]:
        for task in (doc.get("annex") or {}).get("tasks", []):
            for year, month in _DEADLINE.findall(task.get("deadline") or ""):
                months.append((int(year), int(month)))
    return sorted(months)


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def query_params(truth: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Parameters for the named queries that fit the synthetic corpus *truth* describes.

    unit-obligations asks for the named unit (not a collective such as 各市) the 任务分工 tables
    name most often, as of the end of the corpus's year; due-between for the months from the
    first quartile to the median of the tables' dated deadlines; overdue as of the first day
    after the median deadline's month.
    """
    years = Counter(doc["year"] for doc in truth["documents"] if doc.get("year"))
    year = years.most_common(1)[0][0] if years else datetime.date.today().year
    units = Counter(
        unit
        for doc in truth["documents"]
        for task in (doc.get("annex") or {}).get("tasks", [])
        for unit in _UNIT_SEPARATORS.split(task.get("units") or "")
        if unit and not unit.startswith("各")  # a named unit, not a collective (各市, 各区县政府)
    )
    months = _months(truth) or [(year, 1), (year, 6), (year, 12)]
    low, mid = (months[int(q * (len(months) - 1))] for q in (0.25, 0.5))
    params: dict[str, dict[str, str]] = {
        "due-between": {"from": f"{low[0]:04d}-{low[1]:02d}-01", "to": _month_end(*mid).isoformat()},
        "overdue": {"as_of": (_month_end(*mid) + datetime.timedelta(days=1)).isoformat()},
    }
    if units:
        unit = sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        params["unit-obligations"] = {"unit": unit, "as_of": f"{year:04d}-12-31"}
    scope = _scope(truth)
    if scope:
        for query in load_queries():
            if query.param("scope") is not None:
                params[query.name] = {**params.get(query.name, {}), "scope": scope}
    return params


def _scope(truth: dict[str, Any]) -> str | None:
    """The prefecture with the most documents (its own and its counties'), the scope an auditor
    of a city asks a national store about; ties go to the smaller code."""
    codes = {
        doc["jurisdiction"]["code"]: doc["jurisdiction"]
        for doc in truth["documents"]
        if doc.get("jurisdiction")
    }
    below: Counter[str] = Counter()
    for code, j in codes.items():
        if j.get("level") == "prefecture":
            below[code] += 1
        elif j.get("parent") in codes and codes[j["parent"]].get("level") == "prefecture":
            below[j["parent"]] += 1
    if not below:
        return None
    return sorted(below.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


# ---------------------------------------------------------------------------------------------
# Queries


@dataclass(frozen=True)
class QueryTime:
    name: str
    p50_ms: float | None  # None: not run (a required parameter without a value, or an error)
    rows: int
    params: dict[str, str]
    error: str = ""


def time_query(
    store: ox.Store,
    query: NamedQuery,
    params: dict[str, str],
    runs: int,
    clock: Callable[[], float] = time.perf_counter,
) -> QueryTime:
    """p50 over *runs* runs of *query* and its number of rows."""
    missing = [p.name for p in query.params if p.required and p.name not in params]
    if missing:
        return QueryTime(query.name, None, 0, params, f"no value for {', '.join(missing)}")
    times, rows = [], 0
    for _ in range(max(runs, 1)):
        start = clock()
        try:
            _, result = run_named(store, query, params)
        except Exception as exc:  # a query the store cannot run is a result, not a crash
            return QueryTime(query.name, None, 0, params, str(exc).splitlines()[0])
        times.append((clock() - start) * 1000)
        rows = len(result)
    return QueryTime(query.name, statistics.median(times), rows, params)


def time_queries(
    store_dir: Path, params: dict[str, dict[str, str]], runs: int, names: set[str] | None = None
) -> list[QueryTime]:
    """p50 of every named query (or those *names*) on the store, with *params*."""
    store = ox.Store.read_only(str(store_dir / "oxigraph"))
    try:
        timings = []
        queries = [q for q in load_queries() if names is None or q.name in names]
        for n, query in enumerate(queries, start=1):
            note(f"  query {n}/{len(queries)} {query.name}")
            timings.append(time_query(store, query, params.get(query.name, {}), runs))
        return timings
    finally:
        del store


def time_cli_query(kg: Sequence[str], store_dir: Path, name: str, params: dict[str, str]) -> float | None:
    """Seconds for one ``kg query NAME`` run end to end (process start, store open, query, output).

    ``None`` when the command fails (its error is shown): the figure is optional.
    """
    command = [*kg, "--store", str(store_dir), "query", name, "--format", "tsv"]
    for key, value in params.items():
        command += ["--param", f"{key}={value}"]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        note(f"  kg query {name} failed: {done.stderr.strip()}")
        return None
    return seconds


# ---------------------------------------------------------------------------------------------
# Generation and build


def kg_command() -> list[str]:
    found = shutil.which("kg")
    return [found] if found else [sys.executable, "-c", "from kg.cli import cli; cli()"]


def build_flags(kg: Sequence[str]) -> set[str]:
    """The optional flags of ``kg build`` this checkout has (``--jobs``, ``--stats``)."""
    text = subprocess.run([*kg, "build", "--help"], capture_output=True, text=True, check=True).stdout
    return {flag for flag in ("--jobs", "--stats") if re.search(rf"(?<![\w-]){flag}(?![\w-])", text)}


def generate(out: Path, size: int, seed: int, options: Sequence[str] = SYNTH_OPTIONS) -> tuple[int, float]:
    """Write a corpus of *size* documents into *out*; the number written and the seconds taken."""
    command = [sys.executable, str(SYNTH), "--out", str(out), "--limit", str(size), "--seed", str(seed)]
    start = time.perf_counter()
    subprocess.run([*command, *options], check=True, stdout=sys.stderr)
    seconds = time.perf_counter() - start
    return len(read_truth(out / "truth.json")["documents"]), seconds


@dataclass
class Build:
    seconds: float
    peak_mb: float
    returncode: int
    stats: dict[str, Any] | None = None


def run_measured(command: Sequence[str]) -> tuple[int, float, float]:
    """Run *command* (stdout to our stderr, stderr through); exit code, seconds, peak RSS in MB.

    The peak is ``wait4``'s: the largest resident set of the process and its children. On Ctrl-C
    the child (in our process group) gets the signal too; it is given 30 s to stop.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=sys.stderr)
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except KeyboardInterrupt:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - start, usage.ru_maxrss / 1024


def build(
    kg: Sequence[str], corpus: Path, work: Path, flags: set[str], jobs: int | None, validate: bool = True
) -> Build:
    command = [
        *kg,
        "--store",
        str(work / "store"),
        "build",
        str(corpus),
        "-o",
        str(work / "out"),
        "--keep-going",
    ]
    if jobs and "--jobs" in flags:
        command += ["--jobs", str(jobs)]
    if not validate:
        command.append("--no-validate")
    stats_path = work / "stats.json"
    if "--stats" in flags:
        command += ["--stats", str(stats_path)]
    note("  " + shlex.join(command))
    code, seconds, peak = run_measured(command)
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else None
    return Build(seconds, peak, code, stats)


# ---------------------------------------------------------------------------------------------
# One size


@dataclass
class Result:
    size: int
    documents: int
    generate_s: float
    build: Build
    queries: list[QueryTime] = field(default_factory=list)
    quality: dict[str, Score] = field(default_factory=dict)
    low_confidence: int = 0
    cli_query: tuple[str, float] | None = None
    national: list[QueryTime] = field(default_factory=list)  # scoped queries without their scope

    @property
    def queries_s(self) -> float:
        return sum(q.p50_ms or 0.0 for q in self.queries) / 1000

    @property
    def total_s(self) -> float:
        return self.build.seconds + self.queries_s

    @property
    def peak_mb(self) -> float:
        stats = self.build.stats or {}
        return max(self.build.peak_mb, float(stats.get("peak_mb") or 0.0))

    def slowest(self) -> QueryTime | None:
        timed = [q for q in self.queries if q.p50_ms is not None]
        return max(timed, key=lambda q: q.p50_ms or 0.0) if timed else None


def run_size(
    size: int,
    work: Path,
    *,
    kg: Sequence[str],
    flags: set[str],
    seed: int = 7,
    runs: int = 3,
    jobs: int | None = None,
    options: Sequence[str] = SYNTH_OPTIONS,
    validate: bool = True,
) -> Result:
    """Generate *size* documents in *work* (emptied first), build them, time the queries, score."""
    if work.exists():
        shutil.rmtree(work)
    corpus = work / "corpus"
    note(f"{size}: generating into {corpus}")
    documents, generate_s = generate(corpus, size, seed, options)
    note(f"{size}: {documents} documents generated in {generate_s:.1f} s; building")
    built = build(kg, corpus, work, flags, jobs, validate)
    result = Result(size, documents, generate_s, built)
    if built.returncode != 0:
        note(f"{size}: kg build exited with {built.returncode}; store left in {work / 'store'}")
        return result
    note(f"{size}: built in {built.seconds:.1f} s (peak {built.peak_mb:.0f} MB); timing queries")
    truth = read_truth(corpus / "truth.json")
    params = query_params(truth)
    result.queries = time_queries(work / "store", params, runs)
    # the same listings for the whole country (informational: an export more than a question)
    national = {name: {**p, "scope": ""} for name, p in params.items() if "scope" in p}
    result.national = time_queries(work / "store", national, runs, set(national))
    note(f"{size}: scoring the alignment against the truth")
    store = ox.Store.read_only(str(work / "store" / "oxigraph"))
    found = store_links(store)
    del store
    result.quality = quality(found, truth_links(truth))
    result.low_confidence = found.low_confidence
    if "unit-obligations" in params:
        seconds = time_cli_query(kg, work / "store", "unit-obligations", params["unit-obligations"])
        result.cli_query = ("unit-obligations", seconds) if seconds is not None else None
    return result


# ---------------------------------------------------------------------------------------------
# Report


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def ratio(later: float, earlier: float) -> float | None:
    return later / earlier if earlier > 0 else None


def growth_limit(size_ratio: float) -> float:
    """The growth allowed for *size_ratio* times the documents: 3.5 at 3×, scaled linearly.

    >>> growth_limit(3.0), round(growth_limit(10.0), 2)
    (3.5, 11.67)
    """
    return GROWTH_AT_3X * size_ratio / 3


def growth_cell(later: float, earlier: float, later_size: int, earlier_size: int) -> str:
    """``later / earlier`` with a check against :func:`growth_limit` of the size ratio.

    >>> growth_cell(30.0, 10.0, 3000, 1000)
    '3.00 ✓'
    >>> growth_cell(40.0, 10.0, 3000, 1000)
    '4.00 ✗'
    """
    r = ratio(later, earlier)
    if r is None or earlier_size <= 0:
        return "-"
    return f"{r:.2f} {mark(r <= growth_limit(later_size / earlier_size))}"


def _stage_names(results: Sequence[Result]) -> list[str]:
    names: list[str] = []
    for result in results:
        for name in (result.build.stats or {}).get("stages", {}):
            if name not in names:
                names.append(name)
    return names


def report_rows(results: Sequence[Result]) -> list[tuple[str, list[str]]]:
    """The report as (label, one cell per size) rows."""
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell: Callable[[Result], str]) -> None:
        rows.append((label, [cell(r) for r in results]))

    def stats(r: Result) -> dict[str, Any]:
        return r.build.stats or {}

    row("documents", lambda r: f"{r.documents:,}")
    if any(r.build.stats for r in results):
        row("documents built", lambda r: f"{stats(r).get('documents', 0):,}" if r.build.stats else "-")
        row("items built", lambda r: f"{stats(r).get('items', 0):,}" if r.build.stats else "-")
        row("triples", lambda r: f"{stats(r).get('triples', 0):,}" if r.build.stats else "-")
        row("files that failed", lambda r: _count(stats(r).get("failures")) if r.build.stats else "-")
    row("generate s (not in total)", lambda r: f"{r.generate_s:.1f}")
    for name in _stage_names(results):
        row(f"{name} s", lambda r, n=name: _stage(r, n, "seconds", "{:.1f}"))
        row(f"{name} peak MB", lambda r, n=name: _stage(r, n, "peak_mb", "{:.0f}"))
    row(
        "kg build s (wall)",
        lambda r: f"{r.build.seconds:.1f}" + ("" if r.build.returncode == 0 else " FAILED"),
    )
    row("queries s (sum of p50)", lambda r: f"{r.queries_s:.2f}")
    row("total s", lambda r: f"{r.total_s:.1f} {mark(r.total_s < TOTAL_LIMIT_S)}")
    row("peak MB", lambda r: f"{r.peak_mb:.0f} {mark(r.peak_mb < PEAK_LIMIT_MB)}")
    names = sorted({q.name for r in results for q in r.queries})
    for name in names:
        row(f"p50 ms {name}", lambda r, n=name: _query_cell(r, n))
    row("slowest p50 ms", lambda r: _slowest_cell(r))
    for name in sorted({q.name for r in results for q in r.national}):
        row(f"national p50 ms {name}", lambda r, n=name: _query_cell(r, n, national=True))
    row("kg query s (one, end to end)", lambda r: f"{r.cli_query[1]:.2f}" if r.cli_query else "-")
    for label in dict.fromkeys(k for r in results for k in r.quality):
        indent = label[: len(label) - len(label.lstrip())]
        row(f"{indent}P/R {label.strip()}", lambda r, k=label: _quality_cell(r, k))
    row("low-confidence pairs", lambda r: f"{r.low_confidence}" if r.quality else "-")
    growth: list[tuple[str, Callable[[Result], float]]] = [
        (name, lambda r, n=name: _stage_seconds(r, n)) for name in _stage_names(results)
    ]
    growth += [
        ("build", lambda r: r.build.seconds),
        ("queries", lambda r: r.queries_s),
        ("total", lambda r: r.total_s),
    ]
    for label, value in growth:
        rows.append((f"{label} × previous size", _growth(results, value)))
    rows.append(
        (
            "peak × previous size",
            [_plain_ratio(b.peak_mb, a.peak_mb) if a else "-" for a, b in _pairs(results)],
        )
    )
    return rows


def _pairs(results: Sequence[Result]) -> list[tuple[Result | None, Result]]:
    return [(results[k - 1] if k else None, r) for k, r in enumerate(results)]


def _growth(results: Sequence[Result], value: Callable[[Result], float]) -> list[str]:
    return [
        growth_cell(value(b), value(a), b.documents, a.documents) if a else "-" for a, b in _pairs(results)
    ]


def _plain_ratio(later: float, earlier: float) -> str:
    r = ratio(later, earlier)
    return f"{r:.2f}" if r is not None else "-"


def _count(value: Any) -> str:
    """A count the stats give as a number or as a list of what it counts."""
    return f"{len(value) if isinstance(value, list | tuple) else int(value or 0):,}"


def _stage_seconds(result: Result, name: str) -> float:
    stage = (result.build.stats or {}).get("stages", {}).get(name) or {}
    return float(stage.get("seconds") or 0.0)


def _stage(result: Result, name: str, key: str, fmt: str) -> str:
    stage = (result.build.stats or {}).get("stages", {}).get(name)
    return fmt.format(stage[key]) if stage and stage.get(key) is not None else "-"


def _query_cell(result: Result, name: str, *, national: bool = False) -> str:
    q = next((q for q in (result.national if national else result.queries) if q.name == name), None)
    if q is None:
        return "-"
    if q.p50_ms is None:
        return "n/a" if q.error.startswith("no value") else "error"
    return f"{q.p50_ms:.1f} ({q.rows})"


def _slowest_cell(result: Result) -> str:
    q = result.slowest()
    if q is None or q.p50_ms is None:
        return "-"
    return f"{q.p50_ms:.1f} {mark(q.p50_ms < QUERY_LIMIT_MS)} {q.name}"


def _quality_cell(result: Result, label: str) -> str:
    s = result.quality.get(label)
    if s is None or not (s.found or s.gold):
        return "-"
    if label in ("document parents", "item pairs"):
        ok = s.precision >= QUALITY_MIN and s.recall >= QUALITY_MIN
        return f"{s.cell()} {mark(ok)}"
    return s.cell()


def format_table(sizes: Sequence[int], rows: Sequence[tuple[str, Sequence[str]]]) -> str:
    """*rows* under a header of *sizes*, the label column left-aligned, the others right-aligned.

    >>> print(format_table([10, 100], [("total s", ["1.0", "12.5"])]))
    documents asked      10   100
    total s             1.0  12.5
    """
    header = ("documents asked", [f"{s:,}" for s in sizes])
    width = max(len(label) for label, _ in (header, *rows)) + 2
    cells = [len(c) for _, cs in (header, *rows) for c in cs]
    column = max(cells, default=0) + 2
    lines = [label.ljust(width) + "".join(c.rjust(column) for c in cs) for label, cs in (header, *rows)]
    return "\n".join(line.rstrip() for line in lines)


def params_lines(results: Sequence[Result]) -> list[str]:
    """The query parameters of the largest size (the others differ only in the dates' span)."""
    if not results or not results[-1].queries:
        return []
    return [
        f"  {q.name}: " + ", ".join(f"{k}={v}" for k, v in q.params.items())
        for q in results[-1].queries
        if q.params
    ] + [f"  {q.name}: {q.error}" for q in results[-1].queries if q.error]


def report(results: Sequence[Result], flags: set[str], runs: int) -> str:
    """The whole report: the table, the parameters used, and how to read the marks."""
    table = format_table([r.size for r in results], report_rows(results))
    notes = [
        "",
        f"kg build flags: {', '.join(sorted(flags)) or 'neither --jobs nor --stats'}; "
        f"queries: p50 of {runs} run(s) in ms (rows)",
        "query parameters (largest size):",
        *params_lines(results),
        f"targets: total < {TOTAL_LIMIT_S / 60:.0f} min, peak < {PEAK_LIMIT_MB / 1024:.0f} GB, "
        f"every query p50 < {QUERY_LIMIT_MS:.0f} ms, P and R ≥ {QUALITY_MIN} (for 3,000 documents); "
        f"growth ≤ {GROWTH_AT_3X} at 3× the documents, scaled to the size ratio",
    ]
    return table + "\n" + "\n".join(notes)


# ---------------------------------------------------------------------------------------------
# Machine and RESULTS.md


def _first(path: str, pattern: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(pattern, text, re.MULTILINE)
    return found.group(1).strip() if found else None


def machine() -> str:
    """Cores, RAM, CPU model, Python and pyoxigraph versions, on one line."""
    kb = _first("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    ram = f"{int(kb) // 1024**2} GiB" if kb else "RAM unknown"
    cpu = _first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$") or platform.processor() or "CPU unknown"
    return (
        f"{os.cpu_count()} cores ({cpu}), {ram}, Python {platform.python_version()}, "
        f"pyoxigraph {getattr(ox, '__version__', '?')}"
    )


def results_section(text: str, command: str, today: datetime.date | None = None) -> str:
    """A section of ``bench/RESULTS.md``: heading, date · machine · command, the report."""
    day = (today or datetime.date.today()).isoformat()
    return (
        "\n## bench/run.py — the whole pipeline on synthetic corpora\n\n"
        f"{day} · {machine()} ·\n`{command}`\n\n```\n{text}\n```\n"
    )


# ---------------------------------------------------------------------------------------------
# Main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000], help="corpus sizes")
    parser.add_argument("--jobs", type=int, default=None, help="kg build --jobs N (when kg has it)")
    parser.add_argument("--work", type=Path, default=None, help="work directory (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (p50)")
    parser.add_argument(
        "--no-validate", action="store_true", help="build with kg build --no-validate (no SHACL checks)"
    )
    parser.add_argument("--no-append", action="store_true", help="do not append to bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work directories")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted(set(args.sizes))
    temporary = args.work is None
    work = Path(tempfile.mkdtemp(prefix="kg-bench-")) if temporary else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    kg = kg_command()
    flags = build_flags(kg)
    note(f"work directory {work}; kg build flags: {', '.join(sorted(flags)) or 'none of --jobs, --stats'}")
    results: list[Result] = []
    current = work
    try:
        for size in sizes:
            current = work / f"n{size}"
            results.append(
                run_size(
                    size,
                    current,
                    kg=kg,
                    flags=flags,
                    seed=args.seed,
                    runs=args.runs,
                    jobs=args.jobs,
                    validate=not args.no_validate,
                )
            )
    except KeyboardInterrupt:
        note(
            f"interrupted: the store of the size being run is {current / 'store'} (as kg left it); kept {work}"
        )
        if results:
            print(report(results, flags, args.runs))
        return 130
    text = report(results, flags, args.runs)
    print(text)
    if not args.no_append:
        command = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)])
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(results_section(text, command))
        note(f"appended to {RESULTS}")
    if args.keep:
        note(f"kept {work}")
    elif temporary:
        shutil.rmtree(work, ignore_errors=True)
    else:
        for size in sizes:
            shutil.rmtree(work / f"n{size}", ignore_errors=True)
    return 0 if all(r.build.returncode == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
