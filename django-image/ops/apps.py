from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operational helpers: /healthz, /dbz, the entrypoint's management commands, uploads."""

    name = "ops"
    default_auto_field = "django.db.models.BigAutoField"
