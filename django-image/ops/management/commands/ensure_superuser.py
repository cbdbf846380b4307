import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction


class Command(BaseCommand):
    help = (
        "Create the superuser from DJANGO_SUPERUSER_USERNAME/PASSWORD/EMAIL, or bring an "
        "existing one up to date (email, password, staff/superuser/active flags). "
        "Idempotent: never fails because the user exists; leaves it untouched when "
        "nothing changed (so existing sessions stay valid)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "").strip()
        missing = [
            name
            for name, value in (
                ("DJANGO_SUPERUSER_USERNAME", username),
                ("DJANGO_SUPERUSER_PASSWORD", password),
            )
            if not value
        ]
        if missing:
            raise CommandError(f"ensure_superuser: {', '.join(missing)} not set.")

        User = get_user_model()
        manager = User._default_manager
        try:
            with transaction.atomic():
                manager.get_by_natural_key(username)
        except User.DoesNotExist:
            try:
                with transaction.atomic():
                    manager.create_superuser(
                        **{User.USERNAME_FIELD: username, "email": email, "password": password}
                    )
                self.stdout.write(f"ensure_superuser: created superuser '{username}'")
                return
            except IntegrityError:
                # Another instance created it at the same moment: fall through.
                pass

        with transaction.atomic():
            user = manager.select_for_update().get(**{User.USERNAME_FIELD: username})
            changed = []
            if getattr(user, "email", email) != email:
                user.email = email
                changed.append("email")
            if not user.check_password(password):
                user.set_password(password)
                changed.append("password")
            for flag in ("is_staff", "is_superuser", "is_active"):
                if not getattr(user, flag, True):
                    setattr(user, flag, True)
                    changed.append(flag)
            if changed:
                user.save()
        if changed:
            self.stdout.write(
                f"ensure_superuser: updated superuser '{username}' ({', '.join(changed)})"
            )
        else:
            self.stdout.write(f"ensure_superuser: superuser '{username}' already up to date")
