"""``with_raw_response``: call a resource method and get the ``APIResponse`` instead."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

import attrs

from .._response import APIResponse
from .._types import RequestOptions
from ._pagination import AsyncPage, AsyncPaginator

__all__ = ["RawRequestOptions", "to_raw_list_wrapper", "to_raw_response_wrapper"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


@attrs.frozen(kw_only=True)
class RawRequestOptions(RequestOptions):
    """Request options that also ask the resource for the raw ``APIResponse``."""


def to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    """Wrap a resource method so that it returns ``APIResponse[R]`` with the same parameters."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        given = cast(dict[str, Any], kwargs)
        options = given.get("options")
        given["options"] = (
            RawRequestOptions(**attrs.asdict(options, recurse=False))
            if options
            else RawRequestOptions()
        )
        return cast(APIResponse[R], await func(*args, **kwargs))

    return wrapped


def to_raw_list_wrapper(
    func: Callable[P, AsyncPaginator[T]],
) -> Callable[P, Awaitable[APIResponse[AsyncPage[T]]]]:
    """Wrap a ``list()`` so that it fetches the first page and returns it raw (``parse()`` gives the page)."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[AsyncPage[T]]:
        return await func(*args, **kwargs).first_page_response()

    return wrapped
