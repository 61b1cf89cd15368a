"""Generated structuring functions for the production converter's attrs models.

Why this exists: once the transport was lean, structuring was the SDK's dominant cost
per page. A page of 100 tickets from the fake (``FakeFreshdesk.generate(tickets=500,
contacts=50, seed=1)``) takes about 0.95 ms to ``json.loads`` on a 2-core AMD EPYC
(Python 3.11.7, cattrs 26.2.1, attrs 26.1.0, a shared and noisy machine), and took
2.0-2.7 ms more to structure through cattrs' generated functions (median; best run
1.42 ms): a hook call per field, a dict of keyword arguments, then the frozen attrs
``__init__``, which sets each of the 41 slots through ``object.__setattr__`` (about 5 us
per ``Ticket`` on its own). The functions generated here take 0.6-0.8 ms (best run
0.42 ms), about 3.4 times less; 49 contacts go from 0.75-0.9 ms to 0.21-0.25 ms.
``benchmarks/run.py`` prints these figures ("Structuring one decoded page into models").

What a generated function does, per field of the class:

* reads the key with ``dict.get`` (or ``[]`` when required) and checks the common
  case inline: a ``str``/``int``/``float``/``bool`` of exactly that type, ``None`` for
  an optional field, a timestamp that ``datetime.fromisoformat`` parses as UTC, a list
  of scalars of exactly the item type, a ``dict[str, JSONValue]`` whose values are
  JSON scalars; any other value goes to the converter's own hook for the field (so
  ``phone: 5551234`` still becomes ``"5551234"``, a ``+05:30`` offset is still
  normalised to UTC);
* nested models, other collections and unions go to the converter's hook;
* once a payload is built, a second function is generated for its keys in their
  order (``_learn_shape``): Freshdesk sends every record of an endpoint with the same
  keys, so the next payloads whose ``tuple(payload)`` is the same take their values in
  one unpacking of ``payload.values()`` instead of a lookup per field, and their
  missing fields get their defaults without a lookup. On a page of 100 tickets that
  is about 0.1 ms less (0.70 to 0.60 ms, median of 1,500 paired runs on freshly
  decoded pages);
* the instance is built without the frozen ``__init__``: its slots are stored on an
  instance of a private, layout-identical subclass that does not forbid
  ``__setattr__`` and the instance's ``__class__`` is then set to the model (what
  CPython allows between a class and a subclass that adds no slots). The result is
  a plain instance of the model, equal to ``cl(**fields)``; models keep their
  behaviour (frozen, slots, kw_only). It takes about 0.8 us per ``Ticket`` where
  ``Ticket(**fields)`` takes 5 us. The private subclass (``_BuildingTicket``) is
  visible only in ``Ticket.__subclasses__()``. Where the swap does not work (another
  interpreter) the class is called with keyword arguments instead.

Correctness rule: the fast path may only *accept* a value when the converter's hook
would return that same value. Whenever it raises anything (a value of another type, a
missing required key, a payload that is not a ``dict``), the whole object is handed to
``explain``, the reference path (cattrs' generated function with detailed validation),
which either raises the detailed ``cattrs`` error or returns the reference result.

Classes this cannot build faithfully (validators, converters, ``__attrs_post_init__``,
custom ``__init__``, aliases, no ``__slots__``, extra slots) get ``None``: the caller
keeps cattrs' function for them.
"""

from __future__ import annotations

import itertools
import linecache
import threading
import types
import typing
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs
import cattrs
from cattrs.dispatch import StructureHook

__all__ = ["make_structure_fn"]

SCALARS: Final = (str, int, float, bool)
JSON_LEAVES: Final = frozenset({str, int, float, bool, type(None)})
_MISSING: Final = object()
# Key orders learnt per class (see _learn_shape); other payloads take the general function.
MAX_SHAPES: Final = 8
_counter = itertools.count()
_builders: dict[type[Any], type[Any] | None] = {}  # one per model, shared by converters
_generating: set[type[Any]] = set()  # classes whose function is being generated


