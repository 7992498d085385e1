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
    or, once the report is issued, the redirect to it."""
    issued, shown = preview_or_issue(
        request, form, preview=preview, issue=issue, what=what, url_name=url_name, charts=charts
    )
    if issued is not None:
        return issued
    return render(request, template, {"form": form, "preview": shown, **(context or {})})


def preview_or_issue(
    request: HttpRequest,
    form: Form,
    *,
    preview: Callable[..., tuple[dict[str, Any], dict[str, Any]]],
    issue: Callable[..., Any],
    what: str,
    url_name: str,
    charts: Callable[[dict[str, Any]], Any] | None = None,
) -> tuple[HttpResponse | None, dict[str, Any] | None]:
    """(the redirect to the issued report, or None; the preview to show, or None). A posted
    form with "issue" issues the report; any other post previews it; refusals go on the form."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    data = form.to_input()  # type: ignore[attr-defined]
    try:
        if "issue" not in request.POST:
            content, meta = preview(data, by=request.user)
            shown = {"c": content, "r": meta}
            if charts is not None:
                shown["charts"] = charts(content)
            return None, shown
        report = issue(data, by=request.user)
    except ValidationError as error:
        add_service_errors(form, error)
        return None, None
    messages.success(
        request, f"{what} on {report.content['label']} is issued: it is kept as issued"
    )
    return redirect(url_name, report_id=report.pk), None
