import json
import os
from unittest import mock

from django.db import OperationalError
from django.test import Client, TestCase


class HealthzTests(TestCase):
    def test_unknown_host_plain_http_gets_200(self):
        # App Runner health checks: plain HTTP, no X-Forwarded-Proto, arbitrary Host.
        response = Client().get("/healthz", HTTP_HOST="10.0.3.17:8080")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content), {"status": "ok"})
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_trailing_slash_and_head(self):
        self.assertEqual(Client().get("/healthz/", HTTP_HOST="x.invalid").status_code, 200)
        self.assertEqual(Client().head("/healthz", HTTP_HOST="x.invalid").status_code, 200)

    def test_no_database_query_by_default(self):
        with self.assertNumQueries(0):
            self.assertEqual(Client().get("/healthz", HTTP_HOST="x.invalid").status_code, 200)

    def test_other_paths_still_validate_host_and_redirect(self):
        self.assertEqual(Client().get("/admin/login/", HTTP_HOST="evil.invalid").status_code, 400)
        response = Client().get("/admin/login/", HTTP_HOST="abc.eu-west-1.awsapprunner.com")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://abc.eu-west-1.awsapprunner.com/"))
        response = Client().get(
            "/admin/login/", HTTP_HOST="abc.eu-west-1.awsapprunner.com",
            HTTP_X_FORWARDED_PROTO="https",
        )
        self.assertEqual(response.status_code, 200)

    def test_optional_database_check(self):
        with mock.patch.dict(os.environ, {"DJANGO_HEALTHZ_CHECK_DB": "true"}):
            client = Client()
            response = client.get("/healthz", HTTP_HOST="x.invalid")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(json.loads(response.content)["db"], "ok")
            with mock.patch("ops.health.connection.cursor", side_effect=OperationalError("down")):
                response = client.get("/healthz", HTTP_HOST="x.invalid")
            self.assertEqual(response.status_code, 503)
            self.assertIn("OperationalError: down", json.loads(response.content)["db"])


class DbzTests(TestCase):
    def test_dbz_ok_and_503(self):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        host = "abc.eu-west-1.awsapprunner.com"
        self.assertEqual(client.get("/dbz", HTTP_HOST=host).status_code, 200)
        with mock.patch("ops.health.connection.cursor", side_effect=OperationalError("gone")):
            response = client.get("/dbz", HTTP_HOST=host)
        self.assertEqual(response.status_code, 503)
