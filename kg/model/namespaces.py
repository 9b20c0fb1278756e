"""Every namespace policy-kg uses, in one place; no other module spells an IRI as a string.

``PK`` and ``ELI`` are closed (``_fail = True``): a misspelled term raises at import or use, and
a test checks that every ``PK`` term is defined and labelled in ontology/policy-kg.ttl.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, XSD, DefinedNamespace
from rdflib.namespace import ODRL2 as ODRL
from rdflib.term import URIRef

BASE = "https://w3id.org/policy-kg/"
#: Instance data: documents, subdivisions, organisations, areas.
ID = Namespace(BASE + "id/")


class PK(DefinedNamespace):
    """The policy-kg ontology (ontology/policy-kg.ttl)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    PolicyDocument: URIRef
    Section: URIRef
    Item: URIRef
    Point: URIRef
    Annex: URIRef
    Jurisdiction: URIRef
    Genre: URIRef
    DivisionLevel: URIRef
    # concept schemes and concepts
    AdministrativeDivisions: URIRef
    Genres: URIRef
    DivisionLevels: URIRef
    CountryLevel: URIRef
    ProvinceLevel: URIRef
    PrefectureLevel: URIRef
    CountyLevel: URIRef
    Workpoints: URIRef
    DecisionCatalogue: URIRef
    Plan: URIRef
    Opinion: URIRef
    Measures: URIRef
    Rules: URIRef
    Notice: URIRef
    # document properties
    year: URIRef
    genre: URIRef
    attachedTitle: URIRef
    mainRecipient: URIRef
    copyTo: URIRef
    publicationStatus: URIRef
    registrationCode: URIRef
    contactName: URIRef
    contactTelephone: URIRef
    publishedIn: URIRef
    datePrinted: URIRef
    printedBy: URIRef
    noticeText: URIRef
    preamble: URIRef
    closing: URIRef
    annexListed: URIRef
    sourceFile: URIRef
    positionInFile: URIRef
    sourceDigest: URIRef
    shortId: URIRef
    # subdivision properties
    ordinal: URIRef
    heading: URIRef
    text: URIRef
    rawText: URIRef
    rawRowCount: URIRef
    # areas
    divisionLevel: URIRef

    # duties (issue 3): classes
    Task: URIRef
    Obligation: URIRef
    Deadline: URIRef
    Quantity: URIRef
    UnitKind: URIRef
    CollectiveUnit: URIRef
    Government: URIRef
    DecisionItem: URIRef
    Milestone: URIRef
    CitedWork: URIRef
    Modality: URIRef
    DeadlineKind: URIRef
    # code lists
    Modalities: URIRef
    UnitKinds: URIRef
    DeadlineKinds: URIRef
    Mandatory: URIRef
    Default: URIRef
    Encouraged: URIRef
    Prohibited: URIRef
    FixedDeadline: URIRef
    RecurringDeadline: URIRef
    RelativeDeadline: URIRef
    OpenDeadline: URIRef
    WorkingDay: URIRef
    CalendarDay: URIRef
    Profile: URIRef
    # duty properties
    rowNumber: URIRef
    unitsText: URIRef
    openEnded: URIRef
    modality: URIRef
    modalityCue: URIRef
    bearerText: URIRef
    textStart: URIRef
    textEnd: URIRef
    deadlineText: URIRef
    deadlineKind: URIRef
    dueDate: URIRef
    recurrence: URIRef
    amount: URIRef
    event: URIRef
    quantityText: URIRef
    quantityKind: URIRef
    unitText: URIRef
    per: URIRef
    states: URIRef
    governmentOf: URIRef
    memberKind: URIRef
    unitKey: URIRef
    nameKey: URIRef
    # inheritance (issue 4)
    Alignment: URIRef
    ChangeType: URIRef
    ChangeTypes: URIRef
    ChangeDetail: URIRef
    ExpectedDocument: URIRef
    Verbatim: URIRef
    Reworded: URIRef
    Strengthened: URIRef
    Weakened: URIRef
    Postponed: URIRef
    BearerChanged: URIRef
    inheritsFrom: URIRef
    correspondsTo: URIRef
    siblingOf: URIRef
    expectedParent: URIRef
    expectedJurisdiction: URIRef
    inCorpus: URIRef
    score: URIRef
    method: URIRef
    justification: URIRef
    lowConfidence: URIRef
    change: URIRef
    detail: URIRef
    detailType: URIRef
    childText: URIRef
    parentText: URIRef
    drops: URIRef
    adds: URIRef
    # completion records (issue 5)
    Completion: URIRef
    completes: URIRef
    completedOn: URIRef
    evidence: URIRef
    recordedOn: URIRef
    note: URIRef
    memberOfCollective: URIRef
    # decision catalogue
    decision: URIRef
    leadUnit: URIRef
    supportingUnit: URIRef
    procedureStep: URIRef
    milestone: URIRef
    when: URIRef
    startDate: URIRef
    endDate: URIRef


class ELI(DefinedNamespace):
    """The terms of the European Legislation Identifier ontology that we use."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    id_local: URIRef
    title: URIRef
    date_document: URIRef
    date_publication: URIRef
    passed_by: URIRef
    jurisdiction: URIRef
    has_part: URIRef
    is_part_of: URIRef
    has_annex: URIRef
    is_annex_of: URIRef
    number: URIRef
    cites: URIRef
    based_on: URIRef
    applies: URIRef
    related_to: URIRef


LRML = Namespace("http://docs.oasis-open.org/legalruleml/ns/v1.0/")

PREFIXES = {
    "pk": PK._NS,
    "id": ID,
    "eli": ELI._NS,
    "org": ORG,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "odrl": ODRL,
    "time": TIME,
    "xsd": XSD,
    "rdfs": RDFS,
    "owl": OWL,
    "sh": SH,
}

__all__ = [
    "BASE",
    "DCTERMS",
    "ELI",
    "ID",
    "ORG",
    "OWL",
    "PK",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
]
