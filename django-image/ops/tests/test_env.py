from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from config import env


class SplitListTests(SimpleTestCase):
    def test_empty_and_blank(self):
        self.assertEqual(env.split_list(""), [])
        self.assertEqual(env.split_list(None), [])
        self.assertEqual(env.split_list(" , ,"), [])

    def test_trims_and_drops_empty_items(self):
        self.assertEqual(env.split_list(" a, b,,c "), ["a", "b", "c"])


class HostTests(SimpleTestCase):
    def test_normalize_host(self):
        self.assertEqual(env.normalize_host("App.Example.com"), "app.example.com")
        self.assertEqual(env.normalize_host("https://app.example.com/"), "app.example.com")
        self.assertEqual(env.normalize_host("app.example.com:443"), "app.example.com")
        self.assertEqual(env.normalize_host("  "), "")
        self.assertEqual(env.normalize_host(".example.com"), ".example.com")

    def test_allowed_hosts_always_has_app_runner_default_domain(self):
        self.assertEqual(env.allowed_hosts("", []), [".awsapprunner.com"])

    def test_allowed_hosts_domain_and_extras_deduplicated(self):
        self.assertEqual(
            env.allowed_hosts("app.example.com", ["www.example.com", "APP.example.com", ".other.org"]),
            [".awsapprunner.com", "app.example.com", "www.example.com", ".other.org"],
        )

    def test_csrf_trusted_origins_are_https_origins(self):
        self.assertEqual(env.csrf_trusted_origins("", []), [])
        self.assertEqual(
            env.csrf_trusted_origins("https://app.example.com/", ["www.example.com", ".other.org", "*"]),
            ["https://app.example.com", "https://www.example.com", "https://*.other.org"],
        )


class ScalarTests(SimpleTestCase):
    def test_required_missing_or_empty(self):
        for environ in ({}, {"X": ""}, {"X": "   "}):
            with self.assertRaisesMessage(ImproperlyConfigured, "X is not set"):
                env.get_required("X", environ=environ)
        self.assertEqual(env.get_required("X", environ={"X": "v"}), "v")

    def test_bool(self):
        self.assertFalse(env.get_bool("B", environ={}))
        self.assertTrue(env.get_bool("B", True, environ={}))
        self.assertTrue(env.get_bool("B", environ={"B": "True"}))
        self.assertFalse(env.get_bool("B", True, environ={"B": "0"}))
        with self.assertRaises(ImproperlyConfigured):
            env.get_bool("B", environ={"B": "maybe"})

    def test_int(self):
        self.assertEqual(env.get_int("I", 7, environ={}), 7)
        self.assertEqual(env.get_int("I", 7, environ={"I": ""}), 7)
        self.assertEqual(env.get_int("I", 7, environ={"I": "42"}), 42)
        with self.assertRaises(ImproperlyConfigured):
            env.get_int("I", 7, environ={"I": "x"})
        with self.assertRaises(ImproperlyConfigured):
            env.get_int("I", 7, environ={"I": "-1"}, minimum=0)
