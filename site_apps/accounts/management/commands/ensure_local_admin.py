"""Make sure a local superuser exists for `make run`, with a team (Acme, slug `acme`, on the
free plan) that docs/api.md's examples use, and print how to log in.

Development only: it refuses to run when DEBUG is off, so a production database never gets an
account with a published password.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from site_apps.teams.models import Team
from site_apps.teams.services import create_team

EMAIL = "admin@example.com"
TEAM_NAME, TEAM_SLUG = "Acme", "acme"
PASSWORD = "admin"  # noqa: S105 - a published local-only password, refused outside DEBUG


class Command(BaseCommand):
    help = (
        "Create the local admin (admin@example.com / admin) and its team Acme if missing; "
        "DEBUG only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin only runs with DEBUG on (development).")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=EMAIL, defaults={"is_staff": True, "is_superuser": True, "first_name": "Admin"}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        # Sign-in requires a verified address (allauth); this local account's is taken as read.
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        if not Team.objects.filter(slug=TEAM_SLUG).exists():
            team = create_team(user, name=TEAM_NAME)
            if team.slug != TEAM_SLUG:  # a slug is made from the name; this one is free
                team.slug = TEAM_SLUG
                team.save(update_fields=["slug"])
        password = PASSWORD if created or user.check_password(PASSWORD) else "(changed by you)"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    self.style.SUCCESS(f"  Site:   {settings.SITE_URL}/"),
                    self.style.SUCCESS(f"  Admin:  {settings.SITE_URL}/admin/"),
                    f"  Login:  {EMAIL}  password: {password}",
                    "",
                ]
            )
        )
