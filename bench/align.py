"""Inheritance benchmark: quality against the gold maps, and how alignment cost grows.

    python bench/align.py [--gold tests/data/seeds.yaml] [--corpus data/corpus] [--copies 10 20 40]

Part 1 prints precision and recall of the links ``kg build`` makes against the hand-checked
gold: document parents and expected parents, 莱芜→济南 item pairs, 招远↔莱州 sibling pairs.

Part 2 measures :func:`kg.link.align.align` on synthetic corpora built from the real 莱芜 and
济南 items: copy *j* of every item has each Chinese character shifted by a copy-specific offset,
so the copies share no n-gram with one another — like a long document whose items are about
different things, which is what real documents look like to a character n-gram index. A child
of *k* copies is aligned with a parent of *k* copies. The baseline, run in the same process at
the same sizes, scores every (child, parent) pair with the same TF-IDF vectors. Linear cost
shows as a time ratio near 2 per doubling; quadratic cost as a ratio near 4. The index must
also find exactly the gold pairs in every copy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.build import corpus_files, parse_corpus  # noqa: E402
from kg.link import align, compare, link_documents, precision_recall, short_ids  # noqa: E402
from kg.link.align import NgramIndex, ngrams  # noqa: E402
from kg.parse.numerals import cn_to_int  # noqa: E402

CJK_FIRST, CJK_SIZE = 0x4E00, 0x9FFF - 0x4E00 + 1


def _place(spec: str) -> tuple[int, int]:
    section, item = spec.split("/")
    return cn_to_int(section), cn_to_int(item)


def _items(doc) -> list[tuple[tuple[int, int], str]]:  # type: ignore[no-untyped-def]
    return [((s.number, i.number), i.text) for s in doc.sections for i in s.items]


def quality(gold: dict, corpus: Sequence[Path]) -> tuple:  # type: ignore[type-arg]
    documents, _ = parse_corpus(corpus_files(list(corpus)))
    ids = short_ids(documents)
    by_id = {d: documents[i] for i, d in enumerate(ids)}
    links = link_documents(documents, stated=[])
    found = {(ids[p.child], ids[p.parent]) for p in links.family.parents}
    expected = {(ids[i], f"{e.jurisdiction.name} {e.year}") for i, e in links.family.missing.items()}
    rows = gold["inheritance"]
    gold_parents = {(r["child"], r["parent"]) for r in rows if r.get("parent")}
    gold_expected = {(r["child"], r["expected"]) for r in rows if r.get("expected")}
    print("## Quality against the gold")
    for name, f, g in (
        ("document parents", found, gold_parents),
        ("expected parents", expected, gold_expected),
    ):
        p, r = precision_recall(sorted(f), sorted(g))  # type: ignore[arg-type]
        print(f"{name:<26} found {len(f):>3}  gold {len(g):>3}  precision {p:.3f}  recall {r:.3f}")
        for extra in sorted(f - g):
            print(f"{'':<26} not in the gold: {extra[0]} → {extra[1]}")
    docs = {d["id"]: d for d in gold["documents"]}
    laiwu = compare(by_id["laiwu-2023"], by_id["jinan-2023"])
    g = [(_place(c), _place(p)) for c, p in docs["laiwu-2023"]["parents"].items()]
    p, r = precision_recall([(x.child, x.parent) for x in laiwu.pairs], g)
    print(
        f"{'莱芜→济南 item pairs':<22} found {len(laiwu.pairs):>3}  gold {len(g):>3}  precision {p:.3f}  recall {r:.3f}"
    )
    zy, lz = by_id["zhaoyuan-2023"], by_id["laizhou-2023"]
    sib = compare(zy, lz, relation="sibling")
    c_place = {i.number: (s.number, i.number) for s in zy.sections for i in s.items}
    p_place = {i.number: (s.number, i.number) for s in lz.sections for i in s.items}
    g = [
        (c_place[cn_to_int(c)], p_place[cn_to_int(x)])
        for c, x in docs["zhaoyuan-2023"]["siblings"].items()
        if x
    ]
    p, r = precision_recall([(x.child, x.parent) for x in sib.pairs], g)
    print(
        f"{'招远↔莱州 sibling pairs':<22} found {len(sib.pairs):>3}  gold {len(g):>3}  precision {p:.3f}  recall {r:.3f}"
    )
    print(f"招远 items with no counterpart: {sib.added}")
    return by_id["laiwu-2023"], by_id["jinan-2023"], docs["laiwu-2023"]["parents"]


def _shift(text: str, copy: int) -> str:
    offset = copy * 7919  # a prime step, so copies land far apart in the CJK block
    return "".join(
        chr(CJK_FIRST + (ord(ch) - CJK_FIRST + offset) % CJK_SIZE) if CJK_FIRST <= ord(ch) <= 0x9FFF else ch
        for ch in text
    )


def _brute(children: Sequence[str], parents: Sequence[str]) -> int:
    """Score every pair with the index's own vectors (the quadratic baseline)."""
    index = NgramIndex(parents, children)
    p_vectors = [index.vector(ngrams(t)) for t in parents]
    hits = 0
    for g in index._child_grams:
        v = index.vector(g)
        for pv in p_vectors:
            if len(pv) < len(v):
                s = sum(w * v.get(t, 0.0) for t, w in pv.items())
            else:
                s = sum(w * pv.get(t, 0.0) for t, w in v.items())
            hits += s >= 0.3
    return hits


