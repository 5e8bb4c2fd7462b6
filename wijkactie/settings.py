"""Settings for wijkactie, read from the environment.

With no environment at all the app runs on SQLite in `var/`, writes mail to `var/mail/` and runs
tasks in-process. Production sets DATABASE_URL, WIJKACTIE_SECRET_KEY, WIJKACTIE_ALLOWED_HOSTS,
WIJKACTIE_SMTP_HOST (and friends) and WIJKACTIE_TASKS_BACKEND=database with `python -m wijkactie
worker` running beside the web server.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from wijkactie.environment import check as check_environment
from wijkactie.environment import read as env

BASE_DIR = Path(__file__).resolve().parent
# Every variable read below is declared, with its type, default and meaning, in environment.py;
# a wrong value of any of them stops every process here, naming the variable.
check_environment()
VAR_DIR = env("WIJKACTIE_VAR_DIR", default=BASE_DIR.parent / "var")


DEBUG = env("WIJKACTIE_DEBUG")
# The development key works only where nobody else can reach the app: with DEBUG on, or with
# WIJKACTIE_DEVELOPMENT=1 (./run and ./test set it). Anywhere else an unset WIJKACTIE_SECRET_KEY
# gives each process a random key that nobody knows (so nothing can be forged with it), the web
# server and the worker refuse to start (wijkactie.core.checks.refuse_without_secret_key), and
# `check --deploy` fails; management commands such as migrate still run.
DEVELOPMENT_SECRET_KEY = "dev-only-key-change-me-in-production-0123456789abcdef"  # noqa: S105
DEVELOPMENT = DEBUG or env("WIJKACTIE_DEVELOPMENT")
SECRET_KEY = env("WIJKACTIE_SECRET_KEY")
SECRET_KEY_MISSING = not SECRET_KEY and not DEVELOPMENT
if not SECRET_KEY:
    SECRET_KEY = secrets.token_urlsafe(50) if SECRET_KEY_MISSING else DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env("WIJKACTIE_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("WIJKACTIE_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("WIJKACTIE_SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "wijkactie.core",
    "wijkactie.accounts",
    "wijkactie.events",
    "wijkactie.initiatives",
    "wijkactie.actie",
    "wijkactie.invoices",
    "wijkactie.followup",
    "wijkactie.office",
    "wijkactie.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkactie.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "wijkactie.site.urls"
CSRF_FAILURE_VIEW = "wijkactie.site.errors.csrf_failure"
WSGI_APPLICATION = "wijkactie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkactie.core.context_processors.organiser",
            ],
        },
    },
]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "wijkactie.sqlite3",
            "CONN_MAX_AGE": 60,
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The same options whether SQLite comes by default or by URL. IMMEDIATE takes SQLite's
        # write lock at BEGIN: that lock is the per-event lock of the capacity service on SQLite
        # (see events/services.py); WAL lets readers go on meanwhile.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            **config.get("OPTIONS", {}),
        }
    config["TEST"] = {"NAME": env("WIJKACTIE_TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process (rate limits, geocoder answers): the database by default, Redis when
# WIJKACTIE_REDIS_URL is set. The table is made by a migration (core 0002).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "wijkactie_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}
# Rendered anonymous pages, keyed by a fingerprint of what they show (events/pagecache.py): never
# stale, so one memory cache per process is right however many servers run.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "wijkactie-pages",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# How long a served anonymous page is reused without reading anything (events/pagecache.py).
WIJKACTIE_PAGE_FRESH_SECONDS = env("WIJKACTIE_PAGE_FRESH_SECONDS")
if env("WIJKACTIE_REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("WIJKACTIE_REDIS_URL"),
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff_signin"
# Behind N reverse proxies (each adding itself to X-Forwarded-For), rate limits and the lockout
# of failed passwords are keyed on the address the outermost proxy saw.
WIJKACTIE_TRUSTED_PROXIES = env("WIJKACTIE_TRUSTED_PROXIES")
RATELIMIT_IP_META_KEY = "wijkactie.core.ratelimit.client_ip"
RATELIMIT_VIEW = "wijkactie.core.ratelimit.ratelimited_view"
AXES_CLIENT_IP_CALLABLE = "wijkactie.core.ratelimit.client_ip"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours: ten failures lock an account and address for 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env("WIJKACTIE_AXES")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Production: set WIJKACTIE_STATIC_ROOT, run collectstatic, and WIJKACTIE_MANIFEST_STATIC=1.
STATIC_ROOT = env("WIJKACTIE_STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (terugblik materials) live here, outside the static files; no URL serves this
# directory: every download goes through a view that checks who may have the file.
MEDIA_ROOT = env("WIJKACTIE_FILES_DIR", default=VAR_DIR / "bestanden")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env("WIJKACTIE_MANIFEST_STATIC")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env("WIJKACTIE_TASKS_BACKEND") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# With the database task queue the worker's round sends every due outbox row anyway (the outbox is
# the durable queue), so a task row per mail would only cost a second write transaction after each
# registration. In development (immediate backend) a mail is sent right after commit.
WIJKACTIE_MAIL_TASK_ON_COMMIT = env("WIJKACTIE_TASKS_BACKEND") != "database"


def _mailer() -> dict:
    host = env("WIJKACTIE_SMTP_HOST")
    if host:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": host,
                "port": env("WIJKACTIE_SMTP_PORT"),
                "username": env("WIJKACTIE_SMTP_USER") or None,
                "password": env("WIJKACTIE_SMTP_PASSWORD") or None,
                "use_tls": env("WIJKACTIE_SMTP_STARTTLS"),
                "timeout": 10,
            },
        }
    if env("WIJKACTIE_MAIL_BACKEND") == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "BACKEND": "wijkactie.core.mailfiles.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }


MAILERS = {"default": _mailer()}
DEFAULT_FROM_EMAIL = env("WIJKACTIE_FROM_EMAIL")
WIJKACTIE_CONTACT_EMAIL = env("WIJKACTIE_CONTACT_EMAIL")
WIJKACTIE_PUBLIC_RATE_LIMIT = env("WIJKACTIE_PUBLIC_RATE_LIMIT")
# /readyz answers 503 when no worker wrote a heartbeat for this long.
WIJKACTIE_WORKER_STALE_SECONDS = env("WIJKACTIE_WORKER_STALE_SECONDS")
WIJKACTIE_SIGNIN_CHECK_RATE = env("WIJKACTIE_SIGNIN_CHECK_RATE")
WIJKACTIE_SIGNIN_LINK_MINUTES = env("WIJKACTIE_SIGNIN_LINK_MINUTES")
# The supplier on every invoice (art. 35a Wet OB: name, address, KvK, btw-id). Demo values by default.
WIJKACTIE_SELLER = {
    "name": env("WIJKACTIE_SELLER_NAME"),
    "address": env("WIJKACTIE_SELLER_ADDRESS"),
    "kvk": env("WIJKACTIE_SELLER_KVK"),
    "vat_id": env("WIJKACTIE_SELLER_VAT_ID"),
    "iban": env("WIJKACTIE_SELLER_IBAN"),
    "email": env("WIJKACTIE_SELLER_EMAIL"),
}
# Who runs the site: shown in every page's footer. The logo is a static file or an https URL.
WIJKACTIE_ORGANISER = {
    "name": env("WIJKACTIE_ORGANISER_NAME"),
    "address": env("WIJKACTIE_ORGANISER_ADDRESS"),
    "email": env("WIJKACTIE_ORGANISER_EMAIL", default=WIJKACTIE_CONTACT_EMAIL),
    "phone": env("WIJKACTIE_ORGANISER_PHONE"),
    "logo": env("WIJKACTIE_ORGANISER_LOGO"),
}
WIJKACTIE_PAYMENT_DAYS = env("WIJKACTIE_PAYMENT_DAYS")
WIJKACTIE_VAT_EXEMPTION_NOTE = env("WIJKACTIE_VAT_EXEMPTION_NOTE")
# Imports of initiatives: at most this many data rows and bytes per file.
WIJKACTIE_IMPORT_MAX_ROWS = env("WIJKACTIE_IMPORT_MAX_ROWS")
WIJKACTIE_IMPORT_MAX_BYTES = env("WIJKACTIE_IMPORT_MAX_BYTES")
WIJKACTIE_PDOK_URL = env("WIJKACTIE_PDOK_URL")
WIJKACTIE_GEOCODER_TIMEOUT = env("WIJKACTIE_GEOCODER_TIMEOUT")
WIJKACTIE_CBS_YEAR = env("WIJKACTIE_CBS_YEAR")  # 0: the current year

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_SECURE = env(
    "WIJKACTIE_SECURE_COOKIES", default=not DEBUG and SITE_URL.startswith("https")
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served over https (WIJKACTIE_SITE_URL) and not in development: redirect http to https and
# ask browsers to keep to https for a year. Behind a proxy that ends TLS, set
# WIJKACTIE_BEHIND_PROXY=1 so its X-Forwarded-Proto is believed. Probes may use plain http.
_HTTPS = SITE_URL.startswith("https") and not DEVELOPMENT
SECURE_SSL_REDIRECT = env("WIJKACTIE_SSL_REDIRECT", default=_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env("WIJKACTIE_HSTS_SECONDS", default=31_536_000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("WIJKACTIE_HSTS_SUBDOMAINS", default=_HTTPS)
SECURE_HSTS_PRELOAD = env("WIJKACTIE_HSTS_PRELOAD", default=_HTTPS)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env("WIJKACTIE_BEHIND_PROXY") else None
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https://tile.openstreetmap.org"],
    "frame-src": ["https://www.openstreetmap.org"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("WIJKACTIE_LOG_LEVEL")},
}
