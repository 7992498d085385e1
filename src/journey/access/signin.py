"""Who may reset another person's two-factor sign-in (a lost phone).

A reset lets whoever next signs in with that password set up a new authenticator app, so it is
given to the most senior role only, the assistant director, who checks it is really the person
asking. Nobody resets their own: that would let a stolen password replace the second factor.
"""

from __future__ import annotations

from journey.access.rules import User, worker_in_roles
from journey.workforce.models import Role

RESET_ROLES = {Role.ASSISTANT_DIRECTOR}

RESET_REFUSED = (
    "Two-factor sign-in is reset by assistant directors only. If you have lost the phone with "
    "your authenticator app, ask an assistant director."
)
OWN_RESET_REFUSED = (
    "You cannot reset your own two-factor sign-in. Ask another assistant director to reset it."
)


def may_reset_two_factor(user: User) -> bool:
    return worker_in_roles(user, RESET_ROLES) is not None


def may_reset_two_factor_of(user: User, person: User) -> bool:
    return may_reset_two_factor(user) and user.pk != person.pk