def scaling(child, parent, gold_map: dict, copies: Sequence[int]) -> None:  # type: ignore[no-untyped-def]
    c_items, p_items = _items(child), _items(parent)
    gold = {(_place(c), _place(p)) for c, p in gold_map.items()}
    print()
    print("## Alignment cost on synthetic copies (莱芜 items against 济南 items)")
    print(
        f"{'copies':>6} {'items':>7} {'index s':>9} {'ratio':>6} {'all-pairs s':>12} {'ratio':>6} {'speed-up':>9} {'P':>6} {'R':>6}"
    )
    last: tuple[float, float] | None = None
    for k in copies:
        children = [_shift(t, j) for j in range(k) for _, t in c_items]
        parents = [_shift(t, j) for j in range(k) for _, t in p_items]
        start = time.perf_counter()
        matches = align(children, parents)
        t_index = time.perf_counter() - start
        start = time.perf_counter()
        _brute(children, parents)
        t_brute = time.perf_counter() - start
        found, wrong = set(), 0
        for m in matches:
            j, jp = divmod(m.child, len(c_items)), divmod(m.parent, len(p_items))
            if j[0] != jp[0]:
                wrong += 1  # a pair across copies: always false
            else:
                found.add((j[0], c_items[j[1]][0], p_items[jp[1]][0]))
        want = {(j, c, p) for j in range(k) for c, p in gold}
        tp = len(found & want)
        precision = tp / (len(found) + wrong) if found or wrong else 1.0
        recall = tp / len(want)
        ratios = ("", "") if last is None else (f"{t_index / last[0]:.2f}", f"{t_brute / last[1]:.2f}")
        print(
            f"{k:>6} {len(children) + len(parents):>7} {t_index:>9.3f} {ratios[0]:>6} {t_brute:>12.3f} {ratios[1]:>6}"
            f" {t_brute / t_index:>8.1f}× {precision:>6.3f} {recall:>6.3f}"
        )
        last = (t_index, t_brute)
    print("ratio: time against the previous size (sizes double: linear ≈ 2, quadratic ≈ 4)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "seeds.yaml")
    parser.add_argument("--corpus", type=Path, nargs="+", default=[ROOT / "data" / "corpus"])
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 20, 40])
    args = parser.parse_args()
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))
    scaling(*quality(gold, args.corpus), copies=args.copies)


if __name__ == "__main__":
    main()
