"""The development stand-in for a machine translator, named for what it does.

wagtail-localize's `DummyTranslator` reverses the words of each segment and calls itself "Dummy
translator" in the editor's header, which reads like a real (if poor) service. Development only:
production settings refuse `MACHINE_TRANSLATOR=dummy`.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.dummy import DummyTranslator


class ReversedWordsTranslator(DummyTranslator):
    display_name = _("Reversed words (development test, not a translation)")
