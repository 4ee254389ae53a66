"""Text messages: phone verification and delivery tracking (site_apps/sms, docs/sms.md)."""

from __future__ import annotations

from cms.settings.env import env
from cms.settings.integrations.providers import PROVIDER_TIMEOUT

# Which backend sends text messages: "console" (prints them: the development default), "twilio"
# (Twilio Programmable Messaging, configured by TWILIO_*), "disabled" (the account page says SMS
# is not set up), "locmem" (tests: an outbox), or the dotted path of a backend class.
SMS_BACKENDS = {
    "console": "site_apps.sms.backends.ConsoleBackend",
    "locmem": "site_apps.sms.backends.LocmemBackend",
    "twilio": "site_apps.sms.backends.TwilioBackend",
    "disabled": "site_apps.sms.backends.DisabledBackend",
}
SMS_BACKEND_NAME = env.str("SMS_BACKEND", default="console")
SMS_BACKEND = SMS_BACKENDS.get(SMS_BACKEND_NAME, SMS_BACKEND_NAME)
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
# The sender: a Twilio phone number (E.164) or alphanumeric sender id, or a Messaging Service.
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
# Seconds the SDK waits for Twilio's answer before the message is marked failed ("timeout");
# connecting waits PROVIDER_CONNECT_TIMEOUT. By default PROVIDER_READ_TIMEOUT: with in-process
# tasks (TASKS_BACKEND=immediate) the send runs within the request. With a db_worker sending,
# a longer wait (say 10) spares a slow Twilio's messages from being marked failed.
TWILIO_TIMEOUT = env.float("TWILIO_TIMEOUT", default=PROVIDER_TIMEOUT[1])
# Another address for Twilio's REST API; only tests (a local fake Twilio) set it.
TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="").rstrip("/")
# Numbers starting with these calling-code prefixes are refused (SMS pumping and toll fraud
# favour satellite, international-network and premium ranges); premium-rate and shared-cost
# numbers are refused wherever they are.
SMS_BLOCKED_PREFIXES: list[str] = env.list(
    "SMS_BLOCKED_PREFIXES", default=["+870", "+878", "+881", "+882", "+883", "+888", "+979"]
)
# ISO 3166 country codes numbers may belong to (e.g. "US,CA,GB,FR"); empty: every country.
SMS_ALLOWED_COUNTRIES: list[str] = [
    code.upper() for code in env.list("SMS_ALLOWED_COUNTRIES", default=[])
]
# The country a number typed without its +country code belongs to, by the visitor's language.
SMS_REGION_BY_LANGUAGE = {"en": "US", "es": "ES", "fr": "FR", "ar": "SA"}
# Codes and limits. Counted from the database (messages and verifications in a window), so they
# hold without Redis. Windows are (count, seconds).
SMS_CODE_LENGTH = 6
SMS_CODE_TTL_SECONDS = 10 * 60
SMS_MAX_WRONG_CODES = 5
SMS_LOCKOUT_SECONDS = 60 * 60
SMS_RESEND_SECONDS = 60
SMS_LIMIT_PER_NUMBER = (5, 60 * 60)
SMS_LIMIT_PER_USER = (10, 24 * 60 * 60)
SMS_LIMIT_PER_IP = (10, 60 * 60)
