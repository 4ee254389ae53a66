"""What a call to an outside HTTP provider (Stripe, Loops, S3, Twilio, SMTP) may cost."""

from __future__ import annotations

from cms.settings.env import env

# HTTP providers (Stripe, Loops, S3): seconds to connect, then to wait for each answer.
# Calls made during a request try once (Stripe's idempotency keys make a second press safe), so
# a hung provider costs a page at most their sum. Twilio's gateway (site_apps/sms) connects
# within the first and waits TWILIO_TIMEOUT (by default the second) for each answer, one try.
PROVIDER_TIMEOUT = (
    env.float("PROVIDER_CONNECT_TIMEOUT", default=1.0),
    env.float("PROVIDER_READ_TIMEOUT", default=2.0),
)
