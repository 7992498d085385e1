"""Sign-in pages: the password (Django's LoginView), then the code from the authenticator app or
a recovery code; setting up an app and its recovery codes; the user's own two-factor page; an
assistant director's reset of someone else's; and the session warning dialog's two calls.

Who may do what: everyone signs in and manages their own codes; only an assistant director
resets another person's two-factor sign-in (access.signin), and a refusal is logged.
"""

from __future__ import annotations

import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from journey.access.log import log_access
from journey.access.signin import RESET_REFUSED, may_reset_two_factor
from journey.core.forms import add_service_errors
from journey.core.models import AccessEvent
from journey.core.templatetags.govuk import counted, user_name
from journey.signin import selectors, services, sessions
from journey.signin.forms import AppCodeForm, RecoveryCodeForm, ResetForm
from journey.signin.middleware import two_factor_pending, url_with_next
from journey.signin.models import TwoFactorReset
from journey.signin.qr import grouped_secret, qr_svg

#: The app being set up in this session, and new recovery codes until the user has saved them.
PENDING_APP = "journey_pending_app"
NEW_CODES = "journey_new_recovery_codes"


# --- Where to go next ------------------------------------------------------------------------


def _next_param(request: HttpRequest) -> str | None:
    """The page asked for before signing in, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


def _next(request: HttpRequest) -> str:
    return _next_param(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _passed(request: HttpRequest, device: Device) -> None:
    """The second step is done: the session is verified by this device, under a new key."""
    otp_login(request, device)
    request.session[sessions.TWO_FACTOR_PASSED] = True
    request.session.cycle_key()


# --- Password ---------------------------------------------------------------------------------


def _signed_out_notice(because: str | None) -> str | None:
    if because == sessions.IDLE:
        minutes = settings.JOURNEY_SESSION_IDLE_MINUTES
        return f"You were signed out because you had not used Journey for {minutes:g} minutes."
    if because == sessions.LIMIT:
        hours = settings.JOURNEY_SESSION_MAX_HOURS
        return f"You were signed out because you had been signed in for {hours:g} hours."
    if because == sessions.RESET:
        return (
            "You were signed out because an assistant director reset your two-factor sign-in. "
            "Sign in and set up your authenticator app again."
        )
    return None


class SignInView(LoginView):
    """Django's sign-in page, which also says why a session ended and whether the second step
    is on (a demonstration signs in with the password alone)."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        because = self.request.session.pop(sessions.SIGNED_OUT_BECAUSE, None)
        context["signed_out"] = _signed_out_notice(because)
        context["two_factor_required"] = settings.JOURNEY_TWO_FACTOR_REQUIRED
        return context


# --- The second step --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def two_factor_code(request: HttpRequest) -> HttpResponse:
    if not two_factor_pending(request):
        return redirect(_next(request))
    if not selectors.has_authenticator(request.user):
        return redirect(url_with_next("two_factor_enrol", _next_param(request)))
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_code(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _passed(request, device)
            return redirect(_next(request))
    return render(request, "signin/code.html", {"form": form, "next": _next_param(request)})


@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    if not two_factor_pending(request):
        return redirect(_next(request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.use_recovery_code(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _passed(request, device)
            left = counted(selectors.recovery_codes_left(request.user), "recovery code")
            messages.success(
                request, f"You signed in with a recovery code, which is now used up: {left} left"
            )
            return redirect(_next(request))
    return render(request, "signin/recovery.html", {"form": form, "next": _next_param(request)})


@never_cache  # the page shows the app's secret: never kept by the browser
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), enter a code."""
    if not two_factor_pending(request):
        return redirect(_next(request))
    if selectors.has_authenticator(request.user):
        return redirect(url_with_next("two_factor_code", _next_param(request)))
    device = selectors.pending_authenticator(request.user, request.session.get(PENDING_APP))
    form = AppCodeForm(request.POST if device and request.method == "POST" else None)
    if device is None:
        device = services.start_enrolment(request.user)
        request.session[PENDING_APP] = device.pk
    elif form.is_bound and form.is_valid():
        try:
            device, codes = services.confirm_enrolment(
                request.user, device, form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            del request.session[PENDING_APP]
            _passed(request, device)
            request.session[NEW_CODES] = codes
            return redirect(url_with_next("two_factor_recovery_codes", _next_param(request)))
    return render(request, "signin/enrol.html", _enrol_context(request, device, form))


def _enrol_context(request: HttpRequest, device: TOTPDevice, form: AppCodeForm) -> dict:
    return {
        "form": form,
        "next": _next_param(request),
        "qr": qr_svg(device.config_url, "QR code for your authenticator app"),
        "secret": grouped_secret(b32encode(device.bin_key).decode()),
        "account": request.user.get_username(),
        "issuer": settings.OTP_TOTP_ISSUER,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown until the user says they have saved them, then never again."""
    codes = request.session.get(NEW_CODES)
    if request.method == "POST" or not codes:
        request.session.pop(NEW_CODES, None)
        return redirect(_next(request))
    shown = [grouped_secret(code) for code in codes]
    return render(
        request, "signin/recovery_codes.html", {"codes": shown, "next": _next_param(request)}
    )


# --- The user's own two-factor sign-in --------------------------------------------------------


@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "signin/two_factor.html",
        {
            "required": settings.JOURNEY_TWO_FACTOR_REQUIRED,
            "app": selectors.authenticator(request.user),
            "codes_left": selectors.recovery_codes_left(request.user),
            "codes_total": services.RECOVERY_CODES,
            "may_reset": may_reset_two_factor(request.user),
        },
    )


@require_POST
def two_factor_new_codes(request: HttpRequest) -> HttpResponse:
    if not (settings.JOURNEY_TWO_FACTOR_REQUIRED and selectors.has_authenticator(request.user)):
        return redirect("two_factor")
    device, codes = services.new_recovery_codes(request.user)
    if isinstance(request.user.otp_device, StaticDevice):
        otp_login(request, device)  # signed in with an old code: stay signed in with the new set
    request.session[NEW_CODES] = codes
    return redirect(url_with_next("two_factor_recovery_codes", resolve_url("two_factor")))


# --- Resetting someone else's -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def two_factor_reset(request: HttpRequest) -> HttpResponse:
    if not may_reset_two_factor(request.user):
        log_access(request, None, AccessEvent.Action.DENIED, RESET_REFUSED)
        raise PermissionDenied(RESET_REFUSED)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (reset := _reset(request, form)):
        messages.success(
            request,
            f"Two-factor sign-in reset for {user_name(reset.user)}. They are signed out, and "
            "set up a new authenticator app when they next sign in",
        )
        return redirect("two_factor_reset")
    return render(request, "signin/reset.html", {"form": form, "resets": selectors.past_resets()})


def _reset(request: HttpRequest, form: ResetForm) -> TwoFactorReset | None:
    username = form.cleaned_data["username"]
    person = selectors.user_named(username)
    if person is None:
        form.add_error("username", f"There is no one with the username {username}: check it")
        return None
    try:
        return services.reset_two_factor(
            person, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_service_errors(form, error, {"user": "username"})
        return None


# --- The session warning dialog's calls -------------------------------------------------------


def _session_json(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    left = sessions.idle_seconds_left(request.session, time.time())
    return JsonResponse({"signed_in": True, "idle_seconds_left": left})


@login_not_required
@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long until an idle sign-out (asking does not count as activity)."""
    return _session_json(request)


@login_not_required
@require_POST
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": counts as activity, so the idle clock starts again."""
    if request.user.is_authenticated:
        sessions.touch(request.session, time.time(), force=True)
    return _session_json(request)
