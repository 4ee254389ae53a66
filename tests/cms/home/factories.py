import wagtail_factories

from cms.home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    intro = "Launch a localized, themed, fast marketing site this afternoon."
