"""Settings, driven by environment variables with strict parsers.

Development defaults (a generated secret key, localhost hosts, SQLite) apply only when
DJANGO_DEBUG is on; in production every variable must be given.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or networks (10.0.0.0/8, ::1)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name} must list IP addresses or networks, not {item!r}") from None
    return networks


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# With DEBUG, Django's technical 404 and 500 pages instead of the console's (only when asked).
DEBUG_ERROR_PAGES = DEBUG and env_bool("DJANGO_DEBUG_ERROR_PAGES", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"
# Without debugging and without a key, offline commands (makemigrations --check, migrate,
# collectstatic) still run; serving refuses to start (wsgi.py), `check --deploy` fails on it
# (contactcenter.checks), and Django refuses to sign anything with an empty key.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "contactcenter.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_prometheus",
    "contactcenter",
    "reversion",
    "audit",
    "audio",
    "queues",
    "flows",
    "channels",
    "support_numbers",
    "demo",
]

MIDDLEWARE = [
    # Operations, outermost: metrics (django-prometheus: first and last), the request log with its
    # X-Request-ID, then /healthz, /readyz and /metrics, answered before host validation and the HTTPS
    # redirect, since load balancers and Prometheus call a server by its own address (contactcenter.health).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "contactcenter.logs.RequestLogMiddleware",
    "contactcenter.health.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "contactcenter.api.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's membership and organization, in one query.
    "contactcenter.middleware.MembershipMiddleware",
    # Every change recorded while serving a request names its user, token and way in.
    "audit.context.AuditContextMiddleware",
    "contactcenter.middleware.OrganizationTimeZoneMiddleware",
    "contactcenter.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "contactcenter.middleware.ConsoleErrorPagesMiddleware",
    # Last, as django-axes requires: it answers a locked-out sign-in (see contactcenter.throttling).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "contactcenter.urls"
WSGI_APPLICATION = "contactcenter.wsgi.application"

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
                "contactcenter.context_processors.console",
            ],
        },
    },
]
# Django's widget templates drawn in Python (the same markup): a template render per input was a fifth of a
# form page's rendering.
FORM_RENDERER = "contactcenter.renderers.ConsoleFormRenderer"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (or another database).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite connections are cheap and must not be shared across threads in tests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Concurrent writers wait for each other instead of failing with "database is locked": every
    # transaction takes the write lock at BEGIN (so none has to upgrade a read lock midway and be
    # refused), readers never block the writer (WAL), and a writer waits up to 20 s for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the console's queries are short, and a row estimate inflated by a join made
    # PostgreSQL spend 380 of 410 ms compiling the Queues list (benchmarks/README.md, issue 16).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

# django-prometheus' wrappers of the same backends count the queries (django_db_execute_total).
PROMETHEUS_DATABASE_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = PROMETHEUS_DATABASE_ENGINES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
if DATABASES["default"]["ENGINE"].endswith(".sqlite3"):
    # Tests keep SQLite's in-memory database per process: pytest-django recognizes only Django's own
    # engine name, and would otherwise name a file after the database's path.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("da", "Dansk")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One format per kind of value in each language: "Thu 24 Dec 2026 10:00" / "torsdag 24. dec. 2026 10:00".
FORMAT_MODULE_PATH = ["contactcenter.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded audio lives here and is served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
AUDIO_MAX_BYTES = env_int("AUDIO_MAX_BYTES", 10 * 1024 * 1024)
# How long the audit trail keeps an entry (`manage.py prune_audit` removes older ones).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# A JSON body (API) or a form's fields (console) above this are refused (413 under /api/); file
# parts of an upload are bounded by AUDIO_MAX_BYTES instead.
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

# The most rows one schedule or list may have, in console, API and admin alike (flows.services): they
# bound the work of saving one and of answering its calendar.
SCHEDULE_MAX_SHIFTS = env_int("SCHEDULE_MAX_SHIFTS", 50)
HOLIDAY_LIST_MAX_HOLIDAYS = env_int("HOLIDAY_LIST_MAX_HOLIDAYS", 500)
OVERRIDE_LIST_MAX_OVERRIDES = env_int("OVERRIDE_LIST_MAX_OVERRIDES", 500)
# One bulk action (console or API) changes at most this many rows, each in its own transaction.
BULK_MAX_ROWS = env_int("BULK_MAX_ROWS", 1000)
# A console page posts every field of every row (a shift: up to 10 with its weekdays; a holiday or an
# override: 4), and reads up to twice the limit (flows.forms): Django's default of 1,000 fields would
# refuse a list of 300 holidays with a bare 400 before the limit's own message could be shown. A bulk
# action posts one field per chosen row.
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(
    100 + BULK_MAX_ROWS,
    100 + 2 * max(10 * SCHEDULE_MAX_SHIFTS, 4 * HOLIDAY_LIST_MAX_HOLIDAYS, 4 * OVERRIDE_LIST_MAX_OVERRIDES),
)

LOGIN_URL = "login"

# The cache holds what is counted (sign-in failures, the API rate limit): Redis when REDIS_URL is
# set, so several servers count as one; otherwise this process's memory (`make run`, one process).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that, while Redis is unreachable, counts in this process instead of
            # failing the request (contactcenter.cache); short timeouts so an outage costs no request long.
            "BACKEND": "contactcenter.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT_SECONDS", 0.5),
                "socket_timeout": env_float("REDIS_TIMEOUT_SECONDS", 0.5),
                "RETRY_SECONDS": env_float("REDIS_RETRY_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-axes refuses a per-process cache outright; contactcenter.W001 says the same for production only.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Password guessing (console and admin sign-in) and token guessing (API): see contactcenter.throttling.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
# One username from one address: a guesser elsewhere never locks the real user out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The pause runs from the lockout, not from the latest attempt, so the page can say until when.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "contactcenter.throttling.login_locked_out"
# The client's address: REMOTE_ADDR, unless the operator says how many proxies set X-Forwarded-For.
# The client's address: REMOTE_ADDR, unless the operator says how many proxies set X-Forwarded-For
# (contactcenter.throttling.client_address, which django-axes, the request log and /metrics all use).
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "contactcenter.throttling.client_ip"
AXES_VERBOSE = False
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20)
LOGIN_REDIRECT_URL = "channels:entrypoint-list"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), in production and in `make run` alike: scripts and styles
# only from our own static files (htmx, console.js, Swagger UI's split view), no inline script,
# handler or eval. Inline style *attributes* stay allowed: the week view and the calendar place
# their blocks with `style="--top: …"`; they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "contactcenter.api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Bearer first: its challenge makes a request without credentials answer 401.
        "contactcenter.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["contactcenter.api.permissions.OrganizationMemberPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["contactcenter.api.throttling.TokenRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["contactcenter.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "contactcenter.api.negotiation.JSONOnlyNegotiation",
    "DEFAULT_PAGINATION_CLASS": "contactcenter.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "contactcenter.api.filters.FilterBackend",
        "contactcenter.api.filters.SearchFilter",
        "contactcenter.api.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "contactcenter.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/minute")

SPECTACULAR_SETTINGS = {
    "TITLE": "Contact Center Configuration API",
    "DESCRIPTION": "Channels (entry points), queues, flows, business hours, support numbers and audio.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "contactcenter.api.schema.add_links",
    ],
    # queue_type and direction share the choices inbound/outbound.
    "ENUM_NAME_OVERRIDES": {
        "InboundOutboundEnum": "queues.choices.QueueType",
        "ChannelTypeEnum": "channels.choices.ChannelType",
        "QueueChannelTypeEnum": "contactcenter.choices.ChannelKind",
    },
}

# One line per request and per error (contactcenter.logs): JSON for log collectors, text for `make run`.
DJANGO_LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower() or "text"
if DJANGO_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {DJANGO_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "contactcenter.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": DJANGO_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # runserver's own access line repeats contactcenter.request's; in JSON only ours is kept.
    "loggers": {"django.server": {"level": "WARNING" if DJANGO_LOG_FORMAT == "json" else "INFO"}},
}

# /metrics (Prometheus): only with METRICS_TOKEN as a bearer token, or from METRICS_ALLOWED_ADDRESSES
# (addresses or networks, the client's address as DJANGO_PROXY_COUNT defines it).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()
METRICS_ALLOWED_ADDRESSES = env_networks("METRICS_ALLOWED_ADDRESSES")
PROMETHEUS_EXPORT_MIGRATIONS = False  # it would query the database when the app loads
