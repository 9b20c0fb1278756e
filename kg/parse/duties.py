"""From outline to duties: tasks, obligations, quantities, citations and decisions of a document.

:func:`extract_duties` runs after the outline parse and fills the duty fields of a
:class:`~kg.parse.records.Document`; each concern lives in its own module (tables, obligations,
quantities, deadlines, citations, decisions) and this one only decides what text each sees.
"""

from __future__ import annotations

from kg.parse.assignments import find_notes
from kg.parse.citations import find_citations
from kg.parse.decisions import parse_decisions
from kg.parse.obligations import find_document_obligations, find_obligations
from kg.parse.quantities import find_quantities
from kg.parse.records import Document, StatedQuantity
from kg.parse.tables import is_task_table, parse_task_table


def extract_duties(doc: Document) -> None:
    """Fill ``tasks``, ``obligations``, ``quantities``, ``citations`` and ``decisions`` of *doc*."""
    for annex in doc.annexes:
        if is_task_table(annex):
            doc.tasks.extend(parse_task_table(annex, doc))

    for section in doc.sections:
        if section.items:
            for item in section.items:
                notes = find_notes(item.text)  # (both readings leave the notes out)
                doc.obligations.extend(
                    find_obligations(
                        item.text,
                        section=section.number,
                        item=item.number,
                        heading=item.heading,
                        year=doc.year,
                        notes=notes,
                    )
                )
                for q in find_quantities(item.text, year=doc.year, notes=notes):
                    doc.quantities.append(
                        StatedQuantity(section=section.number, item=item.number, quantity=q)
                    )
        elif section.text:
            # A section without items (the numbered paragraphs of a notice) is its own statement list.
            notes = find_notes(section.text)
            doc.obligations.extend(
                find_obligations(section.text, section=section.number, item=None, year=doc.year, notes=notes)
            )
            for q in find_quantities(section.text, year=doc.year, notes=notes):
                doc.quantities.append(StatedQuantity(section=section.number, item=None, quantity=q))
    # Outside the outline: the covering notice (when it is not the outline itself) and the closing.
    for text in (doc.notice_text if not doc.sections or doc.attached_title else "", doc.closing):
        if text:
            doc.obligations.extend(find_document_obligations(text, year=doc.year))
            for q in find_quantities(text, year=doc.year):
                doc.quantities.append(StatedQuantity(section=None, item=None, quantity=q))

    own_titles = [t for t in (doc.attached_title, doc.title) if t]
    own_numbers = [doc.doc_number] if doc.doc_number else []
    texts = [
        doc.notice_text,
        doc.preamble,
        *(s.text for s in doc.sections),
        *(i.text for i in doc.items),
        doc.closing,
    ]
    seen: set[tuple[str | None, str | None]] = set()
    for text in texts:
        for citation in find_citations(text, exclude_titles=own_titles, exclude_doc_numbers=own_numbers):
            ident = (citation.title, citation.doc_number)
            if ident not in seen:
                seen.add(ident)
                doc.citations.append(citation)

    if doc.genre == "decision-catalogue":
        doc.decisions = parse_decisions(doc.annexes)
        for decision in doc.decisions:
            for citation in decision.basis:
                ident = (citation.title, citation.doc_number)
                if ident not in seen:
                    seen.add(ident)
                    doc.citations.append(citation)
