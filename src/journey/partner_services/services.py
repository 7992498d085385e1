"""Referring a child to a partner service and recording what the service did: its response,
the first appointment, the escalation trail when it does not engage, and the outcome; or the
referral withdrawn. Each write checks first, saves the record (its history keeps each change)
and the child's chronology entry in one transaction; nothing is half-saved or deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry, start_of
from journey.partner_services.models import Escalation, PartnerService, Referral
from journey.people.models import Agency, Person

Response = Referral.Response


# --- checks ---------------------------------------------------------------------------------


def _words(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _date_problem(
    day: dt.date | None, label: str, *, after: dt.date | None = None, after_what: str = ""
) -> str | None:
    """Why a date will not do: missing, in the future, or before `after` (named)."""
    if day is None:
        return f"Enter {label[0].lower()}{label[1:]}"
    if day > timezone.localdate():
        return f"{label} must be today or in the past"
    if after is not None and day < after:
        return f"{label} must be on or after {after_what}, {_words(after)}"
    return None


def _check(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=referral.pk)
    )


def _withdrawn_problem(referral: Referral, what: str) -> str | None:
    if referral.withdrawn_on is not None:
        return f"This referral was withdrawn on {_words(referral.withdrawn_on)}: {what}"
    return None


def _entry(
    referral: Referral,
    title: str,
    summary: str,
    day: dt.date,
    source: Referral | Escalation,
    by: User,
) -> ChronologyEntry:
    return build_entry(
        child_id=referral.child_id,
        kind=EntryKind.PARTNER_SERVICE,
        title=title,
        summary=summary,
        occurred_at=start_of(day),
        source=source,
        recorded_by=by,
    )


# --- the council's list of services ---------------------------------------------------------


@transaction.atomic
def add_partner_service(*, name: str, kind: str, agency: Agency | None) -> PartnerService:
    errors = {}
    if not name.strip():
        errors["name"] = "Enter the service's name"
    elif PartnerService.objects.filter(name__iexact=name.strip()).exists():
        errors["name"] = f"{name.strip()} is already on the list"
    if kind not in PartnerService.Kind.values:
        errors["kind"] = "Select the kind of service"
    if agency is None:
        errors["agency"] = "Select the agency that runs the service"
    _check(errors)
    assert agency is not None  # refused above
    return PartnerService.objects.create(name=name.strip(), kind=kind, agency=agency)


# --- a referral -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralInput:
    service: PartnerService | None
    referred_on: dt.date | None
    reason: str


def referral_entry(referral: Referral, by: User) -> ChronologyEntry:
    return _entry(
        referral,
        f"Referred to {referral.service}",
        referral.reason,
        referral.referred_on,
        referral,
        by,
    )


@transaction.atomic
def refer(child: Person, data: ReferralInput, *, by: User) -> Referral:
    """Refer the child to a partner service, with the date and the reason."""
    child = Person.objects.select_for_update().get(pk=child.pk)
    errors: dict[str, str] = {}
    service = data.service
    if service is None or not service.is_active:
        errors["service"] = "Select the service you referred to"
    else:
        open_one = (
            Referral.objects.filter(
                child=child, service=service, withdrawn_on__isnull=True, outcome_on__isnull=True
            )
            .exclude(response=Response.DECLINED)
            .order_by("referred_on")
            .first()
        )
        if open_one is not None:
            errors["service"] = (
                f"{child.first_name} already has an open referral to {service} from "
                f"{_words(open_one.referred_on)}: record on that one"
            )
    born = child.date_of_birth
    if problem := _date_problem(
        data.referred_on, "The date referred", after=born, after_what=f"{child.first_name}'s birth"
    ):
        errors["referred_on"] = problem
    if not data.reason.strip():
        errors["reason"] = "Enter the reason for the referral: what you are asking the service for"
    _check(errors)
    assert service is not None and data.referred_on is not None  # refused above
    referral = Referral.objects.create(
        child=child,
        service=service,
        referred_on=data.referred_on,
        reason=data.reason.strip(),
        referred_by=by,
    )
    referral_entry(referral, by).save()
    return referral


def response_entry(referral: Referral, by: User) -> ChronologyEntry:
    assert referral.responded_on is not None
    verb = referral.get_response_display().lower()
    return _entry(
        referral,
        f"{referral.service} {verb} the referral",
        referral.response_note,
        referral.responded_on,
        referral,
        by,
    )


@transaction.atomic
def record_response(
    referral: Referral, *, response: str, responded_on: dt.date | None, note: str, by: User
) -> Referral:
    """The service accepted or declined the referral (a decline says why)."""
    referral = _locked(referral)
    errors: dict[str, str] = {}
    if problem := _withdrawn_problem(referral, "a response cannot be recorded on it"):
        errors["response"] = problem
    elif referral.response:
        errors["response"] = (
            f"The service's response is already recorded: {referral.get_response_display()} "
            f"on {_words(referral.responded_on or referral.referred_on)}"
        )
    elif response not in Response.values:
        errors["response"] = "Select whether the service accepted or declined the referral"
    if problem := _date_problem(
        responded_on,
        "The date of the response",
        after=referral.referred_on,
        after_what="the date referred",
    ):
        errors["responded_on"] = problem
    if response == Response.DECLINED and not note.strip():
        errors["response_note"] = "Say why the service declined the referral"
    _check(errors)
    referral.response = response
    referral.responded_on = responded_on
    referral.response_note = note.strip()
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["response", "responded_on", "response_note"])
    response_entry(referral, by).save()
    return referral


def appointment_entry(referral: Referral, by: User) -> ChronologyEntry:
    assert referral.first_appointment_on is not None
    days = (referral.first_appointment_on - referral.referred_on).days
    return _entry(
        referral,
        f"First appointment with {referral.service}, {days} days after the referral",
        "",
        referral.first_appointment_on,
        referral,
        by,
    )


@transaction.atomic
def record_first_appointment(referral: Referral, *, seen_on: dt.date | None, by: User) -> Referral:
    """The day the service first saw the child: the end of their wait."""
    referral = _locked(referral)
    field = "first_appointment_on"
    errors: dict[str, str] = {}
    if problem := _withdrawn_problem(referral, "there is no first appointment to record"):
        errors[field] = problem
    elif referral.response == Response.DECLINED:
        errors[field] = "The service declined this referral: there is no first appointment"
    elif referral.response != Response.ACCEPTED:
        errors[field] = "Record that the service accepted the referral first"
    elif referral.first_appointment_on is not None:
        errors[field] = (
            f"The first appointment is already recorded: {_words(referral.first_appointment_on)}"
        )
    elif referral.outcome_on is not None:
        errors[field] = "The outcome is recorded: the referral is closed"
    elif problem := _date_problem(
        seen_on,
        "The date of the first appointment",
        after=referral.referred_on,
        after_what="the date referred",
    ):
        errors[field] = problem
    _check(errors)
    referral.first_appointment_on = seen_on
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["first_appointment_on"])
    appointment_entry(referral, by).save()
    return referral


# --- escalation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationInput:
    escalated_on: dt.date | None
    to_whom: str
    level: str
    asked: str
    response: str = ""
    responded_on: dt.date | None = None
    resolved: bool = False


def _response_problems(
    response: str, responded_on: dt.date | None, resolved: bool, escalated_on: dt.date | None
) -> dict[str, str]:
    """An escalation's response: what they said and when, both or neither; resolved only once
    they have answered."""
    errors: dict[str, str] = {}
    if response.strip() and responded_on is None:
        errors["responded_on"] = "Enter the date they responded to the escalation"
    elif responded_on is not None:
        if not response.strip():
            errors["response"] = "Enter what they said in response to the escalation"
        if problem := _date_problem(
            responded_on,
            "The date of their response",
            after=escalated_on,
            after_what="the escalation",
        ):
            errors["responded_on"] = problem
    if resolved and not response.strip():
        errors["resolved"] = "Record their response before marking the escalation resolved"
    return errors


def escalation_entry(step: Escalation, by: User) -> ChronologyEntry:
    referral = step.referral
    return _entry(
        referral,
        f"Escalated to {step.to_whom} ({step.get_level_display().lower()}) about the referral "
        f"to {referral.service}",
        step.asked,
        step.escalated_on,
        step,
        by,
    )


def escalation_response_entry(step: Escalation, by: User) -> ChronologyEntry:
    assert step.responded_on is not None
    resolved = "; resolved" if step.resolved_on else ""
    return _entry(
        step.referral,
        f"{step.to_whom} responded to the escalation about {step.referral.service}{resolved}",
        step.response,
        step.responded_on,
        step,
        by,
    )


def _resolve_trail(step: Escalation) -> None:
    """A response that resolves the concern closes every open step of the referral's trail."""
    for open_step in Escalation.objects.select_for_update().filter(
        referral_id=step.referral_id, resolved_on__isnull=True
    ):
        open_step.resolved_on = step.responded_on
        open_step.save(update_fields=["resolved_on"])
    step.resolved_on = step.responded_on


