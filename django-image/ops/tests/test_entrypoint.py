"""docker-entrypoint.sh's start-up steps and gunicorn command line (listen port, tracing), and
the way it runs a command (a scheduled or one-off task).

The entrypoint runs with stand-ins first on PATH: a `python3` that answers the management
commands with success and records the gunicorn command line instead of serving, and the tests'
stand-in `opentelemetry-instrument` (records its arguments and environment, then execs them).
The end-to-end test (tests/e2e.sh) runs the same cases with the real gunicorn.
"""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

PROJECT_DIR = Path(__file__).resolve().parents[2]
ENTRYPOINT = PROJECT_DIR / "docker-entrypoint.sh"
STAND_IN = PROJECT_DIR / "tests" / "stand-ins" / "opentelemetry-instrument"

FAKE_PYTHON = """#!/bin/sh
# python3 stand-in: management commands succeed, gunicorn's command line is recorded
case "$1" in
  manage.py) echo "$2" >>"$MANAGE_RECORD"; exit 0 ;;
  -m) [ "$2" = gunicorn ] && printf '%s\\n' "$@" >"$GUNICORN_RECORD" && exit 0 ;;
esac
echo "unexpected python3 call: $*" >&2
exit 1
"""

REQUIRED = {
    "DJANGO_SECRET_KEY": "entrypoint-test-key",
    "DB_HOST": "db.internal",
    "DB_NAME": "app",
    "DB_USER": "app",
    "DB_PASSWORD": "pw",
    "DJANGO_SUPERUSER_USERNAME": "admin",
    "DJANGO_SUPERUSER_PASSWORD": "pw",
}


