"""Import the real production settings in a fresh interpreter with a given environment."""
import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

PROJECT_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qm2#Lp7Zt!vR4s" * 4,
    "DJANGO_SECRET_KEY_FALLBACKS": "",
    "DB_USER": "app",
    "DB_PASSWORD": "pw",
    "DB_HOST": "db.internal",
    "DB_PORT": "5432",
    "DB_NAME": "app",
    "DJANGO_DOMAIN": "",
    "DJANGO_ALLOWED_HOSTS": "",
    "DJANGO_PORT": "8080",
    "DJANGO_TRACING": "false",
}

DUMP = (
    "import json, config.settings as s; print(json.dumps({"
    "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS,"
    "'SECRET_KEY_FALLBACKS': s.SECRET_KEY_FALLBACKS, 'DEBUG': s.DEBUG,"
    "'SECURE_PROXY_SSL_HEADER': s.SECURE_PROXY_SSL_HEADER, 'DB': s.DATABASES['default'],"
    "'STORAGES': s.STORAGES, 'MIDDLEWARE0': s.MIDDLEWARE[0]}))"
)


def run(code_or_args, extra_env=None, drop=()):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DB_"))}
    environ.update(PRODUCTION_ENV)
    environ.update(extra_env or {})
    for name in drop:
        environ.pop(name, None)
    environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=environ,
        capture_output=True, text=True, timeout=120,
    )


