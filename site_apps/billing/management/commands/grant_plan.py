"""Give a team a plan without Stripe, or end that grant: for a partner, a non-profit, a trial
by hand, or trying the paid features locally (no Stripe keys in development).

    python manage.py grant_plan acme team --note "Partner" --until 2027-06-30
    python manage.py grant_plan acme --revoke

The team's entitlements then come from the granted plan (or a better one it pays for), and its
billing page says the operator granted it. Nothing is charged; Stripe is not called.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from site_apps.billing.plans import PLANS
from site_apps.billing.services import BillingError, grant_plan, revoke_plan_grant
from site_apps.teams.models import Team


class Command(BaseCommand):
    help = "Grant a team a plan without Stripe (recorded as granted), or --revoke the grant."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("team", help="The team's slug.")
        parser.add_argument("plan", nargs="?", choices=list(PLANS), help="The plan to grant.")
        parser.add_argument("--note", default="", help="Why (shown on the team's billing page).")
        parser.add_argument(
            "--until", type=datetime.date.fromisoformat, help="Last day (YYYY-MM-DD)."
        )
        parser.add_argument("--revoke", action="store_true", help="End the team's grant now.")

    def handle(self, *args: Any, **options: Any) -> None:
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(f"No team with the slug {options['team']!r}.")
        if options["revoke"]:
            ended = revoke_plan_grant(team)
            self.stdout.write(f"{team.name}: grant ended." if ended else f"{team.name}: no grant.")
            return
        if not options["plan"]:
            raise CommandError(f"Name a plan to grant ({', '.join(PLANS)}), or --revoke.")
        until: datetime.date | None = options["until"]
        ends_at = (
            timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
            if until
            else None
        )
        try:
            grant = grant_plan(team, plan=options["plan"], note=options["note"], ends_at=ends_at)
        except BillingError as error:
            raise CommandError(str(error)) from error
        until_text = f" until {until.isoformat()}" if until else ""
        self.stdout.write(
            self.style.SUCCESS(f"{team.name} is on the {grant.plan} plan{until_text}, granted.")
        )
