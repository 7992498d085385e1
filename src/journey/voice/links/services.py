"""Sending a secure link for a child's or a parent's views, opening it, checking its code, and
keeping what comes back on the child's record and chronology (issue 18).

The token (secrets.token_urlsafe(32): 256 bits) and the six-digit code are given to the sender and
never stored: the link keeps the SHA-256 of the token, and the SHA-256 of the token and code
together (so the code's hash cannot be tried against the million codes without the token).
Every failure (an unknown, used or expired token, a wrong code, a locked link, an address over
its hourly limit) is kept as a LinkFailure before the refusal is raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from journey.cases.models import Episode
from journey.casework.models import FamilyBenefit
from journey.casework.services import BenefitInput, record_family_benefit
from journey.chronology.models import ChronologyEntry, EntryKind
from journey.chronology.services import build_entry
from journey.core.templatetags.govuk import govuk_date
from journey.outcomes import services as outcomes
from journey.outcomes.services import Scale, ScoredBy, ScoreInput, Source, ToolVersion
from journey.people.contact_details.selectors import reachable
from journey.people.models import Person
from journey.voice.links.models import (
    CHILD_FORMS,
    FORMS_NEEDING_A_CODE,
    Benefit,
    Channel,
    LinkFailure,
    Purpose,
    ViewsAnswer,
    ViewsForm,
    ViewsLink,
    ViewsResponse,
)
from journey.voice.links.questions import FORMS
from journey.voice.links.senders import Message, Sender, message_sender

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
CODE_DIGITS = 6
HOUR = dt.timedelta(hours=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_code(token: str, code: str) -> str:
    return hashlib.sha256(f"{token}:{code}".encode()).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


# --- Sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRequest:
    """An outcome tool the family is asked to score, for one piece of the child's work."""

    episode: Episode
    version: ToolVersion


@dataclass(frozen=True)
class LinkRequest:
    recipient: Person | None
    form: str
    purpose: str
    channel: str
    #: At a review or closure: ask them to score an outcome tool too.
    score: ScoreRequest | None = None


@dataclass(frozen=True)
class SentLink:
    """The link, and its token and code: given to the caller once (the sender has them too)."""

    link: ViewsLink
    token: str
    code: str


def _address(person: Person, channel: str) -> str:
    return person.email if channel == Channel.EMAIL else person.mobile


def _problems(child: Person, data: LinkRequest) -> dict[str, str]:
    errors: dict[str, str] = {}
    family = {r.person.pk: r for r in reachable(child)}
    if data.recipient is None or data.recipient.pk not in family:
        errors["recipient"] = "Select the child, or one of their parents or carers"
    if data.form not in ViewsForm.values:
        errors["form"] = "Select the form to send"
    if data.purpose not in Purpose.values:
        errors["purpose"] = "Select what the views are for"
    if data.channel not in Channel.values:
        errors["channel"] = "Select email or text message"
    if errors:
        return errors
    assert data.recipient is not None
    recipient = Person.objects.get(pk=data.recipient.pk)  # the details as recorded now
    if data.form == ViewsForm.PARENT and data.recipient.pk == child.pk:
        errors["form"] = "The parent's form goes to a parent or carer: choose a child's form"
    if child.date_of_death:
        errors["recipient"] = "The child has died: no link is sent for their views"
    if not _address(recipient, data.channel):
        what = "email address" if data.channel == Channel.EMAIL else "mobile number"
        errors["channel"] = (
            f"{recipient.full_name} has no {what} on their record: add it on the child's "
            "family page, or choose the other way to send"
        )
    if data.score is not None:
        errors.update(_score_request_problems(child, data))
    return errors


def scored_by(form: str) -> str:
    """Who scores the tool through a link: the child on the child's forms, else the parent."""
    return ScoredBy.CHILD if form in CHILD_FORMS else ScoredBy.PARENT


def _score_request_problems(child: Person, data: LinkRequest) -> dict[str, str]:
    assert data.score is not None
    version = ToolVersion.objects.select_related("tool").get(pk=data.score.version.pk)
    episode = Episode.objects.get(pk=data.score.episode.pk)
    name = version.tool.name
    if data.purpose not in (Purpose.REVIEW, Purpose.CLOSURE):
        return {"score": f"Ask them to score the {name} at a review or at closure"}
    if episode.child_id != child.pk:
        return {"score": f"Choose the {name} for {child.full_name}'s own work"}
    who = scored_by(data.form)
    if who not in version.scored_by:
        return {"score": f"The {name} is not scored by {ScoredBy(who).label.lower()}"}
    problems = outcomes.family_measure_problems(
        episode,
        version,
        closing=data.purpose == Purpose.CLOSURE,
        scored_by=who,
        on=timezone.localdate(),
    )
    if problems:
        return {"score": f"The {name} cannot be scored now: {next(iter(problems.values()))}"}
    return {}


