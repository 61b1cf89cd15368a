"""The package root's public surface: sorted, complete, importable."""

from __future__ import annotations

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
