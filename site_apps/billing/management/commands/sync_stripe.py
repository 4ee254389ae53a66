"""Copy Stripe's products and prices into the local tables the pricing page reads.

Run it once after setting up prices in Stripe (and whenever webhooks were not delivered);
`price.*` and `product.*` webhooks keep the copy current afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from site_apps.billing import gateway
from site_apps.billing.services import sync_catalogue


class Command(BaseCommand):
    help = "Copy Stripe's products and prices into the local database (for the pricing page)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not gateway.is_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set: there is no Stripe account to read.")
        try:
            result = sync_catalogue()
        except gateway.BillingProviderError as error:
            raise CommandError(f"Stripe could not be read: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Synced {result.products} products and {result.prices} prices.")
        )
