"""Journey settings: one module, driven by environment variables (12-factor)."""

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    SECURE_SSL_REDIRECT=(bool, False),
)
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    # Only a local demo (DEBUG) or the test suite may run without a real key.
    if not (DEBUG or "pytest" in sys.modules):
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or .env).")
    SECRET_KEY = "insecure-local-only-journey-key"
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "journey.core",
    "journey.access",
    "journey.signin",
    "journey.people",
    "journey.workforce",
    "journey.cases",
    "journey.casework",
    "journey.chronology",
    "journey.tracker",
    "journey.sharing",
    "journey.improvement",
    "journey.complaints",
    "journey.voice",
    "journey.outcomes",
    "journey.peer_review",
    "journey.partner_services",
    "journey.my_work",
    "journey.reporting",
    "journey.quality",
    "journey.background",
    "journey.demo",
    "journey.benchmarks",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sign out an idle or over-long session, then hold an unverified user at the code page.
    "journey.signin.middleware.SessionTimeoutMiddleware",
    "journey.signin.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes must be last so it sees the authentication outcome.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "journey.urls"
WSGI_APPLICATION = "journey.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "journey.navigation.current_worker",
            ],
            "builtins": ["journey.core.templatetags.govuk"],
        },
    }
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{REPO_DIR / 'journey.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing with "database is locked": WAL lets reads go on beside
    # the one writer; every transaction takes the write lock as it begins (IMMEDIATE), so it
    # never has to upgrade a read lock (which fails at once); and a writer waits up to 20 s for
    # the lock. Background work commits about a second at a time, so the wait stays short.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # The tests use a file too (one per test run), which locks as the real database does; an
    # in-memory one shares a cache whose locks fail at once instead of waiting.
    import os  # noqa: E402
    import tempfile  # noqa: E402

    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"journey-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short; JIT compilation (triggered by high plan costs) only adds latency.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "login"

# Two-factor sign-in (R13): a code from an authenticator app after the password, for every
# account, whenever DEBUG is off (a deploy check refuses it off). The demo signs in in one step.
JOURNEY_TWO_FACTOR_REQUIRED = env.bool("JOURNEY_TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Journey"
# Nobody reads a secret or deletes a device in the admin: lost devices are reset, with a reason.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lock-out after repeated failed sign-ins (R13), by username OR by address (journey.signin.lockout):
# AXES_FAILURE_LIMIT failures for one username from anywhere, or JOURNEY_LOCKOUT_ADDRESS_LIMIT
# failures from one address across usernames, within the hour. Addresses in
# JOURNEY_OFFICE_NETWORKS (the council's own, shared by hundreds of staff) are locked by
# username only: lock the account, not the building.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "journey.signin.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "journey.signin.lockout.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
JOURNEY_LOCKOUT_ADDRESS_LIMIT = env.int("JOURNEY_LOCKOUT_ADDRESS_LIMIT", default=20)
JOURNEY_OFFICE_NETWORKS = env.list("JOURNEY_OFFICE_NETWORKS", default=[])
# Reverse proxies in front of Journey, each adding to X-Forwarded-For (the client's address is
# read that many entries from the right). Production sits behind one (see SECURE_PROXY_SSL_HEADER).
JOURNEY_PROXY_COUNT = env.int("JOURNEY_PROXY_COUNT", default=0 if DEBUG else 1)

# Sessions end after JOURNEY_SESSION_IDLE_MINUTES without a request, and JOURNEY_SESSION_MAX_HOURS
# after signing in whatever happens (journey.signin.middleware); the cookie dies with the browser.
JOURNEY_SESSION_IDLE_MINUTES = env.int("JOURNEY_SESSION_IDLE_MINUTES", default=30)
JOURNEY_SESSION_MAX_HOURS = env.int("JOURNEY_SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = JOURNEY_SESSION_MAX_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "static/"
STATIC_ROOT = REPO_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Security headers (R13). Nonce-based CSP; no inline script without the nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Plain HTTP is redirected to HTTPS; not under pytest, whose test client and live server
    # speak plain HTTP.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default="pytest" not in sys.modules)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Early help: the default gap between Team Around the Family meetings.
JOURNEY_TAF_INTERVAL_DAYS = env.int("JOURNEY_TAF_INTERVAL_DAYS", default=42)
# The CAF tracker's drift rules (journey/tracker/rules.py) read their parameters from here.
# The first TAF is due within this many days of the early help work opening.
JOURNEY_FIRST_TAF_DAYS = env.int("JOURNEY_FIRST_TAF_DAYS", default=42)
# An open action with no progress note (or, without notes, since it was agreed) for longer.
JOURNEY_ACTION_STALE_DAYS = env.int("JOURNEY_ACTION_STALE_DAYS", default=90)
# Work open longer than this with no TAF in the last JOURNEY_REVIEW_WINDOW_DAYS days.
JOURNEY_LONG_OPEN_DAYS = env.int("JOURNEY_LONG_OPEN_DAYS", default=365)
JOURNEY_REVIEW_WINDOW_DAYS = env.int("JOURNEY_REVIEW_WINDOW_DAYS", default=90)
# Where an outcome tool is used for CAF work, its start measure is due within this many days of
# the work opening (the drift rule "Review outcome measure overdue"; later measures fall due by
# the tool's own review interval).
JOURNEY_FIRST_MEASURE_DAYS = env.int("JOURNEY_FIRST_MEASURE_DAYS", default=42)
# Closed work's closing outcome measure may still be recorded this many days after it closed
# (long enough for a family to answer a secure link sent at closure).
JOURNEY_CLOSING_MEASURE_DAYS = env.int("JOURNEY_CLOSING_MEASURE_DAYS", default=14)
# Single-agency tracker: a social care episode this soon after closing counts as escalation.
JOURNEY_ESCALATION_WINDOW_DAYS = env.int("JOURNEY_ESCALATION_WINDOW_DAYS", default=182)
# Case supervision is required at least this often, by kind of work (R6): a case with no
# supervision within its interval is flagged on My work, the team view and the CAF tracker.
JOURNEY_SUPERVISION_DAYS_SOCIAL_CARE = env.int("JOURNEY_SUPERVISION_DAYS_SOCIAL_CARE", default=28)
JOURNEY_SUPERVISION_DAYS_CAF = env.int("JOURNEY_SUPERVISION_DAYS_CAF", default=42)
JOURNEY_SUPERVISION_DAYS_SINGLE_AGENCY = env.int(
    "JOURNEY_SUPERVISION_DAYS_SINGLE_AGENCY", default=56
)
JOURNEY_SUPERVISION_DAYS_FAMILY_HELP = env.int("JOURNEY_SUPERVISION_DAYS_FAMILY_HELP", default=28)
JOURNEY_SUPERVISION_INTERVAL_DAYS = {
    "social_care": JOURNEY_SUPERVISION_DAYS_SOCIAL_CARE,
    "family_help": JOURNEY_SUPERVISION_DAYS_FAMILY_HELP,
    "eh_caf": JOURNEY_SUPERVISION_DAYS_CAF,
    "eh_single": JOURNEY_SUPERVISION_DAYS_SINGLE_AGENCY,
}
# Visits: a child on a plan is seen at least every so many working days. A plan may set its own
# interval (a child in need plan usually does); these are the defaults by kind of plan. A visit
# overdue is flagged on My work, the manager's queue, the team view and the child's record.
JOURNEY_VISIT_WORKING_DAYS = {
    "cp": env.int("JOURNEY_VISIT_WORKING_DAYS_CP", default=10),
    "cin": env.int("JOURNEY_VISIT_WORKING_DAYS_CIN", default=20),
}
# A visit or case note left as a draft longer than this many days is flagged to its author and
# their manager: recording that waits is recording that is lost.
JOURNEY_DRAFT_FLAG_DAYS = env.int("JOURNEY_DRAFT_FLAG_DAYS", default=2)
# A reflective case summary is written at least this often on open work (and before a transfer
# or closure); one overdue is flagged on My work and the child's summary.
JOURNEY_CASE_SUMMARY_MONTHS = env.int("JOURNEY_CASE_SUMMARY_MONTHS", default=3)
# A threshold decision is reviewed by a manager (agreed or changed) within this many working
# days of being made: the "decisions reviewed by a manager in time" measure counts against it.
JOURNEY_MANAGER_REVIEW_WORKING_DAYS = env.int("JOURNEY_MANAGER_REVIEW_WORKING_DAYS", default=1)
# Families First: the years since qualifying a lead child protection practitioner needs (0: none).
JOURNEY_LCPP_YEARS_QUALIFIED = env.int("JOURNEY_LCPP_YEARS_QUALIFIED", default=3)
# The consistent child identifier (Children Act 2004 s16LC): the identifier every record shows
# with its match status and on which possible duplicates are found. "nhs_number" (the default,
# as the government intends) or "upn".
JOURNEY_CONSISTENT_IDENTIFIER = env.str("JOURNEY_CONSISTENT_IDENTIFIER", default="nhs_number")
# Caseload limits and weights are the council's data, changed on the Caseloads pages by an
# assistant director (workforce.CaseloadLimit, CaseloadWeight). The JOURNEY_CASELOAD_LIMIT_<ROLE>
# variables that once set them are read once, by the migration that made them data.

# The leadership dashboard counts this month live, and the measures page its months, then each
# reuses those figures for this many seconds before counting again (0: count on every view).
# The dashboard's past months come from the nightly `snapshot_measures`.
JOURNEY_LIVE_FIGURES_SECONDS = env.int("JOURNEY_LIVE_FIGURES_SECONDS", default=300)
# Aggregate figures about fewer children (or answers) than this are suppressed in the outcomes
# and impact reports, so that no family can be recognised in them.
JOURNEY_SMALLEST_COHORT = env.int("JOURNEY_SMALLEST_COHORT", default=5)

# The council this instance serves (CIN census header, reports).
COUNCIL_NAME = env("COUNCIL_NAME", default="Fairshire Council")
COUNCIL_LA_CODE = env("COUNCIL_LA_CODE", default="999")
# A peer challenge review's findings letter is due this many days after the visit (the default
# when a review is planned); the review team's access to its cases ends that day at the latest.
JOURNEY_PEER_REVIEW_LETTER_DAYS = env.int("JOURNEY_PEER_REVIEW_LETTER_DAYS", default=20)

# Long work runs in the background (journey.background) on django-tasks' database backend:
# the CIN census import and check, the Annex A workbook, and a chronology print of more than
# JOURNEY_PRINT_IN_BACKGROUND_OVER entries. `python manage.py db_worker` runs it (`make run`
# starts one beside the server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOURNEY_PRINT_IN_BACKGROUND_OVER = env.int("JOURNEY_PRINT_IN_BACKGROUND_OVER", default=300)
# Files people upload or ask for are kept here, outside the static files; nothing serves this
# folder: each file is served by journey.background to the person who asked for it alone.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=REPO_DIR / "media")
# Produced files are removed this many days after they are made (`manage.py clear_old_downloads`).
JOURNEY_KEEP_DOWNLOADS_DAYS = env.int("JOURNEY_KEEP_DOWNLOADS_DAYS", default=7)
# Uploads: a file over JOURNEY_MAX_UPLOAD_MB is refused with a message. Over 2.5 MB an upload
# spools to a temporary file rather than memory, and a request body far over the limit is
# dropped as it arrives (journey.background.uploads), never held whole.
JOURNEY_MAX_UPLOAD_MB = env.int("JOURNEY_MAX_UPLOAD_MB", default=50)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "journey.background.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Secure links for a child's or a parent's views (journey.voice.links): how long a link works,
# how many failures a link or one address (per hour) may make before "try later", and the sender
# of its messages (the outbox by default; "journey.voice.links.senders.NotifySender" for GOV.UK
# Notify, with its key and template ids). JOURNEY_LINK_BASE_URL: the address links point to when
# no request gives one (the demo); empty means http://localhost:8000.
JOURNEY_VIEWS_LINK_DAYS = env.int("JOURNEY_VIEWS_LINK_DAYS", default=14)
JOURNEY_VIEWS_LINK_FAILURES = env.int("JOURNEY_VIEWS_LINK_FAILURES", default=5)
JOURNEY_VIEWS_ADDRESS_FAILURES = env.int("JOURNEY_VIEWS_ADDRESS_FAILURES", default=10)
JOURNEY_MESSAGE_SENDER = env(
    "JOURNEY_MESSAGE_SENDER", default="journey.voice.links.senders.OutboxSender"
)
JOURNEY_NOTIFY_API_KEY = env("JOURNEY_NOTIFY_API_KEY", default="")
JOURNEY_NOTIFY_BASE_URL = env(
    "JOURNEY_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
JOURNEY_NOTIFY_EMAIL_TEMPLATE_ID = env("JOURNEY_NOTIFY_EMAIL_TEMPLATE_ID", default="")
JOURNEY_NOTIFY_SMS_TEMPLATE_ID = env("JOURNEY_NOTIFY_SMS_TEMPLATE_ID", default="")
JOURNEY_LINK_BASE_URL = env("JOURNEY_LINK_BASE_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
