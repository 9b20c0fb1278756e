"""Completion records from a file: CSV (``duty,date,evidence,note``) or a YAML list."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from kg.errors import InputError

Record = tuple[str, str, str | None, str | None]


def read_records(path: Path) -> list[Record]:
    """(duty, date, evidence, note) records from *path* (.csv, or .yaml/.yml).

    :raises InputError: the file is missing, unreadable, or a record lacks a duty or a date.
    """
    if not path.exists():
        raise InputError("no such file", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", path=path) from None
    rows: list[dict[str, object]]
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text) or []
        except yaml.YAMLError as exc:
            raise InputError(f"is not valid YAML ({exc.__class__.__name__})", path=path) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError("must be a list of {duty, date, evidence, note} records", path=path)
        rows = data
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    records: list[Record] = []
    for n, row in enumerate(rows, start=1):
        duty, date = row.get("duty"), row.get("date")
        if not duty or not date:
            raise InputError(f"record {n} needs a duty and a date", path=path)
        evidence, note = row.get("evidence"), row.get("note")
        records.append(
            (
                str(duty).strip(),
                str(date).strip(),
                str(evidence) if evidence else None,
                str(note) if note else None,
            )
        )
    return records
