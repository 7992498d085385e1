"""Writes about the workforce's work: moving a worker's cases to colleagues in one go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from journey.cases.models import Episode
from journey.cases.services import allocate
from journey.workforce.models import Allocation, Worker


@dataclass
class Move:
    episode: Episode
    to_worker: Worker


@transaction.atomic
def reassign_work(
    from_worker: Worker,
    moves: list[Move],
    *,
    kind: str,
    started_on: dt.date,
    by: AbstractBaseUser,
) -> list[Allocation]:
    """Move a worker's current allocations (e.g. while they are away) to named colleagues.

    Each move is an ordinary allocation: the colleague takes over on `started_on`, the absent
    worker's allocation ends the same day, and each child's chronology says so. All or nothing.
    """
    if not moves:
        raise ValidationError({"__all__": "Choose at least one case to move"})
    moved = []
    for n, move in enumerate(moves):
        current = move.episode.allocations.current().filter(kind=kind).first()
        if current is None or current.worker_id != from_worker.pk:
            raise ValidationError(
                {
                    "__all__": f"{move.episode.child} is no longer held by {from_worker}: "
                    "start again to see their current cases"
                }
            )
        if move.to_worker.pk == from_worker.pk:
            raise ValidationError(
                {f"move-{n}": f"{move.episode.child}: choose someone other than {from_worker}"}
            )
        try:
            moved.append(
                allocate(
                    move.episode,
                    worker=move.to_worker,
                    kind=kind,
                    started_on=started_on,
                    allocated_by=by,
                )
            )
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise ValidationError({f"move-{n}": f"{move.episode.child}: {messages}"}) from error
    return moved
