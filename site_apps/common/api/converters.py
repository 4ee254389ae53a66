"""`<id:pk>`: the path converter for every API route that looks an object up by its id.

Django's `int` converter takes any run of digits, and the id then reaches the database: SQLite
cannot bind an integer past 2**63 - 1 (`OverflowError`, a 500), and Django's own out-of-range
guard covers a model's integer fields but not a lookup through a relation (a blog post's id is
its `page_ptr`). Every id here is a 64-bit signed integer, so a larger number names nothing:
the route does not match, and the API answers its JSON 404 (`ApiMiddleware`).
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

# The largest id any of our tables can hold (BigAutoField, SQLite's and PostgreSQL's bigint).
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("past the largest id")  # Django reads it as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    """Called once, from the common app's `ready()`, before any URL configuration is read."""
    if "id" not in get_converters():
        register_converter(IdConverter, "id")
