"""Responsible units: cells split as the gold tables do, spellings resolved to one unit each."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.errors import InputError
from kg.parse.jurisdiction import gazetteer
from kg.parse.units import (
    Unit,
    UnitRegistry,
    aliases,
    is_collective,
    load_aliases,
    resolve_unit,
    split_units,
)
from tests.conftest import CORPUS, GOLD_DOCS, TESTS

CELLS = yaml.safe_load((TESTS / "data" / "unit_cells.yaml").read_text(encoding="utf-8"))
GOLD = {doc["id"]: doc for doc in GOLD_DOCS}
LAIWU = gazetteer().jurisdiction("370116")
ZHAOYUAN = gazetteer().jurisdiction("370685")
JINAN = gazetteer().jurisdiction("370100")


def _laiwu_cases() -> list[tuple[int, str, list[str]]]:
    rows = GOLD["laiwu-2023"]["table"]["rows"]
    return [(row["n"], CELLS["laiwu-2023"][row["n"]], row["units"]) for row in rows]


def _zhaoyuan_cases() -> list[tuple[str, str, list[str]]]:
    cells = {(c["item"], c["row"]): c["cell"] for c in CELLS["zhaoyuan-2023"]["units_sample"]}
    sample = GOLD["zhaoyuan-2023"]["table"]["units_sample"]
    return [(f"{s['item']}-{s['row']}", cells[s["item"], s["row"]], s["units"]) for s in sample]


def _f1(cases: list[tuple[object, str, list[str]]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 of split units against gold, counted per row as multisets."""
    hit = predicted = expected = 0
    for _, cell, gold in cases:
        got = Counter(split_units(cell)[0])
        want = Counter(gold)
        hit += sum((got & want).values())
        predicted += sum(got.values())
        expected += sum(want.values())
    precision, recall = hit / predicted, hit / expected
    return precision, recall, 2 * precision * recall / (precision + recall)


# --- the test data is what the corpus says ----------------------------------------------------


def test_laiwu_cells_cover_the_gold_rows() -> None:
    assert len(CELLS["laiwu-2023"]) == GOLD["laiwu-2023"]["table"]["row_count"] == 54


@pytest.mark.parametrize(
    ("document", "file", "cells"),
    [
        ("laiwu-2023", "001_f58b3651bc17df0f.txt", lambda: set(CELLS["laiwu-2023"].values())),
        ("zhaoyuan-2023", "003_964c6440e979350b.txt", lambda: set(CELLS["zhaoyuan-2023"]["all_cells"])),
    ],
    ids=["laiwu-2023", "zhaoyuan-2023"],
)
def test_cells_are_copied_from_the_corpus(document: str, file: str, cells) -> None:  # type: ignore[no-untyped-def]
    text = (CORPUS / file).read_text(encoding="utf-8")
    missing = [cell for cell in cells() if cell not in text]
    assert not missing, f"{document}: cells not found in {file}: {missing}"


# --- splitting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "cell", "gold"), _laiwu_cases(), ids=[f"row{c[0]}" for c in _laiwu_cases()])
def test_laiwu_rows_split_to_gold(n: int, cell: str, gold: list[str]) -> None:
    assert split_units(cell)[0] == gold


@pytest.mark.parametrize(("row", "cell", "gold"), _zhaoyuan_cases(), ids=[c[0] for c in _zhaoyuan_cases()])
def test_zhaoyuan_sample_splits_to_gold(row: str, cell: str, gold: list[str]) -> None:
    assert split_units(cell)[0] == gold


@pytest.mark.parametrize("document", ["laiwu-2023", "zhaoyuan-2023"])
def test_split_f1(document: str, record_property, capsys) -> None:  # type: ignore[no-untyped-def]
    cases = _laiwu_cases() if document == "laiwu-2023" else _zhaoyuan_cases()
    precision, recall, f1 = _f1(cases)  # type: ignore[arg-type]
    record_property("f1", f1)
    with capsys.disabled():
        print(f"\n{document}: units P={precision:.3f} R={recall:.3f} F1={f1:.3f} over {len(cases)} rows")
    assert f1 == 1.0


