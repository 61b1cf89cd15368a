"""The package root's public surface: sorted, complete, importable."""

from __future__ import annotations

import importlib
import types

import pytest

import freshdesk_atom


def isort_key(name: str) -> tuple[int, str]:
    """Constants first, then classes, then the rest: the order ruff's RUF022 keeps.

    Like ruff, a single capital (``Q``) is a class, not a constant.
    """
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted_and_unique() -> None:
    names = list(freshdesk_atom.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=isort_key)


def test_every_public_class_is_documented() -> None:
    for name in freshdesk_atom.__all__:
        value = getattr(freshdesk_atom, name)
        if isinstance(value, type):
            assert value.__doc__, f"{name} has no docstring"


def test_no_private_name_leaks_through_all() -> None:
    assert all(not name.startswith("_") or name == "__version__" for name in freshdesk_atom.__all__)


PUBLIC_PACKAGES = [
    "freshdesk_atom",
    "freshdesk_atom.models",
    "freshdesk_atom.export",
    "freshdesk_atom.mirror",
    "freshdesk_atom.asgi",
    "freshdesk_atom.cli",
    "freshdesk_atom.dashboard",
    "freshdesk_atom.testing",
    "freshdesk_atom.webhooks",
    "freshdesk_atom.mcp",
]


def _public_objects() -> list[tuple[str, object]]:
    found = []
    for package in PUBLIC_PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            found.append((f"{package}.{name}", getattr(module, name)))
    return found


@pytest.mark.parametrize(("name", "value"), _public_objects(), ids=lambda v: str(v)[:60])
def test_public_classes_and_functions_report_a_public_module(name: str, value: object) -> None:
    module = getattr(value, "__module__", None)
    if isinstance(value, type | types.FunctionType) and module is not None:
        assert not any(part.startswith("_") for part in module.split(".")), (name, module)


def test_every_error_the_package_defines_is_a_freshdesk_error() -> None:
    errors = [
        value
        for _, value in _public_objects()
        if isinstance(value, type) and issubclass(value, BaseException)
    ]
    assert {error.__name__ for error in errors} >= {"ExportError", "MirrorBusyError"}
    for error in errors:
        assert issubclass(error, freshdesk_atom.FreshdeskError), error


def test_the_root_holds_the_sdk_not_the_applications() -> None:
    assert not {"Mirror", "MirrorBusyError", "export", "create_app"} & set(freshdesk_atom.__all__)
    assert len(freshdesk_atom.__all__) <= 60
