"""Issue a team API key from the shell; prints the key and nothing else, for scripts:

KEY=$(python manage.py issue_api_key --team acme --name "Nightly export")
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from site_apps.api.services import issue_key
from site_apps.billing.entitlements import PlanLimitReached
from site_apps.teams.models import Team
from site_apps.teams.services import TeamError


class Command(BaseCommand):
    help = "Make an API key for a team and print only the key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--team", required=True, help="The team's slug.")
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument("--user", help="Email of the person it is made for (optional).")
        parser.add_argument("--expires-in-days", type=int, help="Expire after this many days.")

    def handle(self, *args: Any, **options: Any) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user with the email {options['user']!r}.")
        days = options["expires_in_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            _key, secret = issue_key(user, team=team, name=options["name"], expires_at=expires_at)
        except (TeamError, PlanLimitReached) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(secret)
