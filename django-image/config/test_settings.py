"""Settings for the unit tests: production settings with SQLite instead of PostgreSQL."""
import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "unit-test-secret-key-not-used-anywhere-else-0123456789")

from config.settings import *  # noqa: E402,F401,F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests use the plain (non-manifest) storage so they do not need collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An empty folder of its own: WhiteNoise warns "No directory at: .../staticfiles/" when STATIC_ROOT
# does not exist, and the unit tests run without collectstatic.
STATIC_ROOT = tempfile.mkdtemp(prefix="django-test-static-")
