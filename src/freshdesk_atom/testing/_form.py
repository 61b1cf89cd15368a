"""Turn multipart form fields into the body a JSON request would have sent (docs/freshdesk-api-notes.md#attachments).

In a multipart request every field is text: ``priority=2``, ``tags[]=a`` and
``tags[]=b``, ``custom_fields[cf_vip]=true``. Each endpoint names the type of
its fields (a :data:`FormSchema`), and custom fields take the type of the
account's field, so the converted body goes through exactly the checks a
JSON body goes through, and a value that does not fit its type stays text
and gets the same 400 as the same text sent in JSON.

Conversions:

* ``integer``: an optional ``-`` and digits become an int; an empty value is
  ``null``.
* ``boolean``: ``true`` and ``false`` become booleans; an empty value is ``null``.
* ``strings``: the repeated ``name[]`` parts become a list of strings.
* ``object``: ``name[key]`` parts become an object; its values take the
  types of the account's custom fields (number, decimal, checkbox), and an
  empty value is ``null`` unless the field holds text.
* anything else (``string``, and names the endpoint does not know): text.

File parts named ``attachments[]`` become a list of :class:`FormPart` under
``attachments``; a file under any other name is kept as a :class:`FormPart`
value, which no check accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final, Literal

from ._custom_fields import CustomField
from ._multipart import FormPart

__all__ = ["ATTACHMENTS", "FieldKind", "FormSchema", "form_body", "form_value", "split_name"]

FieldKind = Literal["string", "integer", "boolean", "strings", "object"]
FormSchema = Mapping[str, FieldKind]

ATTACHMENTS: Final = "attachments"
"""The field of uploaded files: parts named ``attachments[]`` (docs/freshdesk-api-notes.md#attachments)."""

_NAME_RE: Final = re.compile(r"([^\[\]]+)(?:\[([^\[\]]*)\])?(\[\])?")
_INT_RE: Final = re.compile(r"-?[0-9]+")
_DECIMAL_RE: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_CUSTOM_KINDS: Final[Mapping[str, FieldKind]] = {"number": "integer", "checkbox": "boolean"}


def split_name(name: str) -> tuple[str, str | None, bool] | None:
    """Return ``(base, key, is_list)`` of a form field name, or ``None`` for another shape.

    ``tags`` → ``("tags", None, False)``; ``tags[]`` → ``("tags", None, True)``;
    ``custom_fields[cf_x]`` → ``("custom_fields", "cf_x", False)``;
    ``custom_fields[cf_x][]`` → ``("custom_fields", "cf_x", True)``.
    """
    found = _NAME_RE.fullmatch(name)
    if found is None:
        return None
    base, key, listed = found.groups()
    if key == "":  # ``name[]``; ``name[][]`` is no field
        return None if listed is not None else (base, None, True)
    return base, key, listed is not None


def form_value(text: str, kind: FieldKind | Literal["decimal"]) -> Any:
    """Return *text* converted to *kind*, or *text* itself when it does not fit (see the module)."""
    if kind in ("integer", "boolean", "decimal") and text == "":
        return None
    if kind == "integer" and _INT_RE.fullmatch(text):
        return int(text)
    if kind == "decimal" and _DECIMAL_RE.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def _custom_value(text: str, spec: CustomField | None) -> Any:
    if spec is None:
        return text
    if spec.kind == "decimal":
        return form_value(text, "decimal")
    kind = _CUSTOM_KINDS.get(spec.kind)
    return text if kind is None else form_value(text, kind)


def _value(part: FormPart) -> Any:
    return part if part.is_file else part.text()


def form_body(
    parts: Iterable[FormPart], schema: FormSchema, custom: Mapping[str, CustomField]
) -> dict[str, Any]:
    """Return the JSON-like body the form *parts* stand for (see the module docstring).

    *schema* names the endpoint's typed fields; *custom* is the account's
    custom fields, which type the ``object`` fields' values.
    """
    body: dict[str, Any] = {}
    for part in parts:
        shape = split_name(part.name)
        if shape is None:
            body[part.name] = _value(part)  # no field has this shape: invalid_field
            continue
        base, key, listed = shape
        kind = schema.get(base, "string")
        if base == ATTACHMENTS and key is None and listed:
            body.setdefault(ATTACHMENTS, []).append(_value(part))
        elif key is not None:
            target = body.get(base)
            if not isinstance(target, dict):
                target = body[base] = {}
            value = _value(part)
            if isinstance(value, str) and kind == "object":
                value = _custom_value(value, custom.get(key))
            if listed:
                items = target.get(key)
                target[key] = [*items, value] if isinstance(items, list) else [value]
            else:
                target[key] = value
        elif listed:
            items = body.get(base)
            value = _value(part)
            if isinstance(value, str) and kind in ("integer", "boolean"):
                value = form_value(value, kind)
            body[base] = [*items, value] if isinstance(items, list) else [value]
        else:
            value = _value(part)
            if isinstance(value, str) and kind in ("integer", "boolean"):
                value = form_value(value, kind)
            body[base] = value
    return body
