"""Reads about people, shaped per screen; every one respects record-level visibility."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from journey.access.rules import (
    episode_scope,
    is_cp_partner,
    is_partner,
    may_read_child_records,
    visible_children,
)
from journey.cases.models import Episode, StepChange
from journey.casework.models import Plan
from journey.casework.summaries.selectors import latest_summaries, next_summary_due
from journey.casework.supervision.selectors import is_overdue, with_supervision_due
from journey.casework.visits.schedule import interval_for, is_visit_overdue
from journey.casework.visits.selectors import drafts_about
from journey.core.phonetic import MIN_WORD_LENGTH, search_key
from journey.people.family import family_view
from journey.people.identifier.selectors import with_checks
from journey.people.models import DetailsCorrection, Person, PersonName
from journey.people.network.selectors import network_of
from journey.people.services import new_local_id
from journey.workforce.models import Allocation

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable
    from django.db.models.sql.compiler import SQLCompiler

SEARCH_LIMIT = 50
#: Words of a name searched for; more add nothing but cost.
MAX_WORDS = 6


def _open_episodes(user: User) -> Prefetch:
    episodes = Episode.objects.open().select_related("team").order_by("started_on")
    episodes = episodes.filter(episode_scope(user))
    return Prefetch("episodes", queryset=episodes, to_attr="open_episodes")


def search_children(
    user: User, *, text: str = "", date_of_birth: dt.date | None = None
) -> QuerySet[Person]:
    """Children the user may see whose name, ID or date of birth matches, best matches first.

    The text may be a UPN, NHS number or local ID (spaces and case ignored), or words of a name,
    with or without a date of birth typed among them ("Ruby 27/3/2016"). Every word must match
    one of the child's names, current or former: by containing it (by starting with it, for a
    word of one or two letters) or by sounding like it (see core.phonetic). Closed and
    historical cases are found like open ones; visibility rules decide who sees which child.

    Results are ordered by how well the words match (see _word_rank: exact names first,
    sound-alikes last), then surname, first name and date of birth. The query count is fixed:
    one query for the children, one for their open episodes, one for their identifier checks.
    """
    children = visible_children(user)
    identifier = _identifier_match(text)
    if identifier is not None:
        children, words = children.filter(identifier), []
    else:
        text, typed_date = split_typed_date(text)
        date_of_birth = date_of_birth or typed_date
        words = _words(text)
    if identifier is None and not words and not date_of_birth:
        return children.none()
    if date_of_birth:
        children = children.filter(date_of_birth=date_of_birth)
    if words:
        children = children.filter(_one_of(_named_every_word(words), children.db))
    rank: Any = sum((_word_rank(word) for word in words), Value(0))
    return (
        children.annotate(search_rank=rank)
        .prefetch_related(_open_episodes(user), with_checks())
        .order_by("search_rank", "last_name", "first_name", "date_of_birth", "pk")[:SEARCH_LIMIT]
    )


_TYPED_DATE = re.compile(r"(?<!\d)(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def parse_typed_date(text: str) -> dt.date | None:
    """A date of birth typed into the one search box: 5/11/2014, 5-11-2014 or 5 11 2014."""
    match = _TYPED_DATE.fullmatch(text.strip())
    return _date_of(match.groups()) if match else None


def split_typed_date(text: str) -> tuple[str, dt.date | None]:
    """The search text without the first real date typed in it (d/m/yyyy, d m yyyy, yyyy-mm-dd),
    and that date. An impossible date (31/2/2015) is left in the text, so it finds nobody."""
    for pattern, order in ((_TYPED_DATE, (0, 1, 2)), (_ISO_DATE, (2, 1, 0))):
        for match in pattern.finditer(text):
            day = _date_of([match.group(1 + i) for i in order])
            if day:
                return f"{text[: match.start()]} {text[match.end() :]}".strip(), day
    return text.strip(), None


def _date_of(parts: Sequence[str]) -> dt.date | None:
    day, month, year = (int(part) for part in parts)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _identifier_match(text: str) -> Q | None:
    """A UPN, NHS number or local ID, however it was spaced or cased; None for anything else."""
    compact = re.sub(r"\s+", "", text).upper()
    if re.fullmatch(r"\d{10}", compact):
        return Q(nhs_number=compact)
    if re.fullmatch(r"[A-Z]\d{11}[A-Z0-9]", compact):
        return Q(upn=compact) | Q(former_upn=compact)
    if match := re.fullmatch(r"JNY0*(\d{1,7})", compact):
        return Q(local_id=new_local_id(int(match.group(1))))
    return None


def _words(text: str) -> list[str]:
    """The words of a name as typed: commas and full stops split words; hyphens and apostrophes
    stay part of one (Smith-Jones, O'Brien)."""
    return [word for word in re.split(r"[\s,;.]+", text) if word][:MAX_WORDS]


def _name_text(word: str) -> Q:
    """The word as part of a first or last name; a fragment of one or two letters only as the
    start of one (so "Jo" finds Joe and Jones, not Major)."""
    lookup = "istartswith" if len(word) < MIN_WORD_LENGTH else "icontains"
    return Q(**{f"first_name__{lookup}": word}) | Q(**{f"last_name__{lookup}": word})


def _named_every_word(words: list[str]) -> QuerySet:
    """Ids of children named by every word: the intersection of each word's ids."""
    ids = _people_named(words[0])
    for word in words[1:]:
        ids = ids.intersection(_people_named(word))
    return ids


def _people_named(word: str) -> QuerySet:
    """Ids of children with a current or former name that contains or sounds like the word.

    A UNION of two small indexed lookups (trigram and key indexes on PostgreSQL) rather than
    an OR over the person row and an EXISTS on former names, which no index can serve.
    """
    match = _name_text(word)
    key = search_key(word)
    if key:
        match |= Q(first_name_key=key) | Q(last_name_key=key)
    current = Person.objects.children().filter(match).values("pk")
    former = PersonName.objects.filter(match, person__is_child=True).values("person_id")
    return current.union(former)


def _one_of(ids: QuerySet, using: str) -> Q:
    """The children whose id is in `ids`, a subquery.

    On PostgreSQL as ``id = ANY(ARRAY(subquery))``: the ids are found once, then just those
    children are fetched by primary key and the visibility rules checked on them. With a plain
    ``IN (subquery)`` the planner expects the visibility rules' set subqueries to keep half the
    table, checks them on every person and joins the matches afterwards (seen on the large
    council: 40-80 ms more per search, however few children the name matches).
    """
    if connections[using].vendor != "postgresql":
        return Q(pk__in=ids)
    return Q(_IdIsAnyOf(ids))


class _IdIsAnyOf(Expression):
    """``"people_person"."id" = ANY(ARRAY(<ids>))`` (PostgreSQL)."""

    output_field = BooleanField()

    def __init__(self, ids: QuerySet) -> None:
        super().__init__()
        self.lhs: Any = F("pk")
        self.array: Any = ArraySubquery(ids)

    def get_source_expressions(self) -> list:
        return [self.lhs, self.array]

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        self.lhs, self.array = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple]:
        lhs, lhs_params = compiler.compile(self.lhs)
        array, array_params = compiler.compile(self.array)
        return f"{lhs} = ANY({array})", (*lhs_params, *array_params)