def _messages(link: ViewsLink, token: str, code: str, base_url: str) -> list[Message]:
    council = settings.COUNCIL_NAME
    url = base_url.rstrip("/") + reverse("views_public", args=[token])
    code_note = (
        f" We will send you a {CODE_DIGITS}-digit code in a separate message: you need it to "
        "open the form."
        if link.needs_code
        else ""
    )
    body = (
        f"{council} would like to hear what you think. Answer a few short questions here: "
        f"{url}\n\nThe link works once, until {govuk_date(timezone.localdate(link.expires_at))}."
        f"{code_note} If you were not expecting this message, you can ignore it."
    )
    subject = f"{council}: tell us what you think"
    reference = f"views-link-{link.pk}"
    messages = [Message(link.channel, link.sent_to, body, subject, reference)]
    if link.needs_code:
        messages.append(
            Message(
                link.channel,
                link.sent_to,
                f"Your code for the {council} form is {code}. Do not share it with anyone.",
                f"{council}: your code",
                f"{reference}-code",
            )
        )
    return messages


@transaction.atomic
def send_views_link(
    child: Person,
    data: LinkRequest,
    *,
    by: User,
    base_url: str = "",
    now: dt.datetime | None = None,
    sender: Sender | None = None,
) -> SentLink:
    """Make a one-time link for the child's or a parent's views and send it (and, for a form
    beyond feedback, its code in a second message) to the contact details on their record."""
    errors = _problems(child, data)
    if errors:
        raise ValidationError(errors)
    assert data.recipient is not None
    now = now or timezone.now()
    relation = {r.person.pk: r.relation for r in reachable(child)}[data.recipient.pk]
    recipient = Person.objects.get(pk=data.recipient.pk)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    code = new_code() if data.form in FORMS_NEEDING_A_CODE else ""
    link = ViewsLink.objects.create(
        child=child,
        recipient=recipient,
        relation=relation,
        form=data.form,
        purpose=data.purpose,
        channel=data.channel,
        sent_to=_address(recipient, data.channel),
        token_hash=hash_token(token),
        code_hash=hash_code(token, code) if code else "",
        sent_at=now,
        expires_at=now + dt.timedelta(days=settings.JOURNEY_VIEWS_LINK_DAYS),
        sent_by=by,
        outcome_version=data.score.version if data.score else None,
        outcome_episode=data.score.episode if data.score else None,
    )
    base = base_url or settings.JOURNEY_LINK_BASE_URL or "http://localhost:8000"
    sender = sender or message_sender()
    for message in _messages(link, token, code, base):
        sender.send(message)
    return SentLink(link, token, code)


# --- Opening a link --------------------------------------------------------------------------


class LinkRefused(Exception):
    """A link that may not be used now; `kind` is a LinkFailure.Kind."""

    def __init__(self, kind: str, link: ViewsLink | None = None, attempts_left: int = 0):
        super().__init__(kind)
        self.kind = kind
        self.link = link
        self.attempts_left = attempts_left


def _log_failure(kind: str, link: ViewsLink | None, address: str | None, now: dt.datetime) -> None:
    with transaction.atomic():
        LinkFailure.objects.create(
            link=link, kind=kind, client_address=address or None, occurred_at=now
        )
    logger.warning(
        "Secure link refused: %s (link %s) from %s", kind, link.pk if link else "-", address
    )


def _address_over_limit(address: str | None, now: dt.datetime) -> bool:
    if not address:
        return False
    recent = LinkFailure.objects.filter(client_address=address, occurred_at__gt=now - HOUR)
    return recent.count() >= settings.JOURNEY_VIEWS_ADDRESS_FAILURES


def _link_failures(link: ViewsLink) -> int:
    return LinkFailure.objects.filter(link=link).count()


def open_link(token: str, *, address: str | None, now: dt.datetime | None = None) -> ViewsLink:
    """The unused, unexpired, unlocked link this token opens, for a client address under its
    hourly limit; otherwise the failure is logged and LinkRefused raised."""
    now = now or timezone.now()
    if _address_over_limit(address, now):
        _log_failure(LinkFailure.Kind.TOO_MANY, None, address, now)
        raise LinkRefused(LinkFailure.Kind.TOO_MANY)
    link = ViewsLink.objects.filter(token_hash=hash_token(token)).first()
    kind = None
    if link is None:
        kind = LinkFailure.Kind.UNKNOWN
    elif link.answered_at is not None:
        kind = LinkFailure.Kind.USED
    elif link.expires_at <= now:
        kind = LinkFailure.Kind.EXPIRED
    elif _link_failures(link) >= settings.JOURNEY_VIEWS_LINK_FAILURES:
        kind = LinkFailure.Kind.LOCKED
    if kind is not None:
        _log_failure(kind, link, address, now)
        raise LinkRefused(kind, link)
    assert link is not None
    return link


