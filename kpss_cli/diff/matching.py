"""Matching entities across the two sides: by ``continues``, equal id or a similar title."""

from __future__ import annotations

import contextlib
import contextvars
import difflib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# Title similarity (difflib ratio of case-folded titles): an equal id needs at least SIMILAR to
# count as the same entity across periods; without an equal id, PROBABLE makes a probable match.
SIMILAR = 0.5
PROBABLE = 0.75
# A title inside the other one (at least this long) is as good as a probable match.
CONTAINED_MIN = 15
# Title matching compares every unmatched old entity with every unmatched new one; past this many
# pairs (a whole plan rewritten) it is skipped rather than made slow.
MAX_TITLE_PAIRS = 250_000
# Similarity reads at most this many characters of a title: difflib is quadratic in the length,
# and a 10 MB "title" must not take minutes (docs/security.md).
MAX_TITLE_CHARS = 300
# The whole title matching of one diff compares at most this many character pairs (the product
# of the two lengths, summed over the pairs compared); past it, probable matches are not computed
# and the diff says so.
MAX_MATCH_WORK = 60_000_000


@dataclass
class MatchBudget:
    """What title matching may still spend in one diff, and whether it had to stop."""

    left: int = MAX_MATCH_WORK
    skipped: bool = False


_BUDGET: contextvars.ContextVar[MatchBudget | None] = contextvars.ContextVar("kpss_match_budget", default=None)


@contextlib.contextmanager
def match_budget() -> Iterator[MatchBudget]:
    """One budget for every title comparison made inside the ``with`` block (one diff)."""
    budget = MatchBudget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _skip() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.skipped = True


def _spend(cost: int) -> bool:
    """Take ``cost`` from the budget; False (and the diff marked) when it is used up."""
    budget = _BUDGET.get()
    if budget is None:
        budget = MatchBudget()  # outside a diff (a direct call): a budget of its own
        _BUDGET.set(budget)
    if budget.left < cost:
        budget.skipped = True
        return False
    budget.left -= cost
    return True



T = TypeVar("T")


@dataclass
class Pair(Generic[T]):
    """An old entity and the new one it became; one side None for added or removed entities."""

    old: T | None
    new: T | None
    match: str | None = None


def _fold(text: str) -> str:
    return " ".join(text[: MAX_TITLE_CHARS * 2].casefold().split())[:MAX_TITLE_CHARS]


def similarity(a: str, b: str) -> float:
    """How alike two titles are, 0–1 (difflib ratio of the case-folded texts)."""
    a, b = _fold(a), _fold(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _similar_enough(a: str, b: str, threshold: float) -> float:
    a, b = _fold(a), _fold(b)
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= CONTAINED_MIN and shorter in longer:
        # A title shortened or extended ("Podpora pečujících osob – odlehčovací služby …" ->
        # "Podpora pečujících osob") keeps its entity, however much the ratio drops.
        return max(threshold, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else 0.0


def match_entities(
    old: Sequence[T],
    new: Sequence[T],
    ident: Callable[[T], str],
    title: Callable[[T], str],
    *,
    old_key: Callable[[T], str | None] | None = None,
    new_key: Callable[[T], str | None] | None = None,
    translate: Callable[[str], str] = lambda ident: ident,
    any_title: bool = True,
) -> list[Pair[T]]:
    """Pair old and new entities: by ``continues`` keys, equal id with a similar title, title
    similarity (probable), and — when ``any_title`` (revisions) — equal id whatever the title.

    ``old_key``/``new_key`` give the continuation key of an entity (equal keys are the same
    entity); ``translate`` maps an old id into the new numbering before ids are compared.
    Returns the new entities in order (matched or added), then the removed old ones.
    """
    partner: dict[int, tuple[int, str]] = {}  # new index -> (old index, match)
    taken: set[int] = set()

    def pair(ni: int, oi: int, how: str) -> None:
        partner[ni] = (oi, how)
        taken.add(oi)

    if old_key is not None and new_key is not None:
        olds: dict[str, list[int]] = {}
        for oi, o in enumerate(old):
            key = old_key(o)
            if key is not None:
                olds.setdefault(key, []).append(oi)
        news: dict[str, list[int]] = {}
        for ni, n in enumerate(new):
            key = new_key(n)
            if key is not None:
                news.setdefault(key, []).append(ni)
        for key, nis in news.items():
            ois = olds.get(key, [])
            if len(nis) == 1 and len(ois) == 1:
                pair(nis[0], ois[0], "continues")

    def by_id(require_title: bool) -> None:
        olds: dict[str, list[int]] = {}
        for oi, o in enumerate(old):
            if oi not in taken:
                olds.setdefault(translate(ident(o)), []).append(oi)
        for ni, n in enumerate(new):
            if ni in partner:
                continue
            for oi in olds.get(ident(n), []):
                if oi in taken:
                    continue
                if require_title and similarity(title(old[oi]), title(n)) < SIMILAR:
                    continue
                pair(ni, oi, "id")
                break

    by_id(True)
    free_old = [oi for oi in range(len(old)) if oi not in taken]
    free_new = [ni for ni in range(len(new)) if ni not in partner]
    if free_old and free_new and len(free_old) * len(free_new) > MAX_TITLE_PAIRS:
        _skip()  # a whole plan rewritten: probable matches are not computed, and the diff says so
    elif free_old and free_new:
        scored = []
        old_titles = {oi: title(old[oi]) for oi in free_old}
        old_sizes = {oi: len(_fold(text)) for oi, text in old_titles.items()}
        for ni in free_new:
            new_title = title(new[ni])
            size = len(_fold(new_title))
            if not _spend(size * sum(old_sizes.values())):
                scored = []  # all or nothing: a half-computed matching would depend on the order
                break
            for oi in free_old:
                score = _similar_enough(old_titles[oi], new_title, PROBABLE)
                if score:
                    scored.append((-score, ni, oi))
        for _, ni, oi in sorted(scored):
            if ni not in partner and oi not in taken:
                pair(ni, oi, "title")
    if any_title:
        by_id(False)

    pairs: list[Pair[T]] = []
    for ni, n in enumerate(new):
        if ni in partner:
            oi, how = partner[ni]
            pairs.append(Pair(old[oi], n, how))
        else:
            pairs.append(Pair(None, n, None))
    pairs.extend(Pair(o, None, None) for oi, o in enumerate(old) if oi not in taken)
    return pairs


def prefix_translator(old_id: str | None, new_id: str | None) -> Callable[[str], str]:
    """Renumber the ids of a measure's indicators and activities with it ("1.3.a" -> "1.2.a")."""
    if not old_id or not new_id or old_id == new_id:
        return lambda ident: ident

    def translate(ident: str) -> str:
        if ident.startswith(old_id) and ident[len(old_id) : len(old_id) + 1] in (".", "-", "_"):
            return new_id + ident[len(old_id) :]
        return ident

    return translate
