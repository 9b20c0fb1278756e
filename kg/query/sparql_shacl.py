"""The SHACL shapes run as SPARQL over a store: validation of a national store in seconds.

pySHACL validates an rdflib graph in Python: about 0.15 s of CPU per document's graph, so a
3,000-document build spent minutes validating. The shapes of ``ontology/shapes.ttl`` use a
small part of SHACL Core — class and subject-of targets, predicate paths, ``sh:minCount``,
``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:pattern``, ``sh:in``, ``sh:hasValue``,
``sh:minInclusive``, ``sh:maxInclusive``, ``sh:or``, ``sh:not`` and ``sh:severity`` — and each
of their constraints is one SPARQL query over the store that returns the focus nodes (and
value nodes) that violate it, which Oxigraph answers with hash joins over the whole store.

As in :func:`kg.query.validate_graph`, the ontology is background knowledge: its subclass
axioms widen ``sh:targetClass`` and ``sh:class`` and its typed individuals (the code lists)
count as instances. A shape using any other part of SHACL is refused when the shapes are
compiled (:class:`Unsupported`), so the two validators can never silently disagree; the tests
compare them on the corpus and on graphs broken on purpose.

Each result is a line ``focus path: message`` — the ``sh:message`` of the shape, else a
description of the constraint — as :func:`kg.query.validate_graph` writes them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD

from kg.model.namespaces import SH
from kg.paths import ONTOLOGY, SHAPES
from kg.query.validate import ValidationReport, _load


class Unsupported(ValueError):
    """A shape uses a part of SHACL this compiler does not translate."""


#: what a shape node may say, beside the constraints compiled below
_IGNORED = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_VALUE = {
    SH["class"],
    SH.datatype,
    SH.pattern,
    SH.flags,
    SH["in"],
    SH.minInclusive,
    SH.maxInclusive,
    SH.hasValue,
}
#: what a property shape asks of each value
_EACH = (_VALUE - {SH.hasValue, SH.flags}) | {SH["or"], SH["not"], SH.property}

#: lexical forms of the datatypes the shapes name, checked as pySHACL checks well-formedness
#: (a SPARQL cast where the standard has one: it fails on an ill-formed value)
_WELL_FORMED = {
    str(XSD.integer): "COALESCE(<{dt}>(STR({v})) = {v}, false)",
    str(XSD.decimal): "COALESCE(<{dt}>(STR({v})) = {v}, false)",
    str(XSD.boolean): "COALESCE(<{dt}>(STR({v})) = {v}, false)",
    str(XSD.date): "COALESCE(<{dt}>(STR({v})) = {v}, false)",
    str(XSD.gYear): 'REGEX(STR({v}), "^-?[0-9]{{4,}}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$")',
}


@dataclass(frozen=True)
class Check:
    """One constraint as a query: ``SELECT ?focus ?value`` of the nodes violating it."""

    shape: str
    path: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    query: str


def _term(node: Any) -> str:
    """*node* (an rdflib IRI or literal) as SPARQL text."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        return f'"{text}"^^<{node.datatype or XSD.string}>'
    raise Unsupported(f"a blank node where a value was expected: {node}")


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.counter = 0

    # -- the ontology as background

    def subclasses(self, cls: Any) -> list[URIRef]:
        """*cls* and every class below it (rdfs:subClassOf*), by the ontology."""
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.ontology.subjects(RDFS.subClassOf, todo.pop()):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return sorted(found)

    def individuals(self, cls: Any) -> list[URIRef]:
        """The ontology's own instances of *cls* (its code lists)."""
        classes = set(self.subclasses(cls))
        return sorted(
            s for s, o in self.ontology.subject_objects(RDF.type) if o in classes and isinstance(s, URIRef)
        )

    def var(self, stem: str) -> str:
        self.counter += 1
        return f"?_{stem}{self.counter}"

    # -- value nodes

    def value_ok(self, node: Any, v: str) -> str:
        """A SPARQL expression true when the value *v* conforms to the value constraints of
        the shape *node* (and to its nested sh:or / sh:not / sh:property)."""
        parts: list[str] = []
        g = self.shapes
        for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if p in _IGNORED or p == SH.flags:
                continue
            if p == SH["class"]:
                t = self.var("t")
                types = " ".join(f"<{c}>" for c in self.subclasses(o))
                test = f"EXISTS {{ {v} a {t} . VALUES {t} {{ {types} }} }}"
                known = self.individuals(o)
                if known:
                    test = f"({test} || {v} IN ({', '.join(f'<{k}>' for k in known)}))"
                parts.append(test)
            elif p == SH.datatype:
                if o == RDF.langString:
                    parts.append(f'(isLiteral({v}) && LANG({v}) != "")')
                else:
                    test = f'(isLiteral({v}) && DATATYPE({v}) = <{o}> && LANG({v}) = "")'
                    lexical = _WELL_FORMED.get(str(o))
                    if lexical:
                        test = f"({test} && {lexical.format(dt=o, v=v)})"
                    parts.append(test)
            elif p == SH.pattern:
                flags = g.value(node, SH.flags)
                args = f", {_term(Literal(str(flags)))}" if flags is not None else ""
                parts.append(f"(!isBlank({v}) && REGEX(STR({v}), {_term(Literal(str(o)))}{args}))")
            elif p == SH["in"]:
                members = list(Collection(g, o))
                parts.append("(" + " || ".join(f"sameTerm({v}, {_term(m)})" for m in members) + ")")
            elif p == SH.minInclusive:
                parts.append(f"COALESCE({v} >= {_term(o)}, false)")
            elif p == SH.maxInclusive:
                parts.append(f"COALESCE({v} <= {_term(o)}, false)")
            elif p == SH.hasValue:
                parts.append(f"sameTerm({v}, {_term(o)})")
            elif p == SH["or"]:
                members = list(Collection(g, o))
                parts.append("(" + " || ".join(self.value_ok(m, v) for m in members) + ")")
            elif p == SH["not"]:
                parts.append(f"!{self.value_ok(o, v)}")
            elif p == SH.property:
                parts.append(self.property_ok(o, v))
            elif p in _TARGETS:
                raise Unsupported(f"a target on a nested shape: {node}")
            else:
                raise Unsupported(f"{p} (on {node})")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def path(self, node: Any) -> URIRef:
        path = self.shapes.value(node, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported(f"a path other than one predicate: {path}")
        return path

    def property_ok(self, node: Any, f: str) -> str:
        """A SPARQL expression true when the focus *f* conforms to the property shape *node*."""
        path = self.path(node)
        parts: list[str] = []
        g = self.shapes
        values = {p for p, _ in g.predicate_objects(node)}
        for p in sorted(values, key=str):
            o = g.value(node, p)
            if p in _IGNORED or p == SH.path or p in _VALUE or p in (SH["or"], SH["not"], SH.property):
                continue
            v = self.var("v")
            if p == SH.minCount:
                if int(o) > 1:
                    raise Unsupported("sh:minCount above 1 in a nested shape")
                if int(o) == 1:
                    parts.append(f"EXISTS {{ {f} <{path}> {v} }}")
            elif p == SH.maxCount:
                if int(o) == 0:
                    parts.append(f"NOT EXISTS {{ {f} <{path}> {v} }}")
                elif int(o) == 1:
                    w = self.var("w")
                    parts.append(f"NOT EXISTS {{ {f} <{path}> {v}, {w} . FILTER(!sameTerm({v}, {w})) }}")
                else:
                    raise Unsupported("sh:maxCount above 1 in a nested shape")
            else:
                raise Unsupported(f"{p} (on {node})")
        if SH.hasValue in values:
            parts.append(f"EXISTS {{ {f} <{path}> {_term(g.value(node, SH.hasValue))} }}")
        each = self.each_value_ok(node, "?_x")
        if each != "true":
            v = self.var("v")
            parts.append(f"NOT EXISTS {{ {f} <{path}> {v} . FILTER(!{each.replace('?_x', v)}) }}")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def each_value_ok(self, node: Any, v: str) -> str:
        """What the property shape *node* asks of each of its values (not its counts, nor
        sh:hasValue, which is about the set of values), as an expression on *v*."""
        parts = [
            self._one(p, o, v, node)
            for p, o in sorted(self.shapes.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
            if p in _EACH
        ]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _one(self, p: Any, o: Any, v: str, node: Any) -> str:
        """One value constraint *p o* of the shape *node* as an expression on *v*."""
        probe = BNode()
        self.shapes.add((probe, p, o))
        if p == SH.pattern and self.shapes.value(node, SH.flags) is not None:
            self.shapes.add((probe, SH.flags, self.shapes.value(node, SH.flags)))
        try:
            return self.value_ok(probe, v)
        finally:
            self.shapes.remove((probe, None, None))

    # -- top level

    def targets(self, shape: Any, f: str) -> str:
        branches = []
        for cls in sorted(self.shapes.objects(shape, SH.targetClass), key=str):
            t = self.var("t")
            types = " ".join(f"<{c}>" for c in self.subclasses(cls))
            branches.append(f"{{ {f} a {t} . VALUES {t} {{ {types} }} }}")
        for p in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(f"{{ SELECT DISTINCT {f} WHERE {{ {f} <{p}> [] }} }}")
        if not branches:
            return ""
        return "{ SELECT DISTINCT " + f + " WHERE { " + " UNION ".join(branches) + " } }"

    def checks(self) -> list[Check]:
        out: list[Check] = []
        for shape in sorted(self.shapes.subjects(RDF.type, SH.NodeShape), key=str):
            targets = self.targets(shape, "?focus")
            if not targets:
                continue  # only reached through others
            for p in self.shapes.predicates(shape):
                if p not in _IGNORED and p not in _TARGETS and p not in (SH.property, SH["or"], SH["not"]):
                    if p not in _VALUE:
                        raise Unsupported(f"{p} (on {shape})")
            node_level = {p for p in self.shapes.predicates(shape)} & (_VALUE | {SH["or"], SH["not"]})
            if node_level:
                kept = self._node_expression(shape)
                out.append(
                    self._check(
                        shape,
                        shape,
                        "",
                        f"SELECT DISTINCT ?focus (?focus AS ?value) WHERE {{ {targets} FILTER(!{kept}) }}",
                        "Node does not conform to the shape",
                    )
                )
            for prop in sorted(self.shapes.objects(shape, SH.property), key=str):
                out.extend(self._property_checks(shape, prop, targets))
        return out

    def _node_expression(self, shape: Any) -> str:
        parts = []
        for p, o in sorted(self.shapes.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if p in _VALUE or p in (SH["or"], SH["not"]):
                parts.append(self._one(p, o, "?focus", shape))
        return "(" + " && ".join(parts) + ")"

    def _check(self, shape: Any, node: Any, path: str, query: str, default: str) -> Check:
        g = self.shapes
        severity = g.value(node, SH.severity) or SH.Violation  # a shape's own, not inherited
        message = g.value(node, SH.message) or (g.value(shape, SH.message) if node is shape else None)
        return Check(
            shape=str(shape),
            path=path,
            severity=str(severity).rsplit("#", 1)[-1],
            message=str(message) if message is not None else default,
            query=query,
        )

    def _property_checks(self, shape: Any, prop: Any, targets: str) -> Iterable[Check]:
        g = self.shapes
        path = self.path(prop)
        for p in g.predicates(prop):
            if (
                p not in _IGNORED
                and p != SH.path
                and p not in _VALUE
                and p
                not in (
                    SH.minCount,
                    SH.maxCount,
                    SH["or"],
                    SH["not"],
                    SH.property,
                )
            ):
                raise Unsupported(f"{p} (on {prop})")
        p_text = str(path)
        low = g.value(prop, SH.minCount)
        if low is not None and int(low) > 0:
            if int(low) == 1:
                q = f"SELECT ?focus (?focus AS ?value) WHERE {{ {targets} MINUS {{ ?focus <{path}> [] }} }}"
            else:
                q = (
                    f"SELECT ?focus (?focus AS ?value) WHERE {{ {targets} OPTIONAL {{ SELECT ?focus "
                    f"(COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?focus <{path}> ?v }} GROUP BY ?focus }} "
                    f"FILTER(COALESCE(?n, 0) < {int(low)}) }}"
                )
            yield self._check(shape, prop, p_text, q, f"Less than {int(low)} values on {{focus}}->{path}")
        high = g.value(prop, SH.maxCount)
        if high is not None:
            # Subjects with too many values first (one scan of the predicate), then the targets.
            q = (
                f"SELECT ?focus (?focus AS ?value) WHERE {{ {{ SELECT ?focus WHERE {{ ?focus <{path}> ?v }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(high)}) }} {targets} }}"
            )
            yield self._check(shape, prop, p_text, q, f"More than {int(high)} values on {{focus}}->{path}")
        has = g.value(prop, SH.hasValue)
        if has is not None:
            q = f"SELECT ?focus (?focus AS ?value) WHERE {{ {targets} FILTER NOT EXISTS {{ ?focus <{path}> {_term(has)} }} }}"
            yield self._check(shape, prop, p_text, q, f"Missing expected value {has} on {{focus}}->{path}")
        kinds = {p for p in g.predicates(prop)} & _EACH
        for kind in sorted(kinds, key=str):
            for o in sorted(g.objects(prop, kind), key=str):
                q = self._value_query(kind, o, prop, path, targets)
                name = str(kind).rsplit("#", 1)[-1]
                yield self._check(
                    shape, prop, p_text, q, f"Value {{value}} does not conform to sh:{name} {o}"
                )

    def _classes_only(self, kind: Any, o: Any) -> list[Any]:
        """The classes of an sh:class, or of an sh:or whose members are each a lone sh:class
        (the value must be an instance of one of them); else nothing."""
        if kind == SH["class"]:
            return [o]
        if kind != SH["or"]:
            return []
        classes = []
        for member in Collection(self.shapes, o):
            said = [(p, c) for p, c in self.shapes.predicate_objects(member) if p not in _IGNORED]
            if len(said) != 1 or said[0][0] != SH["class"]:
                return []
            classes.append(said[0][1])
        return classes

    def _value_query(self, kind: Any, o: Any, prop: Any, path: URIRef, targets: str) -> str:
        """The pairs whose value breaks one constraint: the failing values are found over all
        the predicate's triples first (a scan, with a hash anti-join for sh:class), and only
        those few are joined with the targets, instead of looking each target's values up."""
        classes = self._classes_only(kind, o)
        if classes:
            t = self.var("t")
            types = " ".join(sorted({f"<{c}>" for cls in classes for c in self.subclasses(cls)}))
            known = sorted({k for cls in classes for k in self.individuals(cls)}, key=str)
            keep = f" FILTER(!(?value IN ({', '.join(f'<{k}>' for k in known)})))" if known else ""
            failing = f"?focus <{path}> ?value . MINUS {{ ?value a {t} . VALUES {t} {{ {types} }} }}{keep}"
        else:
            failing = f"?focus <{path}> ?value . FILTER(!{self._one(kind, o, '?value', prop)})"
        return f"SELECT ?focus ?value WHERE {{ {{ SELECT ?focus ?value WHERE {{ {failing} }} }} {targets} }}"


@lru_cache(maxsize=4)
def compile_shapes(shapes: Path = SHAPES, ontology: Path = ONTOLOGY) -> tuple[Check, ...]:
    """The checks of *shapes*, with *ontology* as background.

    :raises Unsupported: a shape uses a part of SHACL not translated here.
    """
    graph = Graph()
    for triple in _load(shapes):
        graph.add(triple)
    return tuple(_Compiler(graph, _load(ontology)).checks())


def validate_store(store: ox.Store, *, shapes: Path = SHAPES, ontology: Path = ONTOLOGY) -> ValidationReport:
    """Validate the union of *store*'s graphs (as :func:`kg.query.validate_graph` validates a
    graph): violations fail, warnings inform. The materialized rows hold nothing the shapes
    target."""
    violations: list[str] = []
    warnings: list[str] = []
    checks = compile_shapes(shapes, ontology)

    def run(check: Check) -> list[Any]:
        rows: Any = store.query(check.query, use_default_graph_as_union=True)
        return list(rows)

    # Oxigraph answers queries outside the GIL: two threads use two cores (1.5x measured).
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        answers = list(pool.map(run, checks))
    for check, rows in zip(checks, answers, strict=True):
        for row in rows:
            focus, value = row["focus"], row["value"]
            message = check.message.replace("{focus}", _text(focus)).replace("{value}", _text(value))
            line = (
                f"{_plain(focus)} {check.path}: {message}"
                if check.path
                else f"{_plain(focus)} None: {message}"
            )
            (violations if check.severity == "Violation" else warnings).append(line)
    return ValidationReport(conforms=not violations, violations=sorted(violations), warnings=sorted(warnings))


def _plain(term: Any) -> str:
    """A term as rdflib's str() writes it (an IRI without brackets)."""
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)


def _text(term: Any) -> str:
    return str(term) if term is not None else ""
