"""kg trace against the synthetic ground truth: does a trace from a root item reach every
descendant the generator made, and mark every weakening it recorded? And how long does one take?

A three-level synthetic corpus (bench/synth.py: provinces → prefectures → counties) is built into
a store (or an existing build is used: ``--corpus DIR --store DIR``, e.g. a kept bench/run.py
work directory). Every item of every root document is traced; the items reached are compared
with the transitive closure of the truth's item parents, and the steps marked weakened with the
items the truth says were weakened. Precision and recall of both are printed with the time of
one trace (p50 and max over the roots traced, in this process), against a baseline run in the
same process on the same root items: the same look-ups made one node at a time (kg/graph/trace.py's
own functions called with one IRI each), which is how a trace reads when it is not batched.

Usage: python bench/trace.py [--provinces 2 --prefectures 3 --counties 3] [--roots N]
       python bench/trace.py --corpus WORK/n3000/corpus --store WORK/n3000/store --roots 20
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Key = tuple[str, int, int]  # (file, section, item)


def truth_links(truth: dict) -> tuple[dict[Key, list[Key]], set[Key], list[str]]:  # type: ignore[type-arg]
    """Children of each item, the items the truth marks weakened, the root documents' files."""
    children: dict[Key, list[Key]] = defaultdict(list)
    weakened: set[Key] = set()
    roots = []
    for doc in truth["documents"]:
        if not doc.get("parent"):
            roots.append(doc["file"])
            continue
        parent_file = doc["parent"]["file"]
        for section in doc["sections"]:
            for item in section.get("item_list", []):
                key = (doc["file"], item["section"], item["item"])
                if item.get("parent"):
                    children[(parent_file, item["parent"]["section"], item["parent"]["item"])].append(key)
                    if "weakened" in item.get("changes", []):
                        weakened.add(key)
    return children, weakened, roots


def descendants(children: dict[Key, list[Key]], start: Key) -> set[Key]:
    out: set[Key] = set()
    todo = [start]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


_PLACE = re.compile(r"/sec_(\d+)__item_(\d+)$")


def flatten(entries: list[dict], file_of: dict[str, str]) -> list[tuple[Key, list[str]]]:  # type: ignore[type-arg]
    out = []
    for entry in entries:
        iri = entry["node"]["iri"]
        match = _PLACE.search(iri)
        doc = iri[: match.start()] if match else iri
        if match and doc in file_of:
            out.append(((file_of[doc], int(match.group(1)), int(match.group(2))), entry["edge"]["changes"]))
        out.extend(flatten(entry.get("descendants", []), file_of))
    return out


def per_node(store: object, root: str) -> int:
    """The baseline: the tree below *root* read one node at a time with the trace's own look-ups
    (edges to the children, then each child's node and duties); returns the nodes read."""
    from kg.graph.trace import _duties, _edges, _nodes

    seen = {root}
    todo = [root]
    count = 0
    while todo:
        parent = todo.pop()
        for edge in _edges(store, [parent], up=False).get(parent, []):
            child = edge["other"]
            if child in seen:
                continue
            seen.add(child)
            node = _nodes(store, [child]).get(child, {})
            count += 1
            if node.get("kind") == "item":
                _duties(store, [child])
                todo.append(child)
    return count


def _pr(found: set, want: set) -> tuple[float, float]:  # type: ignore[type-arg]
    tp = len(found & want)
    return (tp / len(found) if found else 1.0), (tp / len(want) if want else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=2)
    parser.add_argument("--prefectures", type=int, default=3)
    parser.add_argument("--counties", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--roots", type=int, default=0, help="trace the items of at most N root documents (0: all)"
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=20,
        help="time the one-node-at-a-time baseline on the first N root items (0: none)",
    )
    parser.add_argument("--corpus", type=Path, help="an existing synthetic corpus (with truth.json)")
    parser.add_argument("--store", type=Path, help="its built store")
    args = parser.parse_args()

    from kg.graph.trace import trace
    from kg.store import Store

    with tempfile.TemporaryDirectory(prefix="kg-bench-trace-") as tmp:
        corpus, store_path = args.corpus, args.store
        if corpus is None:
            corpus, store_path = Path(tmp) / "corpus", Path(tmp) / "store"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "synth.py"),
                    "--out",
                    str(corpus),
                    "--provinces",
                    str(args.provinces),
                    "--prefectures",
                    str(args.prefectures),
                    "--counties",
                    str(args.counties),
                    "--seed",
                    str(args.seed),
                ],
                check=True,
                capture_output=True,
            )
            print(f"[trace] building {len(list(corpus.glob('*.txt')))} synthetic documents", file=sys.stderr)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kg.cli",
                    "--store",
                    str(store_path),
                    "build",
                    str(corpus),
                    "-o",
                    str(Path(tmp) / "out"),
                    "--no-validate",
                ],
                check=True,
                capture_output=True,
            )
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        children, weakened_truth, roots = truth_links(truth)
        store = Store(str(store_path))
        file_of = {}
        for entry in store.documents():
            file_of[entry.iri] = Path(entry.source).name
        iri_of = {name: iri for iri, name in file_of.items()}
        if args.roots:
            roots = roots[: args.roots]
        reached: set[tuple[Key, Key]] = set()
        expected: set[tuple[Key, Key]] = set()
        marked: set[Key] = set()
        weak_want: set[Key] = set()
        times = []
        started: list[str] = []
        by_file = {d["file"]: d for d in truth["documents"]}
        for root in roots:
            for section in by_file[root]["sections"]:
                for item in section.get("item_list", []):
                    start = (root, item["section"], item["item"])
                    want = descendants(children, start)
                    expected |= {(start, k) for k in want}
                    weak_want |= want & weakened_truth
                    iri = f"{iri_of[root]}/sec_{item['section']}__item_{item['item']}"
                    started.append(iri)
                    began = time.perf_counter()
                    result = trace(store, iri)
                    times.append(time.perf_counter() - began)
                    for key, changes in flatten(result["descendants"], file_of):
                        reached.add((start, key))
                        if "weakened" in changes:
                            marked.add(key)
        p, r = _pr(reached, expected)
        wp, wr = _pr(marked, weak_want)
        print(f"documents {len(file_of)}, root documents traced {len(roots)}, root items traced {len(times)}")
        print(
            f"descendants reached    found {len(reached):6}  truth {len(expected):6}  precision {p:.3f}  recall {r:.3f}"
        )
        print(
            f"weakenings marked      found {len(marked):6}  truth {len(weak_want):6}  precision {wp:.3f}  recall {wr:.3f}"
        )
        print(
            f"one trace: p50 {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
            f"— target < 1 s: {'✓' if max(times) < 1 else '✗'}"
        )
        if args.baseline:
            batched, single = [], []
            for iri in started[: args.baseline]:
                began = time.perf_counter()
                trace(store, iri)
                batched.append(time.perf_counter() - began)
                began = time.perf_counter()
                per_node(store, iri)
                single.append(time.perf_counter() - began)
            print(
                f"baseline on {len(batched)} root items: one node at a time {sum(single):.2f} s, "
                f"batched trace (which also reads the lineage up) {sum(batched):.2f} s — "
                f"{sum(single) / sum(batched):.1f}× faster batched"
            )


if __name__ == "__main__":
    main()
