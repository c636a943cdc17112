"""Settings read from the environment so that one module serves development, CI and production.

Every setting of Madina is read here, with its default; the apps read `settings.NAME` and never supply a default of
their own. README.md lists each environment variable (tests/core/test_settings.py checks both).
SQLite is the default so that `make run` needs nothing installed; DATABASE_URL switches to PostgreSQL.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from madina.core.text import whole_number

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("MADINA_DATA_DIR", BASE_DIR / "data"))
VAR_DIR = Path(os.environ.get("MADINA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None


def env_rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """A rate limit written COUNT/MINUTES ("5/60": five per hour)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    count, _slash, minutes = value.partition("/")
    count, minutes = whole_number(count.strip()), whole_number(minutes.strip())
    if count is None or minutes is None:
        raise ImproperlyConfigured(f"{name} must be COUNT/MINUTES such as 5/60, got {value!r}.")
    return count, minutes


# Production unless said otherwise: `make run`, the tests and the benches set DEBUG=1. With DEBUG off nothing is
# guessed; a missing secret or address stops the start with one line saying which (madina.cli prints it).
DEBUG = env_bool("DEBUG", False)
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "MADINA_BALLOT_KEY", "ALLOWED_HOSTS", "MADINA_SITE_URL")
if not DEBUG and (missing := [name for name in REQUIRED_IN_PRODUCTION if not os.environ.get(name, "").strip()]):
    raise ImproperlyConfigured(
        f"DEBUG is off, so {', '.join(missing)} must be set (README.md, Production; DEBUG=1 for development)."
    )
DEVELOPMENT_KEY = "madina-development-key-not-for-production-" + "x" * 20
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or DEVELOPMENT_KEY
# The key of the ballot links, census identifiers and voting codes (budgeting.secrecy). A secret of its own, kept
# with the backups: with another key every voter loses the way to their ballot; SECRET_KEY (sessions, password
# resets) can be rotated freely. In development it is the development SECRET_KEY, which earlier versions used.
MADINA_BALLOT_KEY = os.environ.get("MADINA_BALLOT_KEY", "").strip() or DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The address people reach the site at: every link in an e-mail or a calendar file starts with it, and the
# site's own domain signs iCalendar UIDs and the sender's address. In development, the address `make run` serves.
MADINA_SITE_URL = os.environ.get("MADINA_SITE_URL", "").strip().rstrip("/") or f"http://127.0.0.1:{env_int('PORT', 8000)}"
if not MADINA_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"MADINA_SITE_URL must start with http:// or https://, got {MADINA_SITE_URL!r}.")
MADINA_SITE_DOMAIN = urlsplit(MADINA_SITE_URL).hostname or "localhost"

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    # Before allauth so that its account pages are drawn by our templates, in the site's layout.
    "madina.accounts",
    "allauth",
    "allauth.account",
    # Before django_tasks_db: its `db_worker` command is core's, with a heartbeat.
    "madina.core",
    "django_tasks",
    "django_tasks_db",
    "madina.territory",
    "madina.questionnaires",
    "madina.caravan",
    "madina.indicators",
    "madina.assessment",
    "madina.projects",
    "madina.participation",
    "madina.budgeting",
    "madina.surveys",
    "madina.ppp",
    # Swagger UI's assets served from here, not from a CDN (ninja renders /api/v1/docs with them when installed).
    "ninja",
    # Django's own widget templates, after ours (core.forms.FormRenderer reads them through TEMPLATES).
    "django.forms",
]

