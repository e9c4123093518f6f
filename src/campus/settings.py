"""One settings module for the campus, configured by environment variables.

Defaults give a working development campus on SQLite under var/; production
(CAMPUS_ENV=production) refuses to start without a secret key, allowed hosts
and a PostgreSQL DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("CAMPUS_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("CAMPUS_VAR_DIR", PROJECT_DIR / "var"))

ENVIRONMENT = os.environ.get("CAMPUS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = os.environ.get("DJANGO_DEBUG", "0" if PRODUCTION else "1") == "1"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    # Before django_tasks_db: its db_worker command also resumes jobs of dead workers.
    "campus.jobs",
    "campus.search",
    "django_tasks_db",
    "campus.web",
    "campus.alliance",
    "campus.skills",
    "campus.people",
    "campus.catalog",
    "campus.challenges",
    "campus.research",
    "campus.mobility",
    "campus.learning",
    "campus.learning.lti",
    "campus.matchmaking",
    "campus.credentials",
    "campus.impact",
    # After the campus's apps, so that the campus's own templates for them win.
    "allauth",
    "allauth.account",
    "axes",
]
# The demo alliance (seed_demo, demo_logins and their data) is a development tool: production
# never installs it, so no command there can fill a real campus with made-up people.
if not PRODUCTION:
    INSTALLED_APPS.append("campus_demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the body (CSRF reads the form in process_view, after every
    # middleware's request phase): characters, body size, the API's JSON errors.
    "campus.inputs.middleware.InputBoundsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "campus.urls"
WSGI_APPLICATION = "campus.wsgi.application"

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
                "campus.web.context_processors.campus",
            ],
        },
    },
]

# SQLite file under var/ unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{VAR_DIR / 'campus.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiler costs more than it saves (bench/bench_catalogue.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgresql://...")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.Person"
LOGIN_URL = "login"
# After signing in a person lands on their dashboard (a safe ?next= still wins).
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"
CSRF_FAILURE_VIEW = "campus.web.views.csrf_failure"

# Sign-in and sign-up by django-allauth (decision 0005): e-mail login, no username, the
# address verified before the account can act, and answers that never tell whether an
# address is registered. Failed sign-ins are throttled by django-axes (its backend first).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ACCOUNT_ADAPTER = "campus.people.adapter.CampusAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "campus.people.forms.SignUpAffiliationForm"
ACCOUNT_FORMS = {
    "login": "campus.people.forms_accounts.CampusLoginForm",
    "signup": "campus.people.forms_accounts.CampusSignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[HEROES] "
# allauth's own limits stand behind axes: sign-ups and reset mails per address and IP.
ACCOUNT_RATE_LIMITS = {
    "signup": "10/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
AXES_FAILURE_LIMIT = int(os.environ.get("CAMPUS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("CAMPUS_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "campus.people.adapter.login_identifier"
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would open the output of every management command.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
if PRODUCTION:  # behind one TLS-terminating proxy: the client is the last forwarded address
    AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CAMPUS_PROXY_COUNT", "1"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The alliance's teaching languages; English is the source language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("da", _("Danish")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("sv", _("Swedish")),
    ("fi", _("Finnish")),
    ("lt", _("Lithuanian")),
    ("cs", _("Czech")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["campus.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Largest upload (deliverables); bigger files are refused with a message.
CAMPUS_MAX_UPLOAD_BYTES = int(os.environ.get("CAMPUS_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Largest body that is not a file upload (Django's default, said here because the API and the
# input gate answer 413 above it).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Paths whose errors are always JSON (see campus.inputs.middleware).
CAMPUS_JSON_ERROR_PREFIXES = ("/api/",)

# Long work runs as tasks of Django's tasks API (django-tasks), kept in the database and run
# by `manage.py db_worker` processes; tests switch to the immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A running job writes a heartbeat every quarter of this; a job silent for longer lost its
# worker, and the next worker's sweep enqueues it again (campus.jobs).
CAMPUS_JOB_STALE_SECONDS = float(os.environ.get("CAMPUS_JOB_STALE_SECONDS", "60"))
# Team formations solving at once, over all workers; the others wait in the queue.
CAMPUS_MAX_CONCURRENT_SOLVES = int(os.environ.get("CAMPUS_MAX_CONCURRENT_SOLVES", "1"))

# The skills gap (docs/decisions/0013-skills-gap.md): a course at an institution within this
# great-circle distance of one of a region's partner institutions is within the region's
# reach; an exposure score from this value up marks a demanded skill as highly exposed to
# automation.
CAMPUS_GAP_REACH_KM = float(os.environ.get("CAMPUS_GAP_REACH_KM", "300"))
CAMPUS_GAP_EXPOSURE_THRESHOLD = float(os.environ.get("CAMPUS_GAP_EXPOSURE_THRESHOLD", "0.7"))

# Micro-credentials. The campus's public address names its issuers (did:web:<host>:issuers:
# <slug>) and its credentials; issuers' private keys are encrypted at rest with
# CAMPUS_CREDENTIALS_KEY (a Fernet key: 32 url-safe base64 bytes), derived from the secret
# key in development.
CAMPUS_PUBLIC_URL = os.environ.get("CAMPUS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
CAMPUS_CREDENTIALS_KEY = os.environ.get("CAMPUS_CREDENTIALS_KEY", "")
if not CAMPUS_CREDENTIALS_KEY and PRODUCTION:
    raise ImproperlyConfigured("CAMPUS_CREDENTIALS_KEY must be set in production.")

# E-mail: the console in development; SMTP when EMAIL_HOST is set. Every message leaves
# through a task (campus.jobs.mail): a worker delivers it with CAMPUS_EMAIL_DELIVERY_BACKEND.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "campus@heroes.invalid")
EMAIL_BACKEND = "campus.jobs.mail.TaskEmailBackend"
if os.environ.get("EMAIL_HOST"):
    CAMPUS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
else:
    CAMPUS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Local memory by default; Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "3600"))
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
