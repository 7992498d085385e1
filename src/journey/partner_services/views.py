"""A child's referrals to partner services and the pages that record them; the council-wide
waiting-time and escalation measures. Thin: ask access, parse a form, call one service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from journey.access.records import open_child_record
from journey.access.rules import (
    PARTNER_MEASURES_REFUSED,
    PARTNER_REFERRALS_COUNCIL_RECORD,
    PARTNER_REFERRALS_RECORDED_BY,
    may_read_partner_measures,
    may_read_partner_referrals,
    may_refer_to_partners,
    may_view_access_log,
)
from journey.core.forms import add_service_errors
from journey.partner_services import selectors, services
from journey.partner_services.forms import (
    EscalationForm,
    EscalationResponseForm,
    FirstAppointmentForm,
    OutcomeForm,
    ReferralForm,
    ResponseForm,
    WithdrawForm,
)
from journey.partner_services.models import Escalation, Referral
from journey.people.models import Person


def _reading(request: HttpRequest, child_id: int) -> Person:
    return open_child_record(
        request,
        child_id,
        unless=lambda c: (
            "" if may_read_partner_referrals(request.user) else PARTNER_REFERRALS_COUNCIL_RECORD
        ),
    )


def _recording(request: HttpRequest, child_id: int) -> Person:
    def refusal(child: Person) -> str:
        if not may_read_partner_referrals(request.user):
            return PARTNER_REFERRALS_COUNCIL_RECORD
        return "" if may_refer_to_partners(request.user, child) else PARTNER_REFERRALS_RECORDED_BY

    return open_child_record(request, child_id, unless=refusal)


def _referral(child: Person, referral_id: int) -> Referral:
    referral = selectors.referral_of(child, referral_id)
    if referral is None:
        raise Http404("No such referral for this child")
    return referral


def _today() -> dt.date:
    return timezone.localdate()


@require_GET
def partner_services(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _reading(request, child_id)
    return render(
        request,
        "partner_services/child.html",
        {
            "child": child,
            "tab": "partner_services",
            "referrals": selectors.referrals_for(child, _today()),
            "may_record": may_refer_to_partners(request.user, child),
            "may_view_access_log": may_view_access_log(request.user),
            "sees_council_records": True,
        },
    )


def _form_page(
    request: HttpRequest,
    child: Person,
    form: Form,
    save: Callable[[], str],
    *,
    heading: str,
    button: str,
    referral: Referral | None = None,
    escalation: Escalation | None = None,
) -> HttpResponse:
    """One recording page: on a good form, call the page's one service (`save`, which returns
    what to tell the user) and go back to the child's partner services; else show the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            done = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("partner_services", child_id=child.pk)
    return render(
        request,
        "partner_services/record.html",
        {
            "child": child,
            "form": form,
            "heading": heading,
            "button": button,
            "referral": referral,
            "escalation": escalation,
        },
    )


@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, child_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    form = ReferralForm(request.POST or None, initial={"referred_on": _today()})

    def save() -> str:
        referral = services.refer(child, form.to_input(), by=request.user)
        return f"Referral to {referral.service} recorded"

    return _form_page(
        request, child, form, save, heading="Refer to a partner service", button="Save referral"
    )


@require_http_methods(["GET", "POST"])
def record_response(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    referral = _referral(child, referral_id)
    form = ResponseForm(request.POST or None, initial={"responded_on": _today()})

    def save() -> str:
        data = form.cleaned_data
        done = services.record_response(
            referral,
            response=data["response"],
            responded_on=data["responded_on"],
            note=data["response_note"],
            by=request.user,
        )
        return f"{done.service} {done.get_response_display().lower()} the referral: recorded"

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Record the service's response",
        button="Save response",
        referral=referral,
    )


@require_http_methods(["GET", "POST"])
def record_first_appointment(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    referral = _referral(child, referral_id)
    form = FirstAppointmentForm(request.POST or None)

    def save() -> str:
        done = services.record_first_appointment(
            referral, seen_on=form.cleaned_data["first_appointment_on"], by=request.user
        )
        return f"First appointment with {done.service} recorded"

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Record the first appointment",
        button="Save first appointment",
        referral=referral,
    )


@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    referral = _referral(child, referral_id)
    form = EscalationForm(request.POST or None, initial={"escalated_on": _today()})

    def save() -> str:
        step = services.escalate(referral, form.to_input(), by=request.user)
        return f"Escalation to {step.to_whom} recorded"

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Escalate the referral",
        button="Save escalation",
        referral=referral,
    )


@require_http_methods(["GET", "POST"])
def record_escalation_response(
    request: HttpRequest, child_id: int, escalation_id: int
) -> HttpResponse:
    child = _recording(request, child_id)
    step = selectors.escalation_of(child, escalation_id)
    if step is None:
        raise Http404("No such escalation for this child")
    form = EscalationResponseForm(request.POST or None, initial={"responded_on": _today()})

    def save() -> str:
        data = form.cleaned_data
        done = services.record_escalation_response(
            step,
            response=data["response"],
            responded_on=data["responded_on"],
            resolved=data["resolved"],
            by=request.user,
        )
        return f"{done.to_whom}'s response recorded" + (": resolved" if done.resolved_on else "")

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Record the response to the escalation",
        button="Save response",
        referral=step.referral,
        escalation=step,
    )


@require_http_methods(["GET", "POST"])
def record_outcome(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    referral = _referral(child, referral_id)
    form = OutcomeForm(request.POST or None, initial={"outcome_on": _today()})

    def save() -> str:
        data = form.cleaned_data
        done = services.record_outcome(
            referral, outcome=data["outcome"], outcome_on=data["outcome_on"], by=request.user
        )
        return f"Outcome of the referral to {done.service} recorded"

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Record the outcome",
        button="Save outcome",
        referral=referral,
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, child_id: int, referral_id: int) -> HttpResponse:
    child = _recording(request, child_id)
    referral = _referral(child, referral_id)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": _today()})

    def save() -> str:
        data = form.cleaned_data
        done = services.withdraw(
            referral,
            withdrawn_on=data["withdrawn_on"],
            reason=data["withdrawn_reason"],
            by=request.user,
        )
        return f"Referral to {done.service} withdrawn"

    return _form_page(
        request,
        child,
        form,
        save,
        heading="Withdraw the referral",
        button="Withdraw referral",
        referral=referral,
    )


@require_GET
def measures(request: HttpRequest) -> HttpResponse:
    if not may_read_partner_measures(request.user):
        raise PermissionDenied(PARTNER_MEASURES_REFUSED)
    today = _today()
    return render(
        request,
        "partner_services/measures.html",
        {
            "rows": selectors.service_measures(today),
            "since": selectors.measures_since(today),
            "today": today,
        },
    )
