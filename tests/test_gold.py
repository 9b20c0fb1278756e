"""`kg parse` against the hand-checked gold file, one test per document and field."""

from __future__ import annotations

import json

import pytest

from kg.normalize import key
from tests.conftest import CORPUS, GOLD_DOCS, gold_document

SCALAR_FIELDS = (
    "doc_number",
    "issuer",
    "title",
    "date",
    "year",
    "publication",
    "registration_code",
    "published_in",
)
LIST_FIELDS = ("recipients", "cc")


def _cases(fields: tuple[str, ...]) -> list:
    return [
        pytest.param(g, f, id=f"{g['id']}-{f}") for g in GOLD_DOCS for f in fields if g.get(f) is not None
    ]


def test_every_gold_document_is_found() -> None:
    for gold in GOLD_DOCS:
        assert gold_document(gold) is not None, gold["id"]


def test_file_with_two_notices_gives_two_documents() -> None:
    from tests.conftest import parsed

    files = [g["file"] for g in GOLD_DOCS]
    for name in set(files):
        assert len(parsed(CORPUS / name).documents) == files.count(name), name


@pytest.mark.parametrize(("gold", "field"), _cases(SCALAR_FIELDS))
def test_scalar_field(gold: dict, field: str) -> None:
    doc = gold_document(gold)
    got = getattr(doc, field)
    want = gold[field]
    if field == "date":
        want = str(want)
    assert key(str(got)) == key(str(want))


@pytest.mark.parametrize(("gold", "field"), _cases(LIST_FIELDS))
def test_list_field(gold: dict, field: str) -> None:
    doc = gold_document(gold)
    assert [key(x) for x in getattr(doc, field)] == [key(x) for x in gold[field]]


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS])
def test_jurisdiction(gold: dict) -> None:
    doc = gold_document(gold)
    want = gold["jurisdiction"]
    assert doc.jurisdiction is not None
    assert (doc.jurisdiction.name, doc.jurisdiction.code) == (want["name"], want["adcode"])
    assert (doc.jurisdiction.parent_name, doc.jurisdiction.parent_code) == (
        want["parent"],
        want["parent_adcode"],
    )


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS if g.get("contact")])
def test_contact(gold: dict) -> None:
    doc = gold_document(gold)
    assert doc.contact is not None
    assert (doc.contact.name, doc.contact.phone) == (gold["contact"]["name"], gold["contact"]["phone"])


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS if g.get("attached_title")])
def test_attached_title(gold: dict) -> None:
    assert key(gold_document(gold).attached_title) == key(gold["attached_title"])


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS if g.get("sections")])
def test_section_headings(gold: dict) -> None:
    doc = gold_document(gold)
    assert [key(s.heading) for s in doc.sections] == [key(s["heading"]) for s in gold["sections"]]


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS if g.get("sections")])
def test_item_headings(gold: dict) -> None:
    doc = gold_document(gold)
    got = [[key(i.heading) for i in s.items] for s in doc.sections]
    want = [[key(h) for h in s["items"]] for s in gold["sections"]]
    assert got == want
    assert sum(map(len, got)) == gold["item_count"]


@pytest.mark.parametrize("gold", [pytest.param(g, id=g["id"]) for g in GOLD_DOCS if g.get("sections")])
def test_item_numbers_as_printed(gold: dict) -> None:
    """Items carry their printed number: continuous documents keep counting, others restart."""
    doc = gold_document(gold)
    numbers = [i.number for s in doc.sections for i in s.items]
    continuous = list(range(1, len(numbers) + 1))
    restart = [n for s in doc.sections for n in range(1, len(s.items) + 1)]
    assert numbers in (continuous, restart)
    for item in doc.items:
        assert item.text.startswith(item.heading)


def test_totals_match_the_gold() -> None:
    sections = items = 0
    for gold in GOLD_DOCS:
        doc = gold_document(gold)
        if gold.get("sections"):
            sections += len(doc.sections)
            items += len(doc.items)
    assert (sections, items) == (28, 92)


def test_cli_json_contract(runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["parse", str(CORPUS / "004_5c5feeab802f711e.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    doc = data["documents"][0]
    for field in (
        "doc_number",
        "issuer",
        "jurisdiction",
        "title",
        "date",
        "year",
        "recipients",
        "cc",
        "sections",
    ):
        assert field in doc
    assert set(doc["jurisdiction"]) >= {"name", "code"}
    section = doc["sections"][0]
    assert isinstance(section["number"], int) and section["heading"]
    assert {"number", "heading", "text"} <= set(section["items"][0])
    assert isinstance(section["items"][0]["number"], int)


def test_cli_json_contract_for_duties(runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["parse", str(CORPUS / "001_f58b3651bc17df0f.txt")])
    assert result.exit_code == 0
    decisions_doc, workpoints = json.loads(result.stdout)["documents"]
    task = workpoints["tasks"][0]
    assert {"n", "section", "item", "text", "units", "deadline", "due"} <= set(task)
    assert (task["n"], task["section"], task["item"], task["deadline"], task["due"]) == (
        1,
        1,
        1,
        "2023年12月底前",
        "2023-12-31",
    )
    obligation = workpoints["obligations"][0]
    assert {"section", "item", "text", "modality", "bearer", "units", "deadline", "due"} <= set(obligation)
    quantity = workpoints["quantities"][0]
    assert {"section", "item", "text", "kind", "op", "value", "unit", "per", "bearer"} <= set(quantity)
    assert {"title", "doc_number"} <= set(decisions_doc["citations"][0])
    assert [len(d["milestones"]) for d in decisions_doc["decisions"]] == [8, 9]
