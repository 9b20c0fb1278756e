"""Inheritance to RDF: parents, expected parents, siblings, aligned items and their changes."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from kg.link import METHOD, Comparison, Links
from kg.model import iri
from kg.model.graph import _GENRES, add_area, document_iri, ntriples
from kg.model.namespaces import ELI, ID, PK, PROV, RDF, XSD
from kg.parse.records import Document
from kg.parse.tables import Task

_CHANGES = {
    "verbatim": PK.Verbatim,
    "reworded": PK.Reworded,
    "strengthened": PK.Strengthened,
    "weakened": PK.Weakened,
    "postponed": PK.Postponed,
    "bearer-changed": PK.BearerChanged,
}


def _decimal(score: float) -> Literal:
    """A score as xsd:decimal in canonical form (``1``, ``0.5445``), as stores write it back."""
    return Literal(format(Decimal(str(round(score, 4))).normalize(), "f"), datatype=XSD.decimal)


def _h(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def add_links(graph: Graph, links: Links, *, comparisons: bool = True) -> None:
    """Add what :func:`kg.link.link_documents` found to *graph*.

    :param comparisons: add the compared pairs' triples too (leave them out when the linking
        workers rendered them, ``Links.rendered``).
    """
    docs = links.documents
    iris = [document_iri(d) for d in docs]
    family = links.family
    in_corpus = {(d.jurisdiction.code, d.year, d.genre) for d in docs if d.jurisdiction is not None}
    for i, expected in sorted(family.expected.items()):
        e = ID[f"expected/{expected.jurisdiction.code}/{expected.year or 0}/{expected.genre}"]
        graph.add((iris[i], PK.expectedParent, e))
        graph.add((e, RDF.type, PK.ExpectedDocument))
        graph.add((e, PK.expectedJurisdiction, add_area(graph, expected.jurisdiction.code)))
        if expected.year:
            graph.add((e, PK.year, Literal(f"{expected.year:04d}", datatype=XSD.gYear)))
        graph.add((e, PK.genre, _GENRES.get(expected.genre, PK.Notice)))
        # In the corpus when a document of that jurisdiction, year and genre is there (whether
        # the link to it was inferred or stated): the same answer for every child expecting it.
        present = (expected.jurisdiction.code, expected.year, expected.genre) in in_corpus
        graph.add((e, PK.inCorpus, Literal(present)))
    for link in family.parents:
        child, parent = iris[link.child], iris[link.parent]
        graph.add((child, ELI.applies, parent))
        graph.add((child, PK.inheritsFrom, parent))
        node = URIRef(f"{child}/derivation")
        graph.add((child, PROV.qualifiedDerivation, node))
        graph.add((node, RDF.type, PK.Alignment))
        graph.add((node, PROV.entity, parent))
        graph.add((node, PK.score, _decimal(link.score)))
        graph.add(
            (
                node,
                PK.method,
                Literal(
                    "stated in data/parents.yaml"
                    if link.method == "stated"
                    else "parent jurisdiction, same year and genre, confirmed by text similarity"
                ),
            )
        )
        graph.add((node, PK.justification, Literal(f"{link.method}; document cosine {link.score:.4f}")))
    for a, b, _ in family.siblings:
        graph.add((iris[a], PK.siblingOf, iris[b]))
        graph.add((iris[b], PK.siblingOf, iris[a]))
    if comparisons:
        for c, p, comparison in links.comparisons:
            _add_comparison(graph, iris[c], iris[p], comparison)


def comparison_triples(child: Document, parent: Document, comparison: Comparison) -> str:
    """The triples of one comparison as N-Triples text (every subject lies under the child's
    IRI, so the whole text belongs to the child's links graph)."""
    # a set has rdflib's Graph.add, all that writing one comparison needs, without a graph's
    # indexes (a national build renders hundreds of thousands of comparisons)
    triples: set[tuple[object, object, object]] = set()
    _add_comparison(triples, document_iri(child), document_iri(parent), comparison)  # type: ignore[arg-type]
    return ntriples(triples)


def _record(
    graph: Graph,
    subject: URIRef,
    target: URIRef,
    relation: URIRef,
    score: float,
    justification: str,
    low: bool,
) -> URIRef:
    """``subject relation target`` plus its qualified record (score, method, justification)."""
    graph.add((subject, relation, target))
    node = URIRef(f"{subject}/alignment_{_h(str(target))}")
    graph.add((subject, PROV.qualifiedDerivation, node))
    graph.add((node, RDF.type, PK.Alignment))
    graph.add((node, PROV.entity, target))
    graph.add((node, PK.score, _decimal(score)))
    graph.add((node, PK.method, Literal(METHOD)))
    graph.add((node, PK.justification, Literal(justification)))
    graph.add((node, PK.lowConfidence, Literal(low)))
    return node


def _task_iri(document: URIRef, tasks: list[Task], index: int) -> URIRef:
    return iri.task_iri(document, [t.n for t in tasks], index)


def _add_comparison(graph: Graph, child_doc: URIRef, parent_doc: URIRef, comparison: Comparison) -> None:
    relation = PK.inheritsFrom if comparison.relation == "parent" else PK.correspondsTo
    for pair in comparison.pairs:
        ci = iri.item_iri(iri.section_iri(child_doc, pair.child[0]), pair.child[1])
        pi = iri.item_iri(iri.section_iri(parent_doc, pair.parent[0]), pair.parent[1])
        node = _record(
            graph,
            ci,
            pi,
            relation,
            pair.score,
            "mutual best of items nothing else claimed"
            if pair.residual
            else "best match above the floor, among the parent's best",
            pair.residual,
        )
        for change in pair.changes:
            graph.add((node, PK.change, _CHANGES[change]))
        for k, detail in enumerate(pair.details, start=1):
            d = URIRef(f"{node}/detail_{k}")
            graph.add((node, PK.detail, d))
            graph.add((d, RDF.type, PK.ChangeDetail))
            graph.add((d, PK.detailType, Literal(detail.type)))
            if detail.child:
                graph.add((d, PK.childText, Literal(detail.child, lang="zh")))
            if detail.parent:
                graph.add((d, PK.parentText, Literal(detail.parent, lang="zh")))
        for c_k, p_k, score in pair.statements:
            _record(
                graph,
                URIRef(f"{ci}/obl_{c_k}"),
                URIRef(f"{pi}/obl_{p_k}"),
                relation,
                score,
                "statements of aligned items, best match above 0.45",
                False,
            )
    for link in comparison.tasks:
        task = _task_iri(child_doc, comparison.child.tasks, link.child)
        if link.parent_task is not None:
            target = _task_iri(parent_doc, comparison.parent.tasks, link.parent_task)
        else:
            assert link.parent_statement is not None
            s, i, k = link.parent_statement
            target = URIRef(f"{iri.item_iri(iri.section_iri(parent_doc, s), i)}/obl_{k}")
        _record(
            graph,
            task,
            target,
            relation,
            link.score,
            "task aligned within its item's aligned parent items",
            False,
        )
    if comparison.relation == "parent":
        for s, i in comparison.dropped:
            graph.add((child_doc, PK.drops, iri.item_iri(iri.section_iri(parent_doc, s), i)))
        for s, i in comparison.added:
            graph.add((child_doc, PK.adds, iri.item_iri(iri.section_iri(child_doc, s), i)))
