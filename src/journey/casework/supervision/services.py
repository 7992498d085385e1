"""Case supervision and management oversight on the child's record, and when it is due (R6).

Each kind of work has a required interval (JOURNEY_SUPERVISION_INTERVAL_DAYS). Supervision is
next due on the date the last one set (never later than the interval allows), or the interval
after the last one, or after the work opened if it has never been supervised. Only case
supervision restarts the clock; a management oversight entry is recorded beside it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from journey.cases.models import Episode
from journey.casework.models import Supervision
from journey.casework.supervision.selectors import interval_days
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core.services import check_code, check_not_future, check_rationale
from journey.core.templatetags.govuk import govuk_date as _date
from journey.workforce.models import Allocation, Worker

# --- recording -------------------------------------------------------------------------------


def _check_dates(episode: Episode, held_on: dt.date | None, next_due_on: dt.date | None) -> dt.date:
    """The supervision date, checked (with the next due date, if one is set)."""
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the supervision"})
    check_not_future(held_on, "held_on", "The supervision date")
    if held_on < episode.started_on:
        raise ValidationError(
            {
                "held_on": f"The supervision date must be on or after the work started, "
                f"{_date(episode.started_on)}"
            }
        )
    if episode.ended_on and held_on > episode.ended_on:
        raise ValidationError(
            {
                "held_on": f"The work closed on {_date(episode.ended_on)}: supervision after "
                "that belongs on other work"
            }
        )
    if next_due_on is None:
        return held_on
    latest = held_on + dt.timedelta(days=interval_days(episode.kind))
    if next_due_on <= held_on:
        raise ValidationError({"next_due_on": "The next supervision must be after this one"})
    if next_due_on > latest:
        raise ValidationError(
            {
                "next_due_on": f"The next supervision must be by {_date(latest)}: "
                f"{episode.get_kind_display()} is supervised at least every "
                f"{interval_days(episode.kind)} days"
            }
        )
    return held_on


def _supervisee(episode: Episode, held_on: dt.date) -> Worker | None:
    allocation = (
        Allocation.objects.filter(episode=episode, started_on__lte=held_on)
        .exclude(ended_on__lt=held_on)
        .order_by("kind", "-started_on")
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


@transaction.atomic
def record_supervision(
    *,
    episode: Episode,
    supervisor: Worker,
    held_on: dt.date | None,
    discussion: str,
    decisions: str = "",
    decision_rationale: str = "",
    reflection: str = "",
    actions: str = "",
    next_due_on: dt.date | None = None,
    kind: str = Supervision.Kind.CASE_SUPERVISION,
    recorded_by: User | None = None,
) -> Supervision:
    """Case supervision or management oversight, on the child's record and chronology."""
    check_code(kind, Supervision.Kind, "kind", "kind of supervision")
    if not supervisor.is_manager:
        raise ValidationError(
            {"supervisor": f"{supervisor} is not a manager: supervision is by a manager"}
        )
    held_on = _check_dates(episode, held_on, next_due_on)
    if not discussion.strip():
        raise ValidationError({"discussion": "Enter what was discussed"})
    if decisions.strip():
        check_rationale(decision_rationale, "decision_rationale", "reasons for the decisions")
    if kind == Supervision.Kind.CASE_SUPERVISION and next_due_on is None:
        next_due_on = held_on + dt.timedelta(days=interval_days(episode.kind))
    supervision = Supervision.objects.create(
        episode=episode,
        kind=kind,
        held_on=held_on,
        supervisor=supervisor,
        supervisee=_supervisee(episode, held_on),
        discussion=discussion.strip(),
        reflection=reflection.strip(),
        decisions=decisions.strip(),
        decision_rationale=decision_rationale.strip(),
        actions=actions.strip(),
        next_due_on=next_due_on,
        recorded_by=recorded_by or supervisor.user,
    )
    supervision_entry(supervision).save()
    return supervision


def supervision_entry(supervision: Supervision) -> ChronologyEntry:
    parts = [
        ("", supervision.discussion),
        ("Reflection", supervision.reflection),
        ("Decisions", supervision.decisions),
        ("Why", supervision.decision_rationale),
        ("Actions", supervision.actions),
    ]
    summary = "\n".join(f"{label}: {text}" if label else text for label, text in parts if text)
    if supervision.next_due_on:
        summary += f"\nNext supervision due by {_date(supervision.next_due_on)}"
    return build_entry(
        child_id=supervision.episode.child_id,
        episode_id=supervision.episode_id,
        kind=EntryKind.SUPERVISION,
        title=f"{supervision.get_kind_display()} with {supervision.supervisor}",
        summary=summary,
        occurred_at=start_of(supervision.held_on),
        source=supervision,
        recorded_by=supervision.recorded_by or supervision.supervisor.user,
    )
