"""The entrypoint's database steps, `migrate` then `ensure_superuser`, one instance at a time.

Several instances starting together (a deployment, a scale-out) would otherwise migrate the same
database at once: Django does not serialise migrations, so they fail ("relation ... already
exists", unique violations on content types and permissions) or record a migration twice. The
steps run while this process holds a PostgreSQL session-level advisory lock, on a connection of
its own that stays open and idle meanwhile (the steps open and close theirs as they like). The
lock goes with that session: released at the end, or by PostgreSQL when the process dies.
"""
import copy
import socket
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connections

from config import env

# Advisory lock keys are one bigint per database; this one is the first 8 bytes of
# sha256(b"django-image startup_steps") as a signed integer. In pg_locks: classid 2958694833,
# objid 1156373620, objsubid 1.
LOCK_KEY = -5739246525973996428
LOCK_WAIT_DEFAULT = 300
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of lock_timeout


class Command(BaseCommand):
    help = (
        "Run migrate and ensure_superuser while holding a PostgreSQL advisory lock, so that "
        "instances starting together take turns (DB_MIGRATE_LOCK_SECONDS bounds the wait, "
        f"default {LOCK_WAIT_DEFAULT}; DB_MIGRATE_LOCK=false runs them without the lock)."
    )

    def handle(self, *args, **options):
        if not env.get_bool("DB_MIGRATE_LOCK", True):
            self.stdout.write("startup_steps: DB_MIGRATE_LOCK=false, running without the lock")
            self.run_steps()
            return
        timeout = env.get_int("DB_MIGRATE_LOCK_SECONDS", LOCK_WAIT_DEFAULT, minimum=1)
        lock = self.lock_connection()
        try:
            waited = self.acquire(lock, timeout)
            self.stdout.write(f"startup_steps: start-up lock obtained, waited {waited:.2f}s")
            self.run_steps()
        finally:
            self.release(lock)

    def run_steps(self):
        call_command("migrate", interactive=False)
        call_command("ensure_superuser")

    def lock_connection(self):
        default = connections[DEFAULT_DB_ALIAS]
        if default.vendor != "postgresql":
            raise CommandError(
                f"startup_steps: the start-up lock needs PostgreSQL, not {default.vendor} "
                "(DB_MIGRATE_LOCK=false runs the steps without it)."
            )
        settings = copy.deepcopy(default.settings_dict)
        # names this instance in pg_stat_activity, so a waiting instance can say who holds the lock
        settings["OPTIONS"]["application_name"] = f"startup_steps {socket.gethostname()}"
        return type(default)(settings, DEFAULT_DB_ALIAS)

    def acquire(self, lock, timeout):
        start = time.monotonic()
        with lock.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if cursor.fetchone()[0]:
                return 0.0
            self.stdout.write(
                f"startup_steps: another instance is running the start-up steps "
                f"({self.holder(cursor)}); waiting up to {timeout}s for it"
            )
            # a blocking wait: PostgreSQL hands the lock over the moment it is released
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [f"{timeout}s"])
            try:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
            except OperationalError as exc:
                if getattr(exc.__cause__, "pgcode", None) != LOCK_NOT_AVAILABLE:
                    raise
                raise CommandError(
                    f"startup_steps: giving up after {timeout}s: the start-up lock is still held "
                    f"({self.holder(cursor)}). Another instance is migrating or stuck; let it "
                    "finish (or stop it), or raise DB_MIGRATE_LOCK_SECONDS for long migrations."
                ) from None
            cursor.execute("SELECT set_config('lock_timeout', '0', false)")
        return time.monotonic() - start

    def holder(self, cursor):
        try:
            cursor.execute(
                "SELECT a.pid, a.application_name, a.client_addr, "
                "round(extract(epoch FROM now() - a.backend_start)) "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s "
                "AND l.objid = %s AND l.objsubid = 1",
                [(LOCK_KEY >> 32) & 0xFFFFFFFF, LOCK_KEY & 0xFFFFFFFF],
            )
            row = cursor.fetchone()
        except DatabaseError:
            row = None
        if row is None:
            return "holder unknown"
        pid, application, client, age = row
        return (f"held by '{application or '?'}' from {client or 'a local socket'}, "
                f"PostgreSQL pid {pid}, connected {age:.0f}s ago")

    def release(self, lock):
        try:
            if lock.connection is not None:
                with lock.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        except DatabaseError:
            pass  # closing the session below releases it as well
        finally:
            lock.close()
