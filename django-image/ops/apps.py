from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operational helpers: /healthz, /dbz and the entrypoint's management commands."""

    name = "ops"
    default_auto_field = "django.db.models.BigAutoField"
