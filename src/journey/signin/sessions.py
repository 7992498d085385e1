"""The signed-in session's clock: when the user signed in and when they last did something.

Times are whole Unix seconds kept in the session; `now` is an argument so tests set the clock.
The middleware signs a session out once either limit is passed; the page's warning dialog asks
`idle_seconds_left`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SIGNED_IN_AT = "journey_signed_in_at"
LAST_SEEN_AT = "journey_last_seen_at"
#: Set on the fresh session after a sign-out the user did not ask for: the sign-in page says why.
SIGNED_OUT_BECAUSE = "journey_signed_out_because"
#: Set when the second step is passed; a verified session that loses its device was reset.
TWO_FACTOR_PASSED = "journey_two_factor_passed"

IDLE = "idle"
LIMIT = "limit"
RESET = "reset"
#: The last-seen time is rewritten at most this often: a session write a minute, not one a page.
TOUCH_EVERY = 60
#: The warning dialog opens this long before an idle sign-out.
WARNING_SECONDS = 120


def idle_limit() -> int:
    return round(settings.JOURNEY_SESSION_IDLE_MINUTES * 60)


def absolute_limit() -> int:
    return round(settings.JOURNEY_SESSION_MAX_HOURS * 60 * 60)


def warning_seconds() -> int:
    return min(WARNING_SECONDS, idle_limit())


def begin(session: SessionBase, now: float) -> None:
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = int(now)


def touch(session: SessionBase, now: float, *, force: bool = False) -> None:
    """Record activity; without `force`, only once TOUCH_EVERY seconds have passed."""
    if force or now - session.get(LAST_SEEN_AT, 0) >= TOUCH_EVERY:
        session[LAST_SEEN_AT] = int(now)


def ended_because(session: SessionBase, now: float) -> str | None:
    """IDLE or LIMIT if this session has run out, else None (also for one not yet begun)."""
    signed_in_at, last_seen_at = session.get(SIGNED_IN_AT), session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    if now - signed_in_at >= absolute_limit():
        return LIMIT
    if now - last_seen_at >= idle_limit():
        return IDLE
    return None


def idle_seconds_left(session: SessionBase, now: float) -> int:
    last_seen_at = session.get(LAST_SEEN_AT, now)
    return max(0, int(idle_limit() - (now - last_seen_at)))
