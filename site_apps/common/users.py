"""Who a request is from, as types every app can name.

`Person` is the project's user model (`AUTH_USER_MODEL`, `site_apps.accounts.User`) and
`Caller` a person or an anonymous visitor (an API key's `TeamKeyUser` is an `AnonymousUser`
too), which is what `request.user` holds; behind `login_required` it is a person
(`AuthenticatedHttpRequest`). The apps below `site_apps.accounts` in the import
layers may not import its models, so the type checker learns the model from django-stubs'
plugin (its `_User` alias reads `AUTH_USER_MODEL`); at run time the names stand for Django's
base classes, which is all an annotation needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as Person
else:
    from django.contrib.auth.base_user import AbstractBaseUser as Person

type Caller = Person | AnonymousUser

__all__ = ["AuthenticatedHttpRequest", "Caller", "Person"]


class AuthenticatedHttpRequest(HttpRequest):
    """A request `login_required` let through, for views' annotations: `user` is a person.
    (django-stubs' way to say so; Django never makes one of these.)"""

    user: Person
