"""Every sign-in starts the session's clock (the sign-in page, the admin's, or a test's
force_login), so the first page after it need not write the session again."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from journey.signin import sessions


@receiver(user_logged_in, dispatch_uid="journey.signin.start_the_clock")
def start_the_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.begin(request.session, time.time())
