from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config import env

from .health import dbz_response, healthz_response


@require_safe
def healthz(request):
    # Normally unreachable: HealthzMiddleware answers first.
    return healthz_response(check_db=env.get_bool("DJANGO_HEALTHZ_CHECK_DB", False))


@never_cache
@require_safe
def dbz(request):
    """Database round trip (SELECT 1): 200, or 503 quickly when the database is down.

    Goes through the normal middleware stack (host validation, HTTPS redirect).
    """
    return dbz_response()