def optional_inner(tp: Any) -> Any:
    """Return ``X`` for ``X | None`` (``None`` for any other type)."""
    args = typing.get_args(tp)
    if (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    ):
        return next(arg for arg in args if arg is not type(None))
    return None


def scalar_tuple_item(tp: Any) -> Any:
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0] if args[0] in SCALARS else None
    return None


def is_json_object(tp: Any, json_value: Callable[[Any], bool]) -> bool:
    """Tell whether ``tp`` is ``dict[str, JSONValue]`` (``json_value`` recognises the latter)."""
    args = typing.get_args(tp)
    return typing.get_origin(tp) is dict and args[0] is str and json_value(args[1])


def _shape(base: Any, json_value: Callable[[Any], bool]) -> str:
    """Name the inline check for a field of type ``base`` (``"hook"``: none)."""
    if base in SCALARS:
        return "scalar"
    if base is datetime:
        return "datetime"
    if scalar_tuple_item(base) is not None:
        return "scalars"
    if is_json_object(base, json_value):
        return "json"
    return "model" if attrs.has(base) else "hook"


def _field_code(v: str, base: Any, shape: str, optional: bool) -> list[str]:
    """Lines structuring the local ``v`` in place; ``_h_``/``_t_`` name its hook and type.

    Each shape accepts only what the converter's hook would return unchanged (or turn
    into an equal value: ``tuple(list)``, ``dict(dict)``) and calls the hook otherwise.
    """
    h, t = v.replace("v_", "_h_", 1), v.replace("v_", "_t_", 1)
    other = f"elif {v} is not None:" if optional else "else:"
    if shape == "scalar":
        none = f"{v} is not None and " if optional else ""
        return [f"if {none}type({v}) is not {base.__name__}: {v} = {h}({v}, {t})"]
    if shape == "datetime":
        # fromisoformat's UTC results are what the hook returns; offsets, naive
        # timestamps and non-strings are the hook's business.
        return [
            f"if type({v}) is str:",
            f"    _p = _fromiso({v})",
            f"    {v} = _p if _p.tzinfo is _UTC else {h}({v}, {t})",
            other,
            f"    {v} = {h}({v}, {t})",
        ]
    if shape in ("scalars", "json"):
        # A list of scalars of exactly the item type, or an object of JSON scalars:
        # the hook would return an equal tuple or dict; anything else is its business.
        # Empty ones (most of a ticket's e-mail lists) skip the loop and the copy.
        if shape == "scalars":
            kind, loop, empty = "list", f"for _i in {v}:", "()"
            test = f"type(_i) is not {scalar_tuple_item(base).__name__}"
            copy = "tuple"
        else:
            kind, loop, empty = "dict", f"for _k, _i in {v}.items():", "{}"
            test = "type(_k) is not str or type(_i) not in _JSON_LEAVES"
            copy = "dict"
        return [
            f"if type({v}) is {kind}:",
            f"    if not {v}: {v} = {empty}",
            "    else:",
            f"        {loop}",
            f"            if {test}:",
            f"                {v} = {h}({v}, {t})",
            "                break",
            "        else:",
            f"            {v} = {copy}({v})",
            other,
            f"    {v} = {h}({v}, {t})",
        ]
    if optional:
        return [f"if {v} is not None: {v} = {h}({v}, {t})"]
    return [f"{v} = {h}({v}, {t})"]


def _buildable(cl: type[Any]) -> bool:
    """Tell whether ``cl``'s ``__init__`` only stores its arguments (or defaults) in slots."""
    fields = attrs.fields(cl)
    slots = {s for c in cl.__mro__ for s in c.__dict__.get("__slots__", ())}
    init_code = getattr(cl.__init__, "__code__", None)
    return (
        "__slots__" in cl.__dict__
        and slots - {"__weakref__"} == {a.name for a in fields}
        and init_code is not None
        and init_code.co_filename.startswith("<attrs generated")
        and not hasattr(cl, "__attrs_pre_init__")
        and not hasattr(cl, "__attrs_post_init__")
        and all(
            a.init
            and a.alias == a.name
            and a.validator is None
            and a.converter is None
            and a.type is not None
            and not (isinstance(a.default, attrs.Factory) and a.default.takes_self)  # type: ignore[arg-type]
            for a in fields
        )
    )


