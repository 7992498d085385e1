"""The child's views and the parents' or carers' views (R8), recorded the same way on every
assessment, plan, review, meeting, visit and closure.

`ChildViews` is the abstract model each record inherits; `ViewsInput` is what a form hands a
service; `check_views` is the one rule: views given need how they were obtained, and "not
obtained" needs the reason and no views. Views are not mandatory: a record without them is
flagged (the CAF tracker, the case file audit) and counted (the `child_views_recorded` measure).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class ViewsMethod(models.TextChoices):
    TALKING = "talking", "Talking with the child"
    PLAY = "play", "Drawing or play"
    TOOL = "tool", "An app or tool"
    ADVOCATE = "advocate", "Through an advocate"
    NOT_OBTAINED = "not_obtained", "Not obtained"


class ChildViews(models.Model):
    """The four fields every record of the work carries, with the same names and labels."""

    child_views = models.TextField("The child's views, in their own words", blank=True)
    child_views_method = models.CharField(
        "How the child's views were obtained",
        max_length=12,
        choices=ViewsMethod.choices,
        blank=True,
    )
    child_views_not_obtained = models.TextField(
        "Why the child's views were not obtained", blank=True
    )
    parent_views = models.TextField("The parents' or carers' views", blank=True)

    class Meta:
        abstract = True

    @property
    def has_child_views(self) -> bool:
        return bool(self.child_views.strip())

    @property
    def child_views_missing(self) -> bool:
        """Neither the child's words nor the reason they were not obtained: flagged."""
        return not self.child_views.strip() and not self.child_views_not_obtained.strip()


def with_child_views(prefix: str = "") -> Q:
    """Records holding the child's views in their own words (`prefix`: "closure_views__")."""
    return ~Q(**{f"{prefix}child_views": ""})


def views_missing(prefix: str = "") -> Q:
    """Records with neither the child's views nor a reason they were not obtained."""
    return Q(**{f"{prefix}child_views": ""}) & Q(**{f"{prefix}child_views_not_obtained": ""})


@dataclass(frozen=True)
class ViewsInput:
    """What was typed in the fieldsets "The child's views" and "The parents' or carers' views"."""

    child_views: str = ""
    child_views_method: str = ""
    child_views_not_obtained: str = ""
    parent_views: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.child_views.strip(),
                self.child_views_method,
                self.child_views_not_obtained.strip(),
                self.parent_views.strip(),
            )
        )

    @classmethod
    def of(cls, record: ChildViews) -> ViewsInput:
        return cls(
            child_views=record.child_views,
            child_views_method=record.child_views_method,
            child_views_not_obtained=record.child_views_not_obtained,
            parent_views=record.parent_views,
        )


def views_problems(views: ViewsInput, prefix: str = "") -> dict[str, str]:
    """Every problem with the views, keyed by `prefix` + the field's name."""
    words = views.child_views.strip()
    method = views.child_views_method
    reason = views.child_views_not_obtained.strip()
    errors: dict[str, str] = {}
    if method and method not in ViewsMethod.values:
        errors["child_views_method"] = "Select how the child's views were obtained from the list"
    elif method == ViewsMethod.NOT_OBTAINED:
        if not reason:
            errors["child_views_not_obtained"] = (
                "Say why the child's views were not obtained, for example a baby, or the child "
                "did not want to take part"
            )
        if words:
            errors["child_views"] = (
                "You said the child's views were not obtained: remove their views, or select "
                "how they were obtained"
            )
    else:
        if words and not method:
            errors["child_views_method"] = "Select how the child's views were obtained"
        if method and not words:
            errors["child_views"] = "Enter the child's views, in their own words"
        if reason:
            errors["child_views_not_obtained"] = (
                "Remove the reason the child's views were not obtained, or select “Not obtained”"
            )
    return {f"{prefix}{field}": message for field, message in errors.items()}


def check_views(views: ViewsInput, prefix: str = "") -> ViewsInput:
    """The views, trimmed, or a ValidationError naming each field and the fix."""
    errors = views_problems(views, prefix)
    if errors:
        raise ValidationError(errors)
    return ViewsInput(
        child_views=views.child_views.strip(),
        child_views_method=views.child_views_method,
        child_views_not_obtained=views.child_views_not_obtained.strip(),
        parent_views=views.parent_views.strip(),
    )


def set_views(record: ChildViews, views: ViewsInput) -> None:
    """Copy checked views onto a record (the caller saves it)."""
    record.child_views = views.child_views
    record.child_views_method = views.child_views_method
    record.child_views_not_obtained = views.child_views_not_obtained
    record.parent_views = views.parent_views


def views_summary(record: ChildViews) -> str:
    """The views for a chronology entry's summary: the child's words first."""
    parts = []
    if record.child_views.strip():
        method = record.get_child_views_method_display()  # type: ignore[attr-defined]
        parts.append(
            f"Child's views ({method.lower()}): {record.child_views}"
            if method
            else f"Child's views: {record.child_views}"
        )
    elif record.child_views_not_obtained.strip():
        parts.append(f"Child's views not obtained: {record.child_views_not_obtained}")
    if record.parent_views.strip():
        parts.append(f"Parents' or carers' views: {record.parent_views}")
    return "\n".join(parts)
