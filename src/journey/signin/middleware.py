"""Two middlewares, after Django's AuthenticationMiddleware and django-otp's OTPMiddleware.

SessionTimeoutMiddleware signs out a session idle for JOURNEY_SESSION_IDLE_MINUTES or signed in
for longer than JOURNEY_SESSION_MAX_HOURS, whatever the page does (the warning dialog is only a
courtesy), and the sign-in page then says why.

TwoFactorMiddleware, when JOURNEY_TWO_FACTOR_REQUIRED, holds a user who has given their password
but not yet a code at the code page (or at setting up an app, if they have none) on every URL
but the sign-in flow, sign-out and static files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from journey.signin import selectors, sessions

#: Where an unverified user may still go: the rest of signing in, and signing out.
SIGN_IN_FLOW = ("login", "logout", "two_factor_code", "two_factor_recovery", "two_factor_enrol")
#: The warning dialog's calls: answered in JSON, and the status check is not activity.
SESSION_CALLS = ("session_status", "session_keep_alive")


def _paths(names: Iterable[str]) -> set[str]:
    return {reverse(name) for name in names}


def url_with_next(name: str, next_url: str | None) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _came_from(request: HttpRequest) -> str | None:
    """Where to return after signing in again: the page asked for, if it was a page."""
    if request.method != "GET" or request.path in _paths((*SIGN_IN_FLOW, *SESSION_CALLS)):
        return None
    return request.get_full_path()


def sign_out(request: HttpRequest, because: str) -> HttpResponse:
    """End a session the user did not end themselves; the sign-in page will say why."""
    json_call = request.path in _paths(SESSION_CALLS)
    came_from = _came_from(request)
    logout(request)
    request.session[sessions.SIGNED_OUT_BECAUSE] = because
    if json_call:
        return JsonResponse({"signed_in": False}, status=401)
    return redirect(url_with_next("login", came_from))


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:  # someone is signed in (read without loading the user)
            now = time.time()
            if because := sessions.ended_because(session, now):
                return sign_out(request, because)
            if sessions.SIGNED_IN_AT not in session:
                sessions.begin(session, now)
            elif request.path != reverse("session_status"):
                sessions.touch(session, now)
        return self.get_response(request)


def second_step_url(request: HttpRequest) -> str:
    """The code page, or setting up an app for a user who has none."""
    name = "two_factor_code" if selectors.has_authenticator(request.user) else "two_factor_enrol"
    return url_with_next(name, _came_from(request))


def two_factor_pending(request: HttpRequest) -> bool:
    """Signed in with a password, but two-factor is required and no code given yet."""
    user = request.user
    return settings.JOURNEY_TWO_FACTOR_REQUIRED and user.is_authenticated and not user.is_verified()


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if two_factor_pending(request):
            if request.session.get(sessions.TWO_FACTOR_PASSED):
                # Verified earlier in this session, and the device has gone: it was reset.
                return sign_out(request, sessions.RESET)
            if not self._in_sign_in_flow(request.path):
                return redirect(second_step_url(request))
        return self.get_response(request)

    @staticmethod
    def _in_sign_in_flow(path: str) -> bool:
        return path in _paths(SIGN_IN_FLOW) or path.startswith(settings.STATIC_URL)
