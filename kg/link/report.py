"""``kg diff`` reports: a terminal table, Markdown, or JSON (the contract in the README)."""

from __future__ import annotations

import json
from typing import Any

from kg.link.changes import Comparison
from kg.parse.numerals import int_to_cn
from kg.parse.records import Document


def _label(doc: Document, place: tuple[int, int]) -> str:
    """The place as printed: ``三/（二）`` (the document's own markers, without 、)."""
    section, item = place
    for s in doc.sections:
        if s.number != section:
            continue
        for i in s.items:
            if i.number == item:
                return f"{(s.label or int_to_cn(section)).rstrip('、.，, ')}/{i.label or f'（{int_to_cn(item)}）'}"
    return f"{int_to_cn(section) if section else '—'}/（{int_to_cn(item)}）"


def _width(text: str) -> int:
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def _heading(doc: Document, place: tuple[int, int]) -> str:
    for s in doc.sections:
        for i in s.items:
            if (s.number, i.number) == place:
                return i.heading
    return ""


def _name(doc: Document, short: str) -> str:
    return f"{short} {doc.doc_number or doc.title or ''}".strip()


def _place(doc: Document, place: tuple[int, int]) -> dict[str, Any]:
    return {
        "section": place[0],
        "item": place[1],
        "label": _label(doc, place),
        "heading": _heading(doc, place),
    }


def to_json(c: Comparison, child_id: str, parent_id: str) -> dict[str, Any]:
    """The JSON contract: child, parent, pairs with scores and change types, dropped, added."""
    return {
        "child": {"id": child_id, "doc_number": c.child.doc_number, "title": c.child.title},
        "parent": {"id": parent_id, "doc_number": c.parent.doc_number, "title": c.parent.title},
        "relation": c.relation,
        "pairs": [
            {
                "child": _place(c.child, p.child),
                "parent": _place(c.parent, p.parent),
                "score": p.score,
                "low_confidence": p.residual,
                "changes": p.changes,
                "details": [{"type": d.type, "child": d.child, "parent": d.parent} for d in p.details],
            }
            for p in c.pairs
        ],
        "dropped": [_place(c.parent, x) for x in c.dropped],
        "added": [_place(c.child, x) for x in c.added],
    }


def to_markdown(c: Comparison, child_id: str, parent_id: str) -> str:
    other = "parent" if c.relation == "parent" else "sibling"
    lines = [
        f"# {_name(c.child, child_id)} against its {other} {_name(c.parent, parent_id)}",
        "",
        f"{len(c.pairs)} aligned pairs, {len(c.dropped)} {other} items not carried over, {len(c.added)} items of its own.",
        "",
        f"| {child_id} | heading | {parent_id} | heading | score | changes |",
        "|---|---|---|---|---|---|",
    ]
    for p in c.pairs:
        score = f"{p.score:.2f}" + (" (low)" if p.residual else "")
        lines.append(
            f"| {_label(c.child, p.child)} | {_heading(c.child, p.child)} | {_label(c.parent, p.parent)} | "
            f"{_heading(c.parent, p.parent)} | {score} | {', '.join(p.changes)} |"
        )
    details = [(p, d) for p in c.pairs for d in p.details]
    if details:
        lines += ["", "## Requirements compared", ""]
        for p, d in details:
            lines.append(
                f"- {_label(c.child, p.child)} ← {_label(c.parent, p.parent)} **{d.type}**: {d.child or '—'} ← {d.parent or '—'}"
            )
    lines += ["", f"## Dropped ({other} items no item of {child_id} adapts)", ""]
    lines += [f"- {_label(c.parent, x)} {_heading(c.parent, x)}" for x in c.dropped] or ["- none"]
    lines += ["", f"## Added (items of {child_id} that adapt no {other} item)", ""]
    lines += [f"- {_label(c.child, x)} {_heading(c.child, x)}" for x in c.added] or ["- none"]
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = 1 if ord(ch) < 0x2E80 else 2
        if used + w > width:
            return out[: max(0, len(out) - 1)] + "…"
        out += ch
        used += w
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def to_table(c: Comparison, child_id: str, parent_id: str) -> str:
    """A plain-text table for the terminal (CJK counted double-width)."""
    places_c = [_label(c.child, p.child) for p in c.pairs]
    places_p = [_label(c.parent, p.parent) for p in c.pairs]
    wc = max([_width(child_id), *map(_width, places_c)])
    wp = max([_width(parent_id), *map(_width, places_p)])
    cols = (wc, 30, wp, 30, 6, 36)
    head = (child_id, "heading", parent_id, "heading", "score", "changes")
    rows = [head]
    for p in c.pairs:
        rows.append(
            (
                _label(c.child, p.child),
                _heading(c.child, p.child),
                _label(c.parent, p.parent),
                _heading(c.parent, p.parent),
                f"{p.score:.2f}" + ("*" if p.residual else ""),
                ", ".join(p.changes),
            )
        )
    out = []
    for row in rows:
        out.append("  ".join(_pad(_clip(v, w), w) for v, w in zip(row, cols)).rstrip())
    out.insert(1, "  ".join("-" * w for w in cols))
    for p in c.pairs:
        for d in p.details:
            out.append(f"  {_label(c.child, p.child)} {d.type}: {d.child or '—'}  ←  {d.parent or '—'}")
    other = "parent" if c.relation == "parent" else "sibling"
    out.append(
        f"dropped ({other} items not carried over): "
        + ("; ".join(f"{_label(c.parent, x)} {_heading(c.parent, x)}" for x in c.dropped) or "none")
    )
    out.append(
        "added (items of its own): "
        + ("; ".join(f"{_label(c.child, x)} {_heading(c.child, x)}" for x in c.added) or "none")
    )
    if any(p.residual for p in c.pairs):
        out.append(
            "* low confidence: a heavy rewording matched only because nothing else claimed either item"
        )
    return "\n".join(out) + "\n"


def render(c: Comparison, child_id: str, parent_id: str, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(c, child_id, parent_id), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return to_markdown(c, child_id, parent_id)
    return to_table(c, child_id, parent_id)
