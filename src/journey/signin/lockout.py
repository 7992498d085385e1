"""Lock-out after failed sign-ins (R13), by username OR by address, on django-axes.

- One username: AXES_FAILURE_LIMIT failures within the cool-off, from any addresses (someone
  guessing one person's password from many machines).
- One address: JOURNEY_LOCKOUT_ADDRESS_LIMIT failures across usernames (one machine trying a
  password against many accounts). It is higher than the username limit because partners such
  as schools share an address; addresses in JOURNEY_OFFICE_NETWORKS, shared by hundreds of the
  council's own staff, are locked by username only, so one person's typos never lock a building.

A successful sign-in clears that username's failures only: signing in to one's own account must
not wipe out the failures recorded against other people's.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a sign-in came from. Each of JOURNEY_PROXY_COUNT reverse proxies appends the
    address it saw to X-Forwarded-For, so the client's is that many entries from the right;
    entries further left are whatever the client sent, and could be forged."""
    proxies = settings.JOURNEY_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in spec)


def from_office(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.JOURNEY_OFFICE_NETWORKS)))


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """Failures counted against AXES_FAILURE_LIMIT: the username's, or the address's scaled
        so that reaching JOURNEY_LOCKOUT_ADDRESS_LIMIT reaches the limit."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = _failures(recent.filter(username=username)) if username else 0
        address = request.axes_ip_address
        if not address or from_office(address):
            return by_username
        by_address = _failures(recent.filter(ip_address=address))
        limit = get_failure_limit(request, credentials)
        return max(by_username, by_address * limit // settings.JOURNEY_LOCKOUT_ADDRESS_LIMIT)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
