"""Query results as rows of strings, and their renderings: table, CSV, TSV, JSON.

Terms become strings the way an auditor reads them: an IRI as the IRI, a literal as its text
(full-width punctuation and all), an unbound variable as an empty cell (``null`` in JSON).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass
class Rows:
    """A SELECT result (``columns`` and ``rows``), or an ASK answer (``boolean``)."""

    columns: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None


def term_text(term: object) -> str | None:
    """A result term as plain text: an IRI as the IRI, a literal as its lexical value.

    >>> term_text(ox.NamedNode("https://w3id.org/policy-kg/id/area/370116"))
    'https://w3id.org/policy-kg/id/area/370116'
    >>> term_text(ox.Literal("区政府办公室", language="zh")), term_text(None)
    ('区政府办公室', None)
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)  # an RDF-star triple


def rows_of(result: Any) -> Rows:
    """Rows of a pyoxigraph query result (SELECT solutions, ASK boolean or CONSTRUCT triples)."""
    if isinstance(result, ox.QueryBoolean):
        return Rows(["result"], [[str(bool(result)).lower()]], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return Rows(columns, [[term_text(s[c]) for c in columns] for s in result])
    columns = ["subject", "predicate", "object"]
    return Rows(
        columns, [[term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in result]
    )


def rows_of_json(data: dict[str, Any]) -> Rows:
    """Rows of a SPARQL 1.1 Query Results JSON document (from a remote endpoint)."""
    if "boolean" in data:
        value = bool(data["boolean"])
        return Rows(["result"], [[str(value).lower()]], boolean=value)
    columns = list(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        row: list[str | None] = []
        for c in columns:
            cell = binding.get(c)
            if cell is None:
                row.append(None)
            elif cell.get("type") == "bnode":
                row.append(f"_:{cell['value']}")
            else:
                row.append(cell["value"])
        rows.append(row)
    return Rows(columns, rows)


def _width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = 2 if ord(ch) >= 0x2E80 else 1
        if used + w > width - 1:
            break
        out += ch
        used += w
    return out + "…"


def render(rows: Rows, fmt: str, *, max_width: int = 60) -> str:
    """*rows* as ``table`` (terminal, CJK double width, long cells clipped), ``csv``, ``tsv`` or ``json``."""
    if fmt == "json":
        if rows.boolean is not None:
            return json.dumps({"boolean": rows.boolean}) + "\n"
        return (
            json.dumps([dict(zip(rows.columns, r)) for r in rows.rows], ensure_ascii=False, indent=1) + "\n"
        )
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(rows.columns)
        for r in rows.rows:
            cells = ["" if c is None else c for c in r]
            if fmt == "tsv":
                cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
            writer.writerow(cells)
        return buffer.getvalue()
    return (
        _table(rows.columns, rows.rows, max_width)
        + f"({len(rows.rows)} row{'s' if len(rows.rows) != 1 else ''})\n"
    )


def _table(columns: Sequence[str], rows: Sequence[Sequence[str | None]], max_width: int) -> str:
    cells = [[_clip(("" if c is None else c).replace("\n", " "), max_width) for c in r] for r in rows]
    widths = [max([_width(h), *(_width(r[i]) for r in cells)]) for i, h in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"
