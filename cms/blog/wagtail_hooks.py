from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.blog.models import Author, BlogCategory


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role"]
    search_fields = ["name"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug"]


class BlogGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, BlogCategoryViewSet)
    menu_icon = "doc-full"
    menu_label = _("Blog")
    menu_order = 200


register_snippet(BlogGroup)
