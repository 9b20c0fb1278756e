"""Which document each document follows: its parent, its expected parent, its siblings.

A lower government adapts the document its parent government issued for the same year and
genre. The parent jurisdiction comes from the gazetteer; among the corpus documents of that
jurisdiction, year and genre, text similarity confirms the link and decides between several.
When the corpus lacks the parent, the expectation itself is recorded (jurisdiction, year, genre)
so an auditor can list the documents to collect. A parent stated by the user (``data/parents.yaml``
or a CLI option) wins over inference.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.link.align import similarity_of, term_frequencies
from kg.normalize import key
from kg.parse.jurisdiction import gazetteer, short_name
from kg.parse.records import Document, Jurisdiction
from kg.paths import DATA

#: A parent document must share at least this much text with its child to be confirmed.
CONFIRM = 0.15
PARENTS_FILE = DATA / "parents.yaml"

_GENRE_WORDS = {"workpoints": "", "decision-catalogue": "decisions"}


def short_id(doc: Document) -> str:
    """A short, readable name for a document: place in pinyin, genre, year (laiwu-2023).

    >>> from kg.parse.records import Document, Jurisdiction
    >>> d = Document(source="x", index=1, year=2023, genre="decision-catalogue")
    >>> d.jurisdiction = Jurisdiction("莱芜区", "370116", "county")
    >>> short_id(d)
    'laiwu-decisions-2023'
    """
    from pypinyin import lazy_pinyin

    place = "".join(lazy_pinyin(short_name(doc.jurisdiction.name))) if doc.jurisdiction else "unknown"
    genre = _GENRE_WORDS.get(doc.genre, doc.genre)
    parts = [re.sub(r"[^a-z0-9]", "", place.lower()) or "x", genre, str(doc.year or "")]
    return "-".join(p for p in parts if p)


def short_ids(documents: Sequence[Document]) -> list[str]:
    """Short ids for *documents*, made unique with -2, -3 … in the given order."""
    seen: dict[str, int] = {}
    out = []
    for doc in documents:
        base = short_id(doc)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


@dataclass
class Expected:
    """The parent a document should have: the parent area's document of the same year and genre."""

    jurisdiction: Jurisdiction
    year: int | None
    genre: str


@dataclass
class ParentLink:
    child: int
    parent: int
    score: float
    method: str  # "inferred" or "stated"


@dataclass
class Family:
    """The document-level relations found in a corpus (indices into its document list)."""

    parents: list[ParentLink] = field(default_factory=list)
    expected: dict[int, Expected] = field(default_factory=dict)
    missing: dict[int, Expected] = field(default_factory=dict)
    siblings: list[tuple[int, int, float]] = field(default_factory=list)

    def parent_of(self, child: int) -> ParentLink | None:
        return next((p for p in self.parents if p.child == child), None)


def expected_parent(doc: Document) -> Expected | None:
    """The jurisdiction, year and genre of the document *doc* should follow."""
    if doc.jurisdiction is None or not doc.jurisdiction.parent_code:
        return None
    parent = gazetteer().jurisdiction(doc.jurisdiction.parent_code)
    return Expected(parent, doc.year, doc.genre)


def _text(doc: Document) -> str:
    return "\n".join(i.text for i in doc.items) or doc.notice_text


