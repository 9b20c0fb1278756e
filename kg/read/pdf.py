"""PDF pages to :class:`kg.read.layout.Page`: glyphs with their boxes, rules, images (pypdfium2).

pypdfium2 binds PDFium, the PDF engine of Chromium: it reads each character with its box, size
and colour, and each path with its bounds and paint, in C. ``bench/pdf.py`` measures it
against pdfplumber (pdfminer.six in Python), which reads the same facts many times slower;
tables are found from the rules by :mod:`kg.read.layout`, the same code as for OFD.
"""

from __future__ import annotations

import ctypes

from kg.errors import InputError
from kg.read.layout import Glyph, Page, Rule

#: A path this thin (its bounds, pen width included) and long is a rule, not a box.
_MAX_RULE = 6.0
#: A PDF ends with this marker; one without it was cut short (PDFium would read what is left).
_EOF = b"%%EOF"


def _red(r: int, g: int, b: int) -> bool:
    return r >= 150 and g <= 90 and b <= 90


def pdf_pages(data: bytes) -> list[Page]:
    """The pages of a PDF held in memory.

    :raises InputError: a PDF that is encrypted, damaged or cut short.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    if _EOF not in data[-2048:]:
        raise InputError("is a truncated PDF (it stops before its end-of-file marker)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError("is an encrypted PDF (it needs a password to open)") from None
        raise InputError(f"is a damaged PDF ({exc})") from None
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_page(page, c))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise InputError(f"is a damaged PDF ({exc})") from None
    finally:
        pdf.close()
    return pages


def _page(page, c) -> Page:  # type: ignore[no-untyped-def]
    width, height = page.get_size()
    out = Page(width=width, height=height)
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        box = c.FS_RECTF()
        for i in range(c.FPDFText_CountChars(raw)):
            if c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            code = c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or code >= 0x110000:
                continue
            text = chr(code)
            # the loose box spans the glyph's advance and the font's height, not just its ink
            # (a 〔 inks only the right of its em)
            if text.isspace() or not c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box)):
                continue
            size = c.FPDFText_GetFontSize(raw, i) or (box.top - box.bottom)
            red = False
            if c.FPDFText_GetFillColor(
                raw, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)
            ):
                red = _red(r.value, g.value, b.value)
            cy = height - (box.top + box.bottom) / 2
            out.glyphs.append(
                Glyph(text, box.left, cy - size / 2, box.right, cy + size / 2, float(size), red)
            )
    finally:
        textpage.close()
    for obj in page.get_objects(filter=(c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_IMAGE), max_depth=4):
        if obj.type == c.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke))
        stroked = bool(stroke.value)
        getter = c.FPDFPageObj_GetStrokeColor if stroked else c.FPDFPageObj_GetFillColor
        red = False
        if getter(obj.raw, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
            if a.value == 0:
                continue  # invisible
            red = _red(r.value, g.value, b.value)
            if not stroked and min(r.value, g.value, b.value) >= 230:
                continue  # white fill: a background, not a rule
        w, h = x1 - x0, y1 - y0
        if min(w, h) <= _MAX_RULE and max(w, h) >= 4 * max(min(w, h), 1.0):
            # a line, or a thin box: PDFium's bounds include the pen's width around it
            out.rules.append(Rule(x0, height - y1, x1, height - y0, red))
        elif stroked and c.FPDFPath_CountSegments(obj.raw) in (4, 5):
            # A stroked rectangle: its four sides are rules.
            top_, bottom_ = height - y1, height - y0
            out.rules.extend(
                (
                    Rule(x0, top_, x1, top_, red),
                    Rule(x0, bottom_, x1, bottom_, red),
                    Rule(x0, top_, x0, bottom_, red),
                    Rule(x1, top_, x1, bottom_, red),
                )
            )
    return out
