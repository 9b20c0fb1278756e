"""Text alignment: which child passages adapt which parent passages.

Passages (items, tasks, obligation statements) become TF-IDF vectors over character 2- and
3-grams of a comparison key in which the things a child always changes are neutralised: place
names (济南 → 莱芜) and level words (市 → 区). Candidates come from an inverted index over the
parent's n-grams, so a child passage is only ever scored against parent passages it shares an
informative n-gram with (n-grams found in more than half the passages carry no information and
are not indexed); the score is the cosine of the two vectors, computed through the postings.

Assignment keeps, for each child passage, its best parent when the score clears a floor, plus
any other parent that scores almost as well (a child item may merge two parent items), and only
pairs that are also among the parent's best few (mutual support), which is what keeps precision.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.normalize import key

METHOD = "char-2,3-gram TF-IDF cosine via inverted index"


@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[str, ...]]:
    """Every place name of the gazetteer (full and short forms, two characters or more), by
    first two characters, longest first."""
    from kg.parse.jurisdiction import gazetteer, short_name

    names = {u.name for u in gazetteer().units.values()} | {
        short_name(u.name) for u in gazetteer().units.values()
    }
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if len(name) >= 2:
            by_first[name[:2]].append(name)
    return {c: tuple(sorted(group, key=lambda n: (-len(n), n))) for c, group in by_first.items()}


def _without_places(text: str) -> str:
    """*text* without the place names in it, leftmost first and longest at each position (what
    a regular-expression alternation would remove, without its cost: thousands of names tried
    at every character)."""
    names = _place_names()
    out: list[str] = []
    i = 0
    while i < len(text):
        for name in names.get(text[i : i + 2], ()):
            if text.startswith(name, i):
                i += len(name)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_LEVEL = re.compile(r"[省市区县镇乡]")
_NOISE = re.compile(r"[\s，。、；：！？“”‘’《》（）()\[\]【】,.;:!?\"'0-9]")


@lru_cache(maxsize=1 << 16)
def comparison_key(text: str) -> str:
    """The text with places, level words, digits and punctuation removed, for comparing passages.

    >>> comparison_key("区政府年内邀请公众代表列席政府常务会不少于5次") == comparison_key("市级政府年内邀请公众代表列席政府常务会不少于10次")
    False
    >>> comparison_key("推动全区政务公开") == comparison_key("推动全市政务公开")
    True
    """
    k = key(text)
    k = _without_places(k)
    k = _LEVEL.sub("", k)
    return _NOISE.sub("", k)


@lru_cache(maxsize=1 << 14)
def ngrams(text: str) -> Counter[str]:
    """Character 2- and 3-grams of a comparison key (cached: callers must not change it)."""
    k = comparison_key(text)
    grams: Counter[str] = Counter(k[i : i + 2] for i in range(len(k) - 1))  # counted in C
    grams.update(k[i : i + 3] for i in range(len(k) - 2))
    return grams


@dataclass(frozen=True)
class Match:
    """A scored candidate pair: child passage index, parent passage index, cosine."""

    child: int
    parent: int
    score: float
    residual: bool = False


@lru_cache(maxsize=256)
def _idf_table(total: int) -> list[float]:
    """Smoothed IDF ``log((1 + total) / (1 + n)) + 1`` for every document frequency n ≤ total."""
    return [math.log((1 + total) / (1 + n)) + 1.0 for n in range(total + 1)]


class NgramIndex:
    """TF-IDF vectors of parent passages, reachable from their n-grams."""

    def __init__(self, parents: Sequence[str], children: Sequence[str] = (), *, max_df: float = 0.5) -> None:
        # each passage's sublinear term frequencies come from the per-text cache (_tf): one
        # passage is indexed again for every document that it is compared with
        parent_tf = [_tf(t)[0] for t in parents]
        child_tf = [_tf(t)[0] for t in children]
        df: Counter[str] = Counter()
        for weights in parent_tf:
            df.update(weights.keys())
        for weights in child_tf:
            df.update(weights.keys())
        total = max(1, len(parent_tf) + len(child_tf))
        table = _idf_table(total)
        self.idf = {term: table[n] for term, n in df.items()}
        self.stop = {term for term, n in df.items() if n > max_df * total and total >= 4}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        stop, postings = self.stop, self.postings
        for index, weights in enumerate(parent_tf):
            for term, weight in self._weighted(weights).items():
                if term not in stop:
                    postings[term].append((index, weight))
        self._child_tf = child_tf

    def _weighted(self, tf: dict[str, float]) -> dict[str, float]:
        """Unit-length TF-IDF vector of sublinear term frequencies *tf*."""
        idf = self.idf
        raw = {t: w * idf.get(t, 1.0) for t, w in tf.items()}
        norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
        return {t: w / norm for t, w in raw.items()}

    def vector(self, grams: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF vector (sublinear term frequency)."""
        return self._weighted({t: 1.0 + math.log(c) for t, c in grams.items()})

    def scores(self, grams: Counter[str]) -> dict[int, float]:
        """Cosine of a passage with every parent passage sharing an informative n-gram."""
        return self._scores(self.vector(grams))

    def _scores(self, vector: dict[str, float]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        postings = self.postings
        for term, weight in vector.items():
            found = postings.get(term)
            if found is None:
                continue
            for index, parent_weight in found:
                out[index] += weight * parent_weight
        return out

    def child_scores(self) -> list[dict[int, float]]:
        """:meth:`scores` of each child passage the index was built with."""
        return [self._scores(self._weighted(tf)) for tf in self._child_tf]


def align(
    children: Sequence[str],
    parents: Sequence[str],
    *,
    floor: float = 0.3,
    near: float = 0.9,
    mutual: int = 2,
    residual: float = 0.05,
) -> list[Match]:
    """Pairs (child, parent) of passages that adapt one another, best first per child.

    :param floor: minimum cosine for a pair.
    :param near: a second parent is kept when it scores at least ``near`` × the best.
    :param mutual: the pair must also rank among the parent's best ``mutual`` children.
    :param residual: floor of the second pass, which pairs leftover passages that are each
        other's best match; such matches are flagged ``residual`` (lower confidence).
    """
    if not children or not parents:
        return []
    index = NgramIndex(parents, children)
    table = index.child_scores()
    # For each parent, the (score, child) it received, best first: the mutual-support test and
    # the rivals of the second pass read these lists, never the whole table.
    by_parent: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for child, row in enumerate(table):
        for parent, score in row.items():
            by_parent[parent].append((score, child))
    for received in by_parent.values():
        received.sort(key=lambda sc: (-sc[0], sc[1]))
    matches: list[Match] = []
    for child, row in enumerate(table):
        if not row:
            continue
        best = max(row.values())
        if best < floor:
            continue
        for parent, score in sorted(row.items(), key=lambda kv: (-kv[1], kv[0])):
            if score < max(floor, near * best):
                break
            rank_cut = by_parent[parent][min(mutual, len(by_parent[parent])) - 1][0]
            if score >= rank_cut:
                matches.append(Match(child, parent, round(score, 4)))
    # Second pass: a child and a parent that nothing else claimed, and that are each other's best
    # match, are a heavy rewording of one another (莱芜 强化指导培训 ↔ 济南 开展业务培训).
    taken_children = {m.child for m in matches}
    taken_parents = {m.parent for m in matches}
    for child, row in enumerate(table):
        if child in taken_children or not row:
            continue
        parent, score = max(row.items(), key=lambda kv: (kv[1], -kv[0]))
        if parent in taken_parents or score < residual:
            continue
        rival = next((r for r, c in by_parent[parent] if c not in taken_children and c != child), 0.0)
        if score > rival:
            matches.append(Match(child, parent, round(score, 4), residual=True))
            taken_children.add(child)
            taken_parents.add(parent)
    return matches


def similarity(a: str, b: str) -> float:
    """Cosine of two whole texts (for deciding between candidate parent documents).

    The TF-IDF cosine of the two texts as a corpus of two (what ``NgramIndex([b], [a],
    max_df=1.0)`` scores), in closed form: an n-gram of both texts has the weight
    ``idf2 = 1``, one of a single text ``idf1 = 1 + log 1.5``, so each norm is a sum over the
    text's own n-grams split by whether the other text has them, and the dot product runs over
    the shared n-grams only. Each text's sublinear term frequencies are computed once (cached),
    which makes comparing one document with many candidates cheap.

    >>> similarity("推动全市政务公开工作", "推动全区政务公开工作")
    1.0
    >>> similarity("推动政务公开", "加强培训")
    0.0
    """
    return similarity_of(_tf(a), _tf(b))


def similarity_of(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    """:func:`similarity` from the two texts' term frequencies (:func:`term_frequencies`)."""
    (ta, sa), (tb, sb) = a, b
    if not ta or not tb:
        return 0.0
    if len(ta) > len(tb):
        (ta, sa), (tb, sb) = (tb, sb), (ta, sa)
    idf1 = math.log(3 / 2) + 1.0
    dot = shared_a = shared_b = 0.0
    for term, wa in ta.items():
        wb = tb.get(term)
        if wb is not None:
            dot += wa * wb
            shared_a += wa * wa
            shared_b += wb * wb
    norm_a = math.sqrt(shared_a + idf1 * idf1 * (sa - shared_a)) or 1.0
    norm_b = math.sqrt(shared_b + idf1 * idf1 * (sb - shared_b)) or 1.0
    return round(dot / (norm_a * norm_b), 4)


@lru_cache(maxsize=1 << 14)
def _tf(text: str) -> tuple[dict[str, float], float]:
    """:func:`term_frequencies`, cached: a passage is compared with each of its candidates."""
    return term_frequencies(text, ngrams(text))


def term_frequencies(text: str, grams: Counter[str] | None = None) -> tuple[dict[str, float], float]:
    """``1 + log(count)`` of each n-gram of *text*, and the sum of their squares. Not cached
    (a whole document's are megabytes: callers keep the few they reuse)."""
    if grams is None:
        grams = ngrams.__wrapped__(text)
    weights = {t: 1.0 + math.log(c) for t, c in grams.items()}
    return weights, sum(w * w for w in weights.values())


def best_pairs(pairs: Iterable[Match]) -> dict[int, Match]:
    """The best match of each child."""
    out: dict[int, Match] = {}
    for m in pairs:
        if m.child not in out or m.score > out[m.child].score:
            out[m.child] = m
    return out


def clear_caches() -> None:
    """Forget the comparison keys, n-grams and term frequencies kept for speed (a national
    corpus leaves hundreds of megabytes of them once linking is done)."""
    comparison_key.cache_clear()
    ngrams.cache_clear()
    _tf.cache_clear()
