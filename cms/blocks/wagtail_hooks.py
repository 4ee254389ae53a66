from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def style_guide_menu_item() -> MenuItem:
    return MenuItem(_("Style guide"), reverse("styleguide"), icon_name="view", order=900)
