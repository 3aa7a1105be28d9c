"""Settings for Clef de France.

Every setting comes from the environment, read by a typed helper that refuses a bad value at
start-up rather than failing later in a request. Defaults are safe for a laptop: SQLite under
var/, tasks run in-process, e-mails printed to the console.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Served through a reverse proxy that sets X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only ever used on a developer's machine: DEBUG is on and no key was given.
    SECRET_KEY = "insecure-development-key-never-used-in-production"  # noqa: S105

# The key of the pseudonyms auditors see (funding.beneficiaries.pseudonym). Set it apart from
# SECRET_KEY so that rotating the session key keeps the pseudonyms of past control packs.
PSEUDONYM_KEY = env_str("PSEUDONYM_KEY") or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The programme's apps come first: their French translations win over the generic ones
    # of Django and third-party apps for the same English words ("Remove", "Withdraw"…).
    "core",
    "accounts",
    "territories",
    "households",
    "partners",
    "workshops",
    "interviews",
    "mobility_plans",
    "followups",
    "funding",
    "reporting",
    "history_import",
    "privacy",
    "recommendations",
    "api",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_countries",
    "simple_history",
    "csp",
    # Removes a replaced or deleted upload from the disk once the change is committed; kept
    # after every app with a file field, as the library asks.
    "django_cleanup.apps.CleanupConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First, so that every response and log line of the request carries its id.
    "clefdefrance.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below) on every response.
    "csp.middleware.CSPMiddleware",
    # The database unreachable: a 503 page to retry, not a 500 (core/database_unavailable.py);
    # outside the session, whose read and save need the database too.
    "core.database_unavailable.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor (if any) verified this session; the next one sends directors,
    # auditors and administrators to it before any other page (accounts/two_factor_middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor_middleware.TwoFactorRequiredMiddleware",
    # A signed-in user's pages hold personal data: no browser or proxy keeps a copy.
    "core.middleware.NoStoreForSignedInMiddleware",
    # A form whose file is over MAX_UPLOAD_MB is refused from its Content-Length, unread
    # (core/uploads.py): before the CSRF check reads the body, with the user known for the page.
    "core.uploads.UploadSizeMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Outside ReadOnlyRoleMiddleware, so that its refusals are logged as well.
    "accounts.access_log_middleware.AccessRefusedMiddleware",
    "accounts.middleware.ReadOnlyRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns a refused login into the lockout page whatever answered before.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clefdefrance.urls"
WSGI_APPLICATION = "clefdefrance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.access",
                "reporting.context_processors.reporting_access",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes checks every authentication, whatever form asks for it (ours, the admin's),
# before the model backend tries the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
# The flag tells the login page that it follows a logout, so that it forgets the browser drafts
# (static/js/form-draft.js); the admin's logout comes here too.
LOGOUT_REDIRECT_URL = "/accounts/login/?logged_out=1"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Repeats, sequences, keyboard rows, dates, the user's names: refused whatever the length.
    {"NAME": "accounts.passwords.StrengthValidator"},
]

# Lockout: this many failed logins for one username from one address locks that pair out.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# django-axes counts the failures (accounts/lockout.py holds the hooks it calls).
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# The pair only: a locked username still logs in from another address, and another user from
# the same address, so one mistyping colleague never locks out a whole office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout starts the cool-off again, so "try again in N minutes" holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# REMOTE_ADDR, or behind the reverse proxy the address it added to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = (
    "accounts.lockout.forwarded_client_ip" if BEHIND_PROXY else "accounts.lockout.remote_client_ip"
)
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Axes keeps the failures only while they count (it deletes older ones at the next login); a
# log of every login (address, browser) would be personal data with no retention rule.
AXES_DISABLE_ACCESS_LOG = True

# Two-factor authentication (django-otp): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Clef de France"

# Idle timeout: the session cookie is renewed on every request and dies after this much silence.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Where `manage.py backup` (make backup) writes; copies hold personal data (see SECURITY.md).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
# An uploaded file above this size is refused (core/uploads.py): on its form's field, or, when
# the request announces more than this, before its body is read.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10, minimum=1)
# The largest request body Django accepts apart from uploaded files (the typed fields of a
# form): above it the request is refused with "400 Bad Request" before any view runs. Uploaded
# files do not count towards it (MAX_UPLOAD_MB above judges them); it reuses their limit so an
# operator raises one number, and no form of ours comes near it.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers; HTTPS-only cookies and redirects whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Only our own files, nothing inline: an injected <script>, style or on* handler does not run.
# Templates keep their scripts in static/js and their styles in static/css (htmx's own indicator
# style too: see the htmx-config meta tag in base.html). SVG charts use presentation attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_FAILURE_VIEW = "core.csrf.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list binds the whole domain for months and is hard to
# undo: the operator opts in with SECURE_HSTS_PRELOAD, so the check's reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "clef-de-france@localhost")

# A report still being built this long after it started is failed by the hourly sweep.
REPORT_STALL_MINUTES = env_int("REPORT_STALL_MINUTES", 30, minimum=1)

# The access log of personal files (accounts.AccessEvent): the CNIL's social-sector rules keep
# it at least 6 months and at most 12; the purge runs every night.
ACCESS_LOG_RETENTION_MONTHS = env_int("ACCESS_LOG_RETENTION_MONTHS", 12, minimum=6)
if ACCESS_LOG_RETENTION_MONTHS > 12:
    raise ImproperlyConfigured(
        f"ACCESS_LOG_RETENTION_MONTHS must be at most 12, not {ACCESS_LOG_RETENTION_MONTHS}"
    )

# The data life cycle (privacy.retention): a household without contact for this many years is
# archived, and anonymised once every grant that funded it has passed its retention too.
# Coordinators are warned this many days before. The CNIL's social-sector rules allow no more
# than a few years, and less than one would archive cases still being followed.
RETENTION_INACTIVE_YEARS = env_int("RETENTION_INACTIVE_YEARS", 2, minimum=1)
if RETENTION_INACTIVE_YEARS > 10:
    raise ImproperlyConfigured(
        f"RETENTION_INACTIVE_YEARS must be at most 10, not {RETENTION_INACTIVE_YEARS}"
    )
RETENTION_WARNING_DAYS = env_int("RETENTION_WARNING_DAYS", 30, minimum=1)
if RETENTION_WARNING_DAYS > 365:
    raise ImproperlyConfigured(
        f"RETENTION_WARNING_DAYS must be at most 365, not {RETENTION_WARNING_DAYS}"
    )

# The open API (api/): personal tokens only, read-mostly, paginated, rate-limited per user
# through the default cache. Nothing is open without a token.
API_RATE_PER_HOUR = env_int("API_RATE_PER_HOUR", 1000, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.AuditorsReadOnly",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    # A request without a valid token is refused (401) before any throttle counts it.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerUserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": f"{API_RATE_PER_HOUR}/hour"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clef de France API",
    "DESCRIPTION": "Households, persons, workshops, referrals, relocations and indicators, "
    "with the scoping of the pages. Authenticate with a personal token: "
    "`Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The UI's files come from drf_spectacular_sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links an operation's summary holds no link inside its button (axe's
    # nested-interactive rule, WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
}

PROGRAMME_NAME = env_str("PROGRAMME_NAME", "Clef de France")
# The address staff open the app at; e-mails (the daily digest) link to it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")
# Printed on attendance sheets and reports, as the funders require.
FUNDERS_LINE = env_str(
    "FUNDERS_LINE",
    "Projet cofinancé par l’Union européenne (FAMI), le ministère de l’Intérieur "
    "et la Région Île-de-France",
)
REFERENCE_PREFIX = env_str("REFERENCE_PREFIX", "CDF")

# Celery, the cache and sessions, file storage and logs: what changes from a laptop to a cluster.
from .settings_infra import *  # noqa: E402, F403
