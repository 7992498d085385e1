"""The page that prepares a report kept as issued (the annual complaints report, the outcomes
report, the impact report): its form previews the report, nothing saved, or issues it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from journey.core.forms import add_service_errors


def report_form_page(
    request: HttpRequest,
    form: Form,
    *,
    template: str,
    preview: Callable[..., tuple[dict[str, Any], dict[str, Any]]],
    issue: Callable[..., Any],
    what: str,
    url_name: str,
    charts: Callable[[dict[str, Any]], Any] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form page (`template`, with the form, the preview if there is one, and `context`),
    or, once the report is issued, the redirect to it. A posted form with "issue" issues the
    report; any other post previews it; refusals go on the form."""
    shown: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        data = form.to_input()  # type: ignore[attr-defined]
        try:
            if "issue" in request.POST:
                report = issue(data, by=request.user)
                messages.success(
                    request, f"{what} on {report.content['label']} is issued: it is kept as issued"
                )
                return redirect(url_name, report_id=report.pk)
            content, meta = preview(data, by=request.user)
            shown = {"c": content, "r": meta}
            if charts is not None:
                shown["charts"] = charts(content)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, template, {"form": form, "preview": shown, **(context or {})})
