"""Inheritance: parents, expected parents, siblings, item alignment and changes, against the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from kg.link import compare, link_documents, precision_recall, short_ids
from kg.link.align import align
from kg.model.namespaces import PREFIXES
from kg.parse.numerals import cn_to_int
from tests.conftest import CORPUS, GOLD, GOLD_DOCS, gold_document  # noqa: F401

BY_ID = {g["id"]: g for g in GOLD_DOCS}


def _place(spec: str) -> tuple[int, int]:
    s, i = spec.split("/")
    return cn_to_int(s), cn_to_int(i)


@pytest.fixture(scope="module")
def corpus() -> list:
    ids = [g["id"] for g in GOLD_DOCS]
    return [gold_document(BY_ID[i]) for i in ids]


@pytest.fixture(scope="module")
def links(corpus: list):  # type: ignore[no-untyped-def]
    return link_documents(corpus, stated=[])


def test_short_ids_are_the_gold_ids(corpus: list) -> None:
    assert short_ids(corpus) == [g["id"] for g in GOLD_DOCS]


def test_document_inheritance_matches_the_gold(corpus: list, links) -> None:  # type: ignore[no-untyped-def]
    ids = short_ids(corpus)
    found = {ids[p.child]: ids[p.parent] for p in links.family.parents}
    for row in GOLD["inheritance"]:
        assert found.get(row["child"]) == row["parent"], row


def test_missing_parents_are_reported_with_what_to_collect(corpus: list, links) -> None:  # type: ignore[no-untyped-def]
    ids = short_ids(corpus)
    missing = {ids[i]: (e.jurisdiction.name, e.year) for i, e in links.family.missing.items()}
    assert missing["laizhou-2023"] == ("烟台市", 2023)
    assert missing["zhaoyuan-2023"] == ("烟台市", 2023)
    assert missing["haiyang-2022"] == ("烟台市", 2022)
    assert missing["jinan-2023"] == ("山东省", 2023)
    assert "laiwu-2023" not in missing


def test_siblings(corpus: list, links) -> None:  # type: ignore[no-untyped-def]
    ids = short_ids(corpus)
    pairs = {frozenset((ids[a], ids[b])) for a, b, _ in links.family.siblings}
    assert frozenset(("zhaoyuan-2023", "laizhou-2023")) in pairs
    assert not any("haiyang-2022" in p for p in pairs)  # another year


def test_laiwu_items_align_with_jinan_exactly() -> None:
    child, parent = gold_document(BY_ID["laiwu-2023"]), gold_document(BY_ID["jinan-2023"])
    comparison = compare(child, parent)
    gold = [(_place(c), _place(p)) for c, p in BY_ID["laiwu-2023"]["parents"].items()]
    precision, recall = precision_recall([(p.child, p.parent) for p in comparison.pairs], gold)
    assert (precision, recall) == (1.0, 1.0)


def test_laiwu_keeps_the_level_meant_for_it_and_adds_a_quantity() -> None:
    comparison = compare(gold_document(BY_ID["laiwu-2023"]), gold_document(BY_ID["jinan-2023"]))
    attendance = next(p for p in comparison.pairs if p.child == (3, 2))
    kept = [d for d in attendance.details if d.type == "quantity-kept" and "次" in (d.child or "")]
    assert kept and "区政府" in kept[0].child and "各区县政府" in kept[0].parent and "≥5" in kept[0].parent
    assert "weakened" not in attendance.changes
    leadership = next(p for p in comparison.pairs if p.child == (6, 1))
    added = [d for d in leadership.details if d.type == "quantity-added"]
    assert added and "≥2" in added[0].child and "主要负责同志" in added[0].child
    assert "strengthened" in leadership.changes


def test_zhaoyuan_and_laizhou_as_siblings() -> None:
    child, sibling = gold_document(BY_ID["zhaoyuan-2023"]), gold_document(BY_ID["laizhou-2023"])
    comparison = compare(child, sibling, relation="sibling")
    c_place = {i.number: (s.number, i.number) for s in child.sections for i in s.items}
    p_place = {i.number: (s.number, i.number) for s in sibling.sections for i in s.items}
    gold = [
        (c_place[cn_to_int(c)], p_place[cn_to_int(p)])
        for c, p in BY_ID["zhaoyuan-2023"]["siblings"].items()
        if p
    ]
    assert precision_recall([(p.child, p.parent) for p in comparison.pairs], gold) == (1.0, 1.0)
    assert comparison.added == [c_place[7]]


def test_weaker_count_for_the_same_level_is_weakened() -> None:
    parent = gold_document(BY_ID["jinan-2023"])
    from copy import deepcopy

    child = deepcopy(gold_document(BY_ID["laiwu-2023"]))
    for q in child.quantities:
        if (q.section, q.item) == (3, 2) and q.quantity.value == 5:
            q.quantity.value = 3
    pair = next(p for p in compare(child, parent).pairs if p.child == (3, 2))
    assert "weakened" in pair.changes


def test_alignment_does_not_score_unrelated_passages() -> None:
    assert align(["加强组织领导，每年召开会议"], ["完善政府网站域名管理"]) == []


def test_kg_diff_json_contract(runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["diff", "莱芜政办发〔2023〕5号", "jinan-2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"child", "parent", "pairs", "dropped", "added"} <= set(data)
    pair = data["pairs"][0]
    assert {"section", "item"} <= set(pair["child"]) and {"section", "item"} <= set(pair["parent"])
    assert isinstance(pair["score"], float) and isinstance(pair["changes"], list)
    assert len(data["pairs"]) == 19 and data["dropped"] == [] and data["added"] == []


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_kg_diff_siblings_shows_the_extra_item(runner, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["diff", "招远", "莱州", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "提升政策公开全流程服务效能" in result.stdout


def test_kg_diff_unknown_document(runner) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["diff", "nowhere-2023", "jinan-2023"])
    assert result.exit_code == 2 and "no document is named" in result.stderr


def test_stated_parent_wins(corpus: list, tmp_path: Path, runner) -> None:  # type: ignore[no-untyped-def]
    links = link_documents(corpus, stated=[("haiyang-2022", "jinan-2023")])
    ids = short_ids(corpus)
    found = {(ids[p.child], ids[p.parent], p.method) for p in links.family.parents}
    assert ("haiyang-2022", "jinan-2023", "stated") in found
    bad = tmp_path / "parents.yaml"
    bad.write_text("child: x\n", encoding="utf-8")
    from kg.cli import cli

    result = runner.invoke(cli, ["build", str(CORPUS), "-o", str(tmp_path / "out"), "--parents", str(bad)])
    assert result.exit_code == 2 and "parents.yaml" in result.stderr


def test_links_in_the_graph(built: Path) -> None:
    graph = Graph()
    graph.parse(built, format="turtle")
    ns = dict(PREFIXES)
    rows = list(
        graph.query(
            """SELECT (COUNT(*) AS ?n) WHERE { ?c pk:inheritsFrom ?p . ?c a pk:Item . ?p a pk:Item }""",
            initNs=ns,
        )
    )
    assert int(rows[0][0]) == 19
    rows = list(
        graph.query(
            """SELECT ?place ?name ?year ?genre WHERE {
                 ?d pk:expectedParent ?e ; eli:jurisdiction/skos:prefLabel ?place .
                 ?e pk:inCorpus false ; pk:expectedJurisdiction ?a ; pk:year ?year ; pk:genre ?genre .
                 ?a skos:prefLabel ?name }""",
            initNs=ns,
        )
    )
    missing = sorted((str(p), str(n), str(y), str(g).rsplit("#", 1)[-1]) for p, n, y, g in rows)
    assert missing == [
        ("招远市", "烟台市", "2023", "Workpoints"),
        ("济南市", "山东省", "2023", "Workpoints"),
        ("海阳市", "烟台市", "2022", "Workpoints"),
        ("莱州市", "烟台市", "2023", "Workpoints"),
        # 莱芜区's catalogue of major decisions follows 济南市's, which the corpus lacks.
        ("莱芜区", "济南市", "2023", "DecisionCatalogue"),
    ]
    # Duties are linked too: statements of aligned items, and 莱芜's tasks to 济南's statements.
    rows = list(
        graph.query(
            """SELECT (COUNT(*) AS ?n) WHERE { ?c pk:inheritsFrom ?p . ?c a pk:Obligation . ?p a pk:Obligation }""",
            initNs=ns,
        )
    )
    assert int(rows[0][0]) >= 40
    rows = list(
        graph.query(
            """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c pk:inheritsFrom ?p ; a pk:Task . ?p a pk:Obligation }""",
            initNs=ns,
        )
    )
    assert int(rows[0][0]) >= 45  # of 莱芜's 54 tasks
    rows = list(
        graph.query(
            """SELECT ?t WHERE { ?c prov:qualifiedDerivation ?a . ?a pk:detail ?d . ?d pk:detailType "quantity-added" ; pk:childText ?t }""",
            initNs=ns,
        )
    )
    assert any("主要负责同志" in str(t) for (t,) in rows)


def _edited_laiwu(edit, want=lambda mine, theirs: True) -> tuple:  # type: ignore[no-untyped-def]
    """Compare 莱芜 with 济南 after *edit* changed one aligned statement (on copies)."""
    from copy import deepcopy

    child = deepcopy(gold_document(BY_ID["laiwu-2023"]))
    parent = deepcopy(gold_document(BY_ID["jinan-2023"]))
    for pair in compare(child, parent).pairs:
        mine_all = [o for o in child.obligations if (o.section, o.item) == pair.child]
        theirs_all = [o for o in parent.obligations if (o.section, o.item) == pair.parent]
        for c_k, p_k, _ in pair.statements:
            mine, theirs = mine_all[c_k - 1], theirs_all[p_k - 1]
            if want(mine, theirs):
                edit(mine, theirs)
                again = next(p for p in compare(child, parent).pairs if p.child == pair.child)
                return again, [d.type for d in again.details]
    raise AssertionError("no aligned statement fits")


def test_modality_weakened_is_reported() -> None:
    def weaken(mine, theirs) -> None:  # type: ignore[no-untyped-def]
        mine.modality, mine.cue = "encouraged", "鼓励"

    pair, types = _edited_laiwu(weaken, lambda mine, theirs: theirs.modality == "mandatory")
    assert "modality-weaker" in types and "weakened" in pair.changes


def test_later_deadline_is_postponed_and_earlier_advanced() -> None:
    def later(mine, theirs) -> None:  # type: ignore[no-untyped-def]
        mine.due, mine.deadline = "2024-06-30", "2024年6月底前"

    pair, types = _edited_laiwu(later, lambda mine, theirs: theirs.due is not None)
    assert "postponed" in types and "postponed" in pair.changes

    def earlier(mine, theirs) -> None:  # type: ignore[no-untyped-def]
        mine.due, mine.deadline = "2023-01-31", "2023年1月底前"

    pair, types = _edited_laiwu(earlier, lambda mine, theirs: theirs.due is not None)
    assert "advanced" in types and "strengthened" in pair.changes


def test_duty_handed_further_down_is_a_bearer_change() -> None:
    def down(mine, theirs) -> None:  # type: ignore[no-untyped-def]
        mine.bearer = "各镇街"

    pair, types = _edited_laiwu(down, lambda mine, theirs: bool(theirs.bearer) and "各区县" in theirs.bearer)
    assert "bearer-changed" in types and "bearer-changed" in pair.changes


def test_bearer_changes_follow_the_level_meant_for_the_child() -> None:
    from kg.link.changes import bearer_changed

    child, parent = gold_document(BY_ID["laiwu-2023"]), gold_document(BY_ID["jinan-2023"])
    assert not bearer_changed(child, parent, "区政府", "各区县政府")  # the level meant for it
    assert not bearer_changed(child, parent, "区政府办公室", "市政府办公厅")  # same office
    assert not bearer_changed(child, parent, "各部门单位", "各级各部门（单位）")
    assert bearer_changed(child, parent, "各镇街", "各区县政府")  # handed further down
    assert bearer_changed(child, parent, "区财政局", "市审计局")  # another department
    assert not bearer_changed(child, parent, None, "市审计局")


def test_kg_build_reports_parents_siblings_and_what_to_collect(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, ["build", str(CORPUS), "-o", str(tmp_path / "out"), "--no-validate"])
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "parent: laiwu-2023 → jinan-2023 (inferred, 19 items aligned)" in err
    assert "siblings: laizhou-2023 ↔ zhaoyuan-2023" in err
    for child, parent in (
        ("laizhou-2023", "烟台市 2023"),
        ("zhaoyuan-2023", "烟台市 2023"),
        ("haiyang-2022", "烟台市 2022"),
        ("jinan-2023", "山东省 2023"),
    ):
        assert f"parent not in the corpus: {child} → {parent} workpoints" in err
    assert result.stdout == ""


def test_similarity_is_the_index_cosine_of_a_two_text_corpus(corpus: list) -> None:
    """similarity() computes in closed form what an NgramIndex over the two texts scores."""
    from kg.link.align import NgramIndex, ngrams, similarity

    texts = ["\n".join(i.text for i in d.items) or d.notice_text for d in corpus]
    texts += [corpus[0].items[0].text, "推动全市政务公开", "加强培训", ""]
    for a in texts:
        for b in texts:
            index = NgramIndex([b], [a], max_df=1.0)
            assert similarity(a, b) == round(index.scores(ngrams(a)).get(0, 0.0), 4), (a[:20], b[:20])
