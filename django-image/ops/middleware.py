from config import env

from .health import healthz_response

HEALTHZ_PATHS = {"/healthz", "/healthz/"}


class HealthzMiddleware:
    """Answer /healthz before anything else.

    Placed first in MIDDLEWARE so that:
    * an unknown Host header (App Runner's health checker, a load balancer IP)
      does not turn it into a 400 (host validation happens later, in
      CommonMiddleware / SecurityMiddleware),
    * SECURE_SSL_REDIRECT does not redirect it (App Runner health checks are
      plain HTTP without X-Forwarded-Proto),
    * no session, CSRF or auth work is done.

    It does not query the database unless DJANGO_HEALTHZ_CHECK_DB is true: when
    the database is down, replacing the instance does not help, and a failing
    health check would only make App Runner cycle healthy instances.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.check_db = env.get_bool("DJANGO_HEALTHZ_CHECK_DB", False)

    def __call__(self, request):
        if request.path_info in HEALTHZ_PATHS:
            return healthz_response(check_db=self.check_db)
        return self.get_response(request)