def _builder_class(cl: type[Any]) -> type[Any] | None:
    """A subclass of ``cl`` whose instances take slot stores and can become ``cl``."""
    if cl not in _builders:
        builder = type(
            f"_Building{cl.__name__}",
            (cl,),
            {
                "__slots__": (),
                "__setattr__": object.__setattr__,
                "__delattr__": object.__delattr__,
                "__module__": __name__,
            },
        )
        try:
            probe: Any = object.__new__(builder)
            probe.__class__ = cl
        except TypeError:  # an interpreter without compatible-layout __class__ assignment
            _builders[cl] = None
        else:
            _builders[cl] = builder
    return _builders[cl]


def make_structure_fn(
    cl: type[Any],
    conv: cattrs.Converter,
    *,
    explain: Callable[[Any, Any], Any],
    overrides: Mapping[str, StructureHook] | None = None,
    legacy: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    triggers: frozenset[str] = frozenset(),
    fixes: Mapping[str, Callable[[Any], Any]] | None = None,
    json_value: Callable[[Any], bool] = lambda tp: False,
) -> StructureHook | None:
    """Generate the structuring function of the attrs class ``cl`` for ``conv``.

    Args:
        cl: the attrs class.
        conv: the converter whose hooks decide everything the fast path does not
            accept inline; its scalar hooks must return a value of exactly their
            type unchanged, and its ``datetime`` hook a ``fromisoformat`` result
            that is already UTC unchanged.
        explain: the reference path, called with the untouched payload and ``cl``
            whenever the fast path raises: it raises the error to report (or
            returns the reference result).
        overrides: per-field hooks replacing the converter's (``phone``, ``mobile``);
            they too must return a value of the field's own type unchanged.
        legacy: turns an older payload shape into the current one, run when the
            payload has any of the ``triggers`` keys.
        fixes: field name -> a function of the key's value, run on a present key's
            value (after ``legacy``) before it is structured.
        json_value: recognises the ``JSONValue`` type, whose ``dict[str, ...]``
            fields get the inline check.

    Returns:
        The hook, or ``None`` when ``cl`` cannot be built this way.
    """
    if not _buildable(cl):
        return None
    attrs.resolve_types(cl)
    _generating.add(cl)
    try:
        return _generate(
            cl, conv, explain, overrides or {}, legacy, triggers, fixes or {}, json_value
        )
    finally:
        _generating.discard(cl)


