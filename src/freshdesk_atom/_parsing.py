"""Turn successful responses into models and pages (pure: no I/O)."""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

import attrs
import httpx
from cattrs import BaseValidationError

from ._converter import converter, describe_error
from ._core.pagination import current_page, next_link_page, search_has_next
from ._core.request import RequestSpec
from ._core.search_windows import is_truncated
from ._exceptions import ResponseValidationError
from ._response import ResponseMeta

__all__ = [
    "ParsedPage",
    "parse_list_page",
    "parse_model",
    "parse_search_page",
    "parse_search_total",
]

T = TypeVar("T")


def _invalid(
    spec: RequestSpec, response: httpx.Response, why: str, body: object
) -> ResponseValidationError:
    return ResponseValidationError(
        f"{response.status_code} response did not fit the expected shape ({why}) "
        f"[{spec.method} {spec.path}]",
        method=spec.method,
        path=spec.path,
        status_code=response.status_code,
        body=body,
    )


def _json(spec: RequestSpec, response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        # ValueError covers bad UTF-8 too; RecursionError, JSON nested too deep to decode.
        raise _invalid(spec, response, "body is not JSON", None) from exc


def _structure(spec: RequestSpec, response: httpx.Response, data: Any, cl: Any) -> Any:
    try:
        return converter.structure(data, cl)
    except (BaseValidationError, ValueError, TypeError, KeyError) as exc:
        raise _invalid(spec, response, describe_error(exc), data) from exc


def _structure_items(
    spec: RequestSpec, response: httpx.Response, records: list[Any], item: type[T]
) -> tuple[T, ...]:
    """Structure a page's decoded records into models, naming the record that does not fit."""
    hook = converter.get_structure_hook(item)
    models: list[T] = []
    for index, record in enumerate(records):
        try:
            models.append(hook(record, item))
        except (BaseValidationError, ValueError, TypeError, KeyError) as exc:
            why = f"item {index}: {describe_error(exc)}"
            raise _invalid(spec, response, why, records) from exc
    return tuple(models)


def parse_model(spec: RequestSpec, response: httpx.Response, cl: type[T]) -> T:
    """Return the body of *response* structured as *cl* (``None`` for a 204).

    Raises:
        ResponseValidationError: the body is not JSON or does not fit *cl*.
    """
    if cl is type(None):
        return None
    result: T = _structure(spec, response, _json(spec, response), cl)
    return result


@attrs.frozen(kw_only=True)
class ParsedPage(Generic[T]):
    """What one page's response says: its records and where it stands (the paginators wrap it)."""

    items: tuple[T, ...]
    page: int
    total: int | None = None
    has_next: bool = False
    truncated: bool = False
    meta: ResponseMeta


def parse_list_page(spec: RequestSpec, response: httpx.Response, item: type[T]) -> ParsedPage[T]:
    """Return the page a list response holds; the ``Link`` header says whether another follows."""
    data = _json(spec, response)
    if not isinstance(data, list):
        raise _invalid(spec, response, "expected a JSON array", data)
    return ParsedPage(
        items=_structure_items(spec, response, data, item),
        page=current_page(spec),
        has_next=next_link_page(response.headers.get("link")) is not None,
        meta=ResponseMeta.from_response(response),
    )


def parse_search_page(spec: RequestSpec, response: httpx.Response, item: type[T]) -> ParsedPage[T]:
    """Return the page a search response (``{"results": [...], "total": N}``) holds."""
    data = _json(spec, response)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise _invalid(spec, response, 'expected {"results": [...], "total": N}', data)
    total = data.get("total")
    if not isinstance(total, int) or isinstance(total, bool):
        total = None
    items = _structure_items(spec, response, data["results"], item)
    page = current_page(spec)
    return ParsedPage(
        items=items,
        page=page,
        total=total,
        has_next=search_has_next(page, total=total, item_count=len(items)),
        truncated=is_truncated(total),
        meta=ResponseMeta.from_response(response),
    )


def parse_search_total(spec: RequestSpec, response: httpx.Response) -> int:
    """Return the ``total`` of a search response: every match, not capped at 300.

    Raises:
        ResponseValidationError: the body is not ``{"results": [...], "total": N}``.
    """
    data = _json(spec, response)
    total = data.get("total") if isinstance(data, dict) else None
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise _invalid(spec, response, 'expected {"results": [...], "total": N}', data)
    return total
