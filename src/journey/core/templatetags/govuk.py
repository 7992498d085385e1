"""Template tags that render Django form fields as GOV.UK Frontend components."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.text import capfirst

from journey.core import codes

register = template.Library()

#: Widgets drawn as a group of inputs: the error summary links to the first one.
GROUPED_WIDGETS = (forms.MultiWidget, forms.RadioSelect, forms.CheckboxSelectMultiple)


def _component(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(field: BoundField, label_size: str = "", width: str = "", hint: str = "") -> dict:
    return {
        "field": field,
        "component": _component(field),
        "label_size": label_size,
        "width": width,
        "hint": hint or field.help_text,
        "errors": field.errors,
        "describedby": " ".join(
            part
            for part in (
                f"{field.auto_id}-hint" if (hint or field.help_text) else "",
                f"{field.auto_id}-error" if field.errors else "",
            )
            if part
        ),
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.Form | list[forms.Form]) -> dict:
    """One summary for the forms on a page (a list of forms counts as its forms)."""
    items = []
    flat = [f for part in forms_ for f in (part if isinstance(part, list | tuple) else [part])]
    for form in flat:
        if form is None or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "href": ""})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            anchor = bound.auto_id
            if isinstance(bound.field.widget, GROUPED_WIDGETS):
                anchor = f"{anchor}_0"
            for error in errors:
                items.append({"text": error, "href": f"#{anchor}"})
    return {"items": items}


@register.filter
def source_words(code: str) -> str:
    """A referral or contact source code in plain words, capitalised ("A school")."""
    return capfirst(codes.referral_source_words(code)) if code else ""


@register.filter
def govuk_date(value) -> str:
    """A day as GOV.UK writes it. A moment is the day it was here, not in UTC."""
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%-d %B %Y}" if value else ""


@register.filter
def govuk_datetime(value) -> str:
    from django.utils import timezone

    if not value:
        return ""
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 child", "3 children": the count and the noun that agrees with it."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def user_name(user) -> str:
    """How a user is named on records: their full name, else their username ("" for nobody)."""
    return (user.get_full_name() or user.get_username()) if user else ""


@register.filter
def css_string(value) -> str:
    """Text for a CSS string in a print page's margin box (a name in a PDF's header). Quotes,
    backslashes, angle brackets and control characters become CSS hex escapes, which the PDF
    shows as the characters themselves ("O'Brien", not the JavaScript escape "O\\u0027Brien")."""
    return "".join(
        f"\\{ord(ch):x} " if ch in "\\\"'<>&" or ord(ch) < 0x20 else ch for ch in str(value)
    )