def check_code(
    link: ViewsLink, token: str, code: str, *, address: str | None, now: dt.datetime | None = None
) -> None:
    """The code sent with the link, compared in constant time. A wrong code is a failure on the
    link (LinkRefused WRONG_CODE, with the attempts left, or LOCKED on the last)."""
    now = now or timezone.now()
    code = "".join((code or "").split())
    if not code:
        raise ValidationError({"code": f"Enter the {CODE_DIGITS}-digit code we sent you"})
    if link.code_hash and hmac.compare_digest(hash_code(token, code), link.code_hash):
        return
    _log_failure(LinkFailure.Kind.WRONG_CODE, link, address, now)
    left = settings.JOURNEY_VIEWS_LINK_FAILURES - _link_failures(link)
    raise LinkRefused(
        LinkFailure.Kind.WRONG_CODE if left > 0 else LinkFailure.Kind.LOCKED, link, max(left, 0)
    )


# --- What comes back -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoresAsked:
    """The outcome tool a link asks the family to score, with its scales, if the scores can
    still be recorded (the work may have closed too long ago, or been measured at closure)."""

    version: ToolVersion
    episode: Episode
    point: str
    scored_by: str

    @property
    def scales(self) -> list[Scale]:
        return list(self.version.scales.all())


def scores_asked(link: ViewsLink, on: dt.date | None = None) -> ScoresAsked | None:
    """What the link's form asks to score now, or None (no tool, or it can no longer be)."""
    if link.outcome_version_id is None or link.outcome_episode_id is None:
        return None
    version = (
        ToolVersion.objects.select_related("tool")
        .prefetch_related("scales")
        .get(pk=link.outcome_version_id)
    )
    episode = Episode.objects.get(pk=link.outcome_episode_id)
    closing = link.purpose == Purpose.CLOSURE
    who = scored_by(link.form)
    on = on or timezone.localdate()
    if outcomes.family_measure_problems(episode, version, closing=closing, scored_by=who, on=on):
        return None
    return ScoresAsked(version, episode, outcomes.family_point(episode, closing=closing), who)


def _scores_of(
    asked: ScoresAsked, values: dict[str, str]
) -> tuple[list[ScoreInput], dict[str, str]]:
    """The family's scores, each checked in the form's own voice: (scores, errors)."""
    low, high = asked.version.lowest, asked.version.highest
    scores: list[ScoreInput] = []
    errors: dict[str, str] = {}
    for scale in asked.scales:
        given = (values.get(f"score_{scale.key}") or "").strip()
        value = int(given) if given.lstrip("-").isdigit() else None
        if value is None or not low <= value <= high:
            errors[f"score_{scale.key}"] = f"Pick a number from {low} to {high} for {scale.name}"
            continue
        words = (values.get(f"words_{scale.key}") or "").strip()
        if len(words) > 5000:
            errors[f"words_{scale.key}"] = "Keep your answer under 5,000 characters"
        scores.append(ScoreInput(scale.key, value, words))
    return scores, errors


def _score_rows(asked: ScoresAsked, scores: list[ScoreInput]) -> list[dict[str, str]]:
    """The scores in the answer as sent, in the words the form showed."""
    names = {scale.key: scale.name for scale in asked.scales}
    rows = []
    for score in scores:
        name = names[score.key]
        rows.append(
            {
                "question": f"{name}: score from {asked.version.lowest} to {asked.version.highest}",
                "answer": str(score.value),
            }
        )
        if score.words:
            rows.append({"question": f"{name}: in your own words", "answer": score.words})
    return rows


def _answer_problems(form: str, values: dict[str, str]) -> dict[str, str]:
    errors = {}
    for question in FORMS[form].questions:
        value = (values.get(question.name) or "").strip()
        unknown_choice = bool(question.choices and value and value not in dict(question.choices))
        if unknown_choice or (question.required and not value):
            errors[question.name] = question.missing or f"Answer: {question.label}"
        elif len(value) > 5000:
            errors[question.name] = "Keep your answer under 5,000 characters"
    return errors


