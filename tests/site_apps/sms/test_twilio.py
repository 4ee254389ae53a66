"""Twilio's real SDK against a local server speaking Twilio's wire format, and status callbacks
signed with Twilio's scheme: sending, a provider 500 and timeout, signature refusal, duplicate
and out-of-order callbacks, and the code kept out of the database, the logs and Sentry."""

from __future__ import annotations

import socket
import time

import pytest

from site_apps.observability import gateway as sentry_gateway
from site_apps.sms import services
from site_apps.sms.models import OutgoingMessage, PhoneVerification, Status, StatusEvent
from tests.site_apps.sms.conftest import PHONE, STATUS_URL, code_in
from tests.site_apps.sms.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, signature
from tests.site_apps.sms.test_verification import age, text_in_the_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(person, django_capture_on_commit_callbacks):
    """Ask for a code for `person`, the send task running once the request commits."""

    def send(phone=PHONE):
        with django_capture_on_commit_callbacks(execute=True):
            services.request_code(person, phone=phone, client_ip="203.0.113.5")
        return OutgoingMessage.objects.order_by("-pk").first()

    return send


@pytest.fixture
def post_as_person(client, person, django_capture_on_commit_callbacks):
    """POST as `person`, the send task running once the request commits (as in-process)."""
    client.force_login(person)

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture
def callback(client, twilio, django_capture_on_commit_callbacks):
    """Deliver a signed status callback; its task runs once the request commits."""

    def callback(sid, status, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return twilio.callback(client, sid, status, url=STATUS_URL, **kwargs)

    return callback


def test_the_sdk_sends_the_code_with_our_sender_callback_and_credentials(send, twilio):
    message = send()
    (request,) = twilio.requests
    assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request["user_agent"].startswith("twilio-python/")
    form = request["form"]
    assert form["To"] == PHONE
    assert form["From"] == FROM_NUMBER
    assert form["StatusCallback"] == STATUS_URL
    assert "is your Lumen verification code" in form["Body"]
    assert form["Body"].endswith(f"@www.example.com #{code_in(form['Body'])}")

    assert message.provider_id.startswith("SM")
    assert len(message.provider_id) == 34
    assert (message.status, message.backend, message.segments) == ("queued", "twilio", 1)
    assert message.sent_at is not None
    event = message.events.get()
    assert (event.status, event.source, event.applied) == ("queued", "api", True)


def test_a_messaging_service_sends_when_configured(send, twilio, settings):
    settings.TWILIO_FROM_NUMBER = ""
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    message = send()
    assert twilio.sent()[0]["MessagingServiceSid"] == "MG" + "1" * 32
    assert "From" not in twilio.sent()[0]
    assert message.status == "queued"  # Twilio said "accepted"
    assert message.events.get().status == "accepted"


def test_a_twilio_500_fails_the_message_with_its_code_and_a_retry_works(
    send, twilio, client, person
):
    twilio.fail_next(500, 20500)
    message = send()
    assert (message.status, message.error_code) == (Status.FAILED, "20500")
    assert message.provider_id == ""
    assert message.events.get().source == "site"

    client.force_login(person)
    page = client.get("/accounts/phone/")
    assert "our text message service refused it (error 20500)" in page.content.decode()

    age([message], 61)
    retry = send()
    assert retry.status == Status.QUEUED
    assert retry.pk != message.pk


def test_a_refused_number_says_why(send, twilio, client, person):
    twilio.fail_next(400, 21614, "'To' number is not a valid mobile number")
    message = send()
    assert (message.status, message.error_code) == (Status.FAILED, "21614")
    assert "not a valid mobile number" in message.error_message
    client.force_login(person)
    page = client.get("/accounts/phone/").content.decode()
    assert "this number cannot receive text messages (is it a landline?)" in page


def test_a_twilio_that_does_not_answer_times_out_and_fails_the_message(
    send, twilio, client, person
):
    twilio.delay = 5.0
    started = time.monotonic()
    message = send()
    assert time.monotonic() - started < 3.5  # TWILIO_TIMEOUT is 0.5 s in the tests
    assert (message.status, message.error_code) == (Status.FAILED, "timeout")
    assert "did not answer within 0.5 s" in message.error_message
    client.force_login(person)
    page = client.get("/accounts/phone/").content.decode()
    assert "our text message service did not answer" in page
    assert PhoneVerification.objects.get().closed_at is None  # the person may ask again


@pytest.fixture
def unreachable_twilio(settings):
    """An address that never takes the connection: a listening socket whose queue is full."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{port}"
    yield
    for sock in (*fillers, server):
        sock.close()


def test_a_twilio_that_takes_no_connection_costs_the_page_the_connect_timeout_once(
    twilio, unreachable_twilio, settings, post_as_person
):
    """With in-process tasks the send runs within the request: connecting waits the providers'
    connect timeout, once (not TWILIO_TIMEOUT, and no second try)."""
    settings.PROVIDER_TIMEOUT = (0.3, 2.0)
    settings.TWILIO_TIMEOUT = 5.0
    started = time.monotonic()
    response = post_as_person("/accounts/phone/code/", {"phone": PHONE})
    assert time.monotonic() - started < 3  # TWILIO_TIMEOUT would be 5 s
    assert response.status_code == 302
    message = OutgoingMessage.objects.get()
    assert (message.status, message.error_code) == (Status.FAILED, "timeout")
    assert "took no connection within 0.3 s" in message.error_message


def test_the_code_is_not_in_the_database_the_logs_or_sentry(
    send, twilio, sentry, json_log, caplog, person
):
    twilio.fail_next(500, 20500)
    failed = send()  # an error for Sentry
    age([failed], 61)
    send()
    code = code_in(twilio.sent()[-1]["Body"])
    services.confirm_code(person, code=code)
    person.refresh_from_db()
    assert person.has_verified_phone
    sentry_gateway.flush()

    assert sentry.events, "the failed send reached Sentry"
    assert code not in sentry.raw_text()
    assert code not in json_log.text
    assert code not in caplog.text
    assert code not in text_in_the_database()


# --- Status callbacks ---------------------------------------------------------------------------


def test_delivery_is_recorded_from_a_signed_callback(send, callback):
    message = send()
    response = callback(message.provider_id, "sent")
    assert response.status_code == 204
    response = callback(message.provider_id, "delivered")
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.delivered_at
    assert [(e.status, e.source, e.applied) for e in message.events.order_by("pk")] == [
        ("queued", "api", True),
        ("sent", "callback", True),
        ("delivered", "callback", True),
    ]
    payload = message.events.order_by("pk").last().payload
    assert payload["MessageSid"] == message.provider_id
    assert "Body" not in payload


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Twilio-Signature": "bm90IHRoZSBzaWduYXR1cmU="}],
    ids=["missing", "wrong"],
)
def test_a_callback_without_twilios_signature_is_refused_and_writes_nothing(
    send, twilio, client, headers
):
    message = send()
    before = StatusEvent.objects.count()
    params = {
        "MessageSid": message.provider_id,
        "MessageStatus": "delivered",
        "AccountSid": ACCOUNT_SID,
    }
    response = client.post("/sms/twilio/status/", params, headers=headers)
    assert response.status_code == 403
    assert StatusEvent.objects.count() == before
    message.refresh_from_db()
    assert message.status == Status.QUEUED


def test_a_signature_for_another_address_or_token_is_refused(send, twilio, client):
    message = send()
    params = {"MessageSid": message.provider_id, "MessageStatus": "delivered"}
    for url, token in (
        ("https://evil.example.com/sms/twilio/status/", AUTH_TOKEN),
        (STATUS_URL, "another-accounts-token"),
    ):
        headers = {"X-Twilio-Signature": signature(url, params, token)}
        assert client.post("/sms/twilio/status/", params, headers=headers).status_code == 403
    # Changing one parameter breaks the signature too.
    headers = {"X-Twilio-Signature": signature(STATUS_URL, params)}
    tampered = params | {"MessageStatus": "failed"}
    assert client.post("/sms/twilio/status/", tampered, headers=headers).status_code == 403
    assert not StatusEvent.objects.filter(source="callback").exists()


def test_behind_a_proxy_the_signature_is_checked_against_site_url(send, twilio, client):
    """The request reaches Django as http://internal:8000/..., Twilio signed the public URL."""
    message = send()
    response = twilio.callback(
        client,
        message.provider_id,
        "sent",
        url=STATUS_URL,
        SERVER_NAME="internal",
        SERVER_PORT="8000",
    )
    assert response.status_code == 204


def test_a_repeated_callback_is_recorded_once(send, callback):
    message = send()
    assert callback(message.provider_id, "delivered").status_code == 204
    assert callback(message.provider_id, "delivered").status_code == 204
    assert message.events.filter(status="delivered").count() == 1


def test_callbacks_out_of_order_never_move_a_message_back(send, callback):
    message = send()
    callback(message.provider_id, "delivered")
    callback(message.provider_id, "sent")  # late
    callback(message.provider_id, "failed", error_code="30008")  # after the outcome
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.error_code == ""
    history = {e.status: e.applied for e in message.events.all()}
    assert history == {"queued": True, "delivered": True, "sent": False, "failed": False}


def test_undelivered_is_shown_to_the_person_with_the_reason(send, callback, client, person):
    message = send()
    callback(message.provider_id, "undelivered", error_code="30003")
    message.refresh_from_db()
    assert (message.status, message.error_code) == (Status.UNDELIVERED, "30003")
    client.force_login(person)
    assert (
        "the phone is switched off or out of reach"
        in client.get("/accounts/phone/").content.decode()
    )


def test_a_callback_that_comes_before_the_message_id_is_stored_waits_for_it(
    person, twilio, client, django_capture_on_commit_callbacks
):
    """Twilio can report "sent" before our task has saved the id Twilio answered with."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.request_code(person, phone=PHONE)
    message = OutgoingMessage.objects.get()
    # Hand the message to Twilio by hand, and have the callback arrive before the answer is stored.
    from site_apps.sms.backends import Sms, get_backend

    result = get_backend().send(Sms(to=PHONE, body="test body", status_callback=STATUS_URL))
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            twilio.callback(client, result.provider_id, "sent", url=STATUS_URL).status_code == 204
        )
    assert StatusEvent.objects.get(provider_id=result.provider_id).message is None
    OutgoingMessage.objects.filter(pk=message.pk).update(sent_at=message.created_at)
    services.record_send_result(message.pk, result)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert {e.status: e.applied for e in message.events.all()} == {"sent": True, "queued": True}
    assert len(queued) == 1


def test_without_an_auth_token_callbacks_are_refused_as_unconfigured(client, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = client.post("/sms/twilio/status/", {"MessageSid": "SM1", "MessageStatus": "sent"})
    assert response.status_code == 503
    assert not StatusEvent.objects.exists()


def test_the_docs_example_signs_a_callback_our_endpoint_accepts(
    send, twilio, client, capsys, django_capture_on_commit_callbacks
):
    """docs/sms.md shows how to sign a callback by hand; run it as written (with this test's
    auth token and message id)."""
    import re
    from pathlib import Path

    message = send()
    text = (Path(__file__).resolve().parents[3] / "docs" / "sms.md").read_text()
    (example,) = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    example = re.sub(r"(?m)^   ", "", example)
    example = example.replace("your_auth_token", AUTH_TOKEN)
    example = example.replace("SM0123456789abcdef0123456789abcdef", message.provider_id)
    namespace: dict = {}
    exec(example, namespace)  # noqa: S102
    assert "curl https://www.example.com/sms/twilio/status/" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/sms/twilio/status/",
            namespace["params"],
            headers={"X-Twilio-Signature": namespace["signature"]},
        )
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
