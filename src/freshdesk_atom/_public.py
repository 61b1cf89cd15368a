"""Make public classes and functions report the module users import them from."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping

__all__ = ["publish"]


def publish(module: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Set ``__module__`` of each class or function in *names* defined in a private module.

    ``freshdesk_atom.Freshdesk`` then shows as such in ``repr``, tracebacks,
    ``help()`` and the docs, not as ``freshdesk_atom._sync._client.Freshdesk``.
    What already lives in a public module (the models, in
    ``freshdesk_atom.models.*``) keeps it: cattrs resolves a model's
    annotations in the module it names. Constants and type aliases are left
    alone.
    """
    for name in names:
        value = namespace[name]
        if isinstance(value, type | types.FunctionType) and "._" in value.__module__:
            value.__module__ = module
