"""Where each chronology entry came from: the source record, checked to concern the child.

Every entry links to its source; this module finds that record safely (only models listed here,
and only if the record is about the child whose chronology it is on) and lays out its fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.http import Http404
from django.urls import reverse

from journey.cases.models import Episode
from journey.core import codes
from journey.core.templatetags.govuk import govuk_date, govuk_datetime

#: (app, model) -> the lookup from that record to the child it concerns.
CHILD_LOOKUP = {
    ("people", "person"): "pk",
    ("cases", "contact"): "decisions__child",
    ("cases", "thresholddecision"): "child",
    ("cases", "episode"): "child",
    ("cases", "stepchange"): "child",
    ("workforce", "allocation"): "episode__child",
    ("casework", "assessment"): "episode__child",
    ("casework", "plan"): "episode__child",
    ("casework", "meeting"): "episode__child",
    ("casework", "casenote"): "episode__child",
    ("casework", "supervision"): "episode__child",
    ("casework", "actionprogress"): "action__plan__episode__child",
    ("casework", "panelcase"): "child",
}
HIDDEN_FIELDS = {"id", "password", "local_id"}


@dataclass
class SourceRecord:
    title: str
    rows: list[tuple[str, str]]
    episode: Episode | None
    related: list[tuple[str, list[tuple[str, str]]]]


#: Records with a page of their own, which decides who may read them (an audit's findings are
#: for the worker, their managers and QA, not everyone who may see the child): (app, model) ->
#: (the page's URL name, the lookup from the record to that page's object).
OWN_PAGES = {
    ("cases", "stepchange"): ("step_change", "pk"),
    ("quality", "caseaudit"): ("case_audit", "pk"),
    ("quality", "auditmoderation"): ("case_audit", "audit_id"),
}


def own_page(child_id: int, app: str, model_name: str, pk: int) -> str | None:
    """The record's own page, if it has one and the record is about this child."""
    if (app, model_name) not in OWN_PAGES:
        return None
    url_name, lookup = OWN_PAGES[(app, model_name)]
    model = apps.get_model(app, model_name)
    child_field = "audit__child" if model_name == "auditmoderation" else "child"
    target = (
        model.objects.filter(pk=pk, **{child_field: child_id})
        .values_list(lookup, flat=True)
        .first()
    )
    if target is None:
        raise Http404("No such record for this child")
    return reverse(url_name, args=[target])


def source_url(child_id: int, app: str, model: str, pk: int) -> str:
    return reverse("chronology_source", args=[child_id, app, model, pk])


def load_source(child_id: int, app: str, model_name: str, pk: int) -> SourceRecord:
    lookup = CHILD_LOOKUP.get((app, model_name))
    if lookup is None:
        raise Http404("No such record")
    model = apps.get_model(app, model_name)
    records = model.objects.filter(pk=pk)
    if lookup != "pk":
        records = records.filter(**{lookup: child_id}).distinct()
    elif pk != child_id:
        records = records.none()
    obj = records.first()
    if obj is None:
        raise Http404("No such record for this child")
    related = []
    if model_name == "contact":
        for decision in obj.decisions.filter(child_id=child_id):
            related.append(("Threshold decision", describe(decision)))
    return SourceRecord(
        title=f"{model._meta.verbose_name.capitalize()}: {obj}",
        rows=describe(obj),
        episode=_episode_of(obj),
        related=related,
    )


def _episode_of(obj: models.Model) -> Episode | None:
    """The work a record belongs to, if it belongs to one."""
    if isinstance(obj, Episode):
        return obj
    if obj._meta.model_name == "actionprogress":
        return obj.action.plan.episode
    return getattr(obj, "episode", None)


def describe(obj: models.Model) -> list[tuple[str, str]]:
    """Each filled field as (label, value) in the words a worker would use."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name.startswith("_"):
            continue
        value = getattr(obj, field.name)
        if value in (None, "", [], False) and not isinstance(field, models.BooleanField):
            continue
        rows.append((str(field.verbose_name).capitalize(), _display(obj, field, value)))
    return rows


def _display(obj: models.Model, field: models.Field, value) -> str:
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return govuk_datetime(value)
    if isinstance(value, dt.date):
        return govuk_date(value)
    if field.name == "factors":
        return "; ".join(codes.AssessmentFactor(code).label for code in value)
    if field.is_relation:
        if hasattr(value, "get_full_name"):
            return value.get_full_name() or value.get_username()
        return str(value)
    return str(value)
