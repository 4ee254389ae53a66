"""`{% phone_section %}`: the account page's phone section, wherever a page puts it."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from site_apps.sms.views import section_context

register = template.Library()


@register.simple_tag(takes_context=True)
def phone_section(context: template.Context) -> SafeString:
    request = context["request"]
    if not request.user.is_authenticated:
        return SafeString("")
    extra = {"next": request.get_full_path()}
    return render_to_string("sms/phone.html#section", section_context(request, **extra), request)