@transaction.atomic
def escalate(referral: Referral, data: EscalationInput, *, by: User) -> Escalation:
    """One step of the escalation trail: to whom, at which level, what was asked; with their
    response if it came at once (its date too), and whether it resolved the concern."""
    referral = _locked(referral)
    errors: dict[str, str] = {}
    if problem := _withdrawn_problem(referral, "it cannot be escalated"):
        errors["escalated_on"] = problem
    elif referral.outcome_on is not None:
        errors["escalated_on"] = "The outcome is recorded: the referral is closed"
    elif problem := _date_problem(
        data.escalated_on,
        "The date escalated",
        after=referral.referred_on,
        after_what="the date referred",
    ):
        errors["escalated_on"] = problem
    if not data.to_whom.strip():
        errors["to_whom"] = "Enter who you escalated to: their name and role"
    if data.level not in Escalation.Level.values:
        errors["level"] = "Select the level you escalated to"
    if not data.asked.strip():
        errors["asked"] = "Enter what you asked them to do"
    errors.update(
        _response_problems(data.response, data.responded_on, data.resolved, data.escalated_on)
    )
    _check(errors)
    assert data.escalated_on is not None  # refused above
    step = Escalation(
        referral=referral,
        escalated_on=data.escalated_on,
        to_whom=data.to_whom.strip(),
        level=data.level,
        asked=data.asked.strip(),
        response=data.response.strip(),
        responded_on=data.responded_on,
        recorded_by=by,
    )
    step._history_user = by  # type: ignore[attr-defined]
    step.save()
    escalation_entry(step, by).save()
    if step.responded_on is not None:
        if data.resolved:
            _resolve_trail(step)
        escalation_response_entry(step, by).save()
    return step


