"""The synthetic corpus generator (bench/synth.py): deterministic, and parsed exactly as its truth says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.parse import parse_file
from tests.scripts import bench_script

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "synth.py"
SIZES = {"provinces": 1, "prefectures": 2, "counties": 2, "only": ["370000"], "tables": 1.0}


synth = bench_script("synth")


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synth") / "seed1"
    truth = synth.generate(out, seed=1, **SIZES)
    return out, truth


def test_tree_and_files(corpus: tuple[Path, dict]) -> None:
    out, truth = corpus
    docs = truth["documents"]
    # 山东省, its first two prefectures (济南, 青岛) and the first two counties of each.
    assert [d["jurisdiction"]["code"] for d in docs] == [
        "370000", "370100", "370200", "370102", "370103", "370202", "370203",
    ]  # fmt: skip
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(d["file"] for d in docs)
    by_file = {d["file"]: d for d in docs}
    for doc in docs:
        if doc["jurisdiction"]["level"] == "province":
            assert doc["parent"] is None
        else:
            parent = by_file[doc["parent"]["file"]]
            assert doc["jurisdiction"]["parent"] == parent["jurisdiction"]["code"]
            assert doc["parent"]["doc_number"] == parent["doc_number"]
    assert len({d["doc_number"] for d in docs}) == len(docs)
    json.loads((out / "truth.json").read_text(encoding="utf-8"))


def test_deterministic(corpus: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = corpus
    again = tmp_path / "again"
    synth.generate(again, seed=1, **SIZES)
    assert _files(again) == _files(out)
    other = tmp_path / "other"
    synth.generate(other, seed=2, **SIZES)
    assert _files(other) != _files(out)
    # A smaller corpus is the prefix of a larger one: documents do not depend on the limit.
    small = tmp_path / "small"
    truth = synth.generate(small, seed=1, limit=4, **SIZES)
    assert len(truth["documents"]) == 4
    assert {k: v for k, v in _files(small).items() if k != "truth.json"} == {
        k: v for k, v in _files(out).items() if k in {d["file"] for d in truth["documents"]}
    }


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    args = ["--out", str(out), "--provinces", "1", "--prefectures", "1", "--counties", "1"]
    subprocess.run([sys.executable, str(SCRIPT), *args, "--seed", "3", "--limit", "2"], check=True)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert [d["file"] for d in truth["documents"]] == ["2023-110000.txt", "2023-110101.txt"]
    assert synth.generate(tmp_path / "api", seed=3, limit=2, provinces=1, prefectures=1, counties=1)
    assert _files(tmp_path / "api") == _files(out)


def test_parser_recovers_the_truth(corpus: tuple[Path, dict]) -> None:
    out, truth = corpus
    tables = 0
    for expected in truth["documents"]:
        result = parse_file(out / expected["file"])
        assert len(result.documents) == 1, expected["file"]
        doc = result.documents[0]
        where = expected["file"]
        assert doc.doc_number == expected["doc_number"], where
        assert doc.issuer == expected["issuer"], where
        assert doc.jurisdiction is not None and doc.jurisdiction.code == expected["jurisdiction"]["code"], (
            where
        )
        assert doc.title == expected["title"], where
        assert doc.attached_title == expected["attached_title"], where
        assert doc.genre == "workpoints" and doc.year == expected["year"], where
        assert doc.date == expected["date"], where
        assert doc.recipients == expected["recipients"] and doc.cc == expected["cc"], where
        assert len(doc.sections) == expected["counts"]["sections"], where
        assert sum(len(s.items) for s in doc.sections) == expected["counts"]["items"], where
        got = [(s.number, i.number, i.heading) for s in doc.sections for i in s.items]
        want = [(i["section"], i["item"], i["heading"]) for s in expected["sections"] for i in s["item_list"]]
        assert got == want, where
        assert doc.closing, where  # the closing paragraph is not glued to the last item
        if "annex" in expected:
            tables += 1
            assert len(doc.tasks) == expected["counts"]["tasks"], where
            got_tasks = [(t.n, t.section, t.item, t.units_text, t.deadline) for t in doc.tasks]
            want_tasks = [
                (t["n"], t["section"], t["item"], t["units"], t["deadline"])
                for t in expected["annex"]["tasks"]
            ]
            assert got_tasks == want_tasks, where
        else:
            assert not doc.tasks, where
    assert tables >= 1


def test_children_record_their_changes(corpus: tuple[Path, dict]) -> None:
    _, truth = corpus
    by_file = {d["file"]: d for d in truth["documents"]}
    kinds: set[str] = set()
    for doc in truth["documents"]:
        if doc["parent"] is None:
            continue
        parent = by_file[doc["parent"]["file"]]
        parent_items = {(i["section"], i["item"]) for s in parent["sections"] for i in s["item_list"]}
        linked = set()
        for section in doc["sections"]:
            for item in section["item_list"]:
                kinds.update(item["changes"])
                kinds.update(d["type"] for d in item["details"])
                if item["parent"] is None:
                    assert item["changes"] == ["added"]
                    continue
                place = (item["parent"]["section"], item["parent"]["item"])
                assert place in parent_items and place not in linked
                linked.add(place)
                assert item["changes"][0] in ("verbatim", "reworded")
        dropped = {(d["section"], d["item"]) for d in doc["dropped"]}
        assert dropped == parent_items - linked
    assert {"verbatim", "reworded", "synonym"} <= kinds


def test_numbers_and_slots() -> None:
    assert [synth.cn_number(n) for n in (1, 10, 11, 19, 20, 40, 61)] == [
        "一", "十", "十一", "十九", "二十", "四十", "六十一",
    ]  # fmt: skip
    assert synth.templatize("聚焦市委、市政府重点任务，推动全市经济，市场主体") == (
        "聚焦{lv}委、{lv}政府重点任务，推动全{lv}经济，市场主体"
    )
    assert synth.templatize("各区县政府不少于5次", units=False) == "{lower}政府不少于5次"
    place = synth.make_place("370116")
    assert place.issuer == "济南市莱芜区人民政府办公室" and place.lv == "区"
