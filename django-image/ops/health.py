"""Health responses shared by the middleware and the URL routes."""
import json

from django.db import DatabaseError, connection
from django.http import HttpResponse


def _json(status, payload):
    response = HttpResponse(
        json.dumps(payload), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


def database_ok():
    """Run a trivial query; return (True, None) or (False, 'ErrorClass: first line')."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, None
    except DatabaseError as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return False, f"{type(exc).__name__}: {first_line}"


def healthz_response(check_db=False):
    if not check_db:
        return _json(200, {"status": "ok"})
    ok, error = database_ok()
    if ok:
        return _json(200, {"status": "ok", "db": "ok"})
    return _json(503, {"status": "error", "db": error})


def dbz_response():
    ok, error = database_ok()
    if ok:
        return _json(200, {"db": "ok"})
    return _json(503, {"db": error})
