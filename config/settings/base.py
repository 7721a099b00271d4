"""Settings shared by every environment.

Everything that differs between machines comes from the environment, with
defaults that are safe for a developer's laptop: SQLite, tasks run in-process,
e-mail printed to the console.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
# Where the site is served: links in e-mails and invitations start with it (`make run` sets
# it from HOST and PORT), so the site answers at its host too unless ALLOWED_HOSTS is given.
_base_url = env("BASE_URL", "http://127.0.0.1:8000")
_base_host = urlsplit(_base_url).hostname or ""
_base_host = f"[{_base_host}]" if ":" in _base_host else _base_host
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ",".join(dict.fromkeys(["localhost", "127.0.0.1", "[::1]", _base_host]))
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "lms",
    "courses",
    "cohorts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.apps.UsersAdminConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.UserTimezoneMiddleware",
    "lms.middleware.PrivateWhenSignedInMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background work ------------------------------------------------
REDIS_URL = env("REDIS_URL")
# A stopped Redis must not take the site down with it. Waiting for Redis takes at most this
# long (connecting, then each reply); after a failure the cache and the task queue leave it
# alone for REDIS_RETRY_SECONDS (lms/breaker.py): the cache answers from memory, queued work
# is left to the sweeps below, so each request waits for one timeout at most.
REDIS_TIMEOUT = float(env("REDIS_TIMEOUT", "1"))
REDIS_RETRY_SECONDS = float(env("REDIS_RETRY_SECONDS", "30"))

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, standing in a per-process memory cache while Redis is
            # down, so pages render and sign-in rate limits go on counting (lms/cache.py).
            "BACKEND": "lms.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Publishing a task gives up after one timeout (lms/jobs.py queues with retry=False, and
# max_retries stops kombu reconnecting for seconds first) rather than holding the request;
# workers still reconnect by themselves (CELERY_BROKER_CONNECTION_MAX_RETRIES).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "advance-cohort-statuses": {
        "task": "cohorts.tasks.advance_cohort_statuses",
        "schedule": 300.0,
    },
    "expire-enrolment-offers": {
        "task": "cohorts.tasks.expire_enrolment_offers",
        "schedule": 60.0,
    },
    "sweep-outbox": {
        "task": "lms.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    # Work whose task a stopped broker never received (lms/jobs.py).
    "issue-missed-certificates": {
        "task": "cohorts.tasks.issue_missed_certificates",
        "schedule": 3600.0,
    },
    "process-waiting-recordings": {
        "task": "cohorts.tasks.process_waiting_recordings",
        "schedule": 900.0,
    },
    "purge-attendance-imports": {
        "task": "cohorts.tasks.purge_attendance_imports",
        "schedule": 3600.0,
    },
    "purge-stale-recording-uploads": {
        "task": "cohorts.tasks.purge_stale_recording_uploads",
        "schedule": 3600.0,
    },
    "purge-expired-recordings": {
        "task": "cohorts.tasks.purge_expired_recordings",
        "schedule": 86400.0,
    },
}

# Enrolment: how long a person offered a freed place has to accept it, and how long
# before a session its join link is shown to the cohort's people.
ENROLMENT_OFFER_HOURS = int(env("ENROLMENT_OFFER_HOURS", "72"))
JOIN_LINK_REVEAL_MINUTES = int(env("JOIN_LINK_REVEAL_MINUTES", "60"))
# Sent e-mails stay in the outbox this long (to answer "did it go out?"), then are deleted.
OUTBOX_KEEP_DAYS = int(env("OUTBOX_KEEP_DAYS", "30"))

# Attendance: self check-in opens this many minutes before a seminar and closes at its end;
# the code shown by the facilitator changes every CHECK_IN_CODE_SECONDS (the previous code
# is still accepted, for people typing slowly); a check-in after the grace period is "late".
CHECK_IN_OPENS_MINUTES = int(env("CHECK_IN_OPENS_MINUTES", "30"))
CHECK_IN_CODE_SECONDS = int(env("CHECK_IN_CODE_SECONDS", "60"))
CHECK_IN_LATE_AFTER_MINUTES = int(env("CHECK_IN_LATE_AFTER_MINUTES", "15"))
# Wrong codes allowed per person and seminar within CHECK_IN_LOCKOUT_MINUTES.
CHECK_IN_MAX_ATTEMPTS = int(env("CHECK_IN_MAX_ATTEMPTS", "5"))
CHECK_IN_LOCKOUT_MINUTES = int(env("CHECK_IN_LOCKOUT_MINUTES", "10"))
# A register for a large session posts three fields per person (status, minutes, note);
# Django's default of 1,000 fields would refuse one of more than ~330 people.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 16000
# Uploaded video-call reports (names and e-mails of everyone in the call) are kept this
# long for their preview, then deleted; the marks they set and the change log remain.
ATTENDANCE_IMPORT_KEEP_DAYS = int(env("ATTENDANCE_IMPORT_KEEP_DAYS", "14"))
# Recordings: kept this many days after upload unless marked for reuse in training; watching
# this share of one makes up an excused absence where the cohort allows it.
RECORDING_KEEP_DAYS = int(env("RECORDING_KEEP_DAYS", "730"))
RECORDING_MAKEUP_PERCENT = int(env("RECORDING_MAKEUP_PERCENT", "80"))

# --- Clause library -------------------------------------------------------------
# True: only signed-in members see the library, its clauses, packs, JSON and feed.
CLAUSE_LIBRARY_MEMBERS_ONLY = env_bool("CLAUSE_LIBRARY_MEMBERS_ONLY", False)
# Most clauses one bargaining pack may hold.
CLAUSE_PACK_MAX = int(env("CLAUSE_PACK_MAX", "40"))
RECORDING_MAX_BYTES = int(env("RECORDING_MAX_BYTES", str(4 * 1024**3)))
CAPTION_MAX_BYTES = int(env("CAPTION_MAX_BYTES", str(2 * 1024 * 1024)))
# Practical submissions: at most this many files per submission, each at most this size.
SUBMISSION_MAX_FILES = int(env("SUBMISSION_MAX_FILES", "5"))
SUBMISSION_MAX_FILE_BYTES = int(env("SUBMISSION_MAX_FILE_BYTES", str(10 * 1024 * 1024)))

# Calendar event UIDs end in this domain; it must never change once feeds are out.
CALENDAR_UID_DOMAIN = env("CALENDAR_UID_DOMAIN", "union-academy.example.org")

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lms:profile"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupProfileForm"
ACCOUNT_FORMS = {
    "signup": "lms.account_adapter.AtomicSignupForm",
    "reset_password": "lms.account_adapter.VerifiedAddressResetPasswordForm",
}
ACCOUNT_ADAPTER = "lms.account_adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Failed attempts at anything that checks a password: the sixth in five minutes is refused
# (per address or protected object), and ten a minute from one client IP. allauth's own
# actions, plus ours for page and document passwords and account deletion (lms/sign_in.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reauthenticate": "10/m/ip,5/5m/user",
    "change_password": "10/m/ip,5/5m/user",
    # Shared page passwords: five wrong ones per visitor (IP) and page, and a ceiling for
    # the page from all visitors together, so one person's typos lock out nobody else.
    "view_restriction_password_failed": "10/m/ip,5/5m/key",
    "view_restriction_password_failed_all": "50/5m/key",
    "account_delete_password_failed": "10/m/ip,5/5m/user",
}
# Behind a reverse proxy every request comes from the proxy's address: limits "per IP"
# must count the client's. TRUSTED_PROXY_COUNT is how many proxies of ours add to
# X-Forwarded-For (production: 1 by default); TRUSTED_CLIENT_IP_HEADER names a header the
# proxy sets to the client's address instead (e.g. X-Real-IP), which then wins.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER")
ACCOUNT_PRESERVE_USERNAME_CASING = False

# --- Wagtail --------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("SITE_NAME", "Digital Rights Union Academy")
WAGTAILADMIN_BASE_URL = _base_url
WAGTAIL_I18N_ENABLED = False
# Approving a model clause publishes it although approvers have no publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "courses.workflow_actions.finish_workflow"
# An edit during review sends the clause back to the first step, so no words go live that
# the peer reviewer did not read (and an editor cannot then approve their own words).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "odp", "xlsx", "ods", "txt", "md", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# One way in: the admin signs people in through allauth (rate limits, verified
# e-mail), and password resets go through allauth too. Private pages send people to
# /_util/login/ (lms.sign_in.redirect_to_sign_in), which passes them on to allauth's page
# or, when they are already signed in and the page refused them, says so; allauth would
# send a signed-in person straight back, and round again (lms.sign_in.sign_in does the
# same for the admin).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "wagtailcore_login"
# Password-protected pages and documents ask on the site's own page, in its language.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "lms/password_required.html"  # noqa: S105 - a template
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "lms/password_required.html"  # noqa: S105
WAGTAIL_PASSWORD_RESET_ENABLED = False
# The admin's own password-change form would check the current password with no limit;
# people change it on their account page (allauth, limited like sign-in).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No third-party requests from the admin: no update checks, no gravatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "lms" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS: list = []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads only their owners and staff may read (practical submissions): outside MEDIA_ROOT,
# served only by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# Behind nginx, set this to an `internal` location aliased to PRIVATE_MEDIA_ROOT (for
# example /protected/): permission-checked views then answer with X-Accel-Redirect and
# nginx sends the file. Empty: Django streams it.
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Digital Rights Union Academy <noreply@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security defaults that hold everywhere --------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Database sessions that know whose they are, so erasing an account ends all of them.
SESSION_ENGINE = "lms.models.sessions"
CSRF_COOKIE_HTTPONLY = False
# Wagtail marks its own preview views SAMEORIGIN; nothing else may be framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # fontTools reports every glyph it keeps while subsetting a certificate's font.
        "fontTools": {"level": "WARNING"},
    },
}
