"""Email through Loops: the gateway and the Django backend against a local server speaking
Loops' wire format. Failures always surface as `LoopsError` with Loops' own words."""

import base64

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.test import override_settings

from site_apps.mail.gateway import LoopsClient, LoopsError, TransactionalEmail
from site_apps.teams import services
from site_apps.teams.models import Invitation, Role
from tests.site_apps.mail.fake_loops import API_KEY, Reply, fake_loops
from tests.site_apps.teams.factories import team_with


@pytest.fixture
def loops():
    with fake_loops() as server:
        yield server


def loops_mailer(server, **options):
    return {
        "default": {
            "BACKEND": "site_apps.mail.backends.LoopsEmailBackend",
            "OPTIONS": {
                "api_key": API_KEY,
                "transactional_id": "tmpl_site",
                "api_url": server.url,
                "timeout": 2,
                **options,
            },
        }
    }


def test_a_message_goes_to_each_recipient_with_our_subject_and_body(loops):
    with override_settings(MAILERS=loops_mailer(loops)):
        message = EmailMultiAlternatives(
            "Welcome", "Hello there.", to=["a@example.com"], cc=["b@example.com"]
        )
        message.attach_alternative("<p>Hello there.</p>", "text/html")
        message.attach("notes.txt", "some notes", "text/plain")
        assert message.send() == 1

    assert [r["json"]["email"] for r in loops.requests] == ["a@example.com", "b@example.com"]
    first = loops.requests[0]
    assert first["path"] == "/api/v1/transactional"
    assert first["headers"]["Authorization"] == f"Bearer {API_KEY}"
    assert first["json"]["transactionalId"] == "tmpl_site"
    assert first["json"]["dataVariables"] == {"subject": "Welcome", "body": "Hello there."}
    assert first["json"]["attachments"] == [
        {
            "filename": "notes.txt",
            "contentType": "text/plain",
            "data": base64.b64encode(b"some notes").decode(),
        }
    ]
    keys = {r["headers"]["Idempotency-Key"] for r in loops.requests}
    assert len(keys) == 2  # one per recipient, so Loops never drops a legitimate copy


def test_an_html_only_message_is_sent_as_text(loops):
    with override_settings(MAILERS=loops_mailer(loops)):
        message = EmailMessage("Hi", "<p>Hello <b>you</b></p>", to=["a@example.com"])
        message.content_subtype = "html"
        message.send()
    assert loops.requests[0]["json"]["dataVariables"]["body"] == "Hello you"


def test_a_4xx_is_reported_with_loops_message_and_not_retried(loops):
    loops.replies = [
        Reply(400, {"success": False, "path": "dataVariables", "message": "Missing body"})
    ]
    with (
        override_settings(MAILERS=loops_mailer(loops)),
        pytest.raises(LoopsError, match=r"HTTP 400 \(dataVariables\): Missing body") as raised,
    ):
        EmailMessage("Hi", "Body", to=["a@example.com"]).send()
    assert raised.value.status == 400
    assert len(loops.requests) == 1


def test_a_wrong_key_is_reported(loops):
    client = LoopsClient("not-the-key", api_url=loops.url, attempts=1)
    with pytest.raises(LoopsError, match="HTTP 401: Invalid API key"):
        client.send_transactional(TransactionalEmail("a@example.com", "tmpl"))


def test_a_5xx_is_retried_once_with_the_same_idempotency_key(loops):
    loops.replies = [Reply(503, {"success": False, "message": "Busy"}), Reply(200)]
    client = LoopsClient(API_KEY, api_url=loops.url, retry_delay=0)
    client.send_transactional(TransactionalEmail("a@example.com", "tmpl", idempotency_key="k1"))
    assert len(loops.requests) == 2
    assert {r["headers"]["Idempotency-Key"] for r in loops.requests} == {"k1"}


def test_a_5xx_that_persists_is_reported(loops):
    loops.replies = [Reply(500, {"success": False, "message": "Oops"})] * 2
    client = LoopsClient(API_KEY, api_url=loops.url, retry_delay=0)
    with pytest.raises(LoopsError, match="HTTP 500: Oops"):
        client.send_transactional(TransactionalEmail("a@example.com", "tmpl", idempotency_key="k"))
    assert len(loops.requests) == 2


def test_a_timeout_is_reported(loops):
    loops.replies = [Reply(delay=1.0), Reply(delay=1.0)]
    client = LoopsClient(API_KEY, api_url=loops.url, timeout=0.2, retry_delay=0)
    with pytest.raises(LoopsError, match=r"did not answer within 0.2 s"):
        client.send_transactional(TransactionalEmail("a@example.com", "tmpl", idempotency_key="k"))


def test_a_retry_after_a_lost_answer_does_not_send_twice(loops):
    # The first request arrives (and is sent) but its answer is too slow; the retry gets 409.
    loops.replies = [Reply(delay=0.5), Reply()]
    client = LoopsClient(API_KEY, api_url=loops.url, timeout=0.2, retry_delay=0.5)
    client.send_transactional(TransactionalEmail("a@example.com", "tmpl", idempotency_key="k"))
    assert len(loops.requests) == 2
    assert loops.seen_keys == {"k"}


def test_unreachable_loops_is_reported():
    client = LoopsClient(API_KEY, api_url="http://127.0.0.1:9/api/v1", attempts=1)
    with pytest.raises(LoopsError, match="Could not reach Loops"):
        client.send_transactional(TransactionalEmail("a@example.com", "tmpl"))


@pytest.mark.django_db(transaction=True)
def test_an_invitation_that_loops_refuses_is_not_kept_and_the_inviter_is_told(loops):
    """Real commits: the email goes out after the invitation is committed, and a refusal
    takes the invitation back. Loops' words are for the logs; the inviter reads ours."""
    team, (owner,) = team_with(Role.OWNER)
    loops.replies = [Reply(400, {"success": False, "message": "Transactional email not found"})]
    with (
        override_settings(MAILERS=loops_mailer(loops)),
        pytest.raises(
            services.InvitationNotSent, match="Transactional email not found"
        ) as not_sent,
    ):
        services.invite_member(owner, team=team, email="grace@example.com", role=Role.MEMBER)
    assert not_sent.value.public_message.startswith("We could not send the invitation email")
    assert not Invitation.objects.exists()
    assert mail.outbox == []

    with override_settings(MAILERS=loops_mailer(loops)):
        services.invite_member(owner, team=team, email="grace@example.com", role=Role.MEMBER)
    assert Invitation.objects.count() == 1
    assert "/teams/join/" in loops.requests[-1]["json"]["dataVariables"]["body"]
