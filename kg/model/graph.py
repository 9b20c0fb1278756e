"""Records to RDF: the only place that mints IRIs and triples for parsed documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef

from kg.model import iri
from kg.model.duties import CorpusIndex, DutyBuilder, add_units, unit_iri
from kg.model.namespaces import DCTERMS, ELI, PK, PREFIXES, RDF, RDFS, SKOS, XSD
from kg.normalize import fold, is_cjk
from kg.parse.jurisdiction import gazetteer
from kg.parse.records import Document, Item, Point, Section

_GENRES = {
    "workpoints": PK.Workpoints,
    "decision-catalogue": PK.DecisionCatalogue,
    "plan": PK.Plan,
    "opinion": PK.Opinion,
    "measures": PK.Measures,
    "rules": PK.Rules,
    "notice": PK.Notice,
}
_LEVELS = {
    "country": PK.CountryLevel,
    "province": PK.ProvinceLevel,
    "prefecture": PK.PrefectureLevel,
    "county": PK.CountyLevel,
}


def ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    """rdflib triples as sorted lines of N-Triples terms (rdflib writes a literal with a line
    break as a Turtle long string): valid inside SPARQL INSERT DATA and as Turtle or TriG."""
    return "\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples))


def new_graph() -> Graph:
    """An empty graph with our prefixes bound.

    rdflib's SimpleMemory store: one index of triples, no contexts, which the documents' graphs
    never use; adding a triple costs about 40 % less than in the default Memory store."""
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def language_of(doc: Document) -> str:
    """``zh-Hant`` when the document is written in traditional characters, else ``zh``."""
    sample = (doc.title or "") + (doc.notice_text or "")[:200] + (doc.preamble or "")[:200]
    changed = sum(1 for a, b in zip(sample, fold(sample)) if a != b and is_cjk(a))
    return "zh-Hant" if changed >= 3 else "zh"


def document_iri(doc: Document) -> URIRef:
    return iri.document_iri(
        code=doc.jurisdiction.code if doc.jurisdiction else None,
        year=doc.year,
        prefix=doc.doc_number_prefix,
        seq=doc.doc_number_seq,
        title=doc.title or doc.attached_title,
        source=doc.source,
        index=doc.index,
    )


class _Builder:
    def __init__(self, graph: Graph, lang: str) -> None:
        self.g = graph
        self.lang = lang

    def zh(self, text: str) -> Literal:
        return Literal(text, lang=self.lang)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None and o != Literal(""):
            self.g.add((s, p, o))

    def text(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value:
            self.g.add((s, p, self.zh(value)))


def add_document(graph: Graph, doc: Document, index: CorpusIndex | None = None) -> URIRef:
    """Add one document, its outline, attachments, duties, issuer and jurisdiction to *graph*.

    :param index: what the documents of one build share (their IRIs, the units seen); without
        it the document stands alone and its units are added at once.
    """
    b = _Builder(graph, language_of(doc))
    d = document_iri(doc)
    own_index = index is None
    if index is None:
        index = CorpusIndex()
        index.add(doc, d)
    graph.add((d, RDF.type, PK.PolicyDocument))
    graph.add((d, RDF.type, ELI.LegalResource))
    title = doc.title or doc.attached_title or doc.doc_number or doc.source
    b.text(d, DCTERMS.title, title)
    b.text(d, RDFS.label, doc.doc_number or title)
    b.text(d, ELI.id_local, doc.doc_number)
    b.text(d, PK.attachedTitle, doc.attached_title)
    if doc.date:
        graph.add((d, ELI.date_document, Literal(doc.date, datatype=XSD.date)))
    if doc.printed:
        graph.add((d, PK.datePrinted, Literal(doc.printed, datatype=XSD.date)))
    if doc.year:
        graph.add((d, PK.year, Literal(f"{doc.year:04d}", datatype=XSD.gYear)))
    graph.add((d, PK.genre, _GENRES.get(doc.genre, PK.Notice)))
    for unit in doc.recipients:
        b.text(d, PK.mainRecipient, unit)
    for unit in doc.cc:
        b.text(d, PK.copyTo, unit)
    b.text(d, PK.publicationStatus, doc.publication)
    if doc.registration_code:
        graph.add((d, PK.registrationCode, Literal(doc.registration_code)))
    if doc.contact:
        b.text(d, PK.contactName, doc.contact.name)
        graph.add((d, PK.contactTelephone, Literal(doc.contact.phone)))
    b.text(d, PK.publishedIn, doc.published_in)
    b.text(d, PK.printedBy, doc.printed_by)
    b.text(d, PK.noticeText, doc.notice_text)
    b.text(d, PK.preamble, doc.preamble)
    b.text(d, PK.closing, doc.closing)
    for title_listed in doc.annex_list:
        b.text(d, PK.annexListed, title_listed)
    graph.add((d, PK.sourceFile, Literal(doc.source)))
    graph.add((d, PK.positionInFile, Literal(doc.index, datatype=XSD.integer)))

    code = doc.jurisdiction.code if doc.jurisdiction else None
    if code:
        graph.add((d, ELI.jurisdiction, add_area(graph, code)))
    index = index if index is not None else CorpusIndex()
    for issuer in doc.issuers or ([doc.issuer] if doc.issuer else []):
        graph.add((d, ELI.passed_by, unit_iri(index.units.add(issuer, doc.jurisdiction))))

    for section in doc.sections:
        _add_section(b, d, section)
    for position, annex in enumerate(doc.annexes, start=1):
        a = iri.annex_iri(d, annex.number or position)
        graph.add((a, RDF.type, PK.Annex))
        graph.add((a, RDF.type, ELI.LegalResource))
        graph.add((d, ELI.has_annex, a))
        graph.add((a, ELI.is_annex_of, d))
        b.text(a, ELI.number, annex.label)
        b.text(a, DCTERMS.title, annex.title)
        b.text(a, RDFS.label, annex.title or annex.label)
        b.text(a, PK.rawText, "\n".join(annex.lines))
        graph.add((a, PK.rawRowCount, Literal(len(annex.rows), datatype=XSD.integer)))
    DutyBuilder(graph, doc, d, index, b.lang).build()
    if own_index:
        add_units(graph, index.units)
    return d


def _part(b: _Builder, parent: URIRef, child: URIRef, cls: URIRef, number: int, label: str) -> None:
    g = b.g
    g.add((child, RDF.type, cls))
    g.add((child, RDF.type, ELI.LegalResourceSubdivision))
    g.add((parent, ELI.has_part, child))
    g.add((child, ELI.is_part_of, parent))
    g.add((child, PK.ordinal, Literal(number, datatype=XSD.integer)))
    b.text(child, ELI.number, label)


def _add_section(b: _Builder, d: URIRef, section: Section) -> None:
    s = iri.section_iri(d, section.number)
    _part(b, d, s, PK.Section, section.number, section.label)
    b.text(s, PK.heading, section.heading)
    b.text(s, RDFS.label, f"{section.label}{section.heading}" if section.heading else section.label or "—")
    b.text(s, PK.text, section.text)
    for item in section.items:
        _add_item(b, s, item)
    for point in section.points:
        _add_point(b, s, point)


def _add_item(b: _Builder, s: URIRef, item: Item) -> None:
    i = iri.item_iri(s, item.number)
    _part(b, s, i, PK.Item, item.number, item.label)
    b.text(i, PK.heading, item.heading)
    b.text(i, RDFS.label, f"{item.label}{item.heading}")
    b.text(i, PK.text, item.text)
    for point in item.points:
        _add_point(b, i, point)


def _add_point(b: _Builder, parent: URIRef, point: Point) -> None:
    p = iri.point_iri(parent, point.number)
    _part(b, parent, p, PK.Point, point.number, point.label)
    b.text(p, PK.text, point.text)
    b.text(p, RDFS.label, f"{point.label}{point.text[:30]}")


def add_area(graph: Graph, code: str) -> URIRef:
    """Add an administrative area and its ancestors (skos:broader) up to the nation."""
    gaz = gazetteer()
    first = iri.area_iri(code)
    while code in gaz.units:
        unit = gaz.units[code]
        area = iri.area_iri(code)
        if (area, RDF.type, PK.Jurisdiction) in graph:
            break
        graph.add((area, RDF.type, PK.Jurisdiction))
        graph.add((area, RDF.type, SKOS.Concept))
        graph.add((area, SKOS.inScheme, PK.AdministrativeDivisions))
        graph.add((area, SKOS.notation, Literal(code)))
        graph.add((area, SKOS.prefLabel, Literal(unit.name, lang="zh")))
        graph.add((area, PK.divisionLevel, _LEVELS[unit.level]))
        if unit.parent and unit.parent != code and unit.parent in gaz.units:
            graph.add((area, SKOS.broader, iri.area_iri(unit.parent)))
            code = unit.parent
        else:
            graph.add((PK.AdministrativeDivisions, SKOS.hasTopConcept, area))
            graph.add((area, SKOS.topConceptOf, PK.AdministrativeDivisions))
            break
    return first


def documents_graph(documents: Iterable[Document]) -> Graph:
    """A graph of *documents*.

    :raises KgError: when two different documents would get the same IRI (the same 文号 twice).
    """
    from kg.errors import KgError

    graph = new_graph()
    seen: dict[URIRef, Document] = {}
    index = CorpusIndex()
    docs = list(documents)
    for doc in docs:
        d = document_iri(doc)
        if d in seen:
            other = seen[d]
            raise KgError(
                f"{doc.source} document {doc.index} ({doc.doc_number or doc.title}) has the same identity as "
                f"{other.source} document {other.index}: the corpus holds the same document twice"
            )
        seen[d] = doc
        index.add(doc, d)
    for doc in docs:
        add_document(graph, doc, index)
    add_units(graph, index.units)
    return graph
