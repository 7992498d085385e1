"""Signing in, two-factor sign-in and the session calls, under /accounts/ (sign-out is beside
them in journey/urls.py). Not namespaced: LOGIN_URL and the pages use these names."""

from django.urls import path

from journey.signin import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/code/", views.two_factor_code, name="two_factor_code"),
    path("two-factor/recovery-code/", views.two_factor_recovery, name="two_factor_recovery"),
    path("two-factor/set-up/", views.two_factor_enrol, name="two_factor_enrol"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/new/",
        views.two_factor_new_codes,
        name="two_factor_new_codes",
    ),
    path("two-factor/reset/", views.two_factor_reset, name="two_factor_reset"),
    path("session/", views.session_status, name="session_status"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
]

#: Signing in and the session's own bookkeeping: no case record is read or changed at these.
NAMES = frozenset(pattern.name for pattern in urlpatterns)
