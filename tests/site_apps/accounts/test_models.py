import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_the_custom_user_model_is_in_use_and_logs_in_by_email():
    assert User._meta.label == "accounts.User"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username") or User.username is None


def test_create_user_normalizes_the_email_and_hashes_the_password():
    user = User.objects.create_user("  Ada.Lovelace@Example.COM ", password="s3cret-enough")
    assert user.email == "ada.lovelace@example.com"
    assert user.check_password("s3cret-enough")
    assert user.password != "s3cret-enough"
    assert not user.is_staff
    assert not user.is_superuser


def test_an_email_is_one_identity_whatever_its_casing():
    User.objects.create_user("grace@example.com", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="GRACE@example.com")


def test_authenticate_accepts_any_casing_of_the_email():
    User.objects.create_user("linus@example.com", password="open-source")
    assert authenticate(email="LINUS@Example.com", password="open-source") is not None
    assert authenticate(email="linus@example.com", password="wrong") is None


def test_create_user_refuses_a_blank_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", password="x")


def test_create_superuser_sets_the_flags_and_refuses_contradictions():
    admin = User.objects.create_superuser("root@example.com", password="x")
    assert admin.is_staff
    assert admin.is_superuser
    with pytest.raises(ValueError, match="superuser"):
        User.objects.create_superuser("bad@example.com", password="x", is_staff=False)
