"""Stripe billing (site_apps/billing, docs/billing.md)."""

from __future__ import annotations

from cms.settings.env import env

# Off while STRIPE_SECRET_KEY is empty, and the pricing page then says payments are not
# configured. STRIPE_API_BASE points the SDK at another server (the tests' local fake); empty
# means Stripe's own https://api.stripe.com. Calls wait PROVIDER_TIMEOUT (providers.py).
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="").rstrip("/")
# A webhook event whose processing fails is tried again with a growing pause (30 s, 1 min,
# 2 min... at most an hour) this many times in all (site_apps/billing/tasks.py).
STRIPE_EVENT_MAX_ATTEMPTS = 8
# Days of free trial a team's first subscription starts with, with no card asked for; at its
# end Stripe cancels the subscription unless a payment method was added. 0: no trial.
BILLING_TRIAL_DAYS = env.int("BILLING_TRIAL_DAYS", default=14)
