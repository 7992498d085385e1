"""The demo council's views (R8): the child's views and the parents' or carers' views on most
records, how they were obtained, some not obtained with the reason, some missing; and parents'
(now and then the child's) evidence of the benefit of help at reviews and closures.

About 85 in 100 records carry the child's words and a way they were obtained, about 8 say why
they were not obtained, and the rest have none (the tracker and the audit tool flag those).
Records the generator already left without views on purpose (drifting CAF work) stay so.
"""

from __future__ import annotations

import datetime as dt
import random

from journey.cases.models import ClosureViews, Episode
from journey.casework.models import CaseNote, FamilyBenefit
from journey.core.views_of_child import ChildViews, ViewsInput, ViewsMethod

WORDS = [
    "{name} said they like it when Mum walks them to school and hates the shouting at night.",
    "{name} drew their family and put themselves next to Nan: “Nan's house is quiet.”",
    "{name} said: “I want to stay at my school and see my friends.”",
    "{name} said the worst thing is not knowing if there's tea; the best is football on Saturday.",
    "{name} put the angry face on bedtime and the happy face on weekends at Dad's.",
    "{name} said they worry about Mum when she is sad and do not want to be away from her.",
    "{name} said: “Things are calmer now. I'd like the help to carry on a bit.”",
]
PARENT_WORDS = [
    "Mum says the routines are helping and she wants support with the mornings.",
    "Dad feels listened to this time and wants the school to keep in touch with him.",
    "Mum says she is tired and worried about money; the food bank referral helped.",
    "The carers say things are better since the bedtime plan, and want it to continue.",
    "Mum is angry about the referral but agrees the children need more at school.",
]
NOT_OBTAINED = [
    "A baby, under a year old: observed with Mum, calm and responsive.",
    "Did not want to talk this time; we will try again with the drawing pack at school.",
    "Asleep during the visit; seen and settled.",
    "Unwell and off school; the worker will see them next week.",
]
#: How views were obtained, weighted as the demo council's workers record them.
METHODS = [
    (ViewsMethod.TALKING, 60),
    (ViewsMethod.PLAY, 20),
    (ViewsMethod.TOOL, 12),
    (ViewsMethod.ADVOCATE, 8),
]
BENEFIT_WORDS = {
    1: "Nothing has really changed for us.",
    2: "A little: the school is more understanding now.",
    3: "Some things are better, the mornings mostly.",
    4: "A lot. We have a routine and the shouting has stopped.",
    5: "A great deal. I don't know where we would be without it.",
}


def _method(rng: random.Random) -> str:
    methods, weights = zip(*METHODS, strict=True)
    return rng.choices(methods, weights)[0]


def fill(record: ChildViews, rng: random.Random, name: str, *, may_fill: bool = True) -> None:
    """Views on one record: keep words already written (and give them a way); otherwise about
    85% get words, 8% a reason they were not obtained, the rest nothing. `may_fill` False: the
    generator left it without views on purpose (a drifting CAF): it may only gain a reason."""
    roll = rng.random()
    if record.child_views:
        record.child_views_method = _method(rng)
    elif may_fill and roll < 0.85:
        record.child_views = rng.choice(WORDS).format(name=name)
        record.child_views_method = _method(rng)
    elif roll < 0.93:
        record.child_views_method = ViewsMethod.NOT_OBTAINED
        record.child_views_not_obtained = rng.choice(NOT_OBTAINED)
    if rng.random() < 0.8:
        record.parent_views = rng.choice(PARENT_WORDS)


def views_input(rng: random.Random, name: str) -> ViewsInput:
    """Views as a form hands them to a service, filled as `fill` fills a record."""
    record = ClosureViews()  # never saved: only its four fields are filled
    fill(record, rng, name)
    return ViewsInput.of(record)


def fill_note(note: CaseNote, rng: random.Random) -> None:
    """A child's part of a visit: words only when they were seen in person."""
    name = note.episode.child.first_name
    if note.kind not in CaseNote.IN_PERSON:
        return
    if note.child_seen:
        fill(note, rng, name)
    else:
        note.child_views_method = ViewsMethod.NOT_OBTAINED
        note.child_views_not_obtained = "Not seen on this visit."


def closure_views(episode: Episode, rng: random.Random, user) -> ClosureViews:
    views = ClosureViews(episode=episode, recorded_by=user)
    fill(views, rng, episode.child.first_name)
    return views


def benefit(episode: Episode, rng: random.Random, *, at: str, on: dt.date, user) -> FamilyBenefit:
    """A parent's (now and then the child's) answer: mostly "a lot" or "a great deal"."""
    score = rng.choices([1, 2, 3, 4, 5], [4, 8, 20, 40, 28])[0]
    return FamilyBenefit(
        episode=episode,
        child=episode.child,
        given_by=FamilyBenefit.GivenBy.CHILD
        if rng.random() < 0.15
        else FamilyBenefit.GivenBy.PARENT,
        at=at,
        score=score,
        words=BENEFIT_WORDS[score] if rng.random() < 0.8 else "",
        given_on=on,
        recorded_by=user,
    )
