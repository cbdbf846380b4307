"""config.gunicorn_tracing, the gunicorn settings of a traced start. The post_fork hook (one tracer
provider per worker) is proven end to end by tests/e2e.sh, which receives the workers' spans."""
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

PROJECT_DIR = Path(__file__).resolve().parents[2]


def load(id_generator):
    """Imports the module as gunicorn does, in a fresh interpreter (it reads the environment)."""
    env = {**os.environ, "OTEL_PYTHON_ID_GENERATOR": id_generator}
    code = ("import config.gunicorn_tracing as m; "
            "print(m.ID_GENERATOR, callable(m.post_fork), callable(m.worker_exit))")
    return subprocess.run([sys.executable, "-c", code],
                          cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60)


class GunicornTracingTests(SimpleTestCase):
    def test_a_missing_id_generator_stops_gunicorn_with_its_name(self):
        proc = load("no-such-generator")
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("gunicorn_tracing: OTEL_PYTHON_ID_GENERATOR=no-such-generator: no such ID "
                      "generator installed (installed: ", proc.stderr)
        self.assertIn("xray comes with opentelemetry-sdk-extension-aws", proc.stderr)

    def test_an_installed_id_generator_is_accepted(self):
        proc = load("random")  # the SDK's own
        # ... and gunicorn finds its two hooks
        self.assertEqual((proc.returncode, proc.stdout.strip()), (0, "random True True"), proc.stderr)
