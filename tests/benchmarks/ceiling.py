"""The framework's ceiling for `make bench`: one Django view returning a 20 KB page, with no
middleware, database or cache. Served by the same gunicorn (2 sync workers) as the site, so
each page's requests per second can be read as a share of this one."""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling-only-" + "c" * 40,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Ceiling</title></head><body>"
    + "<p>Twenty kilobytes of markup, the size of a small page.</p>" * 335
    + "</body></html>"
).encode()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [path("", page)]
application = get_wsgi_application()
