"""env-contract.txt must list exactly the environment variables the image reads."""
import re
from pathlib import Path

from django.test import SimpleTestCase

PROJECT_DIR = Path(__file__).resolve().parents[2]
KINDS = {"secret", "plain", "tuning"}
PYTHON_PATTERNS = [
    re.compile(r'get_(?:str|required|bool|int)\(\s*"([A-Z][A-Z0-9_]*)"'),
    re.compile(r'os\.environ(?:\.get|\.setdefault)?[(\[]\s*"([A-Z][A-Z0-9_]*)"'),
]


def read_contract():
    entries = {}
    for line in (PROJECT_DIR / "env-contract.txt").read_text().splitlines():
        name, kind = line.split(" ")
        entries[name] = kind
    return entries


def names_read_by_code():
    names = set()
    sources = [
        p for p in PROJECT_DIR.rglob("*.py")
        if "tests" not in p.relative_to(PROJECT_DIR).parts and p.name != "test_settings.py"
    ]
    for path in sources:
        text = path.read_text()
        for pattern in PYTHON_PATTERNS:
            names.update(pattern.findall(text))
    entrypoint = (PROJECT_DIR / "docker-entrypoint.sh").read_text()
    names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", entrypoint))
    # the names the entrypoint requires: required=(...) and required+=(...)
    lists = re.findall(r"required\+?=\(([A-Z0-9_ ]+)\)", entrypoint)
    assert len(lists) == 2, f"the entrypoint's required lists changed shape: {lists}"
    for names_list in lists:
        names.update(names_list.split())
    return names


class EnvContractTests(SimpleTestCase):
    def test_format(self):
        lines = (PROJECT_DIR / "env-contract.txt").read_text().splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, r"^[A-Z][A-Z0-9_]* (secret|plain|tuning)$")
        self.assertEqual(len(lines), len(read_contract()), "duplicate names")

    def test_contract_matches_code(self):
        self.assertEqual(set(read_contract()), names_read_by_code())

    def test_app_runner_contract_names(self):
        contract = read_contract()
        secrets = {
            "DB_USER", "DB_PASSWORD", "DB_HOST", "DB_PORT", "DB_NAME",
            "DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_PASSWORD", "DJANGO_SUPERUSER_EMAIL",
            "DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY_FALLBACKS",
        }
        self.assertEqual({n for n, k in contract.items() if k == "secret"}, secrets)
        self.assertEqual(
            {n for n, k in contract.items() if k == "plain"},
            {"DJANGO_DOMAIN", "DJANGO_ALLOWED_HOSTS", "DJANGO_PORT", "DJANGO_TRACING",
             "DJANGO_MEDIA_BUCKET", "DJANGO_MEDIA_REGION"},
        )
