"""Comptoir settings, read entirely from the environment (see .env.example)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COMPTOIR_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


def env_secret_list(name: str) -> list[str]:
    """Secrets from NAME (a comma list), or from the file named by NAME_FILE (one a line)."""
    if path := os.environ.get(f"{name}_FILE"):
        lines = Path(path).read_text().splitlines()
        return [item.strip() for line in lines for item in line.split(",") if item.strip()]
    return env_list(name)


def _generated_secret_key() -> str:
    # So a fresh clone runs without configuration, yet the key survives restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG")
SECRET_KEY = env_secret("SECRET_KEY") or _generated_secret_key()
# Issue 13 (helper "coverage"): rotating the key. The previous keys, listed here, still
# verify what they signed (sessions, password-reset and cancellation links, member cards)
# while everything new is signed with SECRET_KEY; drop them once those have expired.
SECRET_KEY_FALLBACKS = env_secret_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "comptoir.home.errors.csrf_failure"
SITE_ID = 1
# The public address used in emails (links to events, cancellation links); when unset,
# the Site's domain (set from the first request's host by the sites framework's admin).
# Development default: the address `make run` serves; production sets its own.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "comptoir.core.admin_site.ComptoirAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "comptoir.core",
    "comptoir.places",
    "comptoir.community",
    "comptoir.billing",
    "comptoir.invoicing",
    "comptoir.access",
    "comptoir.debits",
    "comptoir.online",
    "comptoir.membership",
    "comptoir.presence",
    "comptoir.bookings",
    "comptoir.agenda",
    "comptoir.exchange",
    "comptoir.conciergerie",
    "comptoir.lending",
    "comptoir.givebox",
    "comptoir.projects",
    "comptoir.incubator",
    "comptoir.contributions",
    "comptoir.roster",
    "comptoir.news",
    "comptoir.publishing",
    "comptoir.economy",
    "comptoir.governance",
    "comptoir.cigale",
    "comptoir.api",
    "comptoir.home",
    "comptoir.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, so static files skip them; both headers are built once per process.
    "comptoir.core.headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before the work: a throttled API request costs one cache round trip (issue 13, pt 4).
    "comptoir.api.middleware.ApiThrottleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Issue 13 (inputs): refuse a NUL in the path, query or form before any view (a substring
    # test per request; a form POST's fields scanned). After auth and locale: a translated page.
    "comptoir.core.inputs.InputCleaningMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "comptoir.api.middleware.ApiMethodNotAllowedMiddleware",
]

ROOT_URLCONF = "comptoir.urls"
WSGI_APPLICATION = "comptoir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "comptoir" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "comptoir.home.navigation.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "template_partials.templatetags.partials"],
        },
    }
]

# --- Database ------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'comptoir.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: IMMEDIATE transactions take the write lock up front, so
    # concurrent writers queue (busy timeout) instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# The hot plain-SQL statements (core.prepared) are prepared on PostgreSQL; turn this off
# behind a pooler that cannot keep prepared statements (PgBouncer before 1.21).
PREPARED_STATEMENTS = env_bool("PREPARED_STATEMENTS", True)
# Behind PgBouncer in transaction mode, a server-side cursor (QuerySet.iterator() outside a
# transaction) could outlive its server connection: say true there (docs/production.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS")
# Issue 17 pt 4: a read replica (streaming replication of `default`). The reports wrapped in
# core.db.reading_from_replica() read there; every write and every other read stays on
# `default`. Tests make the alias a mirror of the test database (TEST MIRROR).
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS")
    DATABASE_ROUTERS = ["comptoir.core.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache and sessions: shared by every app server ----------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "comptoir.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "comptoir_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Tasks ---------------------------------------------------------------------------------
# TASKS_BACKEND: "database" (the embedded default; workers run `manage.py db_worker`),
# "immediate" (run inside the request), or "rq" (issue 17 pt 4): tasks queued in Redis at
# TASKS_REDIS_URL (else REDIS_URL), run by `manage.py rqworker default` on any machine.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL") or REDIS_URL
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL.")
    INSTALLED_APPS.append("django_rq")  # its rqworker command
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL}}
    # The workers build jobs that call Django tasks (so `rqworker` needs no --job-class).
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {
        "default": {
            "BACKEND": (
                "django_tasks.backends.immediate.ImmediateBackend"
                if TASKS_BACKEND == "immediate"
                else "django_tasks_db.DatabaseBackend"
            )
        }
    }

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "community.Person"
# Argon2id at OWASP's interactive cost (see core/hashers.py); PBKDF2 hashes made before still
# verify and are rewritten with Argon2id at the next login.
PASSWORD_HASHERS = [
    "comptoir.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Each app server serves itself its first pages when it starts (core/warmup.py).
WARM_UP = env_bool("WARM_UP", True)
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
LOGIN_REDIRECT_URL = "home:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    # Registering to an event without an account (agenda page and API), per address and per
    # contact (email or phone): an EPN room's public computers share one address.
    "event_register": "10/m/ip,40/h/ip",
    "event_register_contact": "10/h/key",
    # The Give Box without an account: posting an object, reserving one (per address).
    "givebox_post": "5/m/ip,20/h/ip",
    "givebox_reserve": "10/m/ip,40/h/ip",
}
ACCOUNT_ADAPTER = "comptoir.community.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "comptoir.community.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Comptoir] "

# --- Email ---------------------------------------------------------------------------------
# By default, "bonjour@" the host of SITE_URL when it is a domain (comptoir.test otherwise).
_site_host = urlparse(SITE_URL).hostname or ""
_mail_host = _site_host if "." in _site_host and not _site_host[-1].isdigit() else "comptoir.test"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Comptoir <bonjour@{_mail_host}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Without EMAIL_URL (development), emails are kept under var/mail and read at /dev/emails/.
EMAIL_MAILBOX_DIR = Path(os.environ.get("EMAIL_MAILBOX_DIR", VAR_DIR / "mail"))
_email = urlparse(os.environ.get("EMAIL_URL", "mailbox:"))
if _email.scheme == "smtp":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 587
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = EMAIL_PORT == 587
    EMAIL_USE_SSL = EMAIL_PORT == 465
elif _email.scheme == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "comptoir.core.mailbox.MailboxBackend"

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "comptoir" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
# --- Uploaded files (issue 13, part "files") -------------------------------------------------
# Local disk by default (one app server, or a folder every server mounts); with
# MEDIA_S3_BUCKET, an S3-compatible bucket through django-storages (the `s3` extra), which
# every app server shares. Either way the app serves them at /media/ (comptoir.core.media).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# One limit for an uploaded file; the proxy's body limit (nginx client_max_body_size) must be
# at least this plus 1 MB for the rest of the form (docs/production.md).
COMPTOIR_UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024


def _media_storage() -> dict[str, object]:
    bucket = os.environ.get("MEDIA_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", ""),
            # Private bucket: the app reads files and serves them with its own checks.
            "default_acl": "private",
            "querystring_auth": True,
            # Two uploads named alike get two names, as on disk.
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("COMPTOIR_PLAIN_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security: strict unless DEBUG ---------------------------------------------------------
SECURE_SSL = env_bool("SECURE_SSL")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
# HSTS (issue 13, point 6): a year, for every subdomain too unless the domain hosts other
# sites still served over plain HTTP (SECURE_HSTS_INCLUDE_SUBDOMAINS=false). Preloading is
# a commitment to the browsers' built-in list that only the domain's owner can make: opt
# in with SECURE_HSTS_PRELOAD=true (then submit the domain at hstspreload.org).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy suggests preloading (W021); not preloading is the deliberate default.
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- The map of the network's places (Leaflet, served by the app) ----------------------------
# The tile server: a URL template as Leaflet takes it ({s} subdomain, {z}/{x}/{y}); its origin
# is allowed in the pages' img-src. Its attribution is HTML shown on the map (licence terms).
COMPTOIR_MAP_TILES_URL = os.environ.get(
    "MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
COMPTOIR_MAP_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def _tiles_origin(url: str) -> list[str]:
    """The CSP source of the tile server ('{s}.' subdomains as a wildcard), if any."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# --- Content-Security-Policy and Permissions-Policy (issue 13, point 6) --------------------
