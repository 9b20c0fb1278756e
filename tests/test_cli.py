"""The command line: help, happy paths, and every error path (one line on stderr, exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from kg.cli import cli
from kg.store import Store
from tests.conftest import CORPUS, ROOT

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_help(runner, command: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"kg {command}" in readme, command


def test_parse_yaml(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["parse", str(CORPUS / "002_36fdef9b3c1c0413.txt"), "--format", "yaml"])
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert data["documents"][0]["doc_number"] == "海政办发〔2022〕12号"


def test_parse_to_file(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["parse", str(CORPUS / "002_36fdef9b3c1c0413.txt"), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["documents"][0]["year"] == 2022


def _error(runner, args: list[str]) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_missing_path(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "no such file" in _error(runner, ["parse", str(tmp_path / "nope.txt")])


def test_empty_file(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "is empty" in _error(runner, ["parse", str(tmp_path / "empty.txt")])
    (tmp_path / "blank.txt").write_text(" \n\n \t\n", encoding="utf-8")
    assert "is empty" in _error(runner, ["parse", str(tmp_path / "blank.txt")])


def test_binary_file(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 20)
    assert "binary" in _error(runner, ["parse", str(tmp_path / "image.txt")])


def test_damaged_docx(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert ".docx" in _error(runner, ["parse", str(tmp_path / "bad.docx")])


def test_pdf_is_refused_clearly(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert "PDF" in _error(runner, ["parse", str(tmp_path / "doc.pdf")])


def test_directory_is_not_a_document(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "directory" in _error(runner, ["parse", str(tmp_path)])


def test_text_that_is_not_a_policy_document(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "recipe.txt").write_text(
        "番茄炒蛋\n先把鸡蛋打散，再下锅翻炒。\n最后加盐出锅。\n", encoding="utf-8"
    )
    assert "not a policy document" in _error(runner, ["parse", str(tmp_path / "recipe.txt")])


def test_build_writes_nothing_when_a_file_is_bad(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    before = (out / "graph.ttl").read_bytes()
    stored = sorted(Store(out / "store").lines())
    (corpus / "zz_empty.txt").write_bytes(b"")
    message = _error(runner, ["build", str(corpus), "-o", str(out)])
    assert "zz_empty.txt" in message and "is empty" in message
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl", "store"]  # no temporary left
    assert sorted(Store(out / "store").lines()) == stored  # the store is as it was


def test_build_keep_going_reports_and_builds_the_rest(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "zz_binary.txt").write_bytes(bytes(range(256)) * 10)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--keep-going"])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "zz_binary.txt" in result.stderr
    assert "6 documents" in result.stderr
    assert (out / "graph.ttl").exists()


def test_build_missing_corpus(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "no such file or directory" in _error(
        runner, ["build", str(tmp_path / "nothing"), "-o", str(tmp_path)]
    )


def test_build_empty_directory(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    assert "holds no document files" in _error(
        runner, ["build", str(tmp_path / "empty"), "-o", str(tmp_path / "o")]
    )


def test_a_bug_is_one_line_unless_kg_debug(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An unexpected exception (a bug, not bad input) ends in one line and exit 70; KG_DEBUG=1
    lets the traceback through."""
    from click.testing import CliRunner

    import kg.parse

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(kg.parse, "parse_file", broken)
    source = tmp_path / "a.txt"
    source.write_text("一、总体要求\n", encoding="utf-8")
    monkeypatch.delenv("KG_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["parse", str(source)])
    assert result.exit_code == 70
    assert result.stderr.strip().splitlines() == [
        "kg: error: internal error: RuntimeError: boom "
        "(a bug in kg: run again with KG_DEBUG=1 for the traceback, and report it)"
    ]
    monkeypatch.setenv("KG_DEBUG", "1")
    debug = CliRunner().invoke(cli, ["parse", str(source)])
    assert isinstance(debug.exception, RuntimeError)


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The machine refusing a path (here: a file where a folder should be) is bad input, not a bug."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    source = next(iter(sorted(CORPUS.glob("*.txt"))))
    result = runner.invoke(cli, ["parse", str(source), "-o", str(blocker / "out.json")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and "internal error" not in lines[0]
