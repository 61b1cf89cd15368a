"""One deadline for a whole walk: each request of a paginator or bulk helper gets what is left."""

from __future__ import annotations

import time
from collections.abc import Callable

import attrs

from .._exceptions import APITimeoutError
from .._types import RequestOptions

__all__ = ["JobDeadline"]


class JobDeadline:
    """The options of each request of one walk.

    ``RequestOptions(deadline=...)`` given to a paginator, ``iter_all()`` or
    another helper that sends many requests bounds the whole walk: each
    request gets the time left, and none starts once it is spent. Without a
    ``deadline`` there, each request keeps the client's own.
    """

    def __init__(
        self,
        options: RequestOptions | None,
        *,
        method: str,
        path: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._options = options
        self._method, self._path = method, path
        self._clock = clock
        self._deadline: float | None = None
        self._end: float | None = None
        if options is not None and isinstance(options.deadline, int | float):
            self._deadline = float(options.deadline)
            self._end = clock() + self._deadline

    def options(self) -> RequestOptions | None:
        """Return the options of the next request.

        Raises:
            APITimeoutError: the walk's deadline has passed (nothing is sent).
        """
        if self._end is None:
            return self._options
        left = self._end - self._clock()
        if left <= 0:
            raise APITimeoutError(
                f"the deadline of {self._deadline:g}s for this walk passed before its next "
                f"request [{self._method} {self._path}]",
                method=self._method,
                path=self._path,
                request_sent=False,
            )
        base = self._options if self._options is not None else RequestOptions()
        return attrs.evolve(base, deadline=left)
