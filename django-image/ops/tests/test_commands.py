import os
from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.test import TestCase

SUPERUSER_ENV = {
    "DJANGO_SUPERUSER_USERNAME": "admin",
    "DJANGO_SUPERUSER_PASSWORD": "first-Pa55word",
    "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
}


def ensure(**overrides):
    environ = dict(SUPERUSER_ENV, **overrides)
    out = StringIO()
    with mock.patch.dict(os.environ, environ):
        call_command("ensure_superuser", stdout=out)
    return out.getvalue()


class EnsureSuperuserTests(TestCase):
    def test_creates_superuser(self):
        self.assertIn("created superuser 'admin'", ensure())
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.is_superuser and user.is_staff and user.is_active)
        self.assertEqual(user.email, "admin@example.com")
        self.assertTrue(user.check_password("first-Pa55word"))

    def test_idempotent_keeps_password_hash(self):
        ensure()
        before = get_user_model().objects.get(username="admin").password
        self.assertIn("already up to date", ensure())
        self.assertIn("already up to date", ensure())
        self.assertEqual(get_user_model().objects.count(), 1)
        self.assertEqual(get_user_model().objects.get(username="admin").password, before)

    def test_updates_password_and_email(self):
        ensure()
        out = ensure(DJANGO_SUPERUSER_PASSWORD="second-Pa55word", DJANGO_SUPERUSER_EMAIL="new@example.com")
        self.assertIn("updated superuser 'admin' (email, password)", out)
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.check_password("second-Pa55word"))
        self.assertFalse(user.check_password("first-Pa55word"))
        self.assertEqual(user.email, "new@example.com")
        self.assertEqual(get_user_model().objects.count(), 1)

    def test_restores_flags(self):
        ensure()
        get_user_model().objects.filter(username="admin").update(is_staff=False, is_active=False)
        self.assertIn("(is_staff, is_active)", ensure())
        user = get_user_model().objects.get(username="admin")
        self.assertTrue(user.is_staff and user.is_active)

    def test_password_never_printed(self):
        self.assertNotIn("first-Pa55word", ensure())

    def test_missing_variables(self):
        with self.assertRaisesMessage(CommandError, "DJANGO_SUPERUSER_PASSWORD not set"):
            ensure(DJANGO_SUPERUSER_PASSWORD="")
        with self.assertRaisesMessage(CommandError, "DJANGO_SUPERUSER_USERNAME not set"):
            ensure(DJANGO_SUPERUSER_USERNAME="")


class WaitForDbTests(TestCase):
    def test_ready(self):
        out = StringIO()
        call_command("wait_for_db", timeout=1, stdout=out)
        self.assertIn("is ready (attempt 1", out.getvalue())

    def test_waits_then_gives_up(self):
        err = StringIO()
        with mock.patch("ops.management.commands.wait_for_db.connections") as conns:
            conns.__getitem__.return_value.settings_dict = {
                "USER": "app", "HOST": "db", "PORT": "5432", "NAME": "app",
            }
            conns.__getitem__.return_value.ensure_connection.side_effect = OperationalError(
                "connection refused\nsecond line"
            )
            with self.assertRaisesMessage(CommandError, "giving up, database app@db:5432/app"):
                call_command("wait_for_db", timeout=0.3, interval=0.1, stderr=err)
        self.assertIn("waiting for database app@db:5432/app", err.getvalue())
        self.assertIn("connection refused", err.getvalue())
        self.assertNotIn("second line", err.getvalue())

    def test_reads_db_wait_seconds(self):
        with mock.patch.dict(os.environ, {"DB_WAIT_SECONDS": "0"}), mock.patch(
            "ops.management.commands.wait_for_db.connections"
        ) as conns:
            conns.__getitem__.return_value.settings_dict = {
                "USER": "u", "HOST": "h", "PORT": "1", "NAME": "n",
            }
            conns.__getitem__.return_value.ensure_connection.side_effect = OperationalError("x")
            with self.assertRaisesMessage(CommandError, "after 0s (1 attempts)"):
                call_command("wait_for_db", stderr=StringIO())

    def test_missing_database_settings(self):
        with mock.patch("ops.management.commands.wait_for_db.connections") as conns:
            conns.__getitem__.return_value.settings_dict = {
                "ENGINE": "django.db.backends.postgresql", "USER": "u", "HOST": "", "PORT": "5432", "NAME": "n",
            }
            with self.assertRaisesMessage(CommandError, "DB_HOST not set"):
                call_command("wait_for_db", timeout=0, stderr=StringIO())


class StartupStepsTests(TestCase):
    """The lock itself needs PostgreSQL: tests/reliability.sh starts instances together on one."""

    def run_steps(self, **environ):
        out = StringIO()
        with mock.patch.dict(os.environ, environ), \
                mock.patch("ops.management.commands.startup_steps.call_command") as steps:
            call_command("startup_steps", stdout=out)
        return out.getvalue(), [c.args[0] for c in steps.call_args_list]

    def test_without_the_lock_runs_migrate_then_ensure_superuser(self):
        out, steps = self.run_steps(DB_MIGRATE_LOCK="false")
        self.assertEqual(steps, ["migrate", "ensure_superuser"])
        self.assertIn("DB_MIGRATE_LOCK=false, running without the lock", out)

    def test_the_lock_needs_postgresql(self):
        # the unit tests run on SQLite: with the lock on (the default) nothing runs
        with self.assertRaisesMessage(CommandError, "the start-up lock needs PostgreSQL, not sqlite"):
            self.run_steps()

    def test_wait_must_be_a_positive_number_of_seconds(self):
        from django.core.exceptions import ImproperlyConfigured
        for value in ("0", "-1", "five"):
            with self.subTest(value=value), self.assertRaises(ImproperlyConfigured):
                self.run_steps(DB_MIGRATE_LOCK_SECONDS=value)
