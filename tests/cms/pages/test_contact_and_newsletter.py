"""The contact form stores and emails submissions and drops bots; the newsletter signs people up."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms.pages.models import ContactFormField, ContactPage, NewsletterSubscription


@pytest.fixture
def contact_page(home_page):
    page = ContactPage(
        title="Contact",
        slug="contact",
        to_address="staff@example.com",
        from_address="site@example.com",
        subject="New message",
    )
    page.form_fields = [  # type: ignore[misc]  # the page's own fields, set before saving
        ContactFormField(sort_order=0, label="Your name", field_type="singleline", required=True),
        ContactFormField(sort_order=1, label="Work email", field_type="email", required=True),
        ContactFormField(sort_order=2, label="Message", field_type="multiline", required=True),
    ]
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_form_renders_with_styled_fields_and_a_hidden_honeypot(client, contact_page):
    html = client.get(contact_page.url).content.decode()
    assert 'class="input w-full"' in html
    assert 'class="textarea w-full"' in html
    assert 'name="website"' in html


def test_each_kind_of_field_gets_its_own_look(client, contact_page):
    """Choices an editor adds: a box to tick, several boxes, and one of several (radio)."""
    for n, (label, kind) in enumerate(
        [("Keep me posted", "checkbox"), ("Products", "checkboxes"), ("Size", "radio")], start=3
    ):
        ContactFormField.objects.create(
            page=contact_page, sort_order=n, label=label, field_type=kind, choices="A\nB"
        )
    contact_page.save_revision().publish()
    fields: Any = BeautifulSoup(client.get(contact_page.url).content, "html.parser")
    classes = {
        name: {" ".join(tag["class"]) for tag in fields.find_all(attrs={"name": name})}
        for name in ("your_name", "message", "keep_me_posted", "products", "size")
    }
    assert classes == {
        "your_name": {"input w-full"},
        "message": {"textarea w-full"},
        "keep_me_posted": {"checkbox checkbox-primary"},
        "products": {"checkbox checkbox-primary"},
        "size": {"radio radio-primary"},
    }


def test_a_message_is_stored_and_emailed_to_staff(
    client, contact_page, django_capture_on_commit_callbacks
):
    data = {"your_name": "Ada", "work_email": "ada@example.com", "message": "Hello there"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, data)
    assert response.status_code == 200
    assert b"Thank you" in response.content
    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["work_email"] == "ada@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.com"]
    assert mail.outbox[0].reply_to == ["ada@example.com"]
    assert "Hello there" in mail.outbox[0].body


def test_a_wrong_email_gets_a_clear_message_and_nothing_is_kept(client, contact_page):
    data = {"your_name": "Ada", "work_email": "not-an-email", "message": "Hello"}
    response = client.post(contact_page.url, data)
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert b"Please correct the field marked below." in response.content
    fields: Any = BeautifulSoup(response.content, "html.parser")
    email = fields.find(attrs={"name": "work_email"})
    name = fields.find(attrs={"name": "your_name"})
    # Marked in its border as well as by its message, which it names for a screen reader.
    assert email["class"] == ["input", "w-full", "input-error"]
    assert email["aria-invalid"] == "true"
    assert fields.find(id=email["aria-describedby"].split()[-1]).get_text(strip=True) == (
        "Enter a valid email address."
    )
    assert name["class"] == ["input", "w-full"]
    assert not name.has_attr("aria-invalid")
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_a_bot_filling_the_honeypot_sees_thanks_but_nothing_is_kept_or_sent(client, contact_page):
    data = {
        "your_name": "Bot",
        "work_email": "bot@example.com",
        "message": "Buy now",
        "website": "http://spam.example",
    }
    response = client.post(contact_page.url, data)
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_newsletter_sign_up_without_javascript_redirects_back_with_a_message(client, home_page):
    response = client.post("/newsletter/", {"email": "Ada@Example.com", "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"on the list" in response.content
    assert NewsletterSubscription.objects.get().email == "ada@example.com"
    # Signing up twice is fine and keeps one row.
    client.post("/newsletter/", {"email": "ada@example.com", "next": "/"})
    assert NewsletterSubscription.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_with_htmx_swaps_in_thanks_or_the_error(client, home_page):
    ok = client.post("/newsletter/", {"email": "kenji@example.com"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200
    assert b"on the list" in ok.content
    assert b"<html" not in ok.content
    bad = client.post("/newsletter/", {"email": "nope"}, HTTP_HX_REQUEST="true")
    assert b"valid email address" in bad.content
    assert b'aria-invalid="true"' in bad.content
    assert NewsletterSubscription.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_ignores_bots_and_foreign_redirects(client, home_page):
    response = client.post(
        "/newsletter/",
        {"email": "bot@example.com", "website": "x", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not NewsletterSubscription.objects.exists()
    assert client.get("/newsletter/").status_code == 405


def test_a_message_too_long_gets_a_form_error_and_nothing_is_kept(client, contact_page):
    data = {"your_name": "Ada", "work_email": "ada@example.com", "message": "x" * 9000}
    response = client.post(contact_page.url, data)
    assert response.status_code == 200
    assert b"at most 5000 characters" in response.content
    assert b'maxlength="5000"' in response.content
    assert not FormSubmission.objects.exists()


def test_rapid_messages_are_limited_per_address_and_per_ip(
    client, contact_page, django_capture_on_commit_callbacks
):
    def send(n: int, email: str, ip: str):
        data = {"your_name": "Ada", "work_email": email, "message": f"Hello {n}"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(contact_page.url, data, REMOTE_ADDR=ip)

    for n in range(3):
        assert send(n, "ada@example.com", f"10.0.0.{n}").status_code == 200
    refused = send(3, "ADA@example.com", "10.0.0.9")  # a fourth from one address, another IP
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert b"several messages in a short time" in refused.content
    assert b"Hello 3" in refused.content  # what they typed is kept in the form
    for n in range(4, 6):
        assert send(n, f"person{n}@example.com", "10.0.0.50").status_code == 200
    many = [send(n, f"p{n}@example.com", "10.0.0.50").status_code for n in range(6, 10)]
    assert many == [200, 200, 200, 429]  # the sixth from one IP in ten minutes
    assert FormSubmission.objects.count() == 8
    assert len(mail.outbox) == 8  # staff hear of the stored ones only


def test_a_form_sent_back_with_errors_does_not_count_towards_the_limits(
    client, contact_page, django_capture_on_commit_callbacks
):
    """A visitor who gets the form wrong more often than the limit allows, from one network
    address and with one email address, still sends their message when it is right."""
    for n in range(8):
        data = {"your_name": "Ada", "work_email": "ada@" if n % 2 else "", "message": "Hello"}
        response = client.post(contact_page.url, data, REMOTE_ADDR="10.0.0.7")
        assert response.status_code == 200
        assert b"Please correct the field marked below." in response.content
    data = {"your_name": "Ada", "work_email": "ada@example.com", "message": "Hello"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, data, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert FormSubmission.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_newsletter_sign_ups_are_limited_per_address(client, home_page):
    for _ in range(3):
        client.post("/newsletter/", {"email": "ada@example.com"}, HTTP_HX_REQUEST="true")
    refused = client.post("/newsletter/", {"email": "ada@example.com"}, HTTP_HX_REQUEST="true")
    assert b"Too many sign-ups" in refused.content
    assert int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_mistyped_newsletter_address_does_not_count_towards_the_limits(client, home_page):
    """More wrong addresses than either limit allows, from one network address, and the right
    one is still kept; a refused sign-up then names the limit, not the address."""
    for n in range(12):
        answer = client.post(
            "/newsletter/", {"email": f"ada{n}@"}, HTTP_HX_REQUEST="true", REMOTE_ADDR="10.0.0.8"
        )
        assert b"Please enter a valid email address." in answer.content
        assert "Retry-After" not in answer
    data = {"email": " Ada@Example.com "}
    kept = client.post("/newsletter/", data, HTTP_HX_REQUEST="true", REMOTE_ADDR="10.0.0.8")
    assert "Retry-After" not in kept
    assert list(NewsletterSubscription.objects.values_list("email", flat=True)) == [
        "ada@example.com"
    ]


@pytest.mark.django_db
def test_newsletter_sign_ups_are_limited_per_ip(client, home_page):
    """Ten an hour from one address of the network, whatever email each gives (htmx swaps
    only 2xx answers, so the refusal is the form with its message and Retry-After)."""
    answers = [
        client.post("/newsletter/", {"email": f"p{n}@example.com"}, HTTP_HX_REQUEST="true")
        for n in range(11)
    ]
    assert [("Retry-After" in answer) for answer in answers] == [False] * 10 + [True]
    assert b"Too many sign-ups" in answers[-1].content
    assert NewsletterSubscription.objects.count() == 10
    other = client.post(
        "/newsletter/", {"email": "q@example.com"}, HTTP_HX_REQUEST="true", REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 200


SPANISH = {"Your name": "Tu nombre", "Work email": "Correo del trabajo", "Message": "Mensaje"}


def translate_to_spanish(page: ContactPage) -> ContactPage:
    """What an editor does in wagtail-localize: translate the page's strings, then publish."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    spanish = Locale.objects.get(language_code="es")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in SPANISH:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=spanish,
                context=segment.context,
                data=SPANISH[segment.string.data],
            )
    translated, _ = source.create_or_update_translation(
        spanish, copy_parent_pages=True, fallback=True
    )
    translated.get_latest_revision().publish()
    return ContactPage.objects.get(pk=translated.pk)


def test_form_labels_are_translated_and_submissions_keep_one_set_of_keys(
    client, contact_page, django_capture_on_commit_callbacks
):
    spanish = translate_to_spanish(contact_page)
    assert spanish.url == "/es/contact/"
    html = client.get(spanish.url).content.decode()
    for english, translated in SPANISH.items():
        assert f">{translated}" in html
        assert f">{english}" not in html
    keys = {f.clean_name for f in spanish.form_fields.all()}
    assert keys == {f.clean_name for f in contact_page.form_fields.all()}
    data = {"your_name": "Ana", "work_email": "ana@example.com", "message": "Hola"}
    with django_capture_on_commit_callbacks(execute=True):
        assert b"website" not in client.post(spanish.url, data).content
        client.post(contact_page.url, {**data, "your_name": "Ada", "message": "Hi"})
    submitted = [s.get_data() for s in FormSubmission.objects.order_by("pk")]
    assert [sorted(k for k in s if k != "submit_time") for s in submitted] == [
        ["message", "work_email", "your_name"]
    ] * 2
    assert {s["your_name"] for s in submitted} == {"Ana", "Ada"}
    # The Spanish email to staff carries the Spanish labels.
    assert "Tu nombre: Ana" in mail.outbox[0].body