def _word_rank(word: str) -> Case:
    """How well one word matches a child, lower is better: 0 a whole current name, 1 the start
    of one, 2 part of one, 3 part of a former name, 4 a current name that sounds alike, 5 a
    former name that sounds alike. Summed over the words."""
    exact = Q(first_name__iexact=word) | Q(last_name__iexact=word)
    starts = Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    former = PersonName.objects.filter(_name_text(word), person=OuterRef("pk"))
    whens = [
        When(exact, then=Value(0)),
        When(starts, then=Value(1)),
        When(_name_text(word), then=Value(2)),
        When(Exists(former), then=Value(3)),
    ]
    if key := search_key(word):
        whens.append(When(Q(first_name_key=key) | Q(last_name_key=key), then=Value(4)))
    return Case(*whens, default=Value(5), output_field=IntegerField())


def child_summary(child: Person, user: User) -> dict:
    """Everything the child's summary page shows, in a fixed number of queries."""
    queryset = (
        with_supervision_due(Episode.objects.filter(child=child))
        .select_related("team", "team__service")
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=Allocation.objects.current().select_related(
                    "worker__user", "worker__agency"
                ),
                to_attr="current_allocations",
            ),
            Prefetch("plans", to_attr="all_plans"),
            Prefetch(
                "steps_out",
                queryset=StepChange.objects.pending().select_related("receiving_team"),
                to_attr="pending_steps",
            ),
        )
        .order_by("-started_on")
    )
    episodes = list(queryset.filter(episode_scope(user)))
    today = timezone.localdate()
    # Family Help's partner lead practitioner is not told of the child protection plan here.
    sees_protection = not is_partner(user) or is_cp_partner(user)
    for episode in episodes:
        # What the page shows of each episode, set on it for the template. The plugin cannot see
        # supervision_due_on (annotate(**supervision_due())) nor the attributes set here.
        due_on = episode.supervision_due_on  # type: ignore[attr-defined]
        episode.supervision_overdue = episode.is_open and is_overdue(due_on, today)  # type: ignore[attr-defined]
        held = {a.kind: a for a in episode.current_allocations}
        episode.allocated_worker = held.get(Allocation.Kind.WORKER)  # type: ignore[attr-defined]
        episode.lead_professional = held.get(Allocation.Kind.LEAD_PROFESSIONAL)  # type: ignore[attr-defined]
        episode.lead_cp = held.get(Allocation.Kind.LEAD_CP_PRACTITIONER)  # type: ignore[attr-defined]
        episode.visited_plans = [  # type: ignore[attr-defined]
            p
            for p in episode.all_plans
            if p.is_open and p.visit_due_on and (p.kind != Plan.Kind.CP or sees_protection)
        ]
        for plan in episode.visited_plans:  # type: ignore[attr-defined]
            plan.visit_overdue = is_visit_overdue(plan.visit_due_on, today)
            plan.visit_interval = interval_for(plan)
    council = may_read_child_records(user)
    open_ids = [e.pk for e in episodes if e.is_open]
    latest = latest_summaries(open_ids) if council else {}
    due = next_summary_due([e for e in episodes if e.is_open]) if council else {}
    for episode in episodes:
        episode.case_summary = latest.get(episode.pk)  # type: ignore[attr-defined]
        episode.summary_due_on = due.get(episode.pk)  # type: ignore[attr-defined]
        episode.summary_overdue = is_overdue(due.get(episode.pk), today)  # type: ignore[attr-defined]
    return {
        "open_episodes": [e for e in episodes if e.is_open],
        "closed_episodes": [e for e in episodes if not e.is_open],
        "other_names": list(child.other_names.all()),
        "disabilities": list(child.disabilities.all()),
        "visit_drafts": drafts_about(child, user),
        "network": network_of(child),
        **family_view(child, user),
    }


@dataclass
class Correction:
    """One correction as a worker made it: every field changed at that moment, and why."""

    corrected_at: dt.datetime
    corrected_by: Any
    reason: str
    episode: Episode | None
    changes: list[DetailsCorrection] = field(default_factory=list)


def corrections_for(child: Person, episode: Episode | None = None) -> list[Correction]:
    """A child's corrections (or one episode's), newest first, in one query."""
    rows = DetailsCorrection.objects.filter(person=child).select_related("corrected_by", "episode")
    if episode is not None:
        rows = rows.filter(episode=episode)
    corrections: list[Correction] = []
    for row in rows.order_by("-corrected_at", "pk"):
        last = corrections[-1] if corrections else None
        if last and (last.corrected_at, last.corrected_by.pk, last.episode) == (
            row.corrected_at,
            row.corrected_by_id,
            row.episode,
        ):
            last.changes.append(row)
        else:
            corrections.append(
                Correction(row.corrected_at, row.corrected_by, row.reason, row.episode, [row])
            )
    return corrections
