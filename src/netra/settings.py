"""Netra settings: one module, configured by environment variables with safe laptop defaults.

See README.md ("Configuration") for every variable.
"""

import contextlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("NETRA_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_from_env_or_file(env_name: str, filename: str, nbytes: int = 32) -> str:
    """Use the environment variable; otherwise generate a secret once into var/ (mode 0600)."""
    value = os.environ.get(env_name)
    if value:
        return value
    path = VAR_DIR / filename
    if not path.exists():
        # Several processes may start at once (gunicorn workers): each writes its own candidate
        # and links it into place; the first link wins and every process reads that one key.
        candidate = path.with_name(f".{filename}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(nbytes))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(candidate, path)
        finally:
            candidate.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_from_env_or_file("NETRA_SECRET_KEY", "secret_key", 50)
# Key for the AES-GCM envelope around reporter identity fields; several keys may be given,
# comma-separated, newest first, so old rows stay readable while keys rotate.
FIELD_KEYS = _env_list("NETRA_FIELD_KEY", "") or [
    _secret_from_env_or_file("NETRA_FIELD_KEY", "field_key", 32)
]
# Former secret keys, comma-separated: signatures (sessions, reset links) made with them stay
# valid, and access keys HMACed under them before the pepper existed still open (rotation,
# docs/operations.md "Keys").
SECRET_KEY_FALLBACKS = _env_list("NETRA_SECRET_KEY_FALLBACKS", "")
# Pepper of the reporters' access-key HMACs (intake/access.py): its own key, newest first, so the
# secret key can rotate without locking reporters out; an older pepper is re-HMACed on use.
ACCESS_KEY_PEPPERS = _env_list("NETRA_ACCESS_KEY_PEPPER", "") or [
    _secret_from_env_or_file("NETRA_ACCESS_KEY_PEPPER", "access_key_pepper", 32)
]
# Key of the audit checkpoints (audit/anchor.py), newest first, and the append-only file they go
# to: outside the database, so cutting the chain there shows against the last checkpoint.
AUDIT_ANCHOR_KEYS = _env_list("NETRA_AUDIT_ANCHOR_KEY", "") or [
    _secret_from_env_or_file("NETRA_AUDIT_ANCHOR_KEY", "audit_anchor_key", 32)
]
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("NETRA_AUDIT_CHECKPOINT_FILE", VAR_DIR / "audit" / "checkpoints.jsonl")
)

DEBUG = _env_bool("NETRA_DEBUG", False)
TESTING = _env_bool("NETRA_TESTING", False)
HTTPS = _env_bool("NETRA_HTTPS", False)
ALLOWED_HOSTS = _env_list("NETRA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("NETRA_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # core
    "netra.audit",
    "netra.documents",
    "netra.regions",
    "netra.rules",
    "netra.elections",
    "netra.workdays",
    "netra.registry",
    "netra.accounts",
    # enforcement flow
    "netra.intake",
    "netra.cases",
    "netra.sanctions",
    # prevention
    "netra.prevention",
    # analytics (reads the apps above)
    "netra.analytics",
    # tooling
    "netra.web",
    "netra.demo",
]

MIDDLEWARE = [
    # Behind the proxy, the client address it forwards (only from NETRA_TRUSTED_PROXIES).
    "netra.web.middleware.ProxyClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files in every mode (no CDN, no separate file server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sheds load past NETRA_MAX_CONCURRENT_REQUESTS with a quick 503 instead of a queue.
    "netra.web.middleware.ConcurrencyLimitMiddleware",
    "netra.web.middleware.SecurityHeadersMiddleware",
    "netra.web.middleware.RejectNulMiddleware",
    # A form cut short of its Content-Length (client hung up) is a 400, never a saved report.
    "netra.web.middleware.IncompleteBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "netra.accounts.middleware.StaffOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A lost database connection answers 503 + Retry-After, never 500 (web/middleware.py).
    "netra.web.middleware.DatabaseUnavailableMiddleware",
]
# Requests worked on at once per process, and how long one may wait for a slot before 503.
NETRA_MAX_CONCURRENT_REQUESTS = int(os.environ.get("NETRA_MAX_CONCURRENT_REQUESTS", "16"))
NETRA_SHED_WAIT_MS = int(os.environ.get("NETRA_SHED_WAIT_MS", "500"))
# Addresses of our reverse proxies: from them, X-Real-IP is the client (deploy/nginx/netra.conf).
NETRA_TRUSTED_PROXIES = _env_list("NETRA_TRUSTED_PROXIES", "")

ROOT_URLCONF = "netra.urls"
WSGI_APPLICATION = "netra.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'netra.sqlite3'}",
        conn_max_age=int(os.environ.get("NETRA_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at BEGIN
        # so concurrent writers queue instead of failing with "database is locked" mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
if os.environ.get("NETRA_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["NETRA_CACHE_URL"],
        }
    }
else:
    # Rate-limit counters live here: the default 300 entries would let a flood of distinct
    # addresses evict them (and so reset every limit).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if TESTING:
    # Password hashing dominates test time otherwise; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"
LOGOUT_REDIRECT_URL = "web:home"
# Staff must hold a verified TOTP device; set to False only for local experiments.
NETRA_REQUIRE_STAFF_OTP = _env_bool("NETRA_REQUIRE_STAFF_OTP", True)
OTP_TOTP_ISSUER = "Netra"

# Lockout per account+address and per account across addresses, known addresses exempt from
# the latter (netra.accounts.lockout; docs/operations.md "Login lockout").
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("NETRA_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("NETRA_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_KNOWN_ADDRESS_DAYS = 90
AXES_FAILURE_LIMIT = "netra.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = "netra.accounts.lockout.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = _env_bool("NETRA_AXES_ENABLED", True)

SESSION_COOKIE_AGE = int(os.environ.get("NETRA_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # `preload` consents to the browsers' built-in HTTPS list, so even a reporter's first visit
    # cannot be downgraded. A commitment for the whole registrable domain and its subdomains
    # (docs/operations.md, "HTTPS"); NETRA_HSTS_PRELOAD=0 opts out and silences check W021.
    SECURE_HSTS_PRELOAD = _env_bool("NETRA_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_SSL_REDIRECT = _env_bool("NETRA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "netra_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"  # display default (WIB); datetimes are stored in UTC
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up when it is missing
MEDIA_ROOT = Path(os.environ.get("NETRA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
REPORTS_DIR = VAR_DIR / "reports"  # per-row error reports of imports

# --- E-mail ---------------------------------------------------------------------------------
# Without an SMTP server, messages go to files readable only by the server's user under
# var/mail/, never to the log: they hold reporters' addresses, tracking numbers and reset links.
EMAIL_BACKEND = os.environ.get("NETRA_EMAIL_BACKEND", "netra.web.mail.PrivateFileBackend")
EMAIL_FILE_PATH = Path(os.environ.get("NETRA_EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("NETRA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("NETRA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NETRA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NETRA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("NETRA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("NETRA_EMAIL_FROM", "Netra <noreply@netra.invalid>")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "netra.web.api_schema.NetraAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["netra.accounts.permissions.IsVerifiedStaff"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "netra.web.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    # One shape for every error body: {"detail", "code"[, "errors"]} (netra.refusals).
    "EXCEPTION_HANDLER": "netra.web.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Netra API",
    "DESCRIPTION": "ASN neutrality oversight: rules catalog, registry, reports and cases.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a "kind" or "level" field; name each enum after its choices class.
    "ENUM_NAME_OVERRIDES": {
        "ElectionKindEnum": "netra.elections.choices.ElectionKind",
        "StageKindEnum": "netra.elections.choices.StageKind",
        "RegionLevelEnum": "netra.regions.choices.RegionLevel",
        "RegionKindEnum": "netra.regions.choices.RegionKind",
        "AgencyKindEnum": "netra.registry.choices.AgencyKind",
        "RegulationKindEnum": "netra.rules.choices.RegulationKind",
        "SanctionLevelEnum": "netra.rules.choices.SanctionLevel",
        "ActivityKindEnum": "netra.prevention.choices.ActivityKind",
        "EmployeeTypeEnum": "netra.registry.choices.EmployeeType",
        "DocumentKindEnum": "netra.documents.choices.DocumentKind",
    },
}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Exchange bindings; kombu's default is ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "audit-verify-chain": {"task": "audit.verify_chain", "schedule": 6 * 3600},
    "audit-checkpoint": {"task": "audit.checkpoint", "schedule": 5 * 60},
}

# --- Netra domain settings ------------------------------------------------------------------
# Size of a registry import batch (rows per bulk upsert).
NETRA_IMPORT_BATCH_SIZE = int(os.environ.get("NETRA_IMPORT_BATCH_SIZE", "2000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NETRA_LOG_LEVEL", "WARNING")},
}

# --- accounts ---
# "no-referrer" makes Chromium send `Origin: null` on every form POST, which Django's CSRF check
# rejects, so no login form could work. "same-origin" still sends nothing to other sites.
SECURE_REFERRER_POLICY = "same-origin"

# --- intake ---
# Uploads are streamed to temporary files on disk, never held whole in memory.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
INTAKE_EVIDENCE_MAX_BYTES = int(os.environ.get("NETRA_EVIDENCE_MAX_MB", "25")) * 1024 * 1024
INTAKE_EVIDENCE_MAX_FILES = int(os.environ.get("NETRA_EVIDENCE_MAX_FILES", "10"))
INTAKE_EVIDENCE_MAX_TOTAL_BYTES = (
    int(os.environ.get("NETRA_EVIDENCE_MAX_TOTAL_MB", "100")) * 1024 * 1024
)
# Whole request body (files + fields); larger requests are refused before they are parsed.
INTAKE_MAX_REQUEST_BYTES = INTAKE_EVIDENCE_MAX_TOTAL_BYTES + 2 * 1024 * 1024
# Pillow's decompression-bomb guard: images above this many pixels are refused.
INTAKE_MAX_IMAGE_PIXELS = int(os.environ.get("NETRA_MAX_IMAGE_PIXELS", "25000000"))
INTAKE_STAGING_GRACE_SECONDS = 6 * 3600
INTAKE_IDEMPOTENCY_TTL_HOURS = 24
# Wrong tracking number/key pairs allowed per client IP and for everyone together (per hour);
# submissions allowed per client IP (django-ratelimit counters in the cache).
INTAKE_ACCESS_FAILURES_PER_IP = os.environ.get("NETRA_ACCESS_FAILURES_PER_IP", "10/h")
INTAKE_ACCESS_FAILURES_GLOBAL = os.environ.get("NETRA_ACCESS_FAILURES_GLOBAL", "2000/h")
# Wrong keys tried on one tracking number (from anywhere) before it counts as under attack.
INTAKE_ACCESS_FAILURES_PER_NUMBER = os.environ.get("NETRA_ACCESS_FAILURES_PER_NUMBER", "5/h")
# While the global or a number's limit is exceeded, each address's own (smaller, shorter)
# allowance of wrong attempts; nobody is ever locked out by the shared counters themselves.
INTAKE_ACCESS_FAILURES_PER_IP_UNDER_ATTACK = os.environ.get(
    "NETRA_ACCESS_FAILURES_PER_IP_UNDER_ATTACK", "3/15m"
)
# The reporter's status page (and the receipt kept for the Back button) ends after this many
# seconds without activity: phones are shared.
INTAKE_REPORTER_IDLE_SECONDS = int(os.environ.get("NETRA_REPORTER_IDLE_MINUTES", "10")) * 60
INTAKE_SUBMISSIONS_PER_IP = os.environ.get("NETRA_SUBMISSIONS_PER_IP", "30/h")
CELERY_BEAT_SCHEDULE["intake-sweep-staging"] = {"task": "intake.sweep_staging", "schedule": 3600}
CELERY_BEAT_SCHEDULE["intake-expire-idempotency"] = {
    "task": "intake.expire_idempotency",
    "schedule": 3600,
}
# Django's temporary upload files go to a directory the evidence sweep owns (cleaned of files
# a crashed request left behind), not /tmp.
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "tmp" / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Antivirus (intake/scanning.py): "auto" uses ClamAV where installed; with NETRA_AV_REQUIRED a
# file that cannot be scanned is quarantined instead of kept as "not scanned".
INTAKE_AV_SCANNER = os.environ.get("NETRA_AV_SCANNER", "auto")
INTAKE_AV_REQUIRED = _env_bool("NETRA_AV_REQUIRED", False)
INTAKE_CLAMD_SOCKET = os.environ.get("NETRA_CLAMD_SOCKET", "")
# Evidence store check (`netra evidence check`): existence and size every 6 hours, a full
# re-hash weekly; quarantined files are scanned again hourly.
CELERY_BEAT_SCHEDULE["intake-evidence-check-quick"] = {
    "task": "intake.evidence_check",
    "schedule": 6 * 3600,
    "kwargs": {"quick": True},
}
CELERY_BEAT_SCHEDULE["intake-evidence-check"] = {
    "task": "intake.evidence_check",
    "schedule": 7 * 24 * 3600,
}
CELERY_BEAT_SCHEDULE["intake-evidence-recheck"] = {
    "task": "intake.evidence_recheck",
    "schedule": 3600,
}

# --- documents ---
# Absolute base of the verification URL printed (and QR-encoded) on every issued PDF.
NETRA_PUBLIC_BASE_URL = os.environ.get("NETRA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Verification lookups allowed per client IP (page and API share the counter).
DOCUMENTS_VERIFY_PER_IP = os.environ.get("NETRA_VERIFY_PER_IP", "60/h")
# Largest PDF accepted by the "is my copy identical?" upload check.
DOCUMENTS_UPLOAD_MAX_BYTES = int(os.environ.get("NETRA_VERIFY_UPLOAD_MAX_MB", "10")) * 1024 * 1024
DOCUMENTS_STAGING_GRACE_SECONDS = 6 * 3600
# Stored files of documents, decrees and prevention (content_store.py; evidence has its own
# tasks above): the sweep of what crashes and rollbacks left hourly, the check (`netra files
# check`) every 6 hours by size and weekly by SHA-256; a problem is an audit event.
CELERY_BEAT_SCHEDULE["files-sweep"] = {"task": "files.sweep", "schedule": 3600}
CELERY_BEAT_SCHEDULE["files-check-quick"] = {
    "task": "files.check",
    "schedule": 6 * 3600,
    "kwargs": {"quick": True},
}
CELERY_BEAT_SCHEDULE["files-check"] = {"task": "files.check", "schedule": 7 * 24 * 3600}

# --- cases ---
# Marks overdue case deadlines (by each region's local day) and escalates each once.
CELERY_BEAT_SCHEDULE["cases-mark-overdue"] = {"task": "cases.mark_overdue", "schedule": 3600}
# Owners of a case deadline are reminded once, this many days (in the deadline's own unit,
# usually working days) before it falls due; 0 turns reminders off.
NETRA_DEADLINE_REMINDER_DAYS = int(os.environ.get("NETRA_DEADLINE_REMINDER_DAYS", "2"))

# --- sanctions ---
from celery.schedules import crontab  # noqa: E402

# Deadline reminders: daily at 07:00 WIB (cases.tasks.remind_deadlines).
CELERY_BEAT_SCHEDULE["cases-remind-deadlines"] = {
    "task": "cases.remind_deadlines",
    "schedule": crontab(hour=7, minute=0),
}
# Analytics rollups are kept current on every change; the nightly reconcile recomputes them
# from the source tables and corrects any drift (docs/analytics.md).
CELERY_BEAT_SCHEDULE["analytics-reconcile"] = {
    "task": "analytics.reconcile",
    "schedule": crontab(hour=1, minute=15),
}

# Closes sanctioned cases whose objection/appeal window has ended: daily at 00:30 WIB, when the
# new local day has begun in every zone (WIB, WITA, WIT).
CELERY_BEAT_SCHEDULE["sanctions-close-after-remedy-window"] = {
    "task": "sanctions.close_after_remedy_window",
    "schedule": crontab(hour=0, minute=30),
}

# --- retention (ADR 0014; docs/operations.md, "Retention") ---
# Days after a report was finally not registered (its case closed as `not_registered`) before
# its content, evidence files and reporter identity are purged; 0 turns this purge off.
NETRA_RETENTION_UNREGISTERED_DAYS = int(os.environ.get("NETRA_RETENTION_UNREGISTERED_DAYS", "365"))
# Days after every case of a report reached a final state before the reporter's sealed identity
# and contact details are erased (the case record itself is kept); 0 turns this off.
NETRA_RETENTION_REPORTER_IDENTITY_DAYS = int(
    os.environ.get("NETRA_RETENTION_REPORTER_IDENTITY_DAYS", "730")
)
# The purge job: daily at 02:30 WIB (cases.tasks.retention_purge; `netra retention purge`).
CELERY_BEAT_SCHEDULE["cases-retention-purge"] = {
    "task": "cases.retention_purge",
    "schedule": crontab(hour=2, minute=30),
}

# --- prevention ---
# Days before the vote at which agency HR is reminded of units below the coverage threshold
# (share of active staff who attended a socialization or pledged, 0..1).
PREVENTION_REMINDER_DAYS = [120, 90, 60, 30, 14, 7]
PREVENTION_COVERAGE_THRESHOLD = 0.8
# Failed identity checks (phone pledge and QR check-in together) allowed per client IP, and
# failed check-ins per activity from all addresses (per hour).
PREVENTION_IDENTIFY_FAILURES_PER_IP = os.environ.get("NETRA_IDENTIFY_FAILURES_PER_IP", "10/h")
PREVENTION_CHECK_IN_FAILURES_PER_ACTIVITY = os.environ.get(
    "NETRA_CHECK_IN_FAILURES_PER_ACTIVITY", "100/h"
)
# QR self check-in: open on the activity's local day, widened by this margin (minutes) on each
# side; the organiser's QR changes every ROTATE seconds and a code stays valid GRACE seconds
# after its period ends (a person who scanned just before the change can still send the form).
PREVENTION_CHECK_IN_MARGIN_MINUTES = int(os.environ.get("NETRA_CHECK_IN_MARGIN_MINUTES", "120"))
PREVENTION_CHECK_IN_QR_ROTATE_SECONDS = int(
    os.environ.get("NETRA_CHECK_IN_QR_ROTATE_SECONDS", "180")
)
PREVENTION_CHECK_IN_QR_GRACE_SECONDS = int(os.environ.get("NETRA_CHECK_IN_QR_GRACE_SECONDS", "300"))
# Pledge codes by SMS: a class (dotted path) with `send(phone, text)`. The default only logs;
# production must name its gateway's sender here.
PREVENTION_SMS_SENDER = os.environ.get("NETRA_SMS_SENDER", "netra.prevention.sms.LoggingSmsSender")
# Daily at 06:00 WIB.
CELERY_BEAT_SCHEDULE["prevention-send-coverage-reminders"] = {
    "task": "prevention.send_coverage_reminders",
    "schedule": crontab(hour=6, minute=0),
}
