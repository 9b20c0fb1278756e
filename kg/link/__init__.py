"""Inheritance between documents: parents, siblings, aligned items and what changed.

:func:`link_documents` relates every document of a corpus (parents, expected parents, siblings)
and compares each linked pair; :func:`compare` compares two documents on demand (``kg diff``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from kg.link.align import METHOD, Match, align, similarity
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
    #: the worker that compared the pair, in the order of ``comparisons``
    rendered: list[str] | None = None


def link_documents(
    documents: Sequence[Document],
    stated: Iterable[tuple[str, str]] = (),
    *,
    jobs: int = 1,
    render: bool = False,
) -> Links:
    """Relate the documents and compare each child with its parent and each sibling pair.

    :param jobs: compare the pairs in this many worker processes (forked, so they read the
        documents from this process's memory rather than receiving copies).
    :param render: also write each comparison's triples (``Links.rendered``), in the workers.
    """
    if jobs > 1:
        from kg.link.align import warm_keys
        from kg.link.parents import _text

        warm_keys([_text(d) for d in documents], jobs)
    family = relate(documents, stated)
    links = Links(documents, family)
    tasks = [(p.child, p.parent, "parent", render) for p in family.parents]
    tasks += [(a, b, "sibling", render) for a, b, _ in family.siblings]
    if jobs > 1 and len(tasks) >= 2 * jobs and "fork" in multiprocessing.get_all_start_methods():
        global _SHARED_DOCUMENTS
        _SHARED_DOCUMENTS = documents
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                chunk = max(1, min(8, len(tasks) // (jobs * 4)))
                results = list(pool.map(_compare_shared, tasks, chunksize=chunk))
        finally:
            _SHARED_DOCUMENTS = ()
    else:
        results = [_compare(documents, task) for task in tasks]
    links.comparisons.extend((a, b, result[0]) for (a, b, _, _), result in zip(tasks, results, strict=True))
    if render:
        links.rendered = [result[1] for result in results]
    return links


# The documents a forked comparison worker reads (set only while link_documents runs).
_SHARED_DOCUMENTS: Sequence[Document] = ()


def _compare_shared(task: tuple[int, int, str, bool]) -> tuple[Comparison, str]:
    return _compare(_SHARED_DOCUMENTS, task)


def _compare(documents: Sequence[Document], task: tuple[int, int, str, bool]) -> tuple[Comparison, str]:
    a, b, relation, render = task
    comparison = compare(documents[a], documents[b], relation=relation)
    if not render:
        return comparison, ""
    from kg.model.links import comparison_triples

    return comparison, comparison_triples(documents[a], documents[b], comparison)
