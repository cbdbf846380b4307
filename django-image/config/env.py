"""Small, dependency-free helpers that turn environment variables into settings.

Kept apart from settings.py so the parsing rules can be unit-tested without
re-importing the settings module.
"""
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# The default domain App Runner gives every service: <id>.<region>.awsapprunner.com
APP_RUNNER_DEFAULT_DOMAIN = ".awsapprunner.com"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name, default="", environ=None):
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def get_required(name, environ=None, hint=""):
    value = get_str(name, environ=environ)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set (or empty). It is required and has no default{hint}."
        )
    return value


def get_bool(name, default=False, environ=None):
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={environ[name]!r} is not a boolean (use true/false).")


def get_int(name, default, environ=None, minimum=None):
    raw = get_str(name, environ=environ)
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be >= {minimum}.")
    return value


def split_list(raw):
    """'a, b,,c ' -> ['a', 'b', 'c'] (empty string -> [])."""
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


def normalize_host(value):
    """Accept 'app.example.com', 'https://app.example.com/', 'APP.example.com:443'.

    Returns the bare, lower-case host name (a leading dot for wildcards is kept).
    """
    value = (value or "").strip()
    if not value:
        return ""
    if "://" in value:
        value = urlsplit(value).netloc
    value = value.split("/", 1)[0]
    if value.count(":") == 1:  # strip a port, but leave IPv6 literals alone
        value = value.split(":", 1)[0]
    return value.lower()


def allowed_hosts(domain, extra_hosts):
    """ALLOWED_HOSTS: App Runner's default domain, the custom domain, the extras."""
    hosts = [APP_RUNNER_DEFAULT_DOMAIN]
    for host in [domain, *extra_hosts]:
        host = normalize_host(host)
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def csrf_trusted_origins(domain, extra_hosts):
    """CSRF_TRUSTED_ORIGINS as full https:// origins ('.example.com' -> 'https://*.example.com').

    Requests on the host that served the form need no entry at all (Django
    compares Origin with the request's own host once the request is known to be
    secure via SECURE_PROXY_SSL_HEADER); these entries only matter for
    cross-host posts, e.g. a form served on one allowed host posting to another.
    """
    origins = []
    for host in [domain, *extra_hosts]:
        host = normalize_host(host)
        if not host or host == "*":
            continue
        origin = "https://*" + host if host.startswith(".") else "https://" + host
        if origin not in origins:
            origins.append(origin)
    return origins


def database_role(user, explicit=""):
    """The role every connection switches to, so objects keep one owner across rotations.

    Alternating-users rotation logs in as <user> or <user>_clone (a member of <user>): with
    SET ROLE <user> on connect, tables created by either login belong to <user>, and the other
    login can use them. An explicit DB_ROLE wins; a single-user login needs no role.
    """
    if explicit:
        return explicit
    if user.endswith("_clone") and len(user) > len("_clone"):
        return user[: -len("_clone")]
    return ""


def media_bucket_options(bucket, region=""):
    """OPTIONS of django-storages' S3 backend for the media bucket.

    Objects stay private and are served back through presigned URLs (valid an hour). No ACL is
    sent: the bucket enforces BucketOwnerEnforced, which refuses any ACL but the owner's. No
    encryption header either: the bucket's default encryption applies. Credentials come from
    boto3's default chain (the task or instance role); AWS_ENDPOINT_URL_S3, boto3's own variable,
    points it elsewhere (the tests' S3 stand-in). Without a region, boto3's default applies
    (AWS_REGION / AWS_DEFAULT_REGION).
    """
    return {
        "bucket_name": bucket,
        "region_name": region or None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 3600,
        # an upload never replaces another with the same name (the default would), as on disk
        "file_overwrite": False,
        # SigV4 presigned URLs name the bucket's region; the regional virtual-hosted endpoint
        # needs no redirect for a bucket outside us-east-1
        "signature_version": "s3v4",
    }
