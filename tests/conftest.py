"""Shared fixtures: the gold file, the corpus, parses and a built graph, each made once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

from kg.parse import parse_file

# Property tests search at random on a developer's machine; CI replays a fixed search (the
# `ci` profile, chosen by .ci/run) so that a submission passes or fails for its own code, not
# for the luck of the draw. No per-example deadline: CI machines are slower and shared.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = ROOT / "data" / "corpus"
GOLD_PATH = TESTS / "data" / "seeds.yaml"
#: documents written in the genre but not seen while the parser was written, with their expected parses
UNSEEN = TESTS / "data" / "unseen"
GOLD = yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))
GOLD_DOCS = GOLD["documents"]

_parses: dict[Path, object] = {}


def parsed(path: Path):  # type: ignore[no-untyped-def]
    """The parse of a corpus file, made once per session."""
    if path not in _parses:
        _parses[path] = parse_file(path)
    return _parses[path]


def gold_document(gold: dict):  # type: ignore[no-untyped-def]
    """The parsed document a gold entry describes (matched by 文号, else by title)."""
    from kg.normalize import key

    result = parsed(CORPUS / gold["file"])
    for doc in result.documents:
        if gold.get("doc_number") and doc.doc_number and key(doc.doc_number) == key(gold["doc_number"]):
            return doc
        if not gold.get("doc_number") and doc.title and key(doc.title) == key(gold["title"]):
            return doc
    return None


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built once with `kg build`; returns build/graph.ttl."""
    from kg.build import build_corpus

    out = tmp_path_factory.mktemp("build")
    report = build_corpus([CORPUS], out)
    return report.output
