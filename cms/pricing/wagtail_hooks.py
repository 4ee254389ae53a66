from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.pricing.models import Plan


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "tag"
    menu_label = _("Plans")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "name",
        "monthly_amount",
        "yearly_amount",
        "currency",
        "highlighted",
        "sort_order",
    ]
    ordering = ["sort_order"]


register_snippet(PlanViewSet)
