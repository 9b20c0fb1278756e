"""Duties to RDF: tasks and obligations as ODRL duties, deadlines and quantities as constraints,
units as W3C ORG organisations (one per real unit), citations and decision items.

IRIs follow the document's: ``…/task_12``, ``…/sec_3__item_2/obl_4``, ``…/sec_3__item_2/qty_1``,
``…/task_12/deadline`` (a statement's further deadlines ``…/obl_4/deadline_2`` …); a statement
outside the outline (a closing paragraph, a covering notice) hangs off the document itself:
``…/obl_1``, with ``dcterms:source`` the document; a unit is ``id/org/{code}/{initials}-{hash of its key}``, a unit kind
``id/kind/{initials}-{hash}``, a government ``id/org/{code}/government``, a cited work outside
the corpus ``id/work/{hash of its 文号 or title}``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from kg.model import iri
from kg.model.namespaces import DCTERMS, ELI, ID, ODRL, ORG, PK, RDF, SKOS, TIME, XSD
from kg.normalize import key
from kg.parse.citations import Citation
from kg.parse.deadlines import Deadline, parse_deadline
from kg.parse.jurisdiction import gazetteer
from kg.parse.records import Document
from kg.parse.units import Unit, UnitRegistry

_MODALITIES = {
    "mandatory": PK.Mandatory,
    "default": PK.Default,
    "encouraged": PK.Encouraged,
    "prohibited": PK.Prohibited,
}
_KINDS = {
    "fixed": PK.FixedDeadline,
    "recurring": PK.RecurringDeadline,
    "relative": PK.RelativeDeadline,
    "open": PK.OpenDeadline,
}
_TIME_UNITS = {
    "工作日": PK.WorkingDay,
    "日": PK.CalendarDay,
    "天": PK.CalendarDay,
    "周": TIME.unitWeek,
    "月": TIME.unitMonth,
    "年": TIME.unitYear,
}
_OPERATORS = {">=": ODRL.gteq, "<=": ODRL.lteq, "=": ODRL.eq, ">": ODRL.gt, "<": ODRL.lt}
_LEFT = {
    "count": ODRL.count,
    "duration": ODRL.elapsedTime,
    "deadline": ODRL.dateTime,
    "frequency": ODRL.timeInterval,
}
_PERSON = re.compile(r"(?:同志|负责人|人员|领导|干部)$")


def _h(text: str, n: int = 4) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def unit_iri(unit: Unit) -> URIRef:
    """IRI of a resolved unit, from its identity key."""
    return ID[
        f"org/{unit.jurisdiction_code or '000000'}/{iri.initials(unit.kind or unit.name)}-{_h(unit.key)}"
    ]


def kind_iri(kind: str) -> URIRef:
    """IRI of a unit kind (发展和改革局), shared across jurisdictions."""
    return ID[f"kind/{iri.initials(kind)}-{_h(kind)}"]


def government_iri(code: str) -> URIRef:
    return ID[f"org/{code}/government"]


def work_iri(citation: Citation) -> URIRef:
    """IRI of a cited work the corpus does not hold."""
    ident = key(citation.doc_number) if citation.doc_number else key(citation.title or "")
    return ID[f"work/{_h(ident, 10)}"]


@dataclass
class CorpusIndex:
    """What the documents of one build share: their IRIs by 文号 and title, and the units seen."""

    by_number: dict[str, URIRef] = field(default_factory=dict)
    by_title: dict[str, URIRef] = field(default_factory=dict)
    units: UnitRegistry = field(default_factory=UnitRegistry)

    def add(self, doc: Document, d: URIRef) -> None:
        if doc.doc_number:
            self.by_number[key(doc.doc_number)] = d
        for title in (doc.title, doc.attached_title):
            if title:
                self.by_title[key(title)] = d

    def resolve(self, citation: Citation) -> URIRef | None:
        if citation.doc_number and key(citation.doc_number) in self.by_number:
            return self.by_number[key(citation.doc_number)]
        if citation.title and key(citation.title) in self.by_title:
            return self.by_title[key(citation.title)]
        return None


class DutyBuilder:
    """Adds the duties of one document to a graph."""

    def __init__(self, graph: Graph, doc: Document, d: URIRef, index: CorpusIndex, lang: str) -> None:
        self.g, self.doc, self.d, self.index, self.lang = graph, doc, d, index, lang

    def zh(self, text: str) -> Literal:
        return Literal(text, lang=self.lang)

    def unit(self, written: str) -> URIRef:
        return unit_iri(self.index.units.add(written, self.doc.jurisdiction))

    def item(self, section: int | None, item: int | None) -> URIRef | None:
        if section is None:
            return None
        s = iri.section_iri(self.d, section)
        return iri.item_iri(s, item) if item is not None else s

    def build(self) -> None:
        g, doc = self.g, self.doc
        policy = URIRef(f"{self.d}/policy")
        g.add((policy, RDF.type, ODRL.Set))
        g.add((policy, ODRL.uid, policy))
        g.add((policy, ODRL.profile, PK.Profile))
        g.add((policy, DCTERMS.source, self.d))
        issuers = [self.unit(name) for name in (doc.issuers or ([doc.issuer] if doc.issuer else []))]
        numbers = [task.n for task in doc.tasks]
        for position, task in enumerate(doc.tasks, start=1):
            t = iri.task_iri(self.d, numbers, position - 1)
            self._duty(policy, t, PK.Task, task.text, issuers)
            if task.n is not None:
                g.add((t, PK.rowNumber, Literal(task.n, datatype=XSD.integer)))
            source = self.item(task.section, task.item)
            if source is not None:
                g.add((t, DCTERMS.source, source))
            if task.units_text:
                g.add((t, PK.unitsText, self.zh(task.units_text)))
            g.add((t, PK.openEnded, Literal(task.open_ended)))
            for written in task.units:
                g.add((t, ODRL.assignee, self.unit(written)))
            for written in task.support_units:
                g.add((t, PK.supportingUnit, self.unit(written)))
            if task.deadline:
                self._deadline(t, parse_deadline(task.deadline, year=doc.year), task.deadline)
        counters: dict[URIRef, int] = {}
        obligations_at: dict[URIRef, list[tuple[int, int, str, URIRef]]] = {}
        for ob in doc.obligations:
            source = self.item(ob.section, ob.item) or self.d
            counters[source] = counters.get(source, 0) + 1
            o = URIRef(f"{source}/obl_{counters[source]}")
            self._duty(policy, o, PK.Obligation, ob.text, issuers)
            g.add((o, DCTERMS.source, source))
            g.add((o, PK.modality, _MODALITIES[ob.modality]))
            if ob.cue:
                g.add((o, PK.modalityCue, self.zh(ob.cue)))
            g.add((o, PK.textStart, Literal(ob.start, datatype=XSD.integer)))
            g.add((o, PK.textEnd, Literal(ob.end, datatype=XSD.integer)))
            if ob.bearer:
                g.add((o, PK.bearerText, self.zh(ob.bearer)))
            if ob.units_text:
                g.add((o, PK.unitsText, self.zh(ob.units_text)))
            # The units the bearer names (各镇街、各单位 is two); a role (主要负责同志) names none.
            for written in ob.units:
                if not _PERSON.search(written):
                    g.add((o, ODRL.assignee, self.unit(written)))
            for written in ob.support_units:
                g.add((o, PK.supportingUnit, self.unit(written)))
            # Every deadline the statement writes: …/deadline, then …/deadline_2 ….
            for k, found in enumerate(ob.deadlines, start=1):
                self._deadline(o, found, found.text, suffix="" if k == 1 else f"_{k}")
            obligations_at.setdefault(source, []).append((ob.start, ob.end, ob.text, o))
        qty_counters: dict[URIRef, int] = {}
        for stated in doc.quantities:
            source = self.item(stated.section, stated.item) or self.d
            qty_counters[source] = qty_counters.get(source, 0) + 1
            q = URIRef(f"{source}/qty_{qty_counters[source]}")
            self._quantity(q, stated.quantity)
            g.add((source, PK.states, q))
            for start, end, text, o in obligations_at.get(source, []):
                # Offsets are into the text both come from; a document's closing and its notice
                # are two texts, so the statement must also read what the quantity reads there.
                at = stated.quantity.start - start
                if start <= stated.quantity.start < end and text[at:].startswith(
                    stated.quantity.text[: end - stated.quantity.start]
                ):
                    g.add((o, ODRL.constraint, q))
                    break
        for citation in doc.citations:
            g.add((self.d, ELI.cites, self._cited(citation)))
        for decision in doc.decisions:
            self._decision(decision)

    def _duty(self, policy: URIRef, duty: URIRef, cls: URIRef, text: str, issuers: list[URIRef]) -> None:
        g = self.g
        g.add((duty, RDF.type, cls))
        g.add((duty, RDF.type, ODRL.Duty))
        g.add((policy, ODRL.obligation, duty))
        if text:
            g.add((duty, PK.text, self.zh(text)))
        for issuer in issuers:
            g.add((duty, ODRL.assigner, issuer))

    def _deadline(self, owner: URIRef, found: Deadline | None, written: str, suffix: str = "") -> None:
        g = self.g
        node = URIRef(f"{owner}/deadline{suffix}")
        g.add((owner, ODRL.constraint, node))
        g.add((node, RDF.type, PK.Deadline))
        g.add((node, RDF.type, ODRL.Constraint))
        g.add((node, PK.deadlineText, self.zh(written)))
        if found is None:
            return
        g.add((node, PK.deadlineKind, _KINDS[found.kind]))
        if found.due:
            g.add((node, PK.dueDate, Literal(found.due, datatype=XSD.date)))
            g.add((node, ODRL.leftOperand, ODRL.dateTime))
            g.add((node, ODRL.operator, ODRL.lteq))
            g.add((node, ODRL.rightOperand, Literal(found.due, datatype=XSD.date)))
        if found.recurrence:
            g.add((node, PK.recurrence, Literal(found.recurrence)))
        if found.kind == "relative" and found.amount is not None:
            g.add((node, ODRL.leftOperand, ODRL.elapsedTime))
            g.add((node, ODRL.operator, ODRL.lteq))
            g.add((node, PK.amount, Literal(found.amount, datatype=XSD.integer)))
            if found.unit in _TIME_UNITS:
                g.add((node, TIME.unitType, _TIME_UNITS[found.unit]))
            if found.event:
                g.add((node, PK.event, self.zh(found.event)))

    def _quantity(self, q: URIRef, quantity) -> None:  # type: ignore[no-untyped-def]
        g = self.g
        g.add((q, RDF.type, PK.Quantity))
        g.add((q, RDF.type, ODRL.Constraint))
        g.add((q, PK.quantityText, self.zh(quantity.text)))
        g.add((q, PK.quantityKind, Literal(quantity.kind)))
        if quantity.kind in _LEFT:
            g.add((q, ODRL.leftOperand, _LEFT[quantity.kind]))
        if quantity.op in _OPERATORS:
            g.add((q, ODRL.operator, _OPERATORS[quantity.op]))
        value = quantity.value
        if isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            g.add((q, ODRL.rightOperand, Literal(value, datatype=XSD.integer)))
        elif isinstance(value, float):
            canonical = format(Decimal(repr(value)).normalize(), "f")  # 2.0 → 2, as stores write it
            g.add((q, ODRL.rightOperand, Literal(canonical, datatype=XSD.decimal)))
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", str(value)):
            g.add((q, ODRL.rightOperand, Literal(str(value), datatype=XSD.date)))
        elif re.fullmatch(r"--\d\d-\d\d", str(value)):
            g.add((q, ODRL.rightOperand, Literal(str(value), datatype=XSD.gMonthDay)))
        else:
            g.add((q, ODRL.rightOperand, Literal(str(value))))
        if quantity.unit:
            g.add((q, PK.unitText, self.zh(quantity.unit)))
        if quantity.per:
            g.add((q, PK.per, self.zh(quantity.per)))
        if quantity.bearer:
            g.add((q, PK.bearerText, self.zh(quantity.bearer)))
        if quantity.modality in _MODALITIES:
            g.add((q, PK.modality, _MODALITIES[quantity.modality]))

    def _cited(self, citation: Citation) -> URIRef:
        target = self.index.resolve(citation)
        if target is not None:
            return target
        w = work_iri(citation)
        g = self.g
        g.add((w, RDF.type, PK.CitedWork))
        g.add((w, RDF.type, ELI.LegalResource))
        if citation.title:
            g.add((w, DCTERMS.title, Literal(citation.title, lang="zh")))
        if citation.doc_number:
            g.add((w, ELI.id_local, Literal(citation.doc_number, lang="zh")))
        return w

    def _decision(self, decision) -> None:  # type: ignore[no-untyped-def]
        g = self.g
        x = URIRef(f"{self.d}/decision_{decision.number}")
        g.add((self.d, PK.decision, x))
        g.add((x, RDF.type, PK.DecisionItem))
        g.add((x, DCTERMS.title, self.zh(decision.title)))
        g.add((x, PK.ordinal, Literal(decision.number, datatype=XSD.integer)))
        if decision.lead_unit:
            lead = self.unit(decision.lead_unit)
            g.add((x, PK.leadUnit, lead))
            for alias in decision.lead_unit_aliases:
                self.index.units.add(alias, self.doc.jurisdiction)
        if decision.deadline:
            self._deadline(x, parse_deadline(decision.deadline, year=self.doc.year), decision.deadline)
        for citation in decision.basis:
            g.add((x, ELI.based_on, self._cited(citation)))
        for step in decision.procedure:
            g.add((x, PK.procedureStep, self.zh(step)))
        for k, milestone in enumerate(decision.milestones, start=1):
            m = URIRef(f"{x}/milestone_{k}")
            g.add((x, PK.milestone, m))
            g.add((m, RDF.type, PK.Milestone))
            g.add((m, PK.ordinal, Literal(k, datatype=XSD.integer)))
            g.add((m, PK.text, self.zh(milestone.text)))
            g.add((m, PK.when, self.zh(milestone.when)))
            if milestone.start:
                g.add((m, PK.startDate, Literal(milestone.start, datatype=XSD.date)))
            if milestone.end:
                g.add((m, PK.endDate, Literal(milestone.end, datatype=XSD.date)))


_BLANKS = str.maketrans("", "", " \t\n\r")
_PARENS = str.maketrans("()", "（）")


def name_key(name: str) -> str:
    """A unit's name normalised as the named queries normalise the name they are given
    (unit-obligations): spaces, tabs and line breaks dropped (SPARQL's ``\\s``), 人民政府 read
    as 政府, ASCII parentheses as full-width ones.

    >>> name_key("莱芜区人民政府 办公室(区大数据局)")
    '莱芜区政府办公室（区大数据局）'
    """
    return name.translate(_BLANKS).replace("人民政府", "政府").translate(_PARENS)


def add_units(graph: Graph, registry: UnitRegistry) -> None:
    """Add every unit seen, its kind, its government and area, and every spelling as an alias."""
    from kg.model.graph import add_area

    gaz = gazetteer()
    for unit in registry.units():
        u = unit_iri(unit)
        graph.add((u, RDF.type, ORG.Organization))
        if unit.collective:
            graph.add((u, RDF.type, PK.CollectiveUnit))
        graph.add((u, SKOS.prefLabel, Literal(unit.name, lang="zh")))
        graph.add((u, PK.unitKey, Literal(unit.key)))
        graph.add((u, PK.nameKey, Literal(name_key(unit.name))))
        for alias in unit.aliases:
            if alias != unit.name:
                graph.add((u, SKOS.altLabel, Literal(alias, lang="zh")))
                graph.add((u, PK.nameKey, Literal(name_key(alias))))
        if unit.kind:
            k = kind_iri(unit.kind)
            graph.add((u, PK.memberKind if unit.collective else ORG.classification, k))
            graph.add((k, RDF.type, PK.UnitKind))
            graph.add((k, RDF.type, SKOS.Concept))
            graph.add((k, SKOS.inScheme, PK.UnitKinds))
            graph.add((k, SKOS.prefLabel, Literal(unit.kind, lang="zh")))
        code = unit.jurisdiction_code
        area = unit.area_code or code
        if area and area in gaz.units:
            graph.add((u, DCTERMS.spatial, add_area(graph, area)))
        parent = registry.get(unit.parent_key) if unit.parent_key else None
        if parent is not None:
            graph.add((u, ORG.subOrganizationOf, unit_iri(parent)))
        elif code and code in gaz.units and not unit.collective and "人民政府" != unit.kind:
            gov = government_iri(code)
            graph.add((u, ORG.subOrganizationOf, gov))
            graph.add((gov, RDF.type, PK.Government))
            graph.add((gov, RDF.type, ORG.Organization))
            graph.add((gov, SKOS.prefLabel, Literal(f"{gaz.units[code].name}人民政府", lang="zh")))
            graph.add((gov, PK.nameKey, Literal(name_key(f"{gaz.units[code].name}人民政府"))))
            graph.add((gov, PK.governmentOf, add_area(graph, code)))
            graph.add((gov, DCTERMS.spatial, add_area(graph, code)))
