"""Undo what PDF extraction does to a document: page furniture, stray spaces, hard line wraps.

Text copied out of a PDF carries the page with it: page numbers (``— 9 —``), running heads
(``济南市莱芜区人民政府公报（2023 年第 3 期） 区政府办公室文件``), a space wherever the font changed
(``2023 年 8 月 28 日``) and a line break at the right margin in the middle of a sentence. These
functions remove the furniture and re-join wrapped lines, and keep what the furniture tells us
(the bulletin the document was published in).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.normalize import fold, is_cjk
from kg.patterns import (
    BLOCK_START,
    BULLETIN,
    DATE_LINE,
    DOC_NUMBER_LINE,
    PAGE_NUMBER,
    PRINTED_LINE,
    WEB_CHROME,
)

PAGE_BREAK = "\f"
#: A blank line. PDF extraction double-spaces prose, so blanks mean nothing there, but inside a
#: table they separate cells; the table reader uses them, everything else skips them.
BLANK = ""


def is_marker(line: str) -> bool:
    """True for the page-break and blank-line markers.

    >>> is_marker(PAGE_BREAK), is_marker(BLANK), is_marker("一、")
    (True, True, False)
    """
    return line == PAGE_BREAK or line == BLANK


@dataclass
class Furniture:
    """What was removed as page furniture, and what it told us."""

    page_numbers: int = 0
    running_heads: int = 0
    web_chrome: int = 0
    bulletins: list[str] = field(default_factory=list)


_SPACES = re.compile(r"[ \u3000\u00a0\u2002\u2003\u2009\u202f]+")


def _tidy_spaces(line: str) -> str:
    """Collapse runs of spaces and drop the ones PDF extraction puts between Chinese and digits.

    A space between a CJK character (or CJK punctuation) and a digit is a font change, not
    writing; a space between two Chinese words (``中共中央 国务院``) is writing and stays.

    >>> _tidy_spaces("关于印发 2023 年莱州市 16 号 （第 3 期）")
    '关于印发2023年莱州市16号（第3期）'
    >>> _tidy_spaces("中共中央 国务院")
    '中共中央 国务院'
    """
    line = _SPACES.sub(" ", line).strip()
    if " " not in line:
        return line
    out = []
    for i, ch in enumerate(line):
        if ch == " " and 0 < i < len(line) - 1:
            left, right = line[i - 1], line[i + 1]
            if (_wide(left) and right.isdigit()) or (left.isdigit() and _wide(right)):
                continue
            if (_wide_punct(left) and right != " ") or (_wide_punct(right) and left != " "):
                continue
        out.append(ch)
    return "".join(out)


def _wide(ch: str) -> bool:
    return is_cjk(ch) or _wide_punct(ch)


def _wide_punct(ch: str) -> bool:
    code = ord(ch)
    return 0x3000 < code <= 0x303F or 0xFF00 <= code <= 0xFF65 or ch in "“”‘’—…·"


def _bulletin_only(key_line: str) -> str | None:
    """If the line is a running head naming a bulletin, the bulletin's name (else None)."""
    match = BULLETIN.search(key_line)
    if not match:
        return None
    rest = (key_line[: match.start()] + key_line[match.end() :]).strip()
    # What may stand beside the bulletin in a running head: the office's "XX文件" and spaces.
    rest = re.sub(r"\S{0,20}文件", "", rest).strip()
    return match.group(0) if not rest else None


def bulletin_name(line: str) -> str | None:
    """The bulletin a running head names (``济南市莱芜区人民政府公报（2023年第3期）``), if the
    line is such a head."""
    tidy = _tidy_spaces(line)
    key_line = fold(tidy)
    if _bulletin_only(key_line) is None:
        return None
    match = BULLETIN.search(key_line)
    assert match is not None
    return re.sub(r"\s+", "", tidy[match.start() : match.end()])


def remove_furniture(text: str) -> tuple[list[str], Furniture]:
    """Split *text* into clean, non-empty lines without page numbers and running heads.

    Page breaks (form feeds, removed page numbers) are kept as :data:`PAGE_BREAK` lines and blank
    lines as :data:`BLANK`, so that later stages know where a page or a table cell ended; a run of
    markers collapses to one (a page break wins). :func:`join_wrapped` joins across them.
    """
    furniture = Furniture()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
    lines: list[str] = []
    for raw in text.split("\n"):
        if raw == PAGE_BREAK:
            lines.append(PAGE_BREAK)
            continue
        line = _tidy_spaces(raw.replace("\t", "\x00")).replace("\x00", "\t")
        if not line.strip():
            lines.append(BLANK)
            continue
        key_line = fold(line)
        if PAGE_NUMBER.match(key_line):
            furniture.page_numbers += 1
            lines.append(PAGE_BREAK)
            continue
        if WEB_CHROME.match(key_line):
            furniture.web_chrome += 1
            continue
        bulletin = _bulletin_only(key_line)
        if bulletin is not None:
            furniture.running_heads += 1
            name = re.sub(r"\s+", "", line[BULLETIN.search(key_line).start() :][: len(bulletin)])  # type: ignore[union-attr]
            if name not in furniture.bulletins:
                furniture.bulletins.append(name)
            lines.append(PAGE_BREAK)
            continue
        lines.append(line.strip(" "))
    lines = _drop_repeated_heads(lines, furniture)
    # Collapse runs of markers (a page break wins over a blank) and drop them at the ends.
    out: list[str] = []
    for line in lines:
        if is_marker(line):
            if not out:
                continue
            if is_marker(out[-1]):
                if line == PAGE_BREAK:
                    out[-1] = PAGE_BREAK
                continue
        out.append(line)
    while out and is_marker(out[-1]):
        out.pop()
    return out, furniture