class ProductionSettingsTests(SimpleTestCase):
    def load(self, **extra):
        proc = run(DUMP, extra)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_defaults(self):
        s = self.load()
        self.assertEqual(s["ALLOWED_HOSTS"], [".awsapprunner.com"])
        self.assertEqual(s["CSRF_TRUSTED_ORIGINS"], [])
        self.assertEqual(s["SECRET_KEY_FALLBACKS"], [])
        self.assertIs(s["DEBUG"], False)
        self.assertEqual(s["SECURE_PROXY_SSL_HEADER"], ["HTTP_X_FORWARDED_PROTO", "https"])
        self.assertEqual(s["MIDDLEWARE0"], "ops.middleware.HealthzMiddleware")
        db = s["DB"]
        self.assertEqual(
            (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"], db["USER"], db["PASSWORD"]),
            ("django.db.backends.postgresql", "db.internal", "5432", "app", "app", "pw"),
        )
        self.assertEqual(db["CONN_MAX_AGE"], 60)
        self.assertIs(db["CONN_HEALTH_CHECKS"], True)
        self.assertEqual(db["OPTIONS"]["connect_timeout"], 5)
        self.assertEqual(
            s["STORAGES"]["staticfiles"]["BACKEND"],
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )

    def test_no_role_for_a_single_user_login(self):
        self.assertNotIn("options", self.load()["DB"]["OPTIONS"])

    def test_alternating_users_clone_switches_to_the_base_role(self):
        s = self.load(DB_USER="django_clone")
        self.assertEqual(s["DB"]["OPTIONS"]["options"], "-c role=django")

    def test_explicit_role_wins(self):
        s = self.load(DB_USER="django", DB_ROLE="owner")
        self.assertEqual(s["DB"]["OPTIONS"]["options"], "-c role=owner")

    def test_domain_hosts_and_fallbacks(self):
        s = self.load(
            DJANGO_DOMAIN="App.Example.com",
            DJANGO_ALLOWED_HOSTS="www.example.com, .example.org,",
            DJANGO_SECRET_KEY_FALLBACKS="old-key-1, old-key-2",
            DJANGO_CONN_MAX_AGE="0",
            DB_CONNECT_TIMEOUT="2",
        )
        self.assertEqual(
            s["ALLOWED_HOSTS"],
            [".awsapprunner.com", "app.example.com", "www.example.com", ".example.org"],
        )
        self.assertEqual(
            s["CSRF_TRUSTED_ORIGINS"],
            ["https://app.example.com", "https://www.example.com", "https://*.example.org"],
        )
        self.assertEqual(s["SECRET_KEY_FALLBACKS"], ["old-key-1", "old-key-2"])
        self.assertEqual(s["DB"]["CONN_MAX_AGE"], 0)
        self.assertEqual(s["DB"]["OPTIONS"]["connect_timeout"], 2)

    def test_debug_only_when_explicitly_enabled(self):
        self.assertIs(self.load(DJANGO_DEBUG="true")["DEBUG"], True)
        self.assertIs(self.load(DJANGO_DEBUG="")["DEBUG"], False)

    def test_missing_secret_key_fails_clearly(self):
        for extra, drop in (({}, ("DJANGO_SECRET_KEY",)), ({"DJANGO_SECRET_KEY": ""}, ())):
            proc = run(DUMP, extra, drop)
            self.assertNotEqual(proc.returncode, 0)
            self.assertIn("ImproperlyConfigured", proc.stderr)
            self.assertIn("DJANGO_SECRET_KEY is not set", proc.stderr)

    def test_check_deploy_passes_at_warning_level(self):
        proc = run(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            {"DJANGO_DOMAIN": "app.example.com"},
        )
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("no issues", proc.stdout)


class MediaStorageSettingsTests(SimpleTestCase):
    """DJANGO_MEDIA_BUCKET switches STORAGES["default"] to S3; unset or empty: local disk.

    One interpreter loads the settings once per environment (importlib.reload) and makes the
    default storage from them: one import of Django and boto3 for all the cases.
    """

    CASES = {
        "unset": ({}, ("DJANGO_MEDIA_BUCKET", "DJANGO_MEDIA_REGION")),
        "empty": ({"DJANGO_MEDIA_BUCKET": "", "DJANGO_MEDIA_REGION": ""}, ()),
        "bucket": ({"DJANGO_MEDIA_BUCKET": " app-media-123 ", "DJANGO_MEDIA_REGION": "eu-west-1"}, ()),
        "no_region": ({"DJANGO_MEDIA_BUCKET": "app-media-123"}, ("DJANGO_MEDIA_REGION",)),
    }
    LOAD = """
import importlib, json, os, sys
from django.utils.module_loading import import_string
import config.settings as s
results = {}
for name, (extra, drop) in json.loads(sys.argv[1]).items():
    for var in drop:
        os.environ.pop(var, None)
    os.environ.update(extra)
    importlib.reload(s)
    default = s.STORAGES["default"]
    storage = import_string(default["BACKEND"])(**default.get("OPTIONS", {}))
    results[name] = {"STORAGES": s.STORAGES, "MEDIA_ROOT": str(s.MEDIA_ROOT),
                     "class": type(storage).__module__ + "." + type(storage).__name__,
                     "bucket": getattr(storage, "bucket_name", None),
                     "region": getattr(storage, "region_name", None)}
print(json.dumps(results))
"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        proc = run(["-c", cls.LOAD, json.dumps(cls.CASES)])
        if proc.returncode != 0:
            raise AssertionError(proc.stderr)
        cls.loaded = json.loads(proc.stdout)

    def test_without_a_bucket_uploads_stay_on_local_disk(self):
        for case in ("unset", "empty"):
            with self.subTest(case=case):
                s = self.loaded[case]
                self.assertEqual(s["STORAGES"]["default"],
                                 {"BACKEND": "django.core.files.storage.FileSystemStorage"})
                self.assertEqual(s["class"], "django.core.files.storage.filesystem.FileSystemStorage")
                self.assertEqual(s["MEDIA_ROOT"], str(PROJECT_DIR / "media"))

    def test_a_bucket_switches_uploads_to_s3(self):
        s = self.loaded["bucket"]
        default = s["STORAGES"]["default"]
        self.assertEqual(default["BACKEND"], "storages.backends.s3.S3Storage")
        self.assertEqual(default["OPTIONS"]["bucket_name"], "app-media-123")
        self.assertEqual(default["OPTIONS"]["region_name"], "eu-west-1")
        # private objects through presigned URLs; no ACL (the bucket enforces BucketOwnerEnforced)
        self.assertIsNone(default["OPTIONS"]["default_acl"])
        self.assertIs(default["OPTIONS"]["querystring_auth"], True)
        self.assertIs(default["OPTIONS"]["file_overwrite"], False)
        # no encryption parameters: the bucket's default encryption applies
        self.assertNotIn("object_parameters", default["OPTIONS"])
        self.assertEqual((s["class"], s["bucket"], s["region"]),
                         ("storages.backends.s3.S3Storage", "app-media-123", "eu-west-1"))
        self.assertEqual(s["STORAGES"]["staticfiles"]["BACKEND"],
                         "whitenoise.storage.CompressedManifestStaticFilesStorage")

    def test_without_a_region_boto3_chooses(self):
        s = self.loaded["no_region"]
        self.assertEqual(s["class"], "storages.backends.s3.S3Storage")
        self.assertIsNone(s["STORAGES"]["default"]["OPTIONS"]["region_name"])