MIDDLEWARE = [
    "madina.core.health.HealthMiddleware",
    "madina.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every page's Content-Security-Policy (an uploaded file keeps its own): madina.core.csp.
    "madina.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "madina.core.pagecache.AnonymousPageCache",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "madina.core.inputs.InputGuardMiddleware",  # NUL characters (400) and oversized bodies (413)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "madina.core.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "madina.urls"
# Every form field is drawn by core/_field.html, with the direction of what is typed (madina.core.forms).
FORM_RENDERER = "madina.core.forms.FormRenderer"
WSGI_APPLICATION = "madina.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "madina.core.context_processors.site",
                "madina.participation.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'madina.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the dev server and the database task worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Organisers first: the answer is yes on every Madina model, whatever the object-level rules would say.
    "madina.accounts.backends.OrganiserBackend",
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, and it must be verified before the account can sign in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "madina.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
EMAIL_SUBJECT_PREFIX = "[Madina] "
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
ACCOUNT_ADAPTER = "madina.accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(MADINA_SITE_URL).scheme

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("ar", _("العربية")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
# The language menu (core.views.language) keeps the choice a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Cookies: sent over HTTPS only in production (below), out of reach of scripts (no script of the site reads one:
# forms carry the CSRF token, the API docs take it from their page), and not sent on other sites' cross-site posts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "madina.core.views.csrf_failure"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Africa/Tunis"
USE_I18N = True
USE_TZ = True

# One mechanism for translated content in every app: per-locale columns with fallback to French.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "ar", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are served by the app after their owner's check (core.media); with this set (e.g. "/protected-media/"),
# nginx sends the bytes from an internal location of that name (docs/deploy.md).
MADINA_MEDIA_ACCEL = os.environ.get("MADINA_MEDIA_ACCEL", "").strip()
# Photos and documents attached to projects: larger files are refused before they reach the disk.
MADINA_UPLOAD_MAX_BYTES = env_int("MADINA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The cache, allauth's login limits and every other rate limit must hold across app servers. With REDIS_URL they
# live in Redis (and sessions are read from it, written through to the database so a Redis restart signs nobody
# out); without it, in the database (table madina_cache, created by migrate), shared by every process that uses it.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # A prefix of its own per site, so that a staging and a production site can share one Redis.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("MADINA_CACHE_PREFIX", "").strip() or "madina"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "madina_cache"}}

# How long a page or an API answer for visitors without a session is kept in the cache and served to all of them
# (core.pagecache); 0 turns it off, as in development.
MADINA_PAGE_CACHE_SECONDS = env_int("MADINA_PAGE_CACHE_SECONDS", 0 if DEBUG else 30)

# How many proxies (nginx, a load balancer) stand between people and the app. Rate limits count by the client's
# address, read that many entries from the end of X-Forwarded-For; behind nginx without it, every visitor would
# share nginx's address and one person's mistakes would lock everyone out. 0 when people connect directly.
MADINA_PROXY_COUNT = env_int("MADINA_PROXY_COUNT", 0 if DEBUG else 1)
ALLAUTH_TRUSTED_PROXY_COUNT = MADINA_PROXY_COUNT

# Background work: the database backend by default, so nothing else has to run.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Madina <no-reply@{MADINA_SITE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Map tiles come from a configurable server; with none reachable the outlines still draw the country.
MADINA_TILE_URL = os.environ.get("MADINA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MADINA_TILE_ATTRIBUTION = os.environ.get(
    "MADINA_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

# The tour planner's time limit for one plan, in seconds (the background worker runs it).
MADINA_TOUR_SECONDS = env_int("MADINA_TOUR_SECONDS", 20)

# Participation: how long an author may edit a published proposal, how many distinct reports hide content until a
# moderator looks, how fast one person may post (COUNT/MINUTES), images per proposal, and proposals per page.
PARTICIPATION_EDIT_WINDOW_MINUTES = env_int("PARTICIPATION_EDIT_WINDOW_MINUTES", 24 * 60)
PARTICIPATION_AUTO_HIDE_REPORTS = env_int("PARTICIPATION_AUTO_HIDE_REPORTS", 3)
PARTICIPATION_PROPOSAL_RATE = env_rate("PARTICIPATION_PROPOSAL_RATE", (5, 60))
PARTICIPATION_COMMENT_RATE = env_rate("PARTICIPATION_COMMENT_RATE", (10, 10))
PARTICIPATION_SUPPORT_RATE = env_rate("PARTICIPATION_SUPPORT_RATE", (60, 10))
PARTICIPATION_REPORT_RATE = env_rate("PARTICIPATION_REPORT_RATE", (10, 60))
PARTICIPATION_COMMENT_VOTE_RATE = env_rate("PARTICIPATION_COMMENT_VOTE_RATE", (60, 10))
PARTICIPATION_ENDORSEMENT_RATE = env_rate("PARTICIPATION_ENDORSEMENT_RATE", (10, 60))
# Edits, draft publications and withdrawals of one's own proposals, together.
PARTICIPATION_CHANGE_RATE = env_rate("PARTICIPATION_CHANGE_RATE", (20, 60))
# Answers (and refused attempts) one person may send to surveys.
SURVEYS_ANSWER_RATE = env_rate("SURVEYS_ANSWER_RATE", (10, 60))
# Following and unfollowing processes, proposals and projects: one count per person across them.
MADINA_FOLLOW_RATE = env_rate("MADINA_FOLLOW_RATE", (60, 10))
# One's own account: profile and avatar changes and data downloads together; passwords typed again (API tokens,
# erasure) apart.
MADINA_ACCOUNT_RATE = env_rate("MADINA_ACCOUNT_RATE", (20, 60))
MADINA_PASSWORD_RATE = env_rate("MADINA_PASSWORD_RATE", (5, 15))
# Caravan registrations need no account: limited per visitor's address and per e-mail address typed.
CARAVAN_REGISTRATION_RATE = env_rate("CARAVAN_REGISTRATION_RATE", (10, 60))
CARAVAN_REGISTRATION_EMAIL_RATE = env_rate("CARAVAN_REGISTRATION_EMAIL_RATE", (5, 24 * 60))
# A registration holds its place this long until the link of its e-mail is followed (caravan.registrations).
CARAVAN_CONFIRMATION_HOURS = env_int("CARAVAN_CONFIRMATION_HOURS", 24)
# Proving one is on a budget's census list: attempts per account, per address, and per budget (above that, a burst
# of guesses: the budget's staff are told).
BUDGETING_ELIGIBILITY_RATE = env_rate("BUDGETING_ELIGIBILITY_RATE", (5, 60))
BUDGETING_ELIGIBILITY_ADDRESS_RATE = env_rate("BUDGETING_ELIGIBILITY_ADDRESS_RATE", (20, 60))
BUDGETING_ELIGIBILITY_BURST = env_rate("BUDGETING_ELIGIBILITY_BURST", (50, 10))
# Past this many refusals in the burst's window, the budget's checks pause until the window ends (or staff resume).
BUDGETING_ELIGIBILITY_PAUSE = env_int("BUDGETING_ELIGIBILITY_PAUSE", 200)
# Unknown or used codes and identifiers an officer may type into paper ballots before their entry pauses.
BUDGETING_PAPER_REFUSAL_RATE = env_rate("BUDGETING_PAPER_REFUSAL_RATE", (20, 60))
# PPP catalogue: expressions of interest and market-sounding answers one company account may send (COUNT/MINUTES).
PPP_MESSAGE_RATE = env_rate("PPP_MESSAGE_RATE", (10, 60))
PARTICIPATION_MAX_IMAGES = env_int("PARTICIPATION_MAX_IMAGES", 3)
PARTICIPATION_MAX_IMAGE_BYTES = env_int("PARTICIPATION_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
PARTICIPATION_PAGE_SIZE = env_int("PARTICIPATION_PAGE_SIZE", 20)

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Everything to stderr, for systemd's journal or a container's log: one line per request (core.logs), errors with
# their traceback, every line with its request's id; JSON objects, one per line, with MADINA_LOG_JSON=1.
MADINA_LOG_JSON = env_bool("MADINA_LOG_JSON", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "madina.core.logfmt.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "madina.core.logfmt.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "filters": ["request_id"],
                    "formatter": "json" if MADINA_LOG_JSON else "text"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The development server's own line per request says what core.logs already says.
    # WeasyPrint (project sheets) tells each step of each PDF at INFO; its warnings are what matter.
    "loggers": {"django.server": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# In development whitenoise serves straight from the apps' static folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
