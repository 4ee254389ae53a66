"""Make sure a local superuser exists for `make run`, with a team (Acme, slug `acme`) that
docs/api.md's examples use, and print how to log in.

Acme gets the Team plan as a grant from the operator (`manage.py grant_plan`, no Stripe), so
the paid features (phone verification by SMS, more API keys, more storage) can be tried at
once on a machine without Stripe keys. Only an Acme this command creates gets it: a team of
that slug made some other way is left as it is, and the command says how to grant it.

Development only: it refuses to run when DEBUG is off, so a production database never gets an
account with a published password.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from site_apps.billing.selectors import plan_grant_in_force
from site_apps.billing.services import grant_plan
from site_apps.teams.models import Team
from site_apps.teams.services import create_team

EMAIL = "admin@example.com"
TEAM_NAME, TEAM_SLUG = "Acme", "acme"
PASSWORD = "admin"  # noqa: S105 - a published local-only password, refused outside DEBUG
DEMO_PLAN = "team"
DEMO_GRANT_NOTE = "The local demo team: granted by ensure_local_admin, to try paid features."


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
            email=EMAIL,
            defaults={
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Admin",
                "last_name": "User",
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        elif not user.last_name:
            # The admin's account settings ask for both names: without a last name, changing
            # the admin's language or anything else there said "This field is required".
            user.last_name = "User"
            user.save(update_fields=["last_name"])
        # Sign-in requires a verified address (allauth); this local account's is taken as read.
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        team = Team.objects.filter(slug=TEAM_SLUG).first()
        if team is None:
            team = create_team(user, name=TEAM_NAME)
            if team.slug != TEAM_SLUG:  # a slug is made from the name; this one is free
                team.slug = TEAM_SLUG
                team.save(update_fields=["slug"])
            grant_plan(team, plan=DEMO_PLAN, note=DEMO_GRANT_NOTE)
        grant = plan_grant_in_force(team)
        if grant is not None:
            plan = (
                f"  Team:   {team.name}, {grant.plan} plan (granted, no Stripe): "
                "try SMS verification at /accounts/phone/"
            )
        else:
            plan = (
                f"  Team:   {team.name} (made before; left as it is). To try paid features: "
                f"manage.py grant_plan {team.slug} {DEMO_PLAN}"
            )
        password = PASSWORD if created or user.check_password(PASSWORD) else "(changed by you)"
        self.stdout.write(
            "\n".join(
                [
                    "",
                    self.style.SUCCESS(f"  Site:   {settings.SITE_URL}/"),
                    self.style.SUCCESS(f"  Admin:  {settings.SITE_URL}/admin/"),
                    f"  Login:  {EMAIL}  password: {password}",
                    plan,
                    "",
                ]
            )
        )
