"""A form filled in as a browser sends it: every field of the page's form with the value it
shows (hidden fields, ticked boxes, chosen options, text already there), then the simulated
user's own answers. Plain lxml, no Django: the load runs in locust's process."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import html

Answers = Mapping[str, str | Sequence[str]]


def the_form(page: str | bytes, action: str | None = None) -> html.FormElement:
    """The page's form that posts to `action` (the page's main form if None: the first POST form
    with no action, or the last POST form on the page)."""
    forms = [f for f in html.fromstring(page).forms if (f.method or "").upper() == "POST"]
    if action is not None:
        forms = [f for f in forms if f.get("action") == action]
    else:
        forms = [f for f in forms if not f.get("action")] or forms[-1:]
    if not forms:
        raise LookupError(f"No form posting to {action or 'this page'}")
    return forms[0]


def filled(page: str | bytes, answers: Answers, action: str | None = None) -> list[tuple[str, str]]:
    """The fields a browser would post: what the form shows, with `answers` in their place."""
    form = the_form(page, action)
    fields = [(name, value) for name, value in form.form_values() if name not in answers]
    for name, value in answers.items():
        values = [value] if isinstance(value, str) else list(value)
        fields += [(name, v) for v in values]
    return fields


def choices(page: str | bytes, name: str, action: str | None = None) -> list[str]:
    """The values a radio, checkbox or select named `name` offers (not the empty one)."""
    form = the_form(page, action)
    found = form.xpath(f".//input[@name='{name}']/@value | .//select[@name='{name}']/option/@value")
    return [value for value in found if value]
