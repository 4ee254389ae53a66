"""Settings for each outside service and subsystem the site plugs into, one module each.

`cms/settings/base.py` imports every setting it uses from these modules by name, so a reader
finds where a setting comes from with a search, and nothing here acts on import: each module
reads its variables through `cms.settings.env` and assigns settings, nothing more (Sentry is
started by the entry points, not by settings: `site_apps.observability.gateway`).

| module | what |
|---|---|
| `providers` | the timeouts every HTTP provider call shares |
| `ai` | the AI model gateway (site_apps/ai) |
| `api` | Django REST framework, simplejwt, drf-spectacular, the API's rates |
| `email` | the sender, SMTP or Loops (Django 6.1 `MAILERS`) |
| `logging` | one logging configuration, request ids, health-check timeout |
| `sentry` | error reporting and tracing, Sentry's webhooks |
| `sms` | text messages: the backend, Twilio, numbers and limits |
| `storage` | static files, media and private uploads: local files or S3 |
| `stripe` | Stripe billing |
"""
