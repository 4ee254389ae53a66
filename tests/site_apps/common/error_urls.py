"""The site's URLs plus a page whose view leaves billing's refusals to the error family."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path

from cms.urls import handler500, urlpatterns as site_urlpatterns
from site_apps.billing import services
from site_apps.teams.models import Membership

__all__ = ["handler500", "urlpatterns"]


def open_portal(request: HttpRequest, membership: int) -> HttpResponse:
    actor = Membership.objects.select_related("team").get(pk=membership)
    return HttpResponseRedirect(
        services.portal_url(actor, return_url="https://example.com/", attempt="a1")
    )


urlpatterns = [
    path("test-errors/portal/<int:membership>/", open_portal),
    *site_urlpatterns,
]
