"""Citations of other documents: 《title》, 《title》（文号）, a bare 文号, an issuer before 《.

Official documents cite others in a few fixed ways: a title in book-title marks, often followed by
its document number in brackets (``《关于…的指导意见》（国办函〔2021〕132号）``), sometimes
preceded by the body that issued it (``国务院《重大行政决策程序暂行条例》``), or a document number
alone in prose (``按照国办函〔2021〕132号文件``). Titles written one after another
(``《A》《B》``) are separate citations.

Text is matched against a folded copy (see :mod:`kg.normalize`) with all whitespace taken out, so a
citation wrapped across the lines of a table cell (``（中发\\n〔2019〕18号）``) or written in
traditional or full-width characters is found; every value is sliced from the original text and
stored without the whitespace layout put into it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.normalize import fold, is_cjk, key
from kg.patterns import DOC_NUMBER, DOC_NUMBER_LINE

__all__ = ["Citation", "find_citations"]


@dataclass
class Citation:
    """One cited document.

    :ivar title: the 《…》 title as written, without the marks and without whitespace.
    :ivar doc_number: the 文号 as written without whitespace, e.g. ``国办函〔2021〕132号``, or the
        number of a decree (``国务院令第713号``).
    :ivar issuer: the body named just before the title (``国务院《…》``), if any.
    :ivar start: offset in the text where the citation starts (its issuer, its 《, or its 文号).
    :ivar end: offset just after it (after 》, or after the bracket closing its 文号).
    """

    title: str | None
    doc_number: str | None
    issuer: str | None = None
    start: int = 0
    end: int = 0


_TITLE = re.compile(r"《([^《》]+)》")
#: The number of a decree (令), which has no year: 国务院令第713号, 山东省人民政府令第346号.
_DECREE_NUMBER = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{0,15}令)第(?P<number>\d{1,5})号")

#: Words that introduce a citation and so are not part of an issuer's name or a 文号 prefix.
_LEAD_WORDS = tuple(
    sorted(
        (
            "贯彻落实",
            "认真贯彻",
            "严格按照",
            "根据",
            "依据",
            "依照",
            "按照",
            "遵照",
            "参照",
            "对照",
            "贯彻",
            "落实",
            "执行",
            "结合",
            "学习",
            "印发",
            "转发",
            "严格",
            "认真",
            "进一步",
            "现将",
            "以及",
        ),
        key=len,
        reverse=True,
    )
)
#: Single characters that join a list or introduce an object; stripped in front of an issuer only
#: (a 文号 prefix may start with them: 和政发 is 和政县's).
_LEAD_CHARS = "将把以和及与或并为在"

#: How an issuing body's name ends.
_ORG_END = re.compile(
    r"(?:国务院|中共中央|中央|党中央|人大|政协|政府|委员会|办公厅|办公室|部|委|院|厅|局|署|办|中心|总局|法院|"
    r"检察院|党委|省委|市委|区委|县委|常委会)$"
)
#: An alias inside the brackets after a citation: （以下简称《条例》）.
_ALIAS_BEFORE = ("简称", "以下称", "统称")


def find_citations(
    text: str,
    *,
    exclude_titles: Iterable[str] = (),
    exclude_doc_numbers: Iterable[str] = (),
) -> list[Citation]:
    """Find the documents *text* cites, in the order they are written.

    A 《title》 followed by its 文号 in brackets is one citation; a 文号 on its own is one; an
    alias (``以下简称《条例》``) is none. A 文号 standing alone on a line of a text of several lines
    is the document's own number in its header, not a citation.

    :param exclude_titles: titles that name the document itself (``现将《…工作要点》印发给你们``);
        compared as match keys, so spacing and variants do not matter.
    :param exclude_doc_numbers: the document's own 文号, dropped wherever it occurs.
    :returns: the citations, ordered by their start offset.

    >>> [(c.issuer, c.title, c.doc_number) for c in find_citations(
    ...     "根据国务院《重大行政决策程序暂行条例》《山东省重大行政决策程序规定》要求")]
    [('国务院', '重大行政决策程序暂行条例', None), (None, '山东省重大行政决策程序规定', None)]
    >>> [(c.title, c.doc_number) for c in find_citations("2．自然资源部《关于全面开展国土空间规划工作的通\\n知》（自然资发〔2019〕87\\n\\n号）;")]
    [('关于全面开展国土空间规划工作的通知', '自然资发〔2019〕87号')]
    >>> [c.doc_number for c in find_citations("按照国办函〔2021〕132号文件要求，于2023年12月底前完成")]
    ['国办函〔2021〕132号']
    >>> find_citations("现将《2023 年莱州市政务公开工作要点》印发给你们", exclude_titles=["2023年莱州市政务公开工作要点"])
    []
    """
    folded = fold(text)
    where = [i for i, ch in enumerate(folded) if not ch.isspace()]
    compact = "".join(folded[i] for i in where)
    if not compact:
        return []

    def original(a: int, b: int) -> str:
        """The original text of compact span [a, b), whitespace removed."""
        return _squeeze(text[where[a] : where[b - 1] + 1])

    def broken(a: int) -> bool:
        """True when a line break stands between compact characters a-1 and a."""
        return "\n" in text[where[a - 1] + 1 : where[a]]

    skip_titles = {key(t) for t in exclude_titles if t}
    skip_numbers = {key(n) for n in exclude_doc_numbers if n}

    titles = [m for m in _TITLE.finditer(compact) if not _is_alias(compact, m.start())]
    title_spans = [(m.start(), m.end()) for m in _TITLE.finditer(compact)]
    numbers: list[tuple[int, int]] = []
    for m in [*DOC_NUMBER.finditer(compact), *_DECREE_NUMBER.finditer(compact)]:
        if any(a <= m.start() < b for a, b in title_spans):
            continue  # a number inside a title belongs to the title
        start = _number_start(compact, m.start(), m.end("prefix"), broken)
        if start is not None:
            numbers.append((start, m.end()))
    numbers.sort()

    citations: list[Citation] = []
    used: set[tuple[int, int]] = set()
    for m in titles:
        title = original(m.start(1), m.end(1))
        end = m.end()
        number = _attached_number(compact, end, numbers)
        doc_number = None
        if number is not None:
            used.add(number)
            doc_number = original(*number)
            end = _close_bracket(compact, number[1]) if compact[m.end()] == "(" else number[1]
            if key(doc_number) in skip_numbers:
                doc_number = None
        if key(title) in skip_titles:
            continue
        issuer_start = _issuer_start(compact, m.start(), broken)
        issuer = original(issuer_start, m.start()) if issuer_start is not None else None
        start = issuer_start if issuer_start is not None else m.start()
        citations.append(Citation(title, doc_number, issuer, where[start], where[end - 1] + 1))

    several_lines = sum(1 for line in text.splitlines() if line.strip()) > 1
    for span in numbers:
        if span in used:
            continue
        doc_number = original(*span)
        if key(doc_number) in skip_numbers:
            continue
        a, b = where[span[0]], where[span[1] - 1] + 1
        if several_lines and _alone_on_line(text, a, b):
            continue  # the document's own number in its header
        citations.append(Citation(None, doc_number, None, a, b))
    citations.sort(key=lambda c: c.start)
    return citations


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_alias(compact: str, start: int) -> bool:
    return any(compact.endswith(word, 0, start) for word in _ALIAS_BEFORE)


def _strip_lead(text: str, *, chars: bool) -> str:
    """*text* without the words that introduce a citation.

    >>> _strip_lead("严格按照国务院", chars=True), _strip_lead("和政发", chars=False)
    ('国务院', '和政发')
    """
    changed = True
    while text and changed:
        changed = False
        for word in _LEAD_WORDS:
            if text.startswith(word):
                text, changed = text[len(word) :], True
                break
        else:
            if chars and text[0] in _LEAD_CHARS:
                text, changed = text[1:], True
    return text


def _number_start(compact: str, start: int, bracket: int, broken: Callable[[int], bool]) -> int | None:
    """Where a 文号's prefix really starts: after 的, a lead word, or (in prose) a line break."""
    if compact[start - 1 : start] == "(":
        return start  # （中发〔2019〕18号）: the bracket fixes the start
    prefix = compact[start:bracket]
    cut = prefix.rfind("的") + 1
    for k in range(bracket - 1, start + cut, -1):
        if broken(k):
            cut = k - start
            break
    rest = _strip_lead(prefix[cut:], chars=False)
    if not rest:
        return None
    return bracket - len(rest)


