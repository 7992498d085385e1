"""Family Help's changes of intensity: a child in need under section 17, and back to targeted help.

In Family Help, step up and step down are not moves between services: the episode, its plan and
its lead practitioner stay, and a manager's decision raises or lowers the intensity. Each period
of section 17 status is one CINdetails in the CIN census. The child is never a day without their
lead practitioner: a change of intensity is refused while the work has none.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from journey.cases.models import Episode, EpisodeKind, Section17Period
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.core import codes
from journey.core.services import check_code, check_not_future, check_rationale
from journey.core.templatetags.govuk import govuk_date as _date
from journey.workforce.models import Allocation, Worker


def _locked_family_help(episode: Episode) -> Episode:
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.kind != EpisodeKind.FAMILY_HELP:
        raise ValidationError({"__all__": "Only Family Help changes its intensity"})
    if not episode.is_open:
        raise ValidationError(
            {"__all__": f"This Family Help closed on {episode.ended_on:%-d %B %Y}"}
        )
    return episode


def _check_day(episode: Episode, day: dt.date | None, field: str, what: str) -> dt.date:
    if day is None:
        raise ValidationError({field: f"Enter the date {what}"})
    check_not_future(day, field, "The date")
    if day < episode.started_on:
        raise ValidationError(
            {field: f"The date must be on or after Family Help began, {_date(episode.started_on)}"}
        )
    return day


def _check_led(episode: Episode) -> None:
    if not episode.allocations.current().filter(kind=Allocation.Kind.LEAD_PROFESSIONAL).exists():
        raise ValidationError(
            {
                "__all__": "This Family Help has no lead practitioner: allocate one first, so the "
                "family is never without one"
            }
        )


def intensity_entry(period: Section17Period, *, ending: bool) -> ChronologyEntry:
    if ending:
        assert period.ended_on is not None
        title = "Family Help: no longer a child in need (section 17); targeted help continues"
        if period.episode.ended_on == period.ended_on:
            title = "Family Help: section 17 status ended as the work closed"
        summary = f"{period.get_closure_reason_display()}. {period.end_reason}".strip()
        day, by = period.ended_on, period.ended_by
    else:
        title = "Family Help: a child in need (section 17)"
        summary = f"Primary need: {period.get_primary_need_display()}. {period.reason}"
        day, by = period.started_on, period.decided_by
    return build_entry(
        child_id=period.episode.child_id,
        episode_id=period.episode_id,
        kind=EntryKind.INTENSITY,
        title=title,
        summary=summary,
        occurred_at=start_of(day),
        source=period,
        recorded_by=by.user if by else None,
        is_significant=True,
    )


@transaction.atomic
def begin_section17(
    episode: Episode,
    *,
    started_on: dt.date | None,
    referral_source: str,
    primary_need: str,
    reason: str,
    decided_by: Worker,
    opening: bool = False,
) -> Section17Period:
    """Family Help now helps the child as a child in need: their CIN details begin."""
    episode = _locked_family_help(episode)
    started_on = _check_day(episode, started_on, "started_on", "the child was found to be in need")
    if not opening:
        _check_led(episode)
    if episode.section17_periods.current().exists():
        raise ValidationError(
            {"__all__": "Family Help already helps this child as a child in need"}
        )
    last = episode.section17_periods.order_by("-ended_on").first()
    if last and last.ended_on and started_on <= last.ended_on:
        raise ValidationError(
            {
                "started_on": "The child's last period in need ended on "
                f"{last.ended_on:%-d %B %Y}: the new one must start after it"
            }
        )
    check_code(referral_source, codes.ReferralSource, "referral_source", "referral source")
    check_code(primary_need, codes.PrimaryNeed, "primary_need", "primary need")
    reason = check_rationale(reason, "reason", "reason the child is in need")
    period = Section17Period.objects.create(
        episode=episode,
        started_on=started_on,
        referral_source=referral_source,
        primary_need=primary_need,
        reason=reason,
        decided_by=decided_by,
    )
    intensity_entry(period, ending=False).save()
    return period


def _check_no_statutory_work_open(episode: Episode) -> None:
    if episode.section47s.filter(outcome="").exists():
        raise ValidationError(
            {"__all__": "A section 47 enquiry is under way: it needs its outcome first"}
        )
    open_plans = episode.plans.filter(ended_on__isnull=True, kind="cp")
    if open_plans.exists():
        raise ValidationError(
            {"__all__": "The child is on a child protection plan: end the plan first"}
        )


@transaction.atomic
def end_section17(
    episode: Episode,
    *,
    ended_on: dt.date | None,
    closure_reason: str,
    reason: str,
    decided_by: Worker,
) -> Section17Period:
    """The child is no longer helped as a child in need; Family Help goes on as targeted help."""
    episode = _locked_family_help(episode)
    ended_on = _check_day(episode, ended_on, "ended_on", "section 17 status ended")
    _check_led(episode)
    period = episode.section17_periods.current().select_for_update().first()
    if period is None:
        raise ValidationError(
            {"__all__": "Family Help is not helping this child as a child in need"}
        )
    if ended_on < period.started_on:
        raise ValidationError(
            {
                "ended_on": "The date must be on or after the child was found in need, "
                f"{period.started_on:%-d %B %Y}"
            }
        )
    _check_no_statutory_work_open(episode)
    check_code(
        closure_reason, codes.ReasonForClosure, "closure_reason", "reason the CIN case closes"
    )
    period.ended_on = ended_on
    period.closure_reason = closure_reason
    period.end_reason = check_rationale(reason, "reason", "reason section 17 status ends")
    period.ended_by = decided_by
    period.save()
    intensity_entry(period, ending=True).save()
    return period