def views_entry(answer: ViewsAnswer) -> ChronologyEntry:
    link = answer.link
    who = link.from_words
    title = f"Views from {who}"
    if link.form not in CHILD_FORMS:
        title += f" ({link.recipient.full_name})"
    summary = "\n".join(
        f"{row['question']} {row['answer'] or 'Not answered'}" for row in answer.answers
    )
    entry = build_entry(
        child_id=answer.child_id,
        kind=EntryKind.VIEWS,
        title=title,
        summary=summary,
        occurred_at=answer.received_at,
        source=answer,
        recorded_by=None,
        recorded_at=answer.received_at,
    )
    entry.recorded_by_name = f"Sent in by {who} through a secure link"[:150]
    return entry


@transaction.atomic
def submit_views(
    link: ViewsLink, values: dict[str, str], *, now: dt.datetime | None = None
) -> ViewsAnswer:
    """Keep the answers as sent, end the link, and put "Views from ..." on the child's
    chronology, for the worker to acknowledge. The caller opened the link (and checked the code)
    first; a link used or expired meanwhile is refused."""
    now = now or timezone.now()
    link = ViewsLink.objects.select_for_update().select_related("recipient").get(pk=link.pk)
    if link.answered_at is not None:
        raise LinkRefused(LinkFailure.Kind.USED, link)
    if link.expires_at <= now:
        raise LinkRefused(LinkFailure.Kind.EXPIRED, link)
    errors = _answer_problems(link.form, values)
    asked = scores_asked(link, timezone.localdate(now))
    scores: list[ScoreInput] = []
    if asked is not None:
        scores, score_errors = _scores_of(asked, values)
        errors.update(score_errors)
    if errors:
        raise ValidationError(errors)
    questions = FORMS[link.form].questions
    kept = {q.name: (values.get(q.name) or "").strip() for q in questions}
    answer = ViewsAnswer.objects.create(
        link=link,
        child_id=link.child_id,
        received_at=now,
        answers=[{"question": q.label, "answer": q.words_for(kept[q.name])} for q in questions]
        + (_score_rows(asked, scores) if asked else []),
        benefit=kept.get("benefit", ""),
        benefit_words=kept.get("benefit_words", ""),
    )
    link.answered_at = now
    link.save(update_fields=["answered_at"])
    views_entry(answer).save()
    _record_benefit(link, answer, now)
    if asked is not None:
        _record_scores(asked, scores, timezone.localdate(now))
    return answer


def _record_scores(asked: ScoresAsked, scores: list[ScoreInput], on: dt.date) -> None:
    """The family's scores as a measure of the work, sent by them (no worker recorded it)."""
    outcomes.record_measurement(
        asked.episode,
        outcomes.MeasurementInput(
            asked.version, asked.point, on, asked.scored_by, scores, source=Source.LINK
        ),
        by=None,
    )


def _record_benefit(link: ViewsLink, answer: ViewsAnswer, now: dt.datetime) -> None:
    """A closure or review answer is also the family's evidence of benefit, on the child's work
    running the day it was given (or the work that closed last before it), beside what workers
    record."""
    if not answer.benefit:
        return
    day = timezone.localdate(now)
    work = Episode.objects.filter(child_id=link.child_id, started_on__lte=day).order_by(
        F("ended_on").desc(nulls_first=True), "-started_on"
    )
    episode = work.first()
    if episode is None:
        return
    record_family_benefit(
        BenefitInput(
            episode=episode,
            given_by=(
                FamilyBenefit.GivenBy.CHILD
                if link.form in CHILD_FORMS
                else FamilyBenefit.GivenBy.PARENT
            ),
            at=FamilyBenefit.At.CLOSURE
            if link.purpose == Purpose.CLOSURE
            else FamilyBenefit.At.REVIEW,
            score=list(Benefit.values).index(answer.benefit) + 1,
            given_on=day,
            words=answer.benefit_words,
            source=FamilyBenefit.Source.LINK,
        ),
        by=None,
    )


@transaction.atomic
def acknowledge_views(
    answer: ViewsAnswer, *, by: User, response: str = "", now: dt.datetime | None = None
) -> ViewsAnswer:
    """The worker has read the views; any response is appended, dated, and the answer itself
    is never changed."""
    now = now or timezone.now()
    answer = ViewsAnswer.objects.select_for_update().get(pk=answer.pk)
    response = (response or "").strip()
    if answer.acknowledged_at is not None and not response:
        raise ValidationError({"response": "Enter your response: the views are acknowledged"})
    if len(response) > 5000:
        raise ValidationError({"response": "Keep the response under 5,000 characters"})
    if answer.acknowledged_at is None:
        answer.acknowledged_at, answer.acknowledged_by = now, by
        answer.save(update_fields=["acknowledged_at", "acknowledged_by"])
    if response:
        ViewsResponse.objects.create(answer=answer, written_at=now, written_by=by, text=response)
    return answer