def _attached_number(compact: str, end: int, numbers: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The 文号 written right after a title, bare or in brackets."""
    for span in numbers:
        if span[0] == end or (span[0] == end + 1 and compact[end] == "("):
            return span
    return None


def _close_bracket(compact: str, pos: int) -> int:
    """Just after the ``)`` closing the bracket a 文号 stands in (within a short aside)."""
    close = compact.find(")", pos, pos + 60)
    opened = compact.find("(", pos, close) if close >= 0 else -1
    if close < 0 or opened >= 0:
        return pos
    return close + 1


def _issuer_start(compact: str, title_start: int, broken: Callable[[int], bool]) -> int | None:
    """Where the name of an issuing body written just before 《 starts, if one is."""
    k = title_start
    while k > 0 and is_cjk(compact[k - 1]) and title_start - k < 30:
        if k < title_start and broken(k):
            break  # the whole name stands on one line (it may end one, just before 《)
        k -= 1
    run = compact[k:title_start]
    if "的" in run:
        return None  # 国务院办公厅转发的《…》: the body transmitted it, it did not issue it
    name = _strip_lead(run, chars=True)
    if len(name) < 2 or not _ORG_END.search(name):
        return None
    return title_start - len(name)


def _alone_on_line(text: str, a: int, b: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return bool(DOC_NUMBER_LINE.match(fold(line)))
