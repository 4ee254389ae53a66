from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.pages.models import NewsletterSubscription


class NewsletterSubscriptionViewSet(SnippetViewSet):
    model = NewsletterSubscription
    icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["email", "source", "created_at"]
    search_fields = ["email"]
    list_export = ["email", "source", "created_at"]


register_snippet(NewsletterSubscriptionViewSet)
