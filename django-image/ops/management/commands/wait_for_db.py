import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections

from config import env


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class Command(BaseCommand):
    help = (
        "Wait until the default database accepts connections, with bounded retries "
        "(DB_WAIT_SECONDS, default 60). Aurora Serverless v2 needs seconds to resume "
        "from 0 ACU."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=None,
            help="Seconds to keep trying (default: $DB_WAIT_SECONDS or 60).",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between attempts."
        )

    def handle(self, *args, timeout=None, interval=1.0, **options):
        if timeout is None:
            timeout = env.get_int("DB_WAIT_SECONDS", 60, minimum=0)
        conn = connections["default"]
        s = conn.settings_dict
        target = f"{s['USER'] or '?'}@{s['HOST'] or '?'}:{s['PORT'] or '?'}/{s['NAME'] or '?'}"
        missing = [
            name for name, key in (("DB_HOST", "HOST"), ("DB_NAME", "NAME"), ("DB_USER", "USER"))
            if not s[key] and (key == "NAME" or "postgresql" in s["ENGINE"])
        ]
        if missing:
            raise CommandError(f"wait_for_db: {', '.join(missing)} not set; cannot reach the database.")

        start = time.monotonic()
        deadline = start + timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                conn.ensure_connection()
                with conn.cursor() as cursor:
                    cursor.execute("SELECT 1")
                conn.close()
                self.stdout.write(
                    f"wait_for_db: database {target} is ready "
                    f"(attempt {attempt}, {time.monotonic() - start:.1f}s)"
                )
                return
            except DatabaseError as exc:
                conn.close()
                reason = _first_line(exc)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CommandError(
                        f"wait_for_db: giving up, database {target} still unreachable after "
                        f"{timeout:g}s ({attempt} attempts). Last error: {reason}. "
                        "Check DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/DB_NAME and the security "
                        "groups, or raise DB_WAIT_SECONDS."
                    )
                self.stderr.write(
                    f"wait_for_db: waiting for database {target} "
                    f"(attempt {attempt}, {left:.0f}s left): {reason}"
                )
                time.sleep(min(interval, max(left, 0)))
