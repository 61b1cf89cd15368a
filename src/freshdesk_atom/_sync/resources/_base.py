# Generated from src/freshdesk_atom/_async/resources/_base.py by scripts/unasync.py; do not edit.
"""What every sync resource shares: sending one request and paginating a list."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, TypeVar, cast

from ..._core.request import RequestSpec
from ..._parsing import parse_list_page, parse_model
from ..._response import APIResponse
from ..._types import RequestOptions
from .._pagination import Paginator
from .._raw import RawRequestOptions

if TYPE_CHECKING:
    from .._client import Freshdesk

__all__ = ["APIResource"]

T = TypeVar("T")


class APIResource:
    """Base of the sync resources; holds the client whose config and transport it uses."""

    def __init__(self, client: Freshdesk) -> None:
        self._client = client

    def _request(self, spec: RequestSpec, cast_to: type[T], options: RequestOptions | None) -> T:
        response = self._client._transport.request(spec, self._client._config, options)
        parser = partial(parse_model, spec, cl=cast_to)
        if isinstance(options, RawRequestOptions):
            # The raw view's wrapper types this as APIResponse[T].
            return cast(T, APIResponse(response, parser))
        return parser(response)

    def _paginate(
        self,
        spec: RequestSpec,
        item: type[T],
        options: RequestOptions | None,
        *,
        max_items: int | None = None,
        max_pages: int | None = None,
    ) -> Paginator[T]:
        return Paginator(
            self._client,
            spec,
            partial(parse_list_page, item=item),
            options=options,
            max_items=max_items,
            max_pages=max_pages,
        )
