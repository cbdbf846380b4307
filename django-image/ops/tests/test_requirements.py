"""requirements.txt: every package pinned once; the OpenTelemetry set consistent; the tests run
on the Django line the image pins."""
import re
from pathlib import Path

import django
from django.test import SimpleTestCase

PROJECT_DIR = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.]*)$")
# released on their own schedule, not with the core/contrib pairs
INDEPENDENT = {"opentelemetry-sdk-extension-aws", "opentelemetry-propagator-aws-xray"}
# core packages (1.x); every other opentelemetry-* package is contrib (0.yb)
CORE = {"opentelemetry-api", "opentelemetry-sdk", "opentelemetry-proto",
        "opentelemetry-exporter-otlp-proto-common", "opentelemetry-exporter-otlp-proto-grpc"}


def pins():
    found = {}
    for line in (PROJECT_DIR / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if not match:
            raise AssertionError(f"not an exact pin: {line!r}")
        name = match.group(1).lower().replace("_", "-")
        if name in found:
            raise AssertionError(f"pinned twice: {name}")
        found[name] = match.group(2)
    return found


class RequirementsTests(SimpleTestCase):
    def test_every_line_is_an_exact_pin_of_a_distinct_package(self):
        self.assertIn("django", pins())

    def test_django_is_on_the_52_lts_line(self):
        self.assertRegex(pins()["django"], r"^5\.2\.\d+$")

    def test_tests_run_on_the_pinned_django_line(self):
        pinned = tuple(int(p) for p in pins()["django"].split(".")[:2])
        self.assertEqual(django.VERSION[:2], pinned)

    def test_no_opentelemetry_distro(self):
        # its configurator would set a tracer provider in gunicorn's master, before the fork;
        # config/gunicorn_tracing.py sets one in each worker instead
        self.assertNotIn("opentelemetry-distro", pins())

    def test_opentelemetry_core_and_contrib_versions_pair_up(self):
        otel = {n: v for n, v in pins().items()
                if n.startswith("opentelemetry-") and n not in INDEPENDENT}
        core = {v for n, v in otel.items() if n in CORE}
        contrib = {v for n, v in otel.items() if n not in CORE}
        self.assertEqual(len(core), 1, f"core packages on several versions: {core}")
        self.assertEqual(len(contrib), 1, f"contrib packages on several versions: {contrib}")
        (core_version,), (contrib_version,) = core, contrib
        core_minor = int(core_version.split(".")[1])
        # the projects release core 1.N with contrib 0.(N+21)bX (e.g. 1.44.0 with 0.65b0)
        self.assertRegex(contrib_version, rf"^0\.{core_minor + 21}b\d+$")
        self.assertTrue(CORE <= set(otel), f"core packages missing: {CORE - set(otel)}")

    def test_media_on_s3_packages_are_pinned_as_a_set_boto3_accepts(self):
        found = pins()
        self.assertIn("django-storages", found)
        # boto3 and botocore are released together, boto3 X.Y.Z requiring botocore X.Y.Z or later
        # within X.Y: the same number is the pair pip accepts
        self.assertEqual(found["boto3"], found["botocore"])
        self.assertLess(int(found["python-dateutil"].split(".")[0]), 3, "botocore needs < 3.0.0")
