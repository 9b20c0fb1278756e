"""Named SPARQL queries: the ``ontology/queries/*.rq`` files, their parameters, and running them.

A query file opens with a header of comment lines that describes it (the file name, without
``.rq``, is the query's name)::

    # summary: Obligations and tasks of a unit, including those it owes as a member of a collective unit
    # param: unit xsd:string  Name of the unit as written or canonical (e.g. 莱芜区政府办公室)
    # param: as_of xsd:date  Day to judge against  [default: 2023-12-31]

then PREFIX lines and the query. A parameter is a variable of the same name in the query
(``?unit``, ``?as_of``); its value is bound by SEP-0007 substitution (the store's
``substitutions=``), never pasted into the text, so a value is only ever a value. Datatypes are
``xsd:string``, ``xsd:date``, ``xsd:integer`` and ``iri``; a default in brackets makes the
parameter optional (``[default: ""]`` is the empty string, which the queries read as "all").
Other comment lines in the header document the query and are kept in its text.

Queries run over the union of the store's named graphs (``use_default_graph_as_union``).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.model.namespaces import XSD
from kg.paths import ONTOLOGY_DIR
from kg.query.results import term_text

#: Where the named queries live: ``ontology/queries/NAME.rq``.
QUERIES_DIR = ONTOLOGY_DIR / "queries"

#: Parameter datatypes a header may declare.
DATATYPES = ("xsd:string", "xsd:date", "xsd:integer", "iri")

#: A term a variable can be substituted with.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_SUMMARY = re.compile(r"#\s*summary:\s*(?P<summary>\S.*?)\s*$")
_PARAM = re.compile(
    r"#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<datatype>\S+)"
    r"(?:\s+(?P<description>.*?))?\s*(?:\[default:\s*(?P<default>[^\]]*?)\s*\])?\s*$"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")
# An absolute IRI without the characters RFC 3987 forbids (spaces, <>"{}|\^`).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query.

    :ivar name: the variable it binds (``as_of`` binds ``?as_of``)
    :ivar datatype: ``xsd:string``, ``xsd:date``, ``xsd:integer`` or ``iri``
    :ivar description: what the value means, for help texts
    :ivar default: the value used when none is given; ``None`` makes the parameter required
    """

    name: str
    datatype: str
    description: str = ""
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """*value* as a typed term of this parameter's datatype.

        >>> Param("as_of", "xsd:date").term("2023-10-01")
        <Literal value=2023-10-01 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
        >>> Param("n", "xsd:integer").term("x")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: n: not an integer: 'x'

        :raises InputError: the value is not of the declared datatype.
        """
        if self.datatype == "xsd:date":
            try:
                if not _DATE.fullmatch(value):
                    raise ValueError(value)
                day = datetime.date.fromisoformat(value)
            except ValueError:
                raise InputError(f"{self.name}: not a date (YYYY-MM-DD): {value!r}") from None
            return ox.Literal(day.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
        if self.datatype == "xsd:integer":
            if not _INTEGER.fullmatch(value.strip()):
                raise InputError(f"{self.name}: not an integer: {value!r}")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(str(XSD.integer)))
        if self.datatype == "iri":
            if not _IRI.fullmatch(value):
                raise InputError(f"{self.name}: not an absolute IRI: {value!r}")
            try:
                return ox.NamedNode(value)
            except ValueError:
                raise InputError(f"{self.name}: not an absolute IRI: {value!r}") from None
        return ox.Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    """A query of ``ontology/queries``: its name, what it answers, its parameters and its text."""

    name: str
    summary: str
    params: tuple[Param, ...]
    text: str = field(repr=False)
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        """The parameter called *name*, if the query has one."""
        return next((p for p in self.params if p.name == name), None)

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[ox.Variable, Term]:
        """The substitutions for *values* (strings by parameter name), defaults filled in.

        :raises InputError: a name that is no parameter, a required parameter without a value,
            or a value not of its parameter's datatype.
        """
        values = dict(values or {})
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            expected = ", ".join(p.name for p in self.params) or "none"
            raise InputError(
                f"{self.name}: unknown parameter{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)} (parameters: {expected})"
            )
        bound: dict[ox.Variable, Term] = {}
        for param in self.params:
            value = values.get(param.name, param.default)
            if value is None:
                raise InputError(f"{self.name}: missing parameter {param.name} ({param.description})")
            bound[ox.Variable(param.name)] = param.term(value)
        return bound


