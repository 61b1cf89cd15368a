"""Generated unstructuring functions for the production converter's attrs models.

``converter.unstructure(record)`` is what the export and the mirror write for every
record. cattrs' generated function calls a hook per optional or collection field
(a ``Union`` dispatch on the runtime type, a generic sequence walk), about 17 us per
``Ticket``; the functions generated here read each slot and convert inline what
needs converting, about a fifth of that (``benchmarks/run.py`` prints the export
figures).

Per field of the class, in field order (the keys of cattrs' result, in its order):

* ``str``/``int``/``float``/``bool``, optional or not: the value itself, when it is
  ``None`` or of exactly that type;
* ``datetime``: the converter's ``datetime`` hook, ``None`` kept;
* ``tuple[scalar, ...]``: a ``list`` of the items, when they are all of exactly the
  item type;
* ``dict[str, JSONValue]``: a ``dict`` copy, when every value is a JSON scalar;
* anything else (nested models, other collections and unions), and any value the
  inline checks do not accept: the converter's own hook for the field's type.

So the result equals cattrs' (``tests/models/test_unstructure.py`` compares them on
every recorded response and every page of a generated account). Classes with
anything the plain field order would not reproduce (aliases, fields excluded from
``__init__``), parametrised generics and classes that contain themselves get
``None``: the caller keeps cattrs' function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import cattrs
from cattrs.dispatch import UnstructureHook

from ._structure import (
    JSON_LEAVES,
    SCALARS,
    define,
    is_json_object,
    optional_inner,
    scalar_tuple_item,
)

__all__ = ["make_unstructure_fn"]

_generating: set[type[Any]] = set()  # classes whose function is being generated


def make_unstructure_fn(
    cl: type[Any], conv: cattrs.Converter, *, json_value: Callable[[Any], bool]
) -> UnstructureHook | None:
    """Generate the unstructuring function of the attrs class ``cl`` for ``conv``.

    Args:
        cl: the attrs class.
        conv: the converter whose hooks convert everything the inline checks do not.
        json_value: recognises the ``JSONValue`` type, whose ``dict[str, ...]``
            fields get the inline check.

    Returns:
        The hook, or ``None`` when ``cl`` is not a plain attrs class (or contains
        itself): the caller keeps cattrs' function for it.
    """
    if not isinstance(cl, type) or cl in _generating:
        # A parametrised generic (``Page[Ticket]``), or a class that contains itself,
        # met again while its own function is being generated.
        return None
    fields = attrs.fields(cl)
    if any(not a.init or a.alias != a.name or a.type is None for a in fields):
        return None
    attrs.resolve_types(cl)
    _generating.add(cl)
    try:
        return _generate(cl, fields, conv, json_value)
    finally:
        _generating.discard(cl)


def _generate(
    cl: type[Any],
    fields: tuple[attrs.Attribute[Any], ...],
    conv: cattrs.Converter,
    json_value: Callable[[Any], bool],
) -> UnstructureHook:
    names: dict[str, Any] = {"_JSON_LEAVES": JSON_LEAVES, "datetime": datetime}
    body: list[str] = []
    for a in fields:
        inner = optional_inner(a.type)
        base = a.type if inner is None else inner
        v, h = f"v_{a.name}", f"_h_{a.name}"
        names[h] = conv.get_unstructure_hook(a.type)
        body.append(f"{v} = o.{a.name}")
        other = f"elif {v} is not None:" if inner is not None else "else:"
        if base in SCALARS:
            none = f"{v} is not None and " if inner is not None else ""
            body.append(f"if {none}type({v}) is not {base.__name__}: {v} = {h}({v})")
        elif base is datetime:
            names[f"_d_{a.name}"] = conv.get_unstructure_hook(datetime)
            keep = f"if {v} is not None: " if inner is not None else ""
            body.append(f"{keep}{v} = _d_{a.name}({v}) if type({v}) is datetime else {h}({v})")
        elif (item := scalar_tuple_item(base)) is not None:
            test = f"type(_i) is not {item.__name__}"
            body += _copy_if_plain(v, h, "tuple", f"for _i in {v}:", test, "list", other)
        elif is_json_object(base, json_value):
            test = "type(_i) not in _JSON_LEAVES"
            body += _copy_if_plain(v, h, "dict", f"for _i in {v}.values():", test, "dict", other)
        else:
            body.append(f"{v} = {h}({v})")
    body.append("return {" + ", ".join(f"{a.name!r}: v_{a.name}" for a in fields) + "}")
    lines = [f"def unstructure_{cl.__name__}(o):", *(f"    {line}" for line in body)]
    fn: UnstructureHook = define("unstructure", cl, lines, names)
    return fn


def _copy_if_plain(
    v: str, h: str, kind: str, loop: str, test: str, copy: str, other: str
) -> list[str]:
    """Lines copying ``v`` (a ``kind``) with ``copy`` if no item fails ``test``, else the hook."""
    return [
        f"if type({v}) is {kind}:",
        f"    {loop}",
        f"        if {test}:",
        f"            {v} = {h}({v})",
        "            break",
        "    else:",
        f"        {v} = {copy}({v})",
        other,
        f"    {v} = {h}({v})",
    ]
