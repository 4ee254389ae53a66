from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.navigation.models import Footer, MainMenu


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    menu_label = _("Main menu")


class FooterViewSet(SnippetViewSet):
    model = Footer
    icon = "list-ul"
    menu_label = _("Footer")


class NavigationGroup(SnippetViewSetGroup):
    items = (MainMenuViewSet, FooterViewSet)
    menu_icon = "list-ul"
    menu_label = _("Navigation")
    menu_order = 220


register_snippet(NavigationGroup)