def parse_header(text: str, *, path: Path | None = None) -> tuple[str, tuple[Param, ...]]:
    """The summary and parameters a query's leading comment lines declare.

    >>> summary, params = parse_header(
    ...     "# summary: Duties due in a range\\n"
    ...     "# param: from xsd:date  First day\\n"
    ...     "# param: to xsd:date  Last day  [default: 2023-12-31]\\n"
    ...     "SELECT ?x ?from ?to WHERE {}\\n"
    ... )
    >>> summary, [(p.name, p.datatype, p.description, p.default) for p in params]
    ('Duties due in a range', [('from', 'xsd:date', 'First day', None), ('to', 'xsd:date', 'Last day', '2023-12-31')])

    :raises InputError: no summary or two, a malformed or repeated parameter line, an unknown
        datatype, a default not of its datatype, or a parameter the query never uses (naming *path*).
    """
    summary: str | None = None
    params: list[Param] = []
    lines = text.splitlines()
    body_start = len(lines)
    for n, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            body_start = n
            break
        tag = re.match(r"#\s*(summary|param)\s*:", line)
        if tag is None:
            continue  # a comment documenting the query
        if tag.group(1) == "summary":
            found = _SUMMARY.fullmatch(line)
            if found is None or summary is not None:
                raise InputError(
                    f"line {n + 1}: {'empty' if found is None else 'a second'} summary", path=path
                )
            summary = found.group("summary")
            continue
        match = _PARAM.fullmatch(line)
        if match is None:
            raise InputError(f"line {n + 1}: malformed parameter: {line}", path=path)
        name, datatype = match.group("name"), match.group("datatype")
        if datatype not in DATATYPES:
            raise InputError(
                f"line {n + 1}: parameter {name}: unknown datatype {datatype} (one of {', '.join(DATATYPES)})",
                path=path,
            )
        if any(p.name == name for p in params):
            raise InputError(f"line {n + 1}: parameter {name} declared twice", path=path)
        default = match.group("default")
        if default is not None and default in ('""', "''"):
            default = ""
        param = Param(name, datatype, (match.group("description") or "").strip(), default)
        if default is not None:
            try:
                param.term(default)
            except InputError as exc:
                raise InputError(f"line {n + 1}: default of {exc}", path=path) from None
        params.append(param)
    if summary is None:
        raise InputError("no '# summary:' line in the query's header", path=path)
    body = "\n".join(lines[body_start:])
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", body):
            raise InputError(f"parameter {param.name} is not a variable of the query", path=path)
    return summary, tuple(params)


def load_query(path: Path) -> NamedQuery:
    """The named query in *path* (``NAME.rq``).

    :raises InputError: the file cannot be read or its header is malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query: {exc}", path=path) from None
    summary, params = parse_header(text, path=path)
    return NamedQuery(path.stem, summary, params, text, path)


def load_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query in *directory*, sorted by name.

    :raises InputError: the directory does not exist or a query's header is malformed.
    """
    if not directory.is_dir():
        raise InputError("no such directory of named queries", path=directory)
    return sorted((load_query(p) for p in directory.glob("*.rq")), key=lambda q: q.name)


@lru_cache(maxsize=4)
def _bundled(directory: Path) -> dict[str, NamedQuery]:
    return {q.name: q for q in load_queries(directory)}


def get_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """The named query called *name*.

    :raises InputError: no query has that name; the message lists the close names, or all.
    """
    queries = (
        _bundled(directory) if directory == QUERIES_DIR else {q.name: q for q in load_queries(directory)}
    )
    key = name.strip().removesuffix(".rq").replace("_", "-")
    if key in queries:
        return queries[key]
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(key, list(queries), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(queries)}"
    raise InputError(f"no named query {name!r}; {hint}")


_AREA = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
ASK {
  { BIND(STRLANG(?scope, "zh") AS ?key) ?top skos:prefLabel ?key . }
  UNION { BIND(STR(?scope) AS ?key) ?top skos:prefLabel ?key . }
  UNION { ?top skos:notation ?scope . }
  ?top skos:notation ?code .
}
"""


def check_scope(store: ox.Store, query: NamedQuery, values: Mapping[str, str] | None) -> None:
    """Refuse a ``scope`` that names no jurisdiction of *store* (a typo would list nothing).

    :raises InputError: the value is neither the name nor the code of an area in the store.
    """
    scope = (values or {}).get("scope", "")
    if not scope or query.param("scope") is None:
        return
    known = store.query(
        _AREA, substitutions={ox.Variable("scope"): ox.Literal(scope)}, use_default_graph_as_union=True
    )
    if not bool(known):
        raise InputError(
            f"scope {scope!r} names no jurisdiction in the store (give its name as written, e.g. "
            "烟台市, or its code, e.g. 370600)"
        )


def run_named(
    store: ox.Store, query: NamedQuery | str, values: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str | None]]]:
    """Run a named query on *store* over the union of its graphs.

    The parameters are bound by substitution; SEP-0007 echoes them as result columns, which are
    left out here (every row would repeat the values given).

    :returns: the column names and the rows, each a list of strings (``None`` where unbound).
    :raises InputError: an unknown query, a bad parameter, or a query the store cannot run.
    """
    from kg.store import materialized

    named = query if isinstance(query, NamedQuery) else get_query(query)
    substitutions = named.bindings(values)
    check_scope(store, named, values)
    reads = materialized.read_by(named.text)
    if not all(materialized.present(store, mq) for mq in reads):
        # rows the store does not hold (a graph loaded from graph.ttl): computed here
        store = materialized.standalone(materialized.local_select(store), reads)
    try:
        result = store.query(named.text, substitutions=substitutions, use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError) as exc:
        raise InputError(f"query {named.name} failed: {exc}", path=named.path) from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError(f"query {named.name} is not a SELECT query", path=named.path)
    params = {p.name for p in named.params}
    keep = [(i, v.value) for i, v in enumerate(result.variables) if v.value not in params]
    rows = [[term_text(solution[i]) for i, _ in keep] for solution in result]
    return [name for _, name in keep], rows
