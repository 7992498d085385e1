"""The outcome tools pages: heads of service and quality assurance officers define the tools
workers measure with. Everyone else is refused, and the refusal logged (the 403 page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from journey.access import outcomes as access
from journey.core.forms import GovukForm, add_service_errors
from journey.outcomes import services
from journey.outcomes.tools import selectors
from journey.outcomes.tools.forms import RetireForm, ToolForm, VersionForm


def _posted(request: HttpRequest):
    """What was posted, even nothing (a confirmation button posts no fields)."""
    return request.POST if request.method == "POST" else None


def _may_define(request: HttpRequest) -> None:
    if not access.may_define_tools(request.user):
        raise PermissionDenied(access.TOOLS_REFUSED)


def _tool_page(tool_id: int) -> selectors.ToolPage:
    page = selectors.tool_page(tool_id)
    if page is None:
        raise Http404("No such outcome tool")
    return page


def _version_page(version_id: int) -> tuple[selectors.ToolPage, selectors.VersionRow]:
    found = selectors.version_page(version_id)
    if found is None:
        raise Http404("No such version of an outcome tool")
    return found


def tool_list(request: HttpRequest) -> HttpResponse:
    _may_define(request)
    return render(
        request,
        "outcomes/tools/list.html",
        {"rows": selectors.tool_list(), "section": "outcomes"},
    )


def _render_tool(
    request: HttpRequest, page: selectors.ToolPage, form: GovukForm | None = None
) -> HttpResponse:
    return render(
        request,
        "outcomes/tools/tool.html",
        {"page": page, "form": form, "section": "outcomes"},
    )


def tool(request: HttpRequest, tool_id: int) -> HttpResponse:
    _may_define(request)
    return _render_tool(request, _tool_page(tool_id))


@require_http_methods(["GET", "POST"])
def new_tool(request: HttpRequest) -> HttpResponse:
    _may_define(request)
    form = ToolForm(_posted(request), initial={"review_every_days": 91})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.create_tool(form.to_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields())
        else:
            messages.success(
                request, f"{version.tool.name} created: version 1 is a draft until you publish it"
            )
            return redirect("outcome_tool", tool_id=version.tool_id)
    return render(request, "outcomes/tools/new.html", {"form": form, "section": "outcomes"})


@require_http_methods(["GET", "POST"])
def change_version(request: HttpRequest, version_id: int) -> HttpResponse:
    """Change a draft. A published version is never changed in place: the page says so (and a
    change posted to it is refused by the service, nothing changed)."""
    _may_define(request)
    page, row = _version_page(version_id)
    version = row.version
    form = VersionForm(_posted(request), initial=VersionForm.initial_for(version))
    if request.method == "POST" and (form.is_valid() or version.is_published):
        try:
            services.change_draft(version, form.version_input(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields())
        else:
            messages.success(request, f"Version {version.number} changed: it is still a draft")
            return redirect("outcome_tool", tool_id=page.tool.pk)
    return render(
        request,
        "outcomes/tools/change.html",
        {"page": page, "row": row, "form": form, "section": "outcomes"},
    )


def new_version(request: HttpRequest, tool_id: int) -> HttpResponse:
    """The button on the tool's page (a refusal first, so that it is logged)."""
    _may_define(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = _tool_page(tool_id)
    try:
        version = services.new_version(page.tool, by=request.user)
    except ValidationError as error:
        form = GovukForm(request.POST)
        form.is_valid()
        add_service_errors(form, ValidationError(error.messages))
        return _render_tool(request, page, form)
    messages.success(
        request, f"Version {version.number} made as a draft: change it, then publish it"
    )
    return redirect("change_outcome_tool_version", version_id=version.pk)


@require_http_methods(["GET", "POST"])
def publish_version(request: HttpRequest, version_id: int) -> HttpResponse:
    """A page saying what publishing means, and the button that does it."""
    _may_define(request)
    page, row = _version_page(version_id)
    form = GovukForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_version(row.version, by=request.user)
        except ValidationError as error:
            add_service_errors(form, ValidationError(error.messages))
        else:
            messages.success(
                request,
                f"Version {row.version.number} of {page.tool.name} published: new measures use it",
            )
            return redirect("outcome_tool", tool_id=page.tool.pk)
    return render(
        request,
        "outcomes/tools/publish.html",
        {"page": page, "row": row, "form": form, "section": "outcomes"},
    )


@require_http_methods(["GET", "POST"])
def retire_tool(request: HttpRequest, tool_id: int) -> HttpResponse:
    _may_define(request)
    page = _tool_page(tool_id)
    form = RetireForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.retire_tool(page.tool, form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{page.tool.name} retired: it is not offered for new measures"
            )
            return redirect("outcome_tools")
    return render(
        request,
        "outcomes/tools/retire.html",
        {"page": page, "form": form, "section": "outcomes"},
    )