def load_stated(path: Path = PARENTS_FILE) -> list[tuple[str, str]]:
    """Parent links stated by the user: ``- {child: 文号 or short id, parent: 文号 or short id}``."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise InputError(f"is not valid YAML ({exc.__class__.__name__})", path=path) from None
    if not isinstance(data, list) or not all(
        isinstance(d, dict) and "child" in d and "parent" in d for d in data
    ):
        raise InputError("must be a list of {child: …, parent: …} entries", path=path)
    return [(str(d["child"]), str(d["parent"])) for d in data]


def find_document(name: str, documents: Sequence[Document], *, genre: str | None = None) -> int:
    """The index of the document named by its 文号 or short id (or an unambiguous prefix of one).

    :param genre: when a name (a place) answers to several documents, prefer the one of this genre.
    :raises InputError: no document, or several, answer to *name*.
    """
    ids = short_ids(documents)
    k = key(name)
    exact = [
        i for i, d in enumerate(documents) if (d.doc_number and key(d.doc_number) == k) or ids[i] == name
    ]
    if len(exact) == 1:
        return exact[0]
    loose = [
        i
        for i, d in enumerate(documents)
        if ids[i].startswith(name)
        or (d.jurisdiction and key(d.jurisdiction.name).startswith(k))
        or (d.jurisdiction and short_name(d.jurisdiction.name) == name)
    ]
    if len(loose) == 1:
        return loose[0]
    if genre is not None:
        same = [i for i in (exact or loose) if documents[i].genre == genre]
        if len(same) == 1:
            return same[0]
    if not exact and not loose:
        raise InputError(f"no document is named {name!r} (use a 文号 or one of: {', '.join(ids)})")
    choices = [ids[i] for i in (exact or loose)]
    raise InputError(f"{name!r} names several documents: {', '.join(choices)}")


class _DocumentVectors:
    """Whole documents' term frequencies, the last few kept: each is megabytes (3,000
    documents' would fill 7 GB), and the documents that are compared one after another are
    neighbours (a parent and its children, siblings), so a small cache serves nearly every
    look-up."""

    def __init__(self, documents: Sequence[Document], size: int = 128) -> None:
        self.documents = documents
        self.size = size
        self.kept: OrderedDict[int, tuple[dict[str, float], float]] = OrderedDict()

    def __getitem__(self, i: int) -> tuple[dict[str, float], float]:
        found = self.kept.get(i)
        if found is not None:
            self.kept.move_to_end(i)
            return found
        found = term_frequencies(_text(self.documents[i]))
        self.kept[i] = found
        if len(self.kept) > self.size:
            self.kept.popitem(last=False)
        return found

    def similarity(self, i: int, j: int) -> float:
        return similarity_of(self[i], self[j])


def relate(documents: Sequence[Document], stated: Iterable[tuple[str, str]] = ()) -> Family:
    """Parents, expected parents and siblings of every document in *documents*."""
    family = Family()
    vectors = _DocumentVectors(documents)
    stated_children: set[int] = set()
    for child_name, parent_name in stated:
        child, parent = find_document(child_name, documents), find_document(parent_name, documents)
        family.parents.append(ParentLink(child, parent, vectors.similarity(child, parent), "stated"))
        stated_children.add(child)
    # Documents by (jurisdiction, year, genre): the candidate parents of a document are looked
    # up, not searched for, so relating n documents costs n look-ups rather than n² tests.
    by_key: dict[tuple[str, object, str], list[int]] = {}
    for j, other in enumerate(documents):
        if other.jurisdiction is not None:
            by_key.setdefault((other.jurisdiction.code, other.year, other.genre), []).append(j)
    for i, doc in enumerate(documents):
        expected = expected_parent(doc)
        if expected is None:
            continue
        family.expected[i] = expected
        if i in stated_children:
            continue
        candidates = [j for j in by_key.get((expected.jurisdiction.code, doc.year, doc.genre), []) if j != i]
        scored = sorted(((vectors.similarity(i, j), j) for j in candidates), reverse=True)
        if scored and scored[0][0] >= CONFIRM:
            family.parents.append(ParentLink(i, scored[0][1], scored[0][0], "inferred"))
        else:
            family.missing[i] = expected
    # Siblings (children of one jurisdiction, same year and genre) are compared only where the
    # corpus lacks their parent (with the parent present each is compared with it), and each
    # only with its most similar sibling: all pairs would grow with the square of a family's
    # size (31 provinces under an absent State Council document: 465 comparisons), nearest
    # siblings with its size. Two siblings are one pair either way (招远 ↔ 莱州).
    with_parent = {p.child for p in family.parents}
    families: dict[tuple[str, object, str], list[int]] = {}
    for i, doc in enumerate(documents):
        if i in with_parent or doc.jurisdiction is None or not doc.jurisdiction.parent_code:
            continue
        families.setdefault((doc.jurisdiction.parent_code, doc.year, doc.genre), []).append(i)
    pairs: dict[tuple[int, int], float] = {}
    codes = {i: doc.jurisdiction.code for i, doc in enumerate(documents) if doc.jurisdiction is not None}
    for members in families.values():
        for i in members:
            nearest = [(vectors.similarity(i, j), -j, j) for j in members if codes[j] != codes[i]]
            if nearest:
                score, _, j = max(nearest)
                pairs[(min(i, j), max(i, j))] = score
    family.siblings.extend((i, j, score) for (i, j), score in pairs.items())
    family.siblings.sort()
    family.parents.sort(key=lambda p: (p.child, p.parent))
    return family