# Scripts and styles only from Comptoir's own static files: no inline <script>, no on…=
# handler, no style="" attribute nor <style> block in the templates, htmx without eval
# (comptoir/htmx-config.js). JSON-LD blocks are data, not scripts: CSP does not apply.
# Pictures may come from another origin (uploads on an S3-compatible store): CSP_IMG_SRC.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *_tiles_origin(COMPTOIR_MAP_TILES_URL),
            *env_list("CSP_IMG_SRC"),
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page uses are refused to the pages and to anything they embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Throttling (issue 13, point 4; see comptoir/core/ratelimit.py) -------------------------
# How many reverse proxies of yours stand in front of the app servers (1 with the nginx of
# docs/production.md). Limits key on the client's address: the N-th X-Forwarded-For entry
# from the right; with 0 the header is never trusted.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
# API requests per token (or browser session), per client address, and failed token
# authentications per address, as "count/period" (s, m, h, d; "off" lifts one). A desk
# makes a few requests a minute; a script paging through lists a few hundred.
API_RATE_LIMITS = {
    "credential": os.environ.get("API_RATE_LIMIT_TOKEN", "600/m"),
    "address": os.environ.get("API_RATE_LIMIT_ADDRESS", "1200/m"),
    "failed_auth": os.environ.get("API_RATE_LIMIT_FAILED_AUTH", "30/m"),
}
if not REDIS_URL:
    # API counters in each process's memory: counting in the database cache would cost SQL
    # queries on every API request. Production shares them in Redis (the default cache).
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "comptoir-ratelimit",
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
# 20 rows or cards a page: readable on a phone, and keeps every page light to render.
COMPTOIR_PAGE_SIZE = 20

# --- Issue 13, personal data (helper "rgpd") ---------------------------------------------
# Guests' contacts (name, email, phone of registrations without an account) are purged this
# many months after their event. They serve to confirm, remind and tell of changes, which
# ends with the event; 12 months leaves the yearly activity report and its questions to be
# answered, far under the CNIL's 3-year ceiling for contacts kept after a last exchange.
# The counts stay: a keyed hash replaces the identity, so unique and returning people count.
COMPTOIR_GUEST_CONTACTS_RETENTION_MONTHS = env_int("COMPTOIR_GUEST_CONTACTS_RETENTION_MONTHS", 12)

# --- Issue 12, online payment (helper "payments") -----------------------------------------
# Off by default. ONLINE_PAYMENT_PROVIDER=stripe with the account's secret key and the
# webhook endpoint's signing secret (https://<site>/paiement-en-ligne/stripe/webhook/) turns
# on "Pay online" for members' pending orders (docs/production.md).
ONLINE_PAYMENT_PROVIDER = os.environ.get("ONLINE_PAYMENT_PROVIDER", "").strip().lower()
STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY") or ""
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET") or ""
# Another address for Stripe's API (a local stand-in in tests); Stripe's own when empty.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
if ONLINE_PAYMENT_PROVIDER == "stripe":
    # "Pay online" posts to Comptoir, which redirects the form to Stripe's checkout page.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("https://checkout.stripe.com")
