"""Seeded webhook faults: deliveries lost, duplicated, out of order or late.

Real webhooks are unreliable: a failed call is retried and then dropped, calls
over the account's rate limit are pushed to a later hour and dropped after a
day
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules,
docs/freshdesk-api-notes.md#webhooks). A receiver therefore sees calls lost,
late, duplicated and out of order; :class:`WebhookFaults` makes those happen
on purpose, reproducibly.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Final, Literal, get_args

import attrs

__all__ = ["DELIVERY_FAULTS", "DeliveryFault", "WebhookFaults"]

DeliveryFault = Literal["lost", "duplicated", "out_of_order", "late"]
DELIVERY_FAULTS: Final[tuple[DeliveryFault, ...]] = get_args(DeliveryFault)

_DRAWS: Final = len(DELIVERY_FAULTS)


def _rate(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be a rate between 0 and 1, got {value!r}")


def _not_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")


@attrs.frozen
class WebhookFaults:
    """How often a rule's deliveries go wrong, decided per delivery with a seeded random.

    Each fired delivery draws four numbers from the rule's own
    ``random.Random(seed)`` (always four, so one delivery's faults never
    shift the next ones') and compares them with the rates:

    * ``lost``: never sent (logged ``lost`` when its turn comes); a lost
      delivery has no other fault.
    * ``duplicated``: sent twice, the copy right after the original (each
      copy is retried on its own if it fails).
    * ``out_of_order``: held back and sent after the next delivery that goes
      out, or at the end of the flush when none follows (in live mode, after
      about a second).
    * ``late``: sent ``late_by`` seconds of fake time after it fired.

    The same seed and the same sequence of events give the same faults.
    Retries are not faulted again.
    """

    lost: float = attrs.field(default=0.0, validator=_rate)
    duplicated: float = attrs.field(default=0.0, validator=_rate)
    out_of_order: float = attrs.field(default=0.0, validator=_rate)
    late: float = attrs.field(default=0.0, validator=_rate)
    late_by: float = attrs.field(default=30.0, validator=_not_negative)
    seed: int = 0

    def decide(self, draws: Sequence[float]) -> frozenset[DeliveryFault]:
        """Return the faults of one delivery from its four draws in ``[0, 1)``.

        Draw *i* is compared with the rate of ``DELIVERY_FAULTS[i]``; a fault
        applies when its draw falls below its rate.
        """
        if len(draws) != _DRAWS:
            raise ValueError(f"a delivery's faults take {_DRAWS} draws, got {len(draws)}")
        lost, duplicated, out_of_order, late = draws
        if lost < self.lost:
            return frozenset({"lost"})
        found: set[DeliveryFault] = set()
        if duplicated < self.duplicated:
            found.add("duplicated")
        if out_of_order < self.out_of_order:
            found.add("out_of_order")
        if late < self.late:
            found.add("late")
        return frozenset(found)

    def draw(self, source: random.Random) -> frozenset[DeliveryFault]:
        """Draw one delivery's faults from *source* (the rule's seeded random)."""
        return self.decide([source.random() for _ in range(_DRAWS)])
