"""Random draws of the generated account: one item of a sequence, a weighted choice."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

__all__ = ["Weighted", "pick"]

_T = TypeVar("_T")


def pick(rng: random.Random, items: Sequence[_T]) -> _T:
    """Return one of *items*, each equally likely."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[_T]):
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, items: Sequence[_T], weights: Sequence[int]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> _T:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]
