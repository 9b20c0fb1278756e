"""OFD (GB/T 33190, China's fixed-layout format) to :class:`kg.read.layout.Page`.

An OFD file is a ZIP package of XML: ``OFD.xml`` names each document's root (``DocRoot``),
the document's ``Document.xml`` lists its pages (``Page``/``BaseLoc``) and the page area, and
each page's ``Content.xml`` holds layers of ``TextObject`` (a ``Boundary`` box, a font
``Size``, a ``FillColor``, and ``TextCode`` runs placed at ``X``/``Y`` with per-character
``DeltaX`` advances) and ``PathObject`` (``AbbreviatedData`` move/line commands, stroked or
filled). Units are millimetres with y growing downwards; they are converted to points so the
layout code treats OFD and PDF alike. Template pages (``Template``) are drawn under the page, so
they are read too. No library: the few elements needed are read with the standard library.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

from kg.errors import InputError
from kg.read.layout import RULE_THICKNESS, Glyph, Page, Rule

_MM = 72 / 25.4


def looks_like_ofd(data: bytes) -> bool:
    """True for a ZIP package whose root holds ``OFD.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(name.lstrip("/") == "OFD.xml" for name in z.namelist())
    except zipfile.BadZipFile:
        return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [e for e in element if _local(e.tag) == name]