@pytest.mark.parametrize(
    ("cell", "units", "open_ended"),
    [
        (
            "市发改局、教体局、工信局、民政局、人社局、住建局、文旅局等部门",
            ["市发改局", "市教体局", "市工信局", "市民政局", "市人社局", "市住建局", "市文旅局"],
            True,
        ),
        (
            "市教体局、卫健局、水务局、综合执法局、交通局、供电公司",
            ["市教体局", "市卫健局", "市水务局", "市综合执法局", "市交通局", "供电公司"],
            False,
        ),
        (
            "区教育和体育局、区住房城乡建设局、区水务局、区卫生健康局等区政府有关部门（单位）",
            ["区教育和体育局", "区住房城乡建设局", "区水务局", "区卫生健康局", "区政府有关部门（单位）"],
            False,
        ),
        ("各街道（镇）、区政府各部门（单位）", ["各街道（镇）", "区政府各部门（单位）"], False),
        ("各镇街区，市政府各部门", ["各镇街区", "市政府各部门"], False),
        ("市发改局、市场监管局", ["市发改局", "市市场监管局"], False),
        ("市市场监管局", ["市市场监管局"], False),
        ("市政府办公室、司法局", ["市政府办公室", "市司法局"], False),
        ("区发改局、教体局等3个部门", ["区发改局", "区教体局"], True),
        ("区发改局、教体局等", ["区发改局", "区教体局"], True),
        ("区发改局（牵头、统筹）、财政局。", ["区发改局（牵头、统筹）", "区财政局"], False),
        ("莱芜区发改局、教体局", ["莱芜区发改局", "莱芜区教体局"], False),
        ("市中区发改局、教体局", ["市中区发改局", "市中区教体局"], False),
        ("", [], False),
    ],
)
def test_split_units(cell: str, units: list[str], open_ended: bool) -> None:
    assert split_units(cell) == (units, open_ended)


def test_zhaoyuan_open_ended_flags() -> None:
    flags = {row: split_units(cell)[1] for row, cell, _ in _zhaoyuan_cases()}
    assert {row for row, flag in flags.items() if flag} == {"一-2", "三-6"}


# --- resolving ---------------------------------------------------------------------------------


def test_transport_bureau_spellings_are_one_unit() -> None:
    units = {resolve_unit(w, jurisdiction=LAIWU) for w in ("区交通局", "区交通运输局", "区城乡交通运输局")}
    assert {(u.key, u.name, u.kind, u.jurisdiction_code) for u in units} == {
        ("370116|交通运输局", "莱芜区交通运输局", "交通运输局", "370116")
    }


def test_development_and_reform_bureaus_share_a_kind_across_jurisdictions() -> None:
    laiwu = resolve_unit("区发展改革局", jurisdiction=LAIWU)
    zhaoyuan = resolve_unit("市发改局", jurisdiction=ZHAOYUAN)
    assert laiwu.kind == zhaoyuan.kind == "发展和改革局"
    assert (laiwu.jurisdiction_code, zhaoyuan.jurisdiction_code) == ("370116", "370685")
    assert (laiwu.name, zhaoyuan.name) == ("莱芜区发展和改革局", "招远市发展和改革局")
    assert laiwu.key != zhaoyuan.key


