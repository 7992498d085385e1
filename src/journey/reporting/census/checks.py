"""Run the census rules over a collection and store what they find (`CensusCheck`), and read a
stored check back a page at a time for the data-quality page.

Checking the whole council reads every child in the return (seconds for a large council), so it
is done on request ("Check the records") or by `manage.py census`, and the page reads the
stored result: filtering and paging it costs a fixed handful of queries whatever its size.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from openpyxl import Workbook

from journey.core import spreadsheets
from journey.core.templatetags.govuk import user_name
from journey.reporting.census.collection import Collection, census_children, child_ids_in_scope
from journey.reporting.census.explanations import with_explanations
from journey.reporting.census.records import CensusChild
from journey.reporting.census.rules import (
    ReturnRule,
    ReturnTally,
    Rule,
    child_breaches,
    context_for,
    return_breaches,
    return_rule_numbered,
    rule_numbered,
)
from journey.reporting.models import CensusBreach, CensusCheck

if TYPE_CHECKING:
    from journey.reporting.census.explanations import ExplainedBreach

BATCH = 2000
PAGE_SIZE = 50


#: A breach as it is found: rule, whether a query, the child and (for record rules) the episode.
Found = tuple[str, bool, int, int | None]


class CheckRecorder:
    """Records the breaches of each child passed through `watch` as one check.

    Nothing is written until `finish`, which writes the check and its breaches in one short
    transaction: a long check never holds the database's write lock, and nobody sees a check
    half written."""

    def __init__(self, collection: Collection, *, checked_by: User | None, name: str) -> None:
        self.collection = collection
        self.context = context_for(collection)
        self.started = time.perf_counter()
        self.check = CensusCheck(
            year=collection.year,
            checked_at=timezone.now(),
            checked_by=checked_by,
            checked_by_name=name,
            children=0,
            episodes=0,
            errors=0,
            queries=0,
            children_with_problems=0,
            seconds=0,
        )
        self.tally = ReturnTally()
        self._found: list[Found] = []
        self._children_with_problems: set[int] = set()

    def watch(self, children: Iterable[CensusChild]) -> Iterator[CensusChild]:
        check = self.check
        for child in children:
            check.children += 1
            check.episodes += len(child.episodes)
            for breach in child_breaches(child, self.context):
                self._record(breach.rule, child, breach.episode_id)
            self.tally.add(child, self.context)
            yield child

    def _record(self, rule: Rule, child: CensusChild, episode_id: int | None) -> None:
        if rule.query:
            self.check.queries += 1
        else:
            self.check.errors += 1
        assert child.person_id is not None  # a child collected from the records
        self._children_with_problems.add(child.person_id)
        self._found.append((rule.number, rule.query, child.person_id, episode_id))

    def _write(self) -> None:
        for start in range(0, len(self._found), BATCH):
            CensusBreach.objects.bulk_create(
                CensusBreach(
                    census_check=self.check,
                    rule=rule,
                    is_query=is_query,
                    child_id=child_id,
                    episode_id=episode_id,
                )
                for rule, is_query, child_id, episode_id in self._found[start : start + BATCH]
            )

    def finish(self) -> CensusCheck:
        check = self.check
        check.children_with_problems = len(self._children_with_problems)
        broken = return_breaches(self.tally)
        check.return_rules = [rule.number for rule in broken]
        check.errors += sum(1 for rule in broken if not rule.query)
        check.queries += sum(1 for rule in broken if rule.query)
        check.seconds = round(time.perf_counter() - self.started, 3)
        with transaction.atomic():
            check.save()
            self._write()
        return check


#: Told how far the check has gone: the stage, children done and of how many.
Progress = Callable[[str, int, int | None], None]


def check_census(
    collection: Collection,
    *,
    checked_by: User | None,
    name: str = "",
    progress: Progress | None = None,
) -> CensusCheck:
    """Check every child in the collection against the census rules and store the result.

    The children are read outside any transaction; only the result is written in one."""
    name = name or user_name(checked_by)
    recorder = CheckRecorder(collection, checked_by=checked_by, name=name)
    total = child_ids_in_scope(collection).order_by().distinct().count() if progress else None
    for done, _child in enumerate(recorder.watch(census_children(collection)), start=1):
        if progress:
            progress("Checking the children's records", done, total)
    if progress:
        progress("Saving what the check found", total or 0, total)
    return recorder.finish()


# --- reading a stored check ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCount:
    number: str
    rule: Rule | None
    is_query: bool
    breaches: int
    children: int

    @property
    def message(self) -> str:
        return self.rule.message if self.rule else "A rule no longer checked"


def counts_by_rule(check: CensusCheck) -> list[RuleCount]:
    rows = (
        check.breaches.values("rule", "is_query")
        .annotate(n=Count("id"), children=Count("child", distinct=True))
        .order_by("is_query", "rule")
    )
    return [
        RuleCount(r["rule"], rule_numbered(r["rule"]), r["is_query"], r["n"], r["children"])
        for r in rows
    ]


def return_rules_of(check: CensusCheck) -> list[ReturnRule]:
    return [rule for n in check.return_rules if (rule := return_rule_numbered(n))]


KINDS = ("error", "query", "unexplained")


def breaches_of(check: CensusCheck, *, rule: str = "", kind: str = "") -> QuerySet[ExplainedBreach]:
    """The check's breaches, each with its query's newest explanation (see `with_explanations`),
    by rule and by kind: errors, queries, or queries not yet explained."""
    found = with_explanations(check.breaches.select_related("child"), check.year)
    if rule:
        found = found.filter(rule=rule)
    if kind in ("error", "query"):
        found = found.filter(is_query=kind == "query")
    elif kind == "unexplained":
        found = found.filter(is_query=True, explained=False)
    return found.order_by("is_query", "rule", "child_id", "episode_id", "pk")


def explained_queries(check: CensusCheck) -> int:
    """How many of the check's query breaches are explained (one query)."""
    return breaches_of(check, kind="query").filter(explained=True).count()


