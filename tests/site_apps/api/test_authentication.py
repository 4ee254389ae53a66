"""Each way in works, and a wrong, expired or revoked key or token gets 401 with a clear body."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from site_apps.api import signouts
from site_apps.api.services import revoke_key
from tests.site_apps.accounts.factories import UserFactory
from tests.site_apps.api.conftest import PASSWORD, auth_clients, jwt_client, key_client

pytestmark = pytest.mark.django_db

TEAMS = "/api/v1/teams/"
BEARER_CHALLENGE = 'Bearer realm="api", error="invalid_token"'


@pytest.mark.parametrize("method", ["api_key", "jwt", "session"])
def test_each_authentication_reads_the_team(tenant, method):
    response = auth_clients(tenant)[method].get(TEAMS)
    assert response.status_code == 200, response.content
    slugs = [team["slug"] for team in response.json()["results"]]
    assert slugs == [tenant.team.slug]
    assert "Authorization" in response["Vary"]


def test_no_credentials_get_401_naming_the_schemes(db):
    response = APIClient().get(TEAMS)
    assert response.status_code == 401
    assert response.json() == {
        "type": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }
    assert response["WWW-Authenticate"].startswith("Api-Key")


@pytest.mark.parametrize(
    ("header", "type_"),
    [
        ("Api-Key nope", "invalid_api_key"),
        ("Api-Key abcdefgh.wrongsecretwrongsecretwrongsecr", "invalid_api_key"),
        ("Api-Key two parts", "invalid_api_key"),
        ("Bearer not-a-jwt", "token_not_valid"),
    ],
)
def test_wrong_credentials_get_401(tenant, header, type_):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(TEAMS)
    assert response.status_code == 401
    body = response.json()
    assert body["type"] == type_
    assert body["detail"]
    # The challenge names the scheme the client tried (RFC 6750 for Bearer).
    if header.startswith("Bearer"):
        assert response["WWW-Authenticate"] == BEARER_CHALLENGE
    else:
        assert response["WWW-Authenticate"] == 'Api-Key realm="api"'


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(tenant):
    response = key_client(f"{tenant.key.prefix}.{'x' * 32}").get(TEAMS)
    assert response.status_code == 401
    assert response.json()["type"] == "invalid_api_key"


def test_revoked_key_gets_401_saying_so(tenant):
    revoke_key(tenant.owner, key=tenant.key)
    response = key_client(tenant.secret).get(TEAMS)
    assert response.status_code == 401
    assert response.json() == {
        "type": "revoked_api_key",
        "detail": "This API key was revoked. Ask a team owner or admin for a new one.",
    }


def test_expired_key_gets_401_saying_so(tenant):
    tenant.key.expiry_date = timezone.now() - timedelta(minutes=1)
    tenant.key.save()
    response = key_client(tenant.secret).get(TEAMS)
    assert response.status_code == 401
    assert response.json()["type"] == "expired_api_key"


EXPIRED = {"type": "token_expired", "detail": "Token is expired"}


def expired(token_class=AccessToken):
    token = token_class.for_user(UserFactory())
    token.set_exp(lifetime=-timedelta(seconds=1))
    return str(token)


def test_expired_access_token_gets_401_saying_so(tenant):
    """It was `token_not_valid`, "Given token not valid for any token type", as for a forged
    token: a client could not tell "refresh it" from "sign in again"."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {expired()}")
    for url in (TEAMS, "/api/v1/me/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json() == EXPIRED
        assert response["WWW-Authenticate"] == BEARER_CHALLENGE


def test_the_token_endpoints_call_an_expired_token_expired_too(db):
    client = APIClient()
    for url, body in [
        ("/api/v1/auth/token/verify/", {"token": expired()}),
        ("/api/v1/auth/token/verify/", {"token": expired(RefreshToken)}),
        ("/api/v1/auth/token/refresh/", {"refresh": expired(RefreshToken)}),
        ("/api/v1/auth/logout/", {"refresh": expired(RefreshToken)}),
    ]:
        response = client.post(url, body)
        assert response.status_code == 401, (url, response.content)
        assert response.json() == EXPIRED, url
    forged = client.post("/api/v1/auth/token/verify/", {"token": expired()[:-2] + "xx"})
    assert forged.json()["type"] == "token_not_valid"


def test_token_of_a_deactivated_person_gets_401(tenant):
    client = jwt_client(tenant.owner)
    tenant.owner.is_active = False
    tenant.owner.save()
    response = client.get(TEAMS)
    assert response.status_code == 401


def test_jwt_obtain_refresh_verify_and_logout(tenant):
    client = APIClient()
    obtained = client.post(
        "/api/v1/auth/token/", {"email": tenant.owner.email, "password": PASSWORD}, format="json"
    )
    assert obtained.status_code == 200, obtained.content
    tokens = obtained.json()
    assert set(tokens) == {"access", "refresh"}

    verified = client.post("/api/v1/auth/token/verify/", {"token": tokens["access"]})
    assert verified.status_code == 200

    refreshed = client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200
    new = refreshed.json()
    # Rotation: the old refresh token is blacklisted once used.
    again = client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
    assert again.status_code == 401
    assert again.json()["type"] == "token_not_valid"

    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new['access']}")
    assert client.get("/api/v1/me/").json()["email"] == tenant.owner.email

    logout = client.post("/api/v1/auth/logout/", {"refresh": new["refresh"]})
    assert logout.status_code == 200
    after = client.post("/api/v1/auth/token/refresh/", {"refresh": new["refresh"]})
    assert after.status_code == 401
    assert after.json()["type"] == "token_not_valid"