@pytest.mark.parametrize(
    ("written", "jurisdiction", "key", "kind"),
    [
        ("各街道（镇）", LAIWU, "370116|collective|各街道（镇）", "街道（镇）"),
        ("各街道(镇)", LAIWU, "370116|collective|各街道（镇）", "街道（镇）"),
        ("区政府各部门（单位）", LAIWU, "370116|collective|政府各部门（单位）", "政府部门"),
        ("区政府有关部门（单位）", LAIWU, "370116|collective|政府有关部门（单位）", "政府有关部门"),
        ("区政府相关部门（单位）", LAIWU, "370116|collective|政府有关部门（单位）", "政府有关部门"),
        ("区政府各相关部门（单位）", LAIWU, "370116|collective|政府有关部门（单位）", "政府有关部门"),
        ("各镇街区", ZHAOYUAN, "370685|collective|各镇街区", "镇、街道和园区"),
        ("各镇街", ZHAOYUAN, "370685|collective|各街道（镇）", "街道（镇）"),
        ("市政府各部门", ZHAOYUAN, "370685|collective|政府各部门（单位）", "政府部门"),
        ("市政府各部门", LAIWU, "370100|collective|政府各部门（单位）", "政府部门"),
        ("各行政执法主体", ZHAOYUAN, "370685|collective|各行政执法主体", "行政执法主体"),
        ("重大行政决策承办单位", ZHAOYUAN, "370685|collective|重大行政决策承办单位", "决策承办单位"),
        ("议题提报单位", ZHAOYUAN, "370685|collective|议题提报单位", "议题提报单位"),
        ("政务新媒体开设单位", ZHAOYUAN, "370685|collective|政务新媒体开设单位", "政务新媒体开设单位"),
        ("各级各部门", ZHAOYUAN, "370685|collective|各级各部门", "各级政府及其部门"),
        ("各区县政府", JINAN, "370100|collective|各区县政府", "区县人民政府"),
        ("有关单位", ZHAOYUAN, "370685|collective|有关单位", "有关单位"),
        ("市委有关部门", ZHAOYUAN, "370685|collective|委有关部门", "党委有关部门"),
        ("各文明单位", JINAN, "370100|collective|各文明单位", "文明单位"),
    ],
)
def test_collectives_are_collective(written: str, jurisdiction, key: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    unit = resolve_unit(written, jurisdiction=jurisdiction)
    assert unit.collective
    assert (unit.key, unit.kind) == (key, kind)


def test_collective_names_carry_their_area() -> None:
    assert resolve_unit("区政府各部门（单位）", jurisdiction=LAIWU).name == "莱芜区政府各部门（单位）"
    assert resolve_unit("各街道（镇）", jurisdiction=LAIWU).name == "各街道（镇）"


def test_power_company_takes_no_jurisdiction_prefix() -> None:
    units, _ = split_units("市教体局、卫健局、水务局、综合执法局、交通局、供电公司")
    assert units[-1] == "供电公司"
    unit = resolve_unit("供电公司", jurisdiction=ZHAOYUAN)
    assert (unit.kind, unit.name, unit.jurisdiction_code, unit.collective) == (
        "organisation",
        "供电公司",
        None,
        False,
    )
    assert unit.key == "370685|organisation|供电公司" and unit.area_code == "370685"


def test_branch_of_the_city_bureau() -> None:
    unit = resolve_unit("市生态环境局莱芜分局", jurisdiction=LAIWU)
    assert unit == Unit(
        key="370100|生态环境局|莱芜分局",
        name="济南市生态环境局莱芜分局",
        kind="生态环境局",
        jurisdiction_code="370100",
        collective=False,
        aliases=("市生态环境局莱芜分局",),
        parent_key="370100|生态环境局",
        area_code="370116",
    )
    # Without the prefix it is the same branch: no bureau names a branch after its own area.
    assert resolve_unit("生态环境局莱芜分局", jurisdiction=LAIWU).key == unit.key


@pytest.mark.parametrize(
    ("written", "jurisdiction", "key", "name"),
    [
        ("区政府办公室", LAIWU, "370116|人民政府办公室", "莱芜区人民政府办公室"),
        ("市政府办公室", ZHAOYUAN, "370685|人民政府办公室", "招远市人民政府办公室"),
        ("市市场监管局", ZHAOYUAN, "370685|市场监督管理局", "招远市市场监督管理局"),
        ("区市场监管局", LAIWU, "370116|市场监督管理局", "莱芜区市场监督管理局"),
        ("区退役军人局", LAIWU, "370116|退役军人事务局", "莱芜区退役军人事务局"),
        ("市退役军人事务局", ZHAOYUAN, "370685|退役军人事务局", "招远市退役军人事务局"),
        ("区人力资源社会保障局", LAIWU, "370116|人力资源和社会保障局", "莱芜区人力资源和社会保障局"),
        ("市卫健局", ZHAOYUAN, "370685|卫生健康局", "招远市卫生健康局"),
        ("区卫生健康局", LAIWU, "370116|卫生健康局", "莱芜区卫生健康局"),
        ("市综合执法局", ZHAOYUAN, "370685|综合行政执法局", "招远市综合行政执法局"),
        ("区住房城乡建设局", LAIWU, "370116|住房和城乡建设局", "莱芜区住房和城乡建设局"),
        ("市住建局", ZHAOYUAN, "370685|住房和城乡建设局", "招远市住房和城乡建设局"),
        ("区科技局", LAIWU, "370116|科学技术局", "莱芜区科学技术局"),
        ("莱芜区发改局", None, "370116|发展和改革局", "莱芜区发展和改革局"),
        ("济南市莱芜区交通局", None, "370116|交通运输局", "莱芜区交通运输局"),
        ("招远市人民政府办公室", LAIWU, "370685|人民政府办公室", "招远市人民政府办公室"),
        ("市发改局", LAIWU, "370100|发展和改革局", "济南市发展和改革局"),
        ("省发展改革委", ZHAOYUAN, "370000|发展和改革局", "山东省发展和改革局"),
        ("发改局", ZHAOYUAN, "370685|发展和改革局", "招远市发展和改革局"),
        ("市中区发改局", JINAN, "370103|发展和改革局", "市中区发展和改革局"),
        # a place several areas share, with nothing to choose between them, stays unresolved
        ("市中区发改局", ZHAOYUAN, "370685/市中区|发展和改革局", "市中区发展和改革局"),
        ("区商务综合服务中心", LAIWU, "370116|商务综合服务中心", "莱芜区商务综合服务中心"),
        # a name no list knows is a kind of its own, still under its area
        ("区乡村振兴服务中心", LAIWU, "370116|乡村振兴服务中心", "莱芜区乡村振兴服务中心"),
        # a level word naming no area above the issuer stays scoped to the issuer
        ("区交通局", ZHAOYUAN, "370685/区|交通运输局", "区交通运输局"),
        ("区交通局", None, "?/区|交通运输局", "区交通运输局"),
    ],
)
def test_resolve_departments(written: str, jurisdiction, key: str, name: str) -> None:  # type: ignore[no-untyped-def]
    unit = resolve_unit(written, jurisdiction=jurisdiction)
    assert (unit.key, unit.name, unit.collective) == (key, name, False)
    assert unit.aliases == (written,)


def test_every_gold_unit_resolves_to_a_listed_kind() -> None:
    """No gold unit falls through to 'a kind of its own': the alias file covers the corpus."""
    listed = set(aliases().kinds)
    cases = [(LAIWU, cell) for _, cell, _ in _laiwu_cases()]
    cases += [(ZHAOYUAN, cell) for cell in CELLS["zhaoyuan-2023"]["all_cells"]]
    unlisted = set()
    for jurisdiction, cell in cases:
        for written in split_units(cell)[0]:
            unit = resolve_unit(written, jurisdiction=jurisdiction)
            if not unit.collective and unit.kind != "organisation" and unit.kind not in listed:
                unlisted.add(written)
    assert not unlisted


# --- the registry ------------------------------------------------------------------------------


def test_registry_merges_aliases_across_documents() -> None:
    registry = UnitRegistry()
    for _, cell, _ in _laiwu_cases():
        registry.add_cell(cell, LAIWU)
    for cell in CELLS["zhaoyuan-2023"]["all_cells"]:
        registry.add_cell(cell, ZHAOYUAN)
    registry.add("区交通局", LAIWU)  # as the 莱芜 decision list writes it
    registry.add("区城乡交通运输局", LAIWU)

    transport = registry.get("370116|交通运输局")
    assert transport is not None
    assert transport.aliases == tuple(sorted(["区交通局", "区交通运输局", "区城乡交通运输局"]))
    assert registry.get("370685|交通运输局").aliases == ("市交通局",)  # type: ignore[union-attr]
    streets = registry.get("370116|collective|各街道（镇）")
    assert streets is not None and streets.aliases == ("各街道（镇）",)
    related = registry.get("370116|collective|政府有关部门（单位）")
    assert related is not None
    assert related.aliases == tuple(
        sorted(["区政府有关部门（单位）", "区政府相关部门（单位）", "区政府各相关部门（单位）"])
    )

    keys = [u.key for u in registry.units()]
    assert keys == sorted(keys) and len(keys) == len(set(keys)) == len(registry)
    kinds = {u.kind for u in registry.units() if u.jurisdiction_code in ("370116", "370685")}
    assert "发展和改革局" in kinds
    assert {u.jurisdiction_code for u in registry.units() if u.kind == "发展和改革局"} == {"370116", "370685"}


def test_registry_is_order_independent() -> None:
    spellings = ["区交通局", "区交通运输局", "区城乡交通运输局", "各街道（镇）", "市生态环境局莱芜分局"]
    forward, backward = UnitRegistry(), UnitRegistry()
    for written in spellings:
        forward.add(written, LAIWU)
    for written in reversed(spellings):
        backward.add(written, LAIWU)
    assert forward.units() == backward.units()


# --- the alias file ----------------------------------------------------------------------------


def test_alias_file_lists_the_usual_departments() -> None:
    table = aliases()
    assert len(table.kinds) >= 40
    for spelling, kind in {
        "发改委": "发展和改革局",
        "教体局": "教育和体育局",
        "人社局": "人力资源和社会保障局",
        "住建局": "住房和城乡建设局",
        "城乡交通运输局": "交通运输局",
        "工信局": "工业和信息化局",
        "文旅局": "文化和旅游局",
        "市场监管局": "市场监督管理局",
        "卫健委": "卫生健康局",
        "退役军人局": "退役军人事务局",
        "综合执法局": "综合行政执法局",
        "政府办": "人民政府办公室",
        "自然资源和规划局": "自然资源局",
    }.items():
        assert table.department(spelling) == kind, spelling


def test_alias_file_rejects_a_spelling_under_two_kinds(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("departments:\n  交通运输局: [交通局]\n  公安局: [交通局]\n", encoding="utf-8")
    with pytest.raises(InputError, match="交通局"):
        load_aliases(path)


def test_alias_file_missing_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_aliases(tmp_path / "none.yaml")


# --- governments by level, qualified and modified designations, scope notes --------------------

SHANDONG = gazetteer().jurisdiction("370000")


@pytest.mark.parametrize(
    ("written", "jurisdiction", "key", "name"),
    [
        # 市级政府 in a city's document is that city's government, not a kind "级政府"
        ("市级政府", JINAN, "370100|人民政府", "济南市人民政府"),
        ("市级人民政府", JINAN, "370100|人民政府", "济南市人民政府"),
        ("区级政府", LAIWU, "370116|人民政府", "莱芜区人民政府"),
        ("本级政府", ZHAOYUAN, "370685|人民政府", "招远市人民政府"),
    ],
)
def test_government_of_a_level(written: str, jurisdiction, key: str, name: str) -> None:  # type: ignore[no-untyped-def]
    unit = resolve_unit(written, jurisdiction=jurisdiction)
    assert (unit.key, unit.name, unit.kind, unit.collective) == (key, name, "人民政府", False)
    # the same unit as the government written the usual way
    assert unit.key == resolve_unit(name, jurisdiction=jurisdiction).key


def test_a_level_below_the_issuer_is_a_collective() -> None:
    unit = resolve_unit("县级政府", jurisdiction=SHANDONG)
    assert (unit.key, unit.kind, unit.collective) == ("370000|collective|县级政府", "县人民政府", True)


def test_governments_at_every_level() -> None:
    unit = resolve_unit("各级政府", jurisdiction=JINAN)
    assert (unit.key, unit.kind, unit.collective) == ("370100|collective|各级政府", "人民政府", True)
    assert resolve_unit("各级人民政府", jurisdiction=JINAN).key == unit.key


def test_a_scope_note_is_no_part_of_the_identity() -> None:
    noted = resolve_unit("各区县政府（含代管镇、街道的功能区管理机构，下同）", jurisdiction=JINAN)
    plain = resolve_unit("各区县政府", jurisdiction=JINAN)
    assert (noted.key, noted.name, noted.kind) == (plain.key, plain.name, plain.kind)
    assert noted.aliases == ("各区县政府",)
    # a bracket that is part of the name stays (牵头、统筹 is no scope note)
    assert resolve_unit("区发改局（牵头、统筹）", jurisdiction=LAIWU).aliases == ("区发改局（牵头、统筹）",)


@pytest.mark.parametrize(
    "written",
    ["列入目录的重大行政决策事项承办单位", "重大行政决策事项承办单位", "决策事项承办单位", "承办单位"],
)
def test_decision_undertakers_are_one_collective(written: str) -> None:
    unit = resolve_unit(written, jurisdiction=LAIWU)
    assert (unit.key, unit.kind, unit.collective) == (
        "370116|collective|重大行政决策承办单位",
        "决策承办单位",
        True,
    )
    assert unit.aliases == (written,)


def test_a_modifier_does_not_make_an_unlisted_name_a_collective() -> None:
    unit = resolve_unit("负责解读的区政府办公室", jurisdiction=LAIWU)
    assert not unit.collective


@pytest.mark.parametrize(
    ("written", "key", "kind"),
    [
        ("有条件的单位", "370100|collective|有条件的单位", "单位"),
        ("有条件的区县", "370100|collective|有条件的区县", "区县人民政府"),
        ("具备条件的部门", "370100|collective|具备条件的部门", "政府部门"),
    ],
)
def test_a_qualifier_makes_a_collective_of_the_units_it_selects(written: str, key: str, kind: str) -> None:
    unit = resolve_unit(written, jurisdiction=JINAN)
    assert (unit.key, unit.kind, unit.collective) == (key, kind, True)


def test_two_collectives_of_laizhou() -> None:
    laizhou = gazetteer().jurisdiction("370683")
    towns = resolve_unit("各镇街", jurisdiction=laizhou)
    units = resolve_unit("各单位", jurisdiction=laizhou)
    assert (towns.key, towns.kind) == ("370683|collective|各街道（镇）", "街道（镇）")
    assert (units.key, units.kind) == ("370683|collective|各单位", "单位")


def test_is_collective() -> None:
    assert is_collective("各部门和单位", listed=True)
    assert not is_collective("各乡镇和街道", listed=True)
    assert is_collective("各乡镇和街道") and is_collective("有条件的单位")
    assert not is_collective("区政府办公室")
