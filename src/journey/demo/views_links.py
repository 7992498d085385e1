"""The demo council's year of secure links for views, through the services: parents' and
carers' contact details, links sent before meetings, at reviews and at closure (a young child's
pictures form through a parent, an older child's own form by text, a parent's views, and
feedback on what difference the help made), most answered within days and acknowledged by the
worker, some with a response, a few expired unanswered, and the latest still waiting.
Deterministic: the same seed and day give the same links."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from journey.chronology.services import start_of
from journey.people.contact_details.selectors import parents_and_carers
from journey.people.contact_details.services import ContactDetails, record_contact_details
from journey.people.models import Person
from journey.voice.links import services
from journey.voice.links.models import Channel, Purpose, ViewsForm, ViewsLink
from journey.voice.links.senders import OutboxSender
from journey.workforce.models import Allocation

#: Children asked for views: about one in five with open work, at most this many.
MOST_CHILDREN = 120
YEAR = 365
#: Share of links answered, and of answers the worker has acknowledged (the rest wait for them).
ANSWERED = 0.72
ACKNOWLEDGED = 0.85

PARENT_ANSWERS = [
    {
        "working": "The children are getting to school on time most days now.",
        "worries": "Money, and the rent arrears letter we had last week.",
        "from_meeting": "A plan for the mornings that the school agrees to.",
    },
    {
        "working": "The family support worker visits help me keep on top of things.",
        "worries": "His temper when he comes home from his dad's.",
        "from_meeting": "Help to get him seen by CAMHS sooner.",
    },
    {
        "working": "Bedtimes are calmer since we started the routine.",
        "worries": "That nobody listens to me at these meetings.",
        "from_meeting": "To be asked what I think before decisions are made.",
    },
]
OLDER_ANSWERS = [
    {
        "going_well": "Football on Saturdays, and my new form tutor.",
        "worries": "Mum and dad arguing about me.",
        "would_like": "To see my dad more, but not on school nights.",
        "who_comes": "My form tutor",
    },
    {
        "going_well": "I have a friend in my class now.",
        "worries": "Getting behind with my homework.",
        "would_like": "A quiet place to do homework after school.",
    },
]
YOUNG_ANSWERS = [
    {"home": "happy", "school": "ok", "safe": "yes", "tell_us": "I like my new bed."},
    {"home": "worried", "school": "happy", "safe": "sometimes"},
    {"home": "ok", "school": "sad", "safe": "yes", "tell_us": "Nobody plays with me at lunch."},
]
CLOSURE_ANSWERS = [
    ("a_great_deal", "We have a routine now and the shouting has stopped."),
    ("a_lot", "I know who to call if things get hard again."),
    ("some", "School is better but money is still a worry."),
    ("a_little", "The help came late, but the parenting course was good."),
    ("none", ""),
]
RESPONSES = [
    "Thank you. I will bring this to the meeting so we start with what is working.",
    "Read with the family at my next visit; the plan now includes the school mornings.",
    "Shared with the team around the family; we agreed to ask CAMHS for a date.",
]


def _work(as_of: dt.date) -> list[tuple[Person, dt.date, object, bool]]:
    """Unrestricted children with work held in the last year: the child, when the work began,
    who held it, and whether it has closed."""
    held: dict[int, tuple[Person, dt.date, object, bool]] = {}
    since = as_of - dt.timedelta(days=YEAR)
    for allocation in (
        Allocation.objects.filter(
            kind=Allocation.Kind.WORKER,
            episode__child__is_restricted=False,
            episode__child__date_of_birth__isnull=False,
            episode__child__date_of_death__isnull=True,
            episode__started_on__lte=as_of - dt.timedelta(days=30),
        )
        .exclude(episode__ended_on__lt=since)
        .select_related("episode__child", "worker__user")
        .order_by("episode__started_on", "episode_id", "pk")
    ):
        episode = allocation.episode
        held.setdefault(
            episode.child_id,
            (episode.child, episode.started_on, allocation.worker.user, bool(episode.ended_on)),
        )
    return list(held.values())


def _mobile(n: int) -> str:
    return f"07700 900{n % 1000:03d}"  # Ofcom's range for drama: nobody's number


def _reach(child: Person, by, n: int) -> list[Person]:
    """Contact details for the child's parents and carers (and a teenager's own mobile)."""
    reached = []
    for i, r in enumerate(parents_and_carers(child)):
        person = r.person
        if not (person.email or person.mobile):
            email = f"{person.first_name}.{person.last_name}{n}{i}@example.com".lower()
            person = record_contact_details(
                person, ContactDetails(email=email, mobile=_mobile(n * 3 + i)), by=by
            )
        reached.append(person)
    return reached


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return start_of(day) + dt.timedelta(minutes=rng.randint(0, 8 * 60))


def _plan(child: Person, closed: bool, parents: list[Person], day: dt.date, rng: random.Random):
    """(recipient, form, purpose, channel, answers) for one link."""
    age = child.age_on(day) or 0
    if closed:
        benefit, words = rng.choice(CLOSURE_ANSWERS)
        answers = {"benefit": benefit, "benefit_words": words}
        return parents[0], ViewsForm.CLOSURE, Purpose.CLOSURE, Channel.EMAIL, answers
    roll = rng.random()
    if age >= 11 and roll < 0.35:
        return (
            child,
            ViewsForm.OLDER_CHILD,
            Purpose.BEFORE_MEETING,
            Channel.TEXT,
            rng.choice(OLDER_ANSWERS),
        )
    if 4 <= age < 11 and roll < 0.35:
        return (
            parents[0],
            ViewsForm.YOUNG_CHILD,
            Purpose.BEFORE_MEETING,
            Channel.TEXT,
            rng.choice(YOUNG_ANSWERS),
        )
    if roll < 0.5:
        benefit, words = rng.choice(CLOSURE_ANSWERS[:4])
        answers = {"benefit": benefit, "benefit_words": words}
        return rng.choice(parents), ViewsForm.CLOSURE, Purpose.REVIEW, Channel.EMAIL, answers
    return (
        rng.choice(parents),
        ViewsForm.PARENT,
        Purpose.BEFORE_MEETING,
        Channel.EMAIL,
        rng.choice(PARENT_ANSWERS),
    )


def seed_views_links(*, as_of: dt.date, rng: random.Random) -> int:
    """Send, answer and acknowledge a year of links; returns how many were sent."""
    work = _work(as_of)
    rng.shuffle(work)
    chosen = work[: max(1, min(MOST_CHILDREN, len(work) // 5))]
    sent = 0
    for n, (child, started_on, by, closed) in enumerate(chosen):
        parents = _reach(child, by, n)
        if not parents:
            continue
        if child.age_on(as_of) and child.age_on(as_of) >= 11 and not child.mobile:
            child = record_contact_details(child, ContactDetails(mobile=_mobile(500 + n)), by=by)
        earliest = max(started_on, as_of - dt.timedelta(days=YEAR))
        for _ in range(rng.choice([1, 1, 2, 3])):
            day = earliest + dt.timedelta(days=rng.randint(0, max(0, (as_of - earliest).days)))
            if sent == 0:  # the first is answered: a month back, so it was not yet expired
                day = as_of - dt.timedelta(days=30)
            recipient, form, purpose, channel, answers = _plan(child, closed, parents, day, rng)
            if channel == Channel.TEXT and not recipient.mobile:
                channel = Channel.EMAIL
            if channel == Channel.EMAIL and not recipient.email:
                channel = Channel.TEXT
            when = _moment(day, rng)
            link = services.send_views_link(
                child,
                services.LinkRequest(recipient, form, purpose, channel),
                by=by,
                now=when,
                sender=OutboxSender(at=when),
            ).link
            sent += 1
            _answer(link, answers, by, as_of, rng, first=sent == 1)
    return sent


def _answer(link: ViewsLink, answers: dict, by, as_of: dt.date, rng: random.Random, first: bool):
    """Most links are answered within days (the first always, so the demo has one); the rest
    expire unanswered or, if recent, still wait."""
    now = timezone.make_aware(dt.datetime.combine(as_of, dt.time(17, 0)))
    answered_at = link.sent_at + dt.timedelta(hours=rng.randint(2, 24 * 6))
    if answered_at >= min(link.expires_at, now) or not (first or rng.random() < ANSWERED):
        return
    answer = services.submit_views(link, answers, now=answered_at)
    if rng.random() < ACKNOWLEDGED:
        acknowledged_at = answered_at + dt.timedelta(days=rng.randint(1, 5))
        if acknowledged_at < now:
            response = rng.choice(RESPONSES) if rng.random() < 0.5 else ""
            services.acknowledge_views(answer, by=by, response=response, now=acknowledged_at)