def test_wrong_password_gets_401(tenant):
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": tenant.owner.email, "password": "wrong"}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["type"] == "no_active_account"


def test_verify_of_a_tampered_token_gets_401(tenant):
    token = str(RefreshToken.for_user(tenant.owner).access_token)
    response = APIClient().post("/api/v1/auth/token/verify/", {"token": token[:-2] + "xx"})
    assert response.status_code == 401
    assert response.json()["type"] == "token_not_valid"


def test_session_writes_need_the_csrf_token(tenant):
    client = auth_clients(tenant)["session"]
    url = f"/api/v1/teams/{tenant.team.slug}/"
    refused = client.patch(url, {"name": "Renamed"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["type"] == "permission_denied"
    assert "CSRF" in refused.json()["detail"]

    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    allowed = client.patch(url, {"name": "Renamed"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 200, allowed.content
    assert allowed.json()["name"] == "Renamed"


def test_an_api_key_is_not_a_person(tenant):
    response = key_client(tenant.secret).get("/api/v1/me/")
    assert response.status_code == 403
    assert "API key" in response.json()["detail"]


def test_owner_makes_and_revokes_a_key_through_the_api(tenant):
    client = jwt_client(tenant.owner)
    url = f"/api/v1/teams/{tenant.team.slug}/api-keys/"
    made = client.post(url, {"name": "CI", "expires_at": "2099-01-01T00:00:00Z"})
    assert made.status_code == 201
    secret = made.json()["key"]
    prefix = made.json()["prefix"]
    assert secret.startswith(f"{prefix}.")
    assert "key" not in client.get(f"{url}{prefix}/").json()  # the secret is shown once
    assert key_client(secret).get(TEAMS).status_code == 200
    assert client.delete(f"{url}{prefix}/").status_code == 204
    assert client.get(f"{url}{prefix}/").json()["status"] == "revoked"
    assert key_client(secret).get(TEAMS).json()["type"] == "revoked_api_key"


def test_a_key_cannot_be_made_already_expired(tenant):
    response = jwt_client(tenant.owner).post(
        f"/api/v1/teams/{tenant.team.slug}/api-keys/",
        {"name": "Old", "expires_at": "2001-01-01T00:00:00Z"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["The expiry must be in the future."]}


def test_an_unverified_email_gets_no_token(db):
    person = UserFactory()
    response = APIClient().post(
        "/api/v1/auth/token/", {"email": person.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["type"] == "email_not_verified"


def test_failed_attempts_for_one_email_lock_it_like_the_sign_in_page(tenant):
    """allauth's limit for failed sign-ins per email (5 in 5 minutes) applies to tokens too,
    whatever address the attempts come from."""
    body = {"email": tenant.owner.email, "password": "wrong"}
    for n in range(5):
        client = APIClient(REMOTE_ADDR=f"10.0.0.{n}")
        assert client.post("/api/v1/auth/token/", body).status_code == 401
    locked = APIClient(REMOTE_ADDR="10.0.0.99").post(
        "/api/v1/auth/token/", {"email": tenant.owner.email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert locked.json()["type"] == "throttled"
    # The lockout's own (translated) sentence says when, once; Retry-After says it to programs.
    detail = locked.json()["detail"]
    assert "try again then" in detail
    assert "Expected available" not in detail
    assert detail.count(" seconds") == 1
    assert 0 < int(locked["Retry-After"]) <= 300


def test_an_access_token_stops_working_at_sign_out(tenant):
    """Signing out blacklists the refresh token and refuses the access tokens issued before."""
    client = APIClient()
    tokens = client.post(
        "/api/v1/auth/token/", {"email": tenant.owner.email, "password": PASSWORD}
    ).json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}).status_code == 200
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json()["type"] == "token_signed_out"
    assert refused["WWW-Authenticate"] == BEARER_CHALLENGE


def test_verify_refuses_a_signed_out_access_token_as_the_endpoints_do(tenant):
    """Verify said 200 `{}` for an access token that every endpoint refused after sign-out."""
    body = {"email": tenant.owner.email, "password": PASSWORD}
    tokens = APIClient().post("/api/v1/auth/token/", body).json()
    verify = "/api/v1/auth/token/verify/"
    assert APIClient().post(verify, {"token": tokens["access"]}).status_code == 200
    signed_out = APIClient().post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]})
    assert signed_out.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    on_me = client.get("/api/v1/me/")
    verified = APIClient().post(verify, {"token": tokens["access"]})
    assert verified.status_code == on_me.status_code == 401
    refusal = {
        "type": "token_signed_out",
        "detail": "This token was signed out. Sign in again for a new one.",
    }
    assert verified.json() == on_me.json() == refusal
    # A token taken afterwards verifies.
    fresh = APIClient().post("/api/v1/auth/token/", body).json()
    assert APIClient().post(verify, {"token": fresh["access"]}).status_code == 200


def test_a_token_taken_just_after_sign_out_works_even_in_the_same_second(tenant):
    """Sign out, sign in again at once: the new token works, the old one stays refused, though
    both were issued in the sign-out's second (a whole-second `iat` could not tell them apart)."""
    time.sleep(1 - time.time() % 1)  # start at a second's beginning: all of this fits in it
    body = {"email": tenant.owner.email, "password": PASSWORD}
    before = APIClient().post("/api/v1/auth/token/", body).json()
    signed_out = APIClient().post("/api/v1/auth/logout/", {"refresh": before["refresh"]})
    assert signed_out.status_code == 200
    after = APIClient().post("/api/v1/auth/token/", body).json()
    refreshed = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": after["refresh"]})

    signed_out_at = cache.get(f"jwt:signed-out:{tenant.owner.pk}")
    issued = [AccessToken(t)["iat"] for t in (before["access"], after["access"])]
    assert [int(i) for i in issued] == [int(signed_out_at)] * 2, "not in one second: too slow"
    for access, status in [
        (before["access"], 401),
        (after["access"], 200),
        (refreshed.json()["access"], 200),
    ]:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        assert client.get("/api/v1/me/").status_code == status


def test_a_whole_second_token_in_the_sign_out_second_is_refused(tenant):
    """A token whose `iat` has no fraction (plain simplejwt's) may be older than the sign-out in
    that same second: it is refused; one from the next second is not."""
    signouts.sign_out_tokens(tenant.owner.pk)
    signed_out_at = cache.get(f"jwt:signed-out:{tenant.owner.pk}")
    assert signouts.issued_before_sign_out(tenant.owner.pk, int(signed_out_at))
    assert not signouts.issued_before_sign_out(tenant.owner.pk, int(signed_out_at) + 1)
    assert signouts.issued_before_sign_out(tenant.owner.pk, signed_out_at - 0.000001)
    assert not signouts.issued_before_sign_out(tenant.owner.pk, signed_out_at + 0.000001)