def _find(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    for name in path:
        found = _children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", text or "")]


def _deltas(text: str | None) -> list[float]:
    """``DeltaX`` values, with the ``g COUNT VALUE`` shorthand expanded."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InputError("is a damaged OFD (not a readable ZIP package)") from None
        self.names = {name.lstrip("/"): name for name in self.zip.namelist()}

    def xml(self, path: str, what: str) -> ElementTree.Element:
        name = self.names.get(posixpath.normpath(path.lstrip("/")))
        if name is None:
            raise InputError(f"is a damaged OFD ({what} {path} is missing)")
        try:
            return ElementTree.fromstring(self.zip.read(name))
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"is a damaged OFD ({what} {path} cannot be read: {exc})") from None


def _resolve(base: str, location: str) -> str:
    location = location.strip()
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), location))


def ofd_pages(data: bytes) -> list[Page]:
    """The pages of an OFD package held in memory (every document of the package in turn).

    :raises InputError: a package that is not OFD, or misses a file it names.
    """
    package = _Package(data)
    root = package.xml("OFD.xml", "the entry file")
    pages: list[Page] = []
    bodies = _children(root, "DocBody")
    if not bodies:
        raise InputError("is a damaged OFD (OFD.xml names no document)")
    for body in bodies:
        doc_root = _find(body, "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise InputError("is a damaged OFD (a DocBody without DocRoot)")
        doc_path = _resolve("OFD.xml", doc_root.text or "")
        document = package.xml(doc_path, "the document file")
        box = _numbers((_find(document, "CommonData", "PageArea", "PhysicalBox") or _E).text) or [
            0,
            0,
            210,
            297,
        ]
        templates = {}
        common = _find(document, "CommonData")
        for template in _children(common, "TemplatePage") if common is not None else []:
            if template.get("BaseLoc"):
                templates[template.get("ID", "")] = _resolve(doc_path, template.get("BaseLoc", ""))
        listing = _find(document, "Pages")
        for entry in _children(listing, "Page") if listing is not None else []:
            page_path = _resolve(doc_path, entry.get("BaseLoc", ""))
            content = package.xml(page_path, "the page file")
            page_box = _numbers((_find(content, "Area", "PhysicalBox") or _E).text) or box
            page = Page(width=page_box[2] * _MM, height=page_box[3] * _MM)
            for template in _children(content, "Template"):
                where = templates.get(template.get("TemplateID", ""))
                if where:
                    _draw(package.xml(where, "the template page"), page)
            _draw(content, page)
            pages.append(page)
    return pages


_E = ElementTree.Element("empty")


def _colour(element: ElementTree.Element, name: str) -> tuple[int, ...] | None:
    found = _find(element, name)
    if found is None or not found.get("Value"):
        return None
    values = [int(v) for v in _numbers(found.get("Value"))]
    return tuple(values[:3]) if len(values) >= 3 else None


def _is_red(colour: tuple[int, ...] | None) -> bool:
    return colour is not None and colour[0] >= 150 and colour[1] <= 90 and colour[2] <= 90


def _draw(content: ElementTree.Element, page: Page) -> None:
    for element in content.iter():
        kind = _local(element.tag)
        if kind == "TextObject":
            _text(element, page)
        elif kind == "PathObject":
            _path(element, page)
        elif kind == "ImageObject":
            page.images += 1


def _matrix(element: ElementTree.Element) -> tuple[float, float, float, float, float, float]:
    ctm = _numbers(element.get("CTM"))
    if len(ctm) == 6:
        return (ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5])
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _text(element: ElementTree.Element, page: Page) -> None:
    bx, by, _, _ = (_numbers(element.get("Boundary")) + [0, 0, 0, 0])[:4]
    a, _b, _c, d, e, f = _matrix(element)
    size = float(element.get("Size") or 3.5) * abs(d or 1.0)
    red = _is_red(_colour(element, "FillColor"))
    x = y = 0.0
    for code in _children(element, "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = float(code.get("X") or 0)
        if code.get("Y") is not None:
            y = float(code.get("Y") or 0)
        deltas = _deltas(code.get("DeltaX"))
        for i, ch in enumerate(text):
            advance = deltas[i] if i < len(deltas) else (deltas[-1] if deltas else size)
            gx = bx + a * x + e
            baseline = by + d * y + f
            if not ch.isspace():
                page.glyphs.append(
                    Glyph(
                        ch,
                        gx * _MM,
                        (baseline - 0.88 * size) * _MM,
                        (gx + min(abs(advance) * abs(a or 1.0), size)) * _MM,
                        (baseline + 0.12 * size) * _MM,
                        size * _MM,
                        red,
                    )
                )
            x += advance


#: Curve commands of AbbreviatedData and how many numbers follow each (the last two: its end).
_CURVES = {"Q": 4, "B": 6, "A": 7}


def _path(element: ElementTree.Element, page: Page) -> None:
    bx, by, _, _ = (_numbers(element.get("Boundary")) + [0, 0, 0, 0])[:4]
    a, _b, _c, d, e, f = _matrix(element)
    stroked = element.get("Stroke", "true") != "false"
    filled = element.get("Fill", "false") == "true"
    if not stroked and not filled:
        return
    red = _is_red(_colour(element, "StrokeColor" if stroked else "FillColor"))
    data = _find(element, "AbbreviatedData")
    tokens = (data.text or "").split() if data is not None else []
    points: list[list[tuple[float, float]]] = []
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op in ("M", "L") and i + 2 < len(tokens):
            px = bx + a * float(tokens[i + 1]) + e
            py = by + d * float(tokens[i + 2]) + f
            if op == "M" or not points:
                points.append([(px, py)])
            else:
                points[-1].append((px, py))
            i += 3
        elif op == "S" and i + 2 < len(tokens):  # start point: a move
            points.append([(bx + a * float(tokens[i + 1]) + e, by + d * float(tokens[i + 2]) + f)])
            i += 3
        elif op in _CURVES and i + _CURVES[op] < len(tokens):  # a curve is no rule: start anew at its end
            end_x, end_y = float(tokens[i + _CURVES[op] - 1]), float(tokens[i + _CURVES[op]])
            points.append([(bx + a * end_x + e, by + d * end_y + f)])
            i += _CURVES[op] + 1
        elif op == "C":  # close the sub-path
            if points and points[-1]:
                points[-1].append(points[-1][0])
            i += 1
        else:
            i += 1
    for run in points:
        for (x0, y0), (x1, y1) in zip(run, run[1:], strict=False):
            lo_x, hi_x = sorted((x0, x1))
            lo_y, hi_y = sorted((y0, y1))
            if (hi_x - lo_x) * _MM <= RULE_THICKNESS or (hi_y - lo_y) * _MM <= RULE_THICKNESS:
                if max(hi_x - lo_x, hi_y - lo_y) * _MM >= 3:
                    page.rules.append(Rule(lo_x * _MM, lo_y * _MM, hi_x * _MM, hi_y * _MM, red))