@transaction.atomic
def record_escalation_response(
    step: Escalation, *, response: str, responded_on: dt.date | None, resolved: bool, by: User
) -> Escalation:
    """Their answer to an escalation, and whether it resolved the concern."""
    step = (
        Escalation.objects.select_for_update(of=("self",))
        .select_related("referral__service")
        .get(pk=step.pk)
    )
    errors: dict[str, str] = {}
    if problem := _withdrawn_problem(step.referral, "its escalations are closed"):
        errors["response"] = problem
    elif step.responded_on is not None:
        errors["response"] = f"Their response is already recorded: {_words(step.responded_on)}"
    elif not response.strip():
        errors["response"] = "Enter what they said in response to the escalation"
    if responded_on is None:
        errors["responded_on"] = "Enter the date they responded to the escalation"
    errors.update(
        {
            k: v
            for k, v in _response_problems(
                response, responded_on, resolved, step.escalated_on
            ).items()
            if k not in errors
        }
    )
    _check(errors)
    step.response = response.strip()
    step.responded_on = responded_on
    step._history_user = by  # type: ignore[attr-defined]
    step.save(update_fields=["response", "responded_on"])
    if resolved:
        _resolve_trail(step)
    escalation_response_entry(step, by).save()
    return step


# --- the outcome, or withdrawn ----------------------------------------------------------------


def outcome_entry(referral: Referral, by: User) -> ChronologyEntry:
    assert referral.outcome_on is not None
    return _entry(
        referral,
        f"Outcome of the referral to {referral.service}",
        referral.outcome,
        referral.outcome_on,
        referral,
        by,
    )


@transaction.atomic
def record_outcome(
    referral: Referral, *, outcome: str, outcome_on: dt.date | None, by: User
) -> Referral:
    """What came of the referral, and when: the referral is then closed."""
    referral = _locked(referral)
    errors: dict[str, str] = {}
    if problem := _withdrawn_problem(referral, "there is no outcome to record"):
        errors["outcome"] = problem
    elif referral.response == Response.DECLINED:
        errors["outcome"] = "The service declined this referral: refer again if it is still needed"
    elif referral.outcome_on is not None:
        errors["outcome"] = f"The outcome is already recorded: {_words(referral.outcome_on)}"
    elif not outcome.strip():
        errors["outcome"] = "Enter the outcome: what the service did and what changed for the child"
    seen = referral.first_appointment_on
    after, after_what = (
        (seen, "the first appointment") if seen else (referral.referred_on, "the date referred")
    )
    if problem := _date_problem(
        outcome_on, "The date of the outcome", after=after, after_what=after_what
    ):
        errors["outcome_on"] = problem
    _check(errors)
    referral.outcome = outcome.strip()
    referral.outcome_on = outcome_on
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["outcome", "outcome_on"])
    outcome_entry(referral, by).save()
    return referral


def withdrawn_entry(referral: Referral, by: User) -> ChronologyEntry:
    assert referral.withdrawn_on is not None
    return _entry(
        referral,
        f"Referral to {referral.service} withdrawn",
        referral.withdrawn_reason,
        referral.withdrawn_on,
        referral,
        by,
    )


@transaction.atomic
def withdraw(
    referral: Referral, *, withdrawn_on: dt.date | None, reason: str, by: User
) -> Referral:
    """The council withdraws the referral (kept, with the reason): nothing more is recorded."""
    referral = _locked(referral)
    errors: dict[str, str] = {}
    if referral.withdrawn_on is not None:
        errors["withdrawn_reason"] = (
            f"This referral was already withdrawn on {_words(referral.withdrawn_on)}"
        )
    elif referral.outcome_on is not None:
        errors["withdrawn_reason"] = "The outcome is recorded: the referral is already closed"
    elif not reason.strip():
        errors["withdrawn_reason"] = "Enter why the referral is withdrawn"
    if problem := _date_problem(
        withdrawn_on,
        "The date withdrawn",
        after=referral.referred_on,
        after_what="the date referred",
    ):
        errors["withdrawn_on"] = problem
    _check(errors)
    referral.withdrawn_on = withdrawn_on
    referral.withdrawn_reason = reason.strip()
    referral._history_user = by  # type: ignore[attr-defined]
    referral.save(update_fields=["withdrawn_on", "withdrawn_reason"])
    withdrawn_entry(referral, by).save()
    return referral
