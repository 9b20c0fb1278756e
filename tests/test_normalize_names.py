"""Folding keeps the characters of official place names (乾县 is not 干县)."""

from __future__ import annotations

from kg.normalize import fold, key
from kg.parse.jurisdiction import gazetteer


def test_official_place_names_survive_folding() -> None:
    assert fold("乾县人民政府") == "乾县人民政府"
    assert fold("國務院辦公廳") == "国务院办公厅"
    names = {u.name for u in gazetteer().units.values()}
    assert {"乾县", "乾安县"} <= names
    changed = [n for n in names if key(n) != key(fold(n)) or fold(n) != n]
    assert changed == []