def _generate(
    cl: type[Any],
    conv: cattrs.Converter,
    explain: Callable[[Any, Any], Any],
    overrides: Mapping[str, StructureHook],
    legacy: Callable[[dict[str, Any]], dict[str, Any]] | None,
    triggers: frozenset[str],
    fixes: Mapping[str, Callable[[Any], Any]],
    json_value: Callable[[Any], bool],
) -> StructureHook:
    names: dict[str, Any] = {
        "_cl": cl,
        "_MISSING": _MISSING,
        "_UTC": UTC,
        "_fromiso": datetime.fromisoformat,
        "_JSON_LEAVES": JSON_LEAVES,
        "_explain": explain,
        "_legacy": legacy,
        "_adopt": _adopt_keys,
    }
    shapes: dict[int, list[Any]] = {}  # key count -> [keys, function]
    names["_shapes"] = shapes
    body = [
        "if type(o) is not dict: raise TypeError('expected a JSON object')",
        # A payload with the keys of one seen before, in the same order, takes the
        # function generated for them (see _learn_shape).
        "_sh = _shapes.get(len(o))",
        "if _sh is not None:",
        "    _ks = tuple(o)",
        "    if _ks == _sh[0]:",
        # A page's records share their key objects (json's memo): once a page's keys
        # are adopted, its next records compare by identity, not character by character.
        "        if _ks and _ks[0] is not _sh[0][0]: _adopt(_sh, _ks)",
        "        return _sh[1](o)",
        "d = o",
    ]
    if legacy is not None and triggers:
        # A chain of ``in`` tests takes about half the time of ``keys().isdisjoint()``.
        present = " or ".join(f"{key!r} in o" for key in sorted(triggers))
        body.append(f"if {present}: d = _legacy(o)")
    locals_: list[str] = []
    fields: list[_FieldCode] = []
    for a in attrs.fields(cl):
        inner = optional_inner(a.type)
        base = a.type if inner is None else inner
        hook = overrides.get(a.name)
        if hook is not None:
            # An override decides every value (None too) but those of the field's
            # own scalar type.
            shape = "scalar" if base in SCALARS else "hook"
            optional = inner is not None and shape == "scalar"
        else:
            # Optional fields check None here and call the hook of the inner type,
            # as the converter's Optional hook does.
            shape = _shape(base, json_value)
            optional = inner is not None
            # A class that (indirectly) contains itself: look its hook up per call.
            hook = conv.structure if base in _generating else conv.get_structure_hook(base)
        v = f"v_{a.name}"
        names[f"_h_{a.name}"] = hook
        names[f"_t_{a.name}"] = base if optional else a.type
        code = _field_code(v, base, shape, optional)
        default = a.default
        factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
        key = repr(a.name)
        if a.name in fixes:
            names[f"_f_{a.name}"] = fixes[a.name]
            code.insert(0, f"{v} = _f_{a.name}({v})")
        if default is not attrs.NOTHING:
            names[f"_d_{a.name}"] = default.factory if factory else default
        fields.append(
            _FieldCode(
                name=a.name,
                code=code,
                default=None
                if default is attrs.NOTHING
                else "None"
                if default is None
                else f"_d_{a.name}{'()' if factory else ''}",
            )
        )
        if default is attrs.NOTHING:
            body.append(f"{v} = d[{key}]")
            body.extend(code)
        elif (
            a.name not in fixes
            and not factory
            and ((default is None and optional) or (base in SCALARS and type(default) is base))
        ):
            # A missing key gives the default, which passes the inline check unchanged.
            get = f"d.get({key})" if default is None else f"d.get({key}, _d_{a.name})"
            body.append(f"{v} = {get}")
            body.extend(code)
        else:
            body.append(f"{v} = d.get({key}, _MISSING)")
            body.append(f"if {v} is _MISSING: {v} = _d_{a.name}{'()' if factory else ''}")
            body.append("else:")
            body.extend(f"    {line}" for line in code)
        locals_.append(a.name)
    build = _build_lines(cl, names, [(name, f"v_{name}") for name in locals_])
    body += build[:-1]
    body += [
        f"if len(o) not in _shapes and len(_shapes) < {MAX_SHAPES}: _learn(o)",
        build[-1],
    ]
    lock = threading.Lock()
    names["_learn"] = lambda o: _learn_shape(cl, o, shapes, fields, triggers, names, lock)
    fn_name = f"structure_{cl.__name__}"
    lines = [
        f"def {fn_name}(o, _=None):",
        "    try:",
        *(f"        {line}" for line in body),
        "    except Exception:",
        "        pass",
        # Outside the handler, so that the error raised is not chained to ours.
        "    return _explain(o, _cl)",
    ]
    fn: StructureHook = define("structure", cl, lines, names)
    return fn


@attrs.frozen
class _FieldCode:
    """How a generated function structures one field.

    ``code`` structures the local ``v_<name>`` in place; ``default`` is the expression
    of its value when the key is missing (``None``: the field is required).
    """

    name: str
    code: list[str]
    default: str | None


def _build_lines(cl: type[Any], names: dict[str, Any], values: list[tuple[str, str]]) -> list[str]:
    """The lines building the instance from ``(field, expression)``; the last one returns it."""
    builder = _builder_class(cl)
    if builder is None:
        return ["return _cl(" + ", ".join(f"{name}={value}" for name, value in values) + ")"]
    names["_new"] = object.__new__
    names["_Builder"] = builder
    return [
        "_s = _new(_Builder)",
        *(f"_s.{name} = {value}" for name, value in values),
        "_s.__class__ = _cl",
        "return _s",
    ]


