"""Documents written in the genre but unseen while the parser was written (tests/data/unseen).

Each ``uNN_*.expected.yaml`` states what a correct parse holds; one test per document and field,
so a regression names both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.normalize import key
from kg.parse import parse_file
from tests.conftest import UNSEEN

EXPECTED = sorted(UNSEEN.glob("*.expected.yaml"))
FIELDS = (
    "doc_number",
    "issuer",
    "issuers",
    "jurisdiction",
    "title",
    "attached_title",
    "date",
    "year",
    "recipients",
    "cc",
    "sections",
)

_cache: dict[Path, object] = {}


def _parse(path: Path):  # type: ignore[no-untyped-def]
    if path not in _cache:
        _cache[path] = parse_file(path)
    return _cache[path]


def _cases() -> list:
    cases = []
    for expected in EXPECTED:
        spec = yaml.safe_load(expected.read_text(encoding="utf-8"))
        for index, doc in enumerate(spec["documents"]):
            for field in FIELDS:
                if field in doc:
                    cases.append(
                        pytest.param(
                            UNSEEN / spec["file"],
                            index,
                            field,
                            doc[field],
                            id=f"{expected.name[:3]}-{index}-{field}",
                        )
                    )
    return cases


def _norm(value):  # type: ignore[no-untyped-def]
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return None if value is None else key(str(value))


@pytest.mark.parametrize(("path", "index", "field", "want"), _cases())
def test_unseen_document(path: Path, index: int, field: str, want: object) -> None:
    result = _parse(path)
    assert len(result.documents) > index
    doc = result.documents[index]
    if field == "jurisdiction":
        got = doc.jurisdiction.code if doc.jurisdiction else None
    elif field == "sections":
        got = [{"heading": s.heading, "items": [i.heading for i in s.items]} for s in doc.sections]
    else:
        got = getattr(doc, field)
    assert _norm(got) == _norm(want)
