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
from django.utils.text import capfirst

from journey.core import codes
from journey.core.templatetags.govuk import govuk_date, govuk_datetime

HIDDEN_FIELDS = {"id", "password", "local_id"}


@dataclass(frozen=True)
class Linkable:
    """How a chronology entry finds its way back to the record it came from."""

    child: str  # the lookup from the record to the child it concerns
    episode: str | None  # the path from the record to its work ("" the record is the work)
    page: str | None  # the record's own page (a URL name), which decides who may read it
    page_arg: str  # the lookup from the record to that page's argument


#: (app label, model name) -> Linkable. Each app registers the records its services put on a
#: chronology (its AppConfig.ready), and build_entry refuses a source nobody registered, so
#: every entry links to something that opens.
_LINKABLE: dict[tuple[str, str], Linkable] = {}


def register_source(
    model: type[models.Model],
    *,
    child: str,
    episode: str | None = "episode",
    page: str | None = None,
    page_arg: str = "pk",
) -> None:
    """Let chronology entries link to records of this model. `child` and `page_arg` are ORM
    lookups from the record; `episode` is the same path to its episode, or None."""
    meta = model._meta
    _LINKABLE[(meta.app_label, meta.model_name)] = Linkable(child, episode, page, page_arg)


def linkable(app: str, model_name: str) -> Linkable | None:
    return _LINKABLE.get((app, model_name))


def linkable_sources() -> dict[tuple[str, str], Linkable]:
    return dict(_LINKABLE)


@dataclass
class SourceRecord:
    title: str
    rows: list[tuple[str, str]]
    episode: models.Model | None
    related: list[tuple[str, list[tuple[str, str]]]]


def own_page(child_id: int, app: str, model_name: str, pk: int) -> str | None:
    """The record's own page, if it has one and the record is about this child."""
    link = linkable(app, model_name)
    if link is None or link.page is None:
        return None
    model = apps.get_model(app, model_name)
    target = (
        model.objects.filter(pk=pk, **{link.child: child_id})
        .values_list(link.page_arg, flat=True)
        .first()
    )
    if target is None:
        raise Http404("No such record for this child")
    return reverse(link.page, args=[target])


def source_url(child_id: int, app: str, model: str, pk: int) -> str:
    return reverse("chronology_source", args=[child_id, app, model, pk])


def load_source(child_id: int, app: str, model_name: str, pk: int) -> SourceRecord:
    link = linkable(app, model_name)
    if link is None:
        raise Http404("No such record")
    model = apps.get_model(app, model_name)
    records = model.objects.filter(pk=pk)
    if link.child != "pk":
        records = records.filter(**{link.child: child_id}).distinct()
    elif pk != child_id:
        records = records.none()
    obj = records.first()
    if obj is None:
        raise Http404("No such record for this child")
    related = []
    if model_name == "contact":
        for decision in obj.decisions.filter(child_id=child_id):
            related.append(("Threshold decision", describe(decision)))
    if model_name == "casenote" and obj.visit_id:
        related.append(
            ("The visit, written once for every child it was about", describe(obj.visit))
        )
    return SourceRecord(
        title=_title(model, obj),
        rows=describe(obj),
        episode=_follow(obj, link.episode),
        related=related,
    )


def _title(model: type[models.Model], obj: models.Model) -> str:
    """ "Case note: Home visit", but "Section 47 enquiry from 4 June 2021" rather than "Section 47
    enquiry: Section 47 enquiry from 4 June 2021"."""
    kind, name = str(model._meta.verbose_name).capitalize(), str(obj)
    return name if name.lower().startswith(kind.lower()) else f"{kind}: {name}"


def _follow(obj: models.Model, path: str | None) -> models.Model | None:
    """The record at the end of an ORM path ("action__plan__episode"); "" is the record itself."""
    if path is None:
        return None
    for name in filter(None, path.split("__")):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


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
    if field.choices and list(field.choices) == codes.ReferralSource.choices:
        return capfirst(codes.referral_source_words(value))  # plain words, not the DfE capitals
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
