"""Beyond one machine: push named graphs to a Graph Store Protocol endpoint, query a remote
SPARQL endpoint, serve the local store read-only.

Only the standard library speaks HTTP here (urllib): SPARQL 1.1 Protocol and Graph Store HTTP
Protocol are plain HTTP, and every triple store implements them (Oxigraph server, Fuseki,
GraphDB, Virtuoso). ``kg serve`` runs the Oxigraph server in read-only mode over the store's
own database files, so the endpoint is the same engine the embedded store uses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError, KgError

#: Triples per request when pushing: a graph larger than this goes as one PUT and then POSTs.
BATCH = 50_000


def _request(
    url: str, *, data: bytes | None, method: str, headers: dict[str, str], timeout: float = 60
) -> bytes:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user-given endpoint
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        said = body[0][:200] if body else exc.reason
        raise KgError(f"{url}: the endpoint answered {exc.code} ({said})") from None
    except (urllib.error.URLError, OSError) as exc:
        reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise KgError(f"{url}: cannot reach the endpoint ({reason})") from None


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url!r} is not an http(s) endpoint URL")
    return url


def push_graph(endpoint: str, graph: str, lines: Sequence[str], *, batch: int = BATCH) -> int:
    """Replace *graph* at a Graph Store Protocol *endpoint* with N-Triples *lines*, in batches.

    The first batch is PUT (replacing what the endpoint held under that name), the rest POSTed
    (appended). Returns the number of requests made.
    """
    _check_url(endpoint)
    separator = "&" if "?" in endpoint else "?"
    url = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph})}"
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    requests = 0
    for start in range(0, max(1, len(lines)), batch):
        chunk = "\n".join(lines[start : start + batch]) + "\n"
        _request(url, data=chunk.encode("utf-8"), method="PUT" if start == 0 else "POST", headers=headers)
        requests += 1
    return requests


def remote_query(endpoint: str, sparql: str) -> dict[str, Any]:
    """Run a SELECT or ASK query at a SPARQL 1.1 Protocol endpoint; the JSON results."""
    _check_url(endpoint)
    body = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
    raw = _request(
        endpoint,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        return dict(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise KgError(
            f"{endpoint}: the answer is not SPARQL JSON results (is this a query endpoint?)"
        ) from None


def inline_bindings(sparql: str, bindings: dict[Any, Any]) -> str:
    r"""*sparql* with each bound variable replaced by its value, as SEP-0007 substitution does
    (remote endpoints take no substitutions).

    Every occurrence is replaced — in subqueries and nested groups too, which a ``VALUES``
    block at the top would not reach (SPARQL evaluates groups bottom-up); a SELECT no longer
    projects the variable (the answer has no column for it) and a GROUP BY groups by
    ``(value)``. Values are RDF terms written by pyoxigraph
    (quotes and backslashes escaped), so a value is always one term, never more query text.
    Comments, IRIs and string literals are left as they are.

    >>> import pyoxigraph as ox
    >>> inline_bindings('SELECT ?s ?x WHERE { { SELECT ?s ?x WHERE { ?s ?p ?x FILTER(?x != "?x") } } } # ?x',
    ...                 {"x": ox.Literal('a"b')})
    'SELECT ?s  WHERE { { SELECT ?s  WHERE { ?s ?p "a\\"b" FILTER("a\\"b" != "?x") } } } # ?x'
    """
    if not bindings:
        return sparql
    import re

    values = {getattr(name, "value", name): str(term) for name, term in bindings.items()}
    token = re.compile(
        r"""(?P<skip><[^<>"{}|^`\\\s]*>|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\#[^\n]*)"""
        r"|(?P<select>\bSELECT\b(?:\s+(?:DISTINCT|REDUCED))?)"
        r"|(?P<group>\bGROUP\s+BY\b)"
        r"|(?P<end>\b(?:WHERE|HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|[{}])"
        r"|[?$](?P<var>[A-Za-z_0-9\u00b7\u00c0-\ufffd]+)",
        re.IGNORECASE,
    )
    out: list[str] = []
    at = 0
    mode = ""  # "select": in a projection; "group": in a GROUP BY
    for match in token.finditer(sparql):
        out.append(sparql[at : match.start()])
        at = match.end()
        text = match.group(0)
        if match.group("select"):
            mode = "select"
        elif match.group("group"):
            mode = "group"
        elif match.group("end"):
            mode = ""
        elif match.group("var") is not None and match.group("var") in values:
            value = values[match.group("var")]
            if mode == "select":
                text = ""  # a constant needs no projecting (and would clash with an inner one)
            elif mode == "group":
                text = f"({value})"  # grouping by a constant: no change to the groups
            else:
                text = value
        out.append(text)
    out.append(sparql[at:])
    return "".join(out)


def oxigraph_binary() -> str:
    """The Oxigraph server executable installed with the ``oxigraph`` package."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise KgError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def serve(location: Path, host: str, port: int, *, on_start: Callable[[str], None] | None = None) -> int:
    """Serve the store at *location* read-only on http://host:port/query until interrupted."""
    command = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    if on_start:
        on_start(f"http://{host}:{port}/query")
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
