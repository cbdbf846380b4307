"""Production settings: everything comes from the environment (see README.md).

Environment contract (names injected by the CDK construct, see env-contract.txt):
secrets DB_*, DJANGO_SUPERUSER_*, DJANGO_SECRET_KEY, DJANGO_SECRET_KEY_FALLBACKS;
plain DJANGO_DOMAIN, DJANGO_ALLOWED_HOSTS, DJANGO_MEDIA_BUCKET, DJANGO_MEDIA_REGION
(DJANGO_PORT, DJANGO_TRACING: the entrypoint);
optional tuning variables.
"""
from pathlib import Path

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Secrets -----------------------------------------------------------------
# No default on purpose: a missing key must stop the process, never fall back
# to a guessable value.
SECRET_KEY = env.get_required(
    "DJANGO_SECRET_KEY", hint=" (App Runner injects it from Secrets Manager)"
)
# Old keys still accepted for signatures (sessions, password reset tokens) so a
# key rotation logs nobody out. Comma-separated, may be empty.
SECRET_KEY_FALLBACKS = env.split_list(env.get_str("DJANGO_SECRET_KEY_FALLBACKS"))

DEBUG = env.get_bool("DJANGO_DEBUG", False)

# --- Hosts, proxy, CSRF ----------------------------------------------------------
DJANGO_DOMAIN = env.normalize_host(env.get_str("DJANGO_DOMAIN"))
_EXTRA_HOSTS = env.split_list(env.get_str("DJANGO_ALLOWED_HOSTS"))
ALLOWED_HOSTS = env.allowed_hosts(DJANGO_DOMAIN, _EXTRA_HOSTS)
CSRF_TRUSTED_ORIGINS = env.csrf_trusted_origins(DJANGO_DOMAIN, _EXTRA_HOSTS)

# App Runner's front end terminates TLS and forwards plain HTTP with
# X-Forwarded-Proto: https. Trusting that header makes request.is_secure() true,
# so the CSRF Origin/Referer check accepts the request's own host (default
# domain or custom domain) without listing it anywhere.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False

SECURE_SSL_REDIRECT = env.get_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.get_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# We do not ask browsers to preload the HSTS policy: the service usually runs
# on a sub-domain whose apex the operator may not control.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Application -------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ops",
]

MIDDLEWARE = [
    # First on purpose: answers /healthz before host validation and before the
    # HTTPS redirect (App Runner health checks are plain HTTP from inside).
    "ops.middleware.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database (Aurora PostgreSQL; credentials from Secrets Manager) ----------------
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env.get_str("DB_NAME"),
        "USER": env.get_str("DB_USER"),
        "PASSWORD": env.get_str("DB_PASSWORD"),
        "HOST": env.get_str("DB_HOST"),
        "PORT": env.get_str("DB_PORT", "5432") or "5432",
        # Persistent connections, checked before reuse so a connection broken
        # by a database restart or failover is replaced instead of erroring.
        "CONN_MAX_AGE": env.get_int("DJANGO_CONN_MAX_AGE", 60, minimum=0),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # Fail fast when the database is unreachable instead of hanging
            # until the gunicorn worker timeout.
            "connect_timeout": env.get_int("DB_CONNECT_TIMEOUT", 5, minimum=1),
            "sslmode": env.get_str("DB_SSLMODE", "prefer") or "prefer",
        },
    }
}
_db_role = env.database_role(env.get_str("DB_USER"), env.get_str("DB_ROLE"))
if _db_role:
    DATABASES["default"]["OPTIONS"]["options"] = "-c role=" + _db_role

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files: collected at build time, served by whitenoise -----------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# STORAGES exists since Django 4.2 and is the only form Django 5.1+ accepts.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media (uploads): an S3 bucket when DJANGO_MEDIA_BUCKET is set, else local disk -------
# Local disk is the container's own (lost with it): fine for a try-out, not for a service.
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
MEDIA_BUCKET = env.get_str("DJANGO_MEDIA_BUCKET")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": env.media_bucket_options(MEDIA_BUCKET, env.get_str("DJANGO_MEDIA_REGION")),
    }

# --- Logging: everything to stdout (App Runner ships it to CloudWatch) -------------
LOG_LEVEL = env.get_str("DJANGO_LOG_LEVEL", "INFO").upper() or "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}