def _drop_repeated_heads(lines: list[str], furniture: Furniture) -> list[str]:
    """Remove short lines that recur next to page breaks: running heads and feet of any wording."""
    counts = Counter(line for line in lines if not is_marker(line) and len(line) <= 40 and "\t" not in line)
    candidates = {line for line, n in counts.items() if n >= 3}
    if not candidates:
        return lines
    near_break: Counter[str] = Counter()
    dense = [line for line in lines if line != BLANK]
    for i, line in enumerate(dense):
        if line in candidates:
            window = dense[max(0, i - 2) : i] + dense[i + 1 : i + 3]
            if PAGE_BREAK in window:
                near_break[line] += 1
    heads = {
        line
        for line in candidates
        if near_break[line] >= max(2, (2 * counts[line]) // 3)
        and not DOC_NUMBER_LINE.match(fold(line))
        and not BLOCK_START.match(fold(line))
    }
    if not heads:
        return lines
    furniture.running_heads += sum(counts[h] for h in heads)
    return [PAGE_BREAK if line in heads else line for line in lines]


def width(line: str) -> float:
    """Printed width in full-width character cells (ASCII counts half).

    >>> width("2023年8月")
    4.5
    """
    return sum(0.5 if ord(ch) < 0x2E80 and not _wide_punct(ch) else 1.0 for ch in line)


def typical_width(lines: list[str]) -> float | None:
    """The width of a full line when the text was hard-wrapped at a margin, else None.

    Wrapped text has many lines of (nearly) the same width: the measure of the page. Text whose
    lines are whole paragraphs has no such mode.
    """
    widths = [
        round(width(line)) for line in lines if not is_marker(line) and "\t" not in line and width(line) >= 12
    ]
    if len(widths) < 5:
        return None
    counts = Counter(widths)
    best, best_n = None, 0
    for w in sorted(counts):
        n = counts[w - 1] + counts[w] + counts[w + 1]
        if n > best_n or (n == best_n and best is not None and w > best):
            best, best_n = w, n
    if best is None or best_n < max(5, len(widths) // 4):
        return None
    # The mode of a band of widths: take its upper edge, lines that end in hanging punctuation are wider.
    return float(max(w for w in (best - 1, best, best + 1) if counts[w]))


_TERMINAL = tuple("。！？；：!?;:")
_PUNCT = re.compile(r"[，。、；：,.;:！？!?]")


def _standalone(key_line: str) -> bool:
    """Lines that stand alone whatever the margin: numbers, dates, headers, status lines."""
    return bool(
        DOC_NUMBER_LINE.match(key_line)
        or DATE_LINE.match(key_line)
        or PRINTED_LINE.match(key_line)
        or (key_line.endswith("文件") and not _PUNCT.search(key_line))
        or (key_line.startswith("(") and key_line.endswith(")"))
        or (key_line.startswith("关于") and len(key_line) <= 40 and not _PUNCT.search(key_line))
    )


def join_wrapped(lines: list[str], *, measure: float | None = None) -> list[str]:
    """Re-join lines that were wrapped at the page margin inside a paragraph.

    Line B continues line A when B does not open a new block (``一、`` ``（一）`` ``1.`` ``附件``
    ``抄送`` …) and either A fills the measure of the page, or A is long and stops without
    sentence-final punctuation. TAB-separated table rows are never joined. Page breaks between
    the two lines are dropped.

    :param measure: the width of a full line; guessed from *lines* when not given.
    """
    if measure is None:
        measure = typical_width(lines)
    out: list[str] = []
    glue = full = False
    for line in lines:
        if is_marker(line):
            continue
        key_line = fold(line)
        # A marker opens a block, unless the line above filled the page and stopped mid-clause.
        opens_block = bool(BLOCK_START.match(key_line)) and not (
            full and out and _mid_clause(out[-1]) and _ENUMERATION.match(key_line)
        )
        if glue and out and "\t" not in line and not opens_block and not _standalone(key_line):
            out[-1] = _concat(out[-1], line)
        else:
            out.append(line)
        glue = _continues(line, measure)
        full = _fills_measure(line, measure)
    return out


# "二、三季度" / "1、2月": numerals listed with 、, which a wrap can put at the start of a line.
_ENUMERATION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、[一二三四五六七八九十]|\d{1,2}[、.]\d)")


def _fills_measure(line: str, measure: float | None) -> bool:
    return (
        measure is not None
        and measure >= 15
        and "\t" not in line
        and width(line) >= measure - max(2.5, 0.12 * measure)
    )


def _mid_clause(text: str) -> bool:
    """True when *text* stops inside a clause: after a comma or an ideograph, not a full stop.

    A marker such as 二、 at the start of the next line then belongs to the sentence
    (``加大二、三季度…``): outline headings follow a finished sentence or a heading line.
    """
    last = text.rstrip()[-1:]
    return bool(last) and (last in "，、" or is_cjk(last))


def _continues(line: str, measure: float | None) -> bool:
    if "\t" in line:
        return False
    key_line = fold(line)
    if _standalone(key_line) and len(line) < 40:
        return False
    w = width(line)
    last = line.rstrip()[-1:] if line.strip() else ""
    if _fills_measure(line, measure):
        return True
    return w >= 40 and last not in _TERMINAL and last not in '。)）”"'


def _concat(a: str, b: str) -> str:
    if (
        a
        and b
        and a[-1].isascii()
        and a[-1].isalnum()
        and b[0].isascii()
        and b[0].isalnum()
        and not a[-1].isdigit()
    ):
        return a + " " + b
    return a + b
