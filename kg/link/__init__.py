"""Inheritance between documents: parents, siblings, aligned items and what changed.

:func:`link_documents` relates every document of a corpus (parents, expected parents, siblings)
and compares each linked pair; :func:`compare` compares two documents on demand (``kg diff``).
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from kg.link.align import METHOD, Match, align, clear_caches, similarity
from kg.link.changes import Comparison, Detail, Pair, TaskLink, compare, precision_recall
from kg.link.parents import (
    Expected,
    Family,
    ParentLink,
    find_document,
    load_stated,
    relate,
    short_id,
    short_ids,
)
from kg.parse.records import Document

__all__ = [
    "METHOD",
    "Comparison",
    "Detail",
    "Expected",
    "Family",
    "Links",
    "Match",
    "Pair",
    "TaskLink",
    "ParentLink",
    "align",
    "compare",
    "find_document",
    "link_documents",
    "load_stated",
    "precision_recall",
    "relate",
    "short_id",
    "short_ids",
    "similarity",
]


@dataclass
class Links:
    """Everything linking found in a corpus (document indices refer to ``documents``)."""

    documents: Sequence[Document]
    family: Family
    comparisons: list[tuple[int, int, Comparison]] = field(default_factory=list)
    #: with ``render=True``: each comparison's triples as N-Triples (kg.model.links), made by
    #: the worker that compared the pair, in the order of ``comparisons``, zlib-compressed
    #: UTF-8 (a national corpus's links are a gigabyte as strings)
    rendered: list[bytes] | None = None


def link_documents(
    documents: Sequence[Document],
    stated: Iterable[tuple[str, str]] = (),
    *,
    jobs: int = 1,
    render: bool = False,
) -> Links:
    """Relate the documents and compare each child with its parent and each sibling pair.

    :param jobs: compare the pairs in this many worker processes.
    :param render: also write each comparison's triples (``Links.rendered``), in the workers.
    """
    family = relate(documents, stated)
    # The whole documents' n-grams relating needed (a megabyte a document) are not needed again;
    # the passages' keys and n-grams comparing needs are dropped at the end too.
    clear_caches()
    links = Links(documents, family)
    tasks = [(p.child, p.parent, "parent", render) for p in family.parents]
    tasks += [(a, b, "sibling", render) for a, b, _ in family.siblings]
    if jobs > 1 and len(tasks) >= 2 * jobs:
        # Each task carries its two documents (pickled): workers forked from this process and
        # reading the documents from its memory would copy the pages they touch (reference
        # counts are writes), every worker growing to the size of the whole corpus.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_fresh_context()) as pool:
            chunk = max(1, min(8, len(tasks) // (jobs * 4)))
            work = ((documents[a], documents[b], r, render) for a, b, r, render in tasks)
            results = list(pool.map(_compare_pair_detached, work, chunksize=chunk))
        # the comparisons came back without their documents: this process's own are put back
        for (a, b, _, _), (comparison, _) in zip(tasks, results, strict=True):
            comparison.child, comparison.parent = documents[a], documents[b]
    else:
        results = [_compare_pair((documents[a], documents[b], r, render)) for a, b, r, render in tasks]
    links.comparisons.extend((a, b, result[0]) for (a, b, _, _), result in zip(tasks, results, strict=True))
    if render:
        links.rendered = [result[1] for result in results]
    clear_caches()
    return links


def _fresh_context() -> multiprocessing.context.BaseContext:
    """Worker processes that start small (forkserver where there is one, else spawn)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _compare_pair_detached(task: tuple[Document, Document, str, bool]) -> tuple[Comparison, bytes]:
    """:func:`_compare_pair` in a worker: the documents are not sent back (the caller has them)."""
    comparison, text = _compare_pair(task)
    comparison.child = comparison.parent = None  # type: ignore[assignment]
    return comparison, text


def _compare_pair(task: tuple[Document, Document, str, bool]) -> tuple[Comparison, bytes]:
    child, parent, relation, render = task
    comparison = compare(child, parent, relation=relation)
    if not render:
        return comparison, b""
    from kg.model.links import comparison_triples

    return comparison, zlib.compress(comparison_triples(child, parent, comparison).encode("utf-8"), 1)
