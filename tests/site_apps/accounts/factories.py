from __future__ import annotations

from typing import TYPE_CHECKING, Any

import factory
from allauth.account.models import EmailAddress

from site_apps.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")

    if TYPE_CHECKING:  # factory_boy's call makes a User; say so to the type checker

        def __new__(cls, *args: Any, **kwargs: Any) -> User: ...  # type: ignore[misc]


def verified(user: User) -> User:
    """Give the user the verified primary address allauth requires before signing in."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
