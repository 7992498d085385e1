"""The worker's pages (the child's Views tab, asking for views, a link and its answer, the
outbox) and the public pages a child or parent opens from the message, without an account."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from journey.access.records import open_child_record
from journey.access.rules import may_read_child_records, may_view_access_log
from journey.access.voice_links import (
    ASKED_BY_WORKERS,
    OUTBOX_READ_BY,
    VIEWS_READ_BY,
    may_ask_for_views,
    may_read_outbox,
    may_read_views,
    may_respond_to_views,
    shown_people,
)
from journey.core.forms import add_service_errors
from journey.voice.links import selectors, services
from journey.voice.links.forms import AcknowledgeForm, AnswersForm, AskForViewsForm, CodeForm
from journey.voice.links.models import LinkFailure
from journey.voice.links.questions import FACES, FORMS
from journey.voice.links.services import LinkRefused

# --- The worker's pages ----------------------------------------------------------------------


def _tab(request: HttpRequest, child, **extra) -> dict:
    return {
        "child": child,
        "tab": "views",
        "may_view_access_log": may_view_access_log(request.user),
        "sees_council_records": may_read_child_records(request.user),
        **extra,
    }


def child_views(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_read_views(request.user, c) else VIEWS_READ_BY,
    )
    views = selectors.child_views(child)
    shown = shown_people(request.user, [r.person for r in views["reachable"]])
    views["reachable"] = [r for r in views["reachable"] if r.person.pk in shown]
    return render(
        request,
        "voice/links/child_views.html",
        _tab(request, child, may_ask=may_ask_for_views(request.user, child), **views),
    )


@require_http_methods(["GET", "POST"])
def ask_for_views(request: HttpRequest, child_id: int) -> HttpResponse:
    child = open_child_record(
        request,
        child_id,
        unless=lambda c: "" if may_ask_for_views(request.user, c) else ASKED_BY_WORKERS,
    )
    family = selectors.reachable_for(child)
    shown = shown_people(request.user, [r.person for r in family])
    family = [r for r in family if r.person.pk in shown]
    form = AskForViewsForm(
        request.POST or None, family=family, offers=selectors.score_offers(child)
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_views_link(
                child, form.to_request(), by=request.user, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            link = sent.link
            also = " and the code in a second message" if link.needs_code else ""
            if link.outcome_version_id:
                also += f", asking them to score the {link.outcome_version.tool.name}"
            messages.success(
                request,
                f"Link sent to {link.recipient.full_name} by {link.get_channel_display().lower()}"
                f"{also}",
            )
            return redirect("child_views", child_id=child.pk)
    return render(
        request,
        "voice/links/ask.html",
        {"child": child, "form": form, "family": family, "days": settings.JOURNEY_VIEWS_LINK_DAYS},
    )


def _link_row(request: HttpRequest, link_id: int, check: Callable, reason: str):
    row = selectors.views_link(link_id)
    if row is None:
        raise Http404("No such link")
    child = open_child_record(
        request,
        row.link.child_id,
        unless=lambda c: "" if check(request.user, c) else reason,
    )
    return row, child


def views_link(request: HttpRequest, link_id: int) -> HttpResponse:
    row, child = _link_row(request, link_id, may_read_views, VIEWS_READ_BY)
    may_respond = row.answer is not None and may_respond_to_views(request.user, child)
    return render(
        request,
        "voice/links/link.html",
        _tab(
            request,
            child,
            row=row,
            answer=row.answer,
            form=AcknowledgeForm() if may_respond else None,
        ),
    )


@require_POST
def respond_to_views(request: HttpRequest, link_id: int) -> HttpResponse:
    row, child = _link_row(request, link_id, may_respond_to_views, ASKED_BY_WORKERS)
    if row.answer is None:
        raise Http404("Nothing has come back through this link yet")
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_views(
                row.answer, by=request.user, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Acknowledged"
                + (": your response is added" if form.cleaned_data["response"] else ""),
            )
            return redirect("views_link", link_id=link_id)
    return render(
        request,
        "voice/links/link.html",
        _tab(request, child, row=row, answer=row.answer, form=form),
    )


def outbox(request: HttpRequest) -> HttpResponse:
    if not may_read_outbox(request.user):
        raise PermissionDenied(OUTBOX_READ_BY)
    return render(request, "voice/links/outbox.html", {"outbox": selectors.outbox()})


# --- The public pages ------------------------------------------------------------------------

#: The session remembers which link's code was given (by the link's id, never its token).
CODE_GIVEN = "voice_link_code_given"
REFUSED_STATUS = {
    LinkFailure.Kind.UNKNOWN: 404,
    LinkFailure.Kind.EXPIRED: 410,
    LinkFailure.Kind.USED: 410,
    LinkFailure.Kind.LOCKED: 429,
    LinkFailure.Kind.TOO_MANY: 429,
}


def client_address(request: HttpRequest) -> str:
    """The address the request came from: each of JOURNEY_PROXY_COUNT reverse proxies appends
    the address it saw to X-Forwarded-For, so the client's is that many entries from the right."""
    proxies = settings.JOURNEY_PROXY_COUNT
    forwarded = [
        p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page opened from a message without signing in: never cached, never sending its address
    (which holds the token) to another site, never indexed.

    No CSRF token: with Referrer-Policy no-referrer the browser posts the form with "Origin:
    null", which Django's check refuses. None is needed: the page's address is the secret (a
    256-bit token another site cannot know), and nobody is signed in whose authority a forged
    post could borrow."""

    @login_not_required
    @csrf_exempt
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    return render(
        request,
        "voice/links/public_refused.html",
        {"kind": refused.kind},
        status=REFUSED_STATUS.get(refused.kind, 404),
    )


@public_page
@require_http_methods(["GET", "POST"])
def views_public(request: HttpRequest, token: str) -> HttpResponse:
    address = client_address(request)
    try:
        link = services.open_link(token, address=address)
    except LinkRefused as refused:
        return _refused(request, refused)
    if link.needs_code and request.session.get(CODE_GIVEN) != link.pk:
        return _code_step(request, link, token, address)
    asked = services.scores_asked(link)
    form = AnswersForm(request.POST or None, form_kind=link.form, asked=asked)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_views(link, form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        except LinkRefused as refused:
            return _refused(request, refused)
        else:
            request.session.pop(CODE_GIVEN, None)
            return redirect("views_thanks")
    return render(
        request,
        "voice/links/public_form.html",
        {
            "form": form,
            "definition": FORMS[link.form],
            "faces": dict(FACES),
            "young": link.form == "young_child",
            "asked": asked,
        },
    )


def _code_step(request: HttpRequest, link, token: str, address: str) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(link, token, form.cleaned_data["code"], address=address)
        except ValidationError as error:
            add_service_errors(form, error)
        except LinkRefused as refused:
            if refused.kind != LinkFailure.Kind.WRONG_CODE:
                return _refused(request, refused)
            times = "time" if refused.attempts_left == 1 else "times"
            form.add_error(
                "code",
                f"The code is not right. Check the message and try again: you can try "
                f"{refused.attempts_left} more {times}",
            )
        else:
            request.session.cycle_key()
            request.session[CODE_GIVEN] = link.pk
            return redirect("views_public", token=token)
    return render(request, "voice/links/public_code.html", {"form": form})


@public_page
def views_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/links/public_thanks.html")