def _learn_shape(
    cl: type[Any],
    o: dict[Any, Any],
    shapes: dict[int, list[Any]],
    fields: list[_FieldCode],
    triggers: frozenset[str],
    names: dict[str, Any],
    lock: threading.Lock,
) -> None:
    """Generate the function for payloads with the keys of ``o``, in its order.

    Called once ``o`` was structured by the general function. Freshdesk sends
    every record of an endpoint with the same keys in the same order, so the
    records that follow can skip what the general function does per field:
    look each key up, find out whether a legacy shape needs renaming, and check
    each missing one. The new function takes the values in one unpacking of
    ``o.values()``, checks them with the same inline code, stores the missing
    fields' defaults without looking them up, and ignores keys no field has. A
    payload gets it only when ``tuple(payload)`` equals these keys, and what it
    raises goes, as with the general function, to the reference path. At most one
    set of keys per key count and ``MAX_SHAPES`` per class are learnt: other payloads
    take the general function. Keys with a legacy rule are never learnt (the general
    function renames them), nor are keys that are not all exactly ``str``: such
    payloads are checked again each time, which costs little next to structuring.
    (A payload whose keys are of a ``str`` subclass that overrides ``__eq__`` to
    match other strings can still be taken for a learnt order; JSON never gives one.)
    """
    keys = tuple(o)
    if not _exactly_str(keys) or not triggers.isdisjoint(keys):
        return
    with lock:
        if len(keys) not in shapes and len(shapes) < MAX_SHAPES:
            function = _shape_function(cl, keys, fields, names)
            if function is not None:
                shapes[len(keys)] = [keys, function]


def _adopt_keys(entry: list[Any], keys: tuple[Any, ...]) -> None:
    """Keep *keys* (equal to ``entry[0]``) as the learnt keys if they are all exactly ``str``.

    A payload's keys can be objects of a ``str`` subclass whose ``__eq__`` says yes
    to other keys: kept, they would let later payloads with other keys match.
    """
    if _exactly_str(keys):
        entry[0] = keys


def _exactly_str(keys: tuple[Any, ...]) -> bool:
    """Whether every key is a ``str`` itself, not of a subclass (as ``json`` gives them)."""
    return all(type(key) is str for key in keys)


def _shape_function(
    cl: type[Any], keys: tuple[str, ...], fields: list[_FieldCode], names: dict[str, Any]
) -> StructureHook | None:
    """The function of ``_learn_shape`` for ``keys`` (``None``: a required field is missing)."""
    present = set(keys)
    by_name = {field.name: field for field in fields}
    targets = [f"v_{key}" if key in by_name else "_" for key in keys]
    body = [f"{', '.join(targets)}, = o.values()"] if keys else []
    values: list[tuple[str, str]] = []
    for field in fields:
        if field.name in present:
            body.extend(field.code)
            values.append((field.name, f"v_{field.name}"))
        elif field.default is None:
            return None  # a required field is missing: such payloads always fail
        else:
            values.append((field.name, field.default))
    lines = [
        f"def shape_{cl.__name__}(o):",
        *(f"    {line}" for line in body + _build_lines(cl, names, values)),
    ]
    function: StructureHook = define("shape", cl, lines, names)
    return function


def define(kind: str, cl: type[Any], lines: list[str], names: dict[str, Any]) -> Any:
    """Compile the generated function ``lines`` (its ``def`` first) with globals ``names``.

    The source is registered with ``linecache`` under a name telling *kind* and the
    class, so tracebacks and ``inspect.getsource`` show the generated code.
    """
    source = "\n".join(lines) + "\n"
    filename = f"<freshdesk_atom {kind} {cl.__module__}.{cl.__qualname__} #{next(_counter)}>"
    # Defined in a namespace of its own (its globals are still ``names``): another
    # thread defining a function of the same name cannot swap the one returned.
    scope: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), names, scope)  # our own generated code
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return scope[f"{kind}_{cl.__name__}"]
