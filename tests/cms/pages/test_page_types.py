"""Each page type can be created only under its allowed parents, and renders."""

from __future__ import annotations

from datetime import date

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.blog.models import BlogIndexPage, BlogPostPage
from cms.home.models import HomePage
from cms.pages.models import ContactPage, StandardPage
from cms.pricing.models import PricingPage
from tests.cms.blog.factories import AuthorFactory, BlogIndexPageFactory, BlogPostPageFactory
from tests.cms.home.factories import site_with_home
from tests.cms.images import make_image
from tests.cms.pages.factories import ContactPageFactory, StandardPageFactory
from tests.cms.pricing.factories import PlanFactory, PricingPageFactory


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_with_home()
        cls.about = StandardPageFactory.create(
            parent=cls.home,
            title="About",
            slug="about",
            intro="Who we are.",
            body__0__rich_text__text="<p>Our story.</p>",
            body__1__quote__quote="Hello",
            body__1__quote__attribution="Ada",
            body__1__quote__role="",
        )
        cls.pricing = PricingPageFactory.create(parent=cls.home)
        PlanFactory.create(
            name="Team", slug="team", monthly_amount=29, yearly_amount=290, locale=cls.home.locale
        )
        cls.contact = ContactPageFactory.create(
            parent=cls.home, title="Contact", slug="contact", to_address="staff@example.com"
        )
        cls.blog = BlogIndexPageFactory.create(parent=cls.home, title="Blog", slug="blog")
        author = AuthorFactory.create(name="Ada", slug="ada", role="", locale=cls.home.locale)
        cls.post = BlogPostPageFactory.create(
            parent=cls.blog,
            title="Hello",
            slug="hello",
            intro="A first post.",
            date=date(2026, 1, 2),
            author=author,
            hero_image=make_image("Hero"),
            body__0__rich_text__text="<p>Words here.</p>",
        )

    def setUp(self):
        self.login()

    def test_parent_rules_keep_the_tree_sensible(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(ContactPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(PricingPage, {HomePage})
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertAllowedSubpageTypes(PricingPage, set())
        self.assertCanNotCreateAt(HomePage, BlogPostPage)
        self.assertCanNotCreateAt(StandardPage, BlogIndexPage)

    def test_a_standard_page_can_be_created_under_home_through_the_admin(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Careers",
                    "slug": "careers",
                    "intro": "Work with us.",
                    "body": streamfield(
                        [
                            (
                                "rich_text",
                                {
                                    "text": rich_text("<p>Open roles.</p>"),
                                    "width": "narrow",
                                    "settings": {
                                        "anchor": "",
                                        "spacing": "medium",
                                        "background": "default",
                                    },
                                },
                            )
                        ]
                    ),
                }
            ),
        )

    def test_a_blog_post_can_be_created_under_the_blog_through_the_admin(self):
        self.assertCanCreateAt(BlogIndexPage, BlogPostPage)
        self.assertCanCreate(
            self.blog,
            BlogPostPage,
            nested_form_data(
                {
                    "title": "Second",
                    "slug": "second",
                    "date": "2026-02-01",
                    "intro": "Another post.",
                    "tags": "news, product",
                    "body": streamfield(
                        [("rich_text", {"text": rich_text("<p>Body.</p>"), "width": "narrow"})]
                    ),
                }
            ),
        )
        created = BlogPostPage.objects.get(slug="second")
        assert {t.name for t in created.tags.all()} == {"news", "product"}

    def test_a_contact_page_can_be_created_with_its_fields(self):
        parent = StandardPageFactory.create(parent=self.home, title="Support", slug="support")
        self.assertCanCreateAt(StandardPage, ContactPage)
        self.assertCanCreate(
            parent,
            ContactPage,
            nested_form_data(
                {
                    "title": "Write to support",
                    "slug": "write",
                    "intro": "",
                    "to_address": "support@example.com",
                    "from_address": "site@example.com",
                    "subject": "Support",
                    "thank_you_text": rich_text("<p>Thanks</p>"),
                    "contact_details": rich_text(""),
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Email",
                                "field_type": "email",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )

    def test_one_pricing_page_per_site(self):
        assert not PricingPage.can_create_at(self.home)  # max one per site, and there is one
        assert not ContactPage.can_create_at(self.home)

    def test_every_page_type_renders(self):
        for page in (self.home, self.about, self.pricing, self.contact, self.blog, self.post):
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(self.post)
        self.assertPageIsPreviewable(self.blog)
        self.assertPageIsPreviewable(self.blog, mode="dark")

    def test_editors_preview_pages_in_dark_mode(self):
        from bs4 import BeautifulSoup

        url = f"/admin/pages/{self.blog.pk}/edit/preview/"
        self.client.post(url, {"title": "Blog", "slug": "blog", "intro": "", "posts_per_page": 9})
        html = BeautifulSoup(self.client.get(f"{url}?mode=dark").content, "html.parser").html
        assert html["data-theme"] == "dark"
        assert html.has_attr("data-theme-fixed")
        # "Site theme" shows the site's default, whatever the editor's own choice or system.
        self.client.cookies["theme_mode"] = "dark"
        html = BeautifulSoup(self.client.get(f"{url}?mode=").content, "html.parser").html
        assert html["data-theme"] == "light"
        assert html.has_attr("data-theme-fixed")
        assert not html.has_attr("data-theme-auto")

    def test_reading_time_is_stored_from_the_body(self):
        words = " ".join(["word"] * 700)
        self.post.body = [("rich_text", {"text": f"<p>{words}</p>", "width": "narrow"})]
        self.post.save()
        self.post.refresh_from_db()
        assert self.post.word_count >= 700
        assert self.post.reading_minutes == 4


def test_a_failed_save_names_the_field_and_its_tab(client, home_page):
    """ "Slug already in use" sat on the Promote tab while the editor, on Content, read only
    "validation errors" (issue 12): the message now names each failed field and its tab."""
    from django.urls import reverse

    from tests.site_apps.accounts.factories import UserFactory

    StandardPageFactory.create(parent=home_page, title="About", slug="about")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["pages", "standardpage", home_page.pk]),
        nested_form_data({"title": "About again", "slug": "about", "body": streamfield([])}),
        follow=True,
    )
    html = response.content.decode()
    assert "Slug (Promote tab)" in html, html[:2000]
    assert not StandardPage.objects.filter(title="About again").exists()