class EntrypointCommandLineTests(SimpleTestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="entrypoint-test-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        bin_dir = self.tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "python3").write_text(FAKE_PYTHON)
        (bin_dir / "python3").chmod(0o755)
        shutil.copy(STAND_IN, bin_dir / "opentelemetry-instrument")
        self.path = f"{bin_dir}:/usr/bin:/bin"
        self.gunicorn_record = self.tmp / "gunicorn.txt"
        self.otel_record = self.tmp / "otel.txt"
        self.manage_record = self.tmp / "manage.txt"

    def run_entrypoint(self, *args, drop=(), **env):
        environ = {
            "PATH": self.path, "HOME": str(self.tmp), "LANG": "C.UTF-8",
            "GUNICORN_RECORD": str(self.gunicorn_record),
            "MANAGE_RECORD": str(self.manage_record),
            "OTEL_STANDIN_RECORD": str(self.otel_record),
            **REQUIRED, **env,
        }
        for name in drop:
            del environ[name]
        return subprocess.run(["bash", str(ENTRYPOINT), *args], env=environ, capture_output=True,
                              text=True, timeout=60)

    def manage_calls(self):
        return self.manage_record.read_text().split() if self.manage_record.exists() else []

    def gunicorn_argv(self, **env):
        proc = self.run_entrypoint(**env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return self.gunicorn_record.read_text().split("\n")[:-1]

    def bind(self, **env):
        argv = self.gunicorn_argv(**env)
        return argv[argv.index("--bind") + 1]

    def read_otel_record(self):
        argv, env = [], {}
        for line in self.otel_record.read_text().splitlines():
            if line.startswith("argv: "):
                argv = line[len("argv: "):].split(" ")
            elif line.startswith("env: "):
                name, _, value = line[len("env: "):].partition("=")
                env[name] = value
        return argv, env

    # ---- listen port
    def test_django_port_wins_over_port(self):
        self.assertEqual(self.bind(DJANGO_PORT="9001", PORT="9002"), "0.0.0.0:9001")

    def test_port_alone_still_works_for_a_local_docker_run(self):
        self.assertEqual(self.bind(PORT="9002"), "0.0.0.0:9002")

    def test_empty_django_port_falls_back_to_port(self):
        self.assertEqual(self.bind(DJANGO_PORT="", PORT="9002"), "0.0.0.0:9002")

    def test_default_port_8080(self):
        self.assertEqual(self.bind(), "0.0.0.0:8080")

    # ---- tracing
    def test_tracing_absent_or_false_runs_plain_gunicorn(self):
        for env in ({}, {"DJANGO_TRACING": "false"}, {"DJANGO_TRACING": "FALSE"},
                    {"DJANGO_TRACING": ""}):
            with self.subTest(env=env):
                argv = self.gunicorn_argv(DJANGO_PORT="9001", **env)
                self.assertEqual(argv[:3], ["-m", "gunicorn", "config.wsgi:application"])
                self.assertIn("--preload", argv)
                self.assertFalse(self.otel_record.exists(), "opentelemetry-instrument was called")

    def test_tracing_true_runs_gunicorn_under_opentelemetry_instrument_for_xray(self):
        gunicorn = self.gunicorn_argv(DJANGO_PORT="9001", DJANGO_TRACING="true")
        argv, env = self.read_otel_record()
        self.assertEqual(argv[:4], ["python3", "-m", "gunicorn", "config.wsgi:application"])
        self.assertEqual(argv[1:], gunicorn, "opentelemetry-instrument exec'd the gunicorn command")
        self.assertEqual(gunicorn[gunicorn.index("--bind") + 1], "0.0.0.0:9001")
        self.assertNotIn("--preload", gunicorn)
        # each worker sets up its tracer provider after the fork (post_fork)
        self.assertEqual(gunicorn[-2:], ["--config", "python:config.gunicorn_tracing"])
        self.assertEqual(env["OTEL_PROPAGATORS"], "xray")
        self.assertEqual(env["OTEL_PYTHON_ID_GENERATOR"], "xray")
        self.assertEqual(env["OTEL_SERVICE_NAME"], "django-apprunner")
        self.assertEqual(env["OTEL_PYTHON_DJANGO_EXCLUDED_URLS"], "healthz")
        # after ops' HealthzMiddleware: App Runner's health checks never meet host validation
        self.assertEqual(env["OTEL_PYTHON_DJANGO_MIDDLEWARE_POSITION"], "1")
        # nothing configures an exporter in the master (config.gunicorn_tracing does, per worker)
        for name in ("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER"):
            self.assertNotIn(name, env)
        # the exporter's default endpoint (localhost:4317) is App Runner's collector
        self.assertNotIn("OTEL_EXPORTER_OTLP_ENDPOINT", env)
        self.assertNotIn("OTEL_EXPORTER_OTLP_PROTOCOL", env)

    def test_an_id_generator_set_by_the_operator_is_kept(self):
        self.gunicorn_argv(DJANGO_TRACING="true", OTEL_PYTHON_ID_GENERATOR="random")
        self.assertEqual(self.read_otel_record()[1]["OTEL_PYTHON_ID_GENERATOR"], "random")

    def test_tracing_is_case_insensitive(self):
        self.gunicorn_argv(DJANGO_TRACING="True")
        self.assertTrue(self.otel_record.exists())

    def test_service_name_set_by_the_operator_is_kept(self):
        self.gunicorn_argv(DJANGO_TRACING="true", OTEL_SERVICE_NAME="billing-admin")
        self.assertEqual(self.read_otel_record()[1]["OTEL_SERVICE_NAME"], "billing-admin")

    def test_service_name_in_resource_attributes_is_not_overridden(self):
        self.gunicorn_argv(DJANGO_TRACING="true",
                           OTEL_RESOURCE_ATTRIBUTES="service.name=billing-admin,team=ops")
        env = self.read_otel_record()[1]
        self.assertNotIn("OTEL_SERVICE_NAME", env)
        self.assertEqual(env["OTEL_RESOURCE_ATTRIBUTES"], "service.name=billing-admin,team=ops")

    def test_a_tracing_value_that_is_not_a_boolean_stops_the_start(self):
        proc = self.run_entrypoint(DJANGO_TRACING="yes")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("DJANGO_TRACING='yes' is neither true nor false", proc.stderr)
        self.assertFalse(self.gunicorn_record.exists())
        self.assertFalse(self.otel_record.exists())

    def test_no_opentelemetry_instrument_on_path_is_needed_without_tracing(self):
        os.remove(self.tmp / "bin" / "opentelemetry-instrument")
        self.assertEqual(self.bind(DJANGO_PORT="9001"), "0.0.0.0:9001")

    # ---- a command (the ECS task of a schedule, or a one-off): wait for the database, then exec
    def test_a_web_start_waits_for_the_database_then_runs_the_start_up_steps(self):
        self.gunicorn_argv()
        self.assertEqual(self.manage_calls(), ["wait_for_db", "startup_steps"])

    def test_a_command_waits_for_the_database_then_runs_without_the_start_up_steps(self):
        # not behind a deployment's migrations (the start-up lock), nor migrating itself
        proc = self.run_entrypoint("python3", "manage.py", "clearsessions")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.manage_calls(), ["wait_for_db", "clearsessions"])
        self.assertFalse(self.gunicorn_record.exists())

    def test_a_command_needs_no_superuser_variables(self):
        proc = self.run_entrypoint("python3", "manage.py", "clearsessions",
                                   drop=("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD"))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.manage_calls(), ["wait_for_db", "clearsessions"])

    def test_the_web_start_still_requires_the_superuser_variables(self):
        proc = self.run_entrypoint(drop=("DJANGO_SUPERUSER_PASSWORD",))
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("required environment variable(s) not set: DJANGO_SUPERUSER_PASSWORD",
                      proc.stderr)
        self.assertEqual(self.manage_calls(), [])

    def test_a_command_still_requires_the_database_and_the_secret_key(self):
        proc = self.run_entrypoint("python3", "manage.py", "clearsessions",
                                   drop=("DB_PASSWORD", "DJANGO_SECRET_KEY"))
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("not set: DJANGO_SECRET_KEY DB_PASSWORD", proc.stderr)
        self.assertEqual(self.manage_calls(), [])

    def test_a_failing_command_fails_the_entrypoint_with_its_status(self):
        proc = self.run_entrypoint("sh", "-c", "echo boom >&2; exit 3")
        self.assertEqual(proc.returncode, 3)
        self.assertIn("boom", proc.stderr)