def breaches_page(check: CensusCheck, number: str | int | None, **filters: str) -> Page:
    paginator = Paginator(breaches_of(check, **filters), PAGE_SIZE)
    return paginator.get_page(number)


PROBLEM_COLUMNS = (
    "LA child ID",
    "Child",
    "Rule",
    "Type",
    "What is wrong",
    "Record to fix",
    "Link",
    "Explanation",
)


def problems_workbook(check: CensusCheck, link_for: Callable[[CensusBreach], str]) -> bytes:
    """The stored check's problems as an XLSX (whole-return rules first, then one row each)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"CIN census {check.year}")
    sheet.append(spreadsheets.row(sheet, PROBLEM_COLUMNS))
    for rule in return_rules_of(check):
        values = ["", "The return as a whole", rule.number, rule.kind, rule.message, "", "", ""]
        sheet.append(spreadsheets.row(sheet, values))
    messages = {count.number: count.message for count in counts_by_rule(check)}
    for breach in breaches_of(check).iterator(chunk_size=BATCH):
        child = breach.child
        values = [
            child.local_id,
            "Restricted record" if child.is_restricted else child.full_name,
            breach.rule,
            "Query" if breach.is_query else "Error",
            messages.get(breach.rule, ""),
            "Social care record" if breach.episode_id else "Child's details",
            link_for(breach),
            _explanation(breach),
        ]
        sheet.append(spreadsheets.row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _explanation(breach: ExplainedBreach) -> str:
    """A query's explanation for the spreadsheet; a restricted record's stays on the record."""
    if not breach.explained:
        return ""
    assert breach.explanation is not None  # the newest explanation's text
    return "Explained (restricted record)" if breach.child.is_restricted else breach.explanation
