"""The demo site for tests: built once per test worker, then put back from a copy.

Building the demo (`DemoBuilder`, and wagtail-localize for the translations) is the slowest setup
in the suite, and a dozen modules need the same site. `demo_home()` builds it for real the first
time a worker asks for it, then copies every table of the database as the build left it (the
whole state, rows and ids). Each later call makes the database that copy again: the same rows,
the same ids, and sequences moved past them. What the database held before (a module's own
rows, or the empty tables a browser test's flush leaves) does not matter.

The builder itself is tested without this, from an empty site and twice over
(`tests/cms/home/test_load_demo.py`). The image files the first build wrote stay where it wrote
them; if one has gone, the demo is built again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.content_cache import invalidate_site_content
from cms.home.models import HomePage
from tests.cms.home.factories import site_with_home


@dataclass
class _Copy:
    tables: dict[str, Any]  # table -> PostgreSQL's binary COPY, or (columns, rows)
    image_files: list[str]


_copies: dict[tuple[bool, str], _Copy] = {}
_migrated: list[_Copy] = []


def remember_migrated_state() -> None:
    """Copy the database as the migrations left it (Wagtail's root page and site, the default
    locale, the root collection, the editors' groups): a browser test's flush empties it."""
    _migrated[:] = [_take()]


def restore_migrated_state() -> None:
    """Make the database the migrations' copy again, after a flush."""
    if _migrated:
        _restore(_migrated[0])


def demo_home(*, translate: bool = True) -> HomePage:
    """The demo site (English, and with `translate` its translations into every other language)
    in the current database; its English home page."""
    from cms.home.demo.builder import DemoBuilder

    key = (translate, settings.SITE_URL)
    copy = _copies.get(key)
    if copy is not None and all(default_storage.exists(name) for name in copy.image_files):
        _restore(copy)
    else:
        site_with_home()
        DemoBuilder(translate=translate).build()
        _copies[key] = _take()
    return HomePage.objects.get(locale=Locale.get_default(), depth=2)


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _take() -> _Copy:
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} TO STDOUT (FORMAT BINARY)") as copy:
                    tables[table] = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - our own table names
                columns = [column[0] for column in cursor.description]
                tables[table] = (columns, cursor.fetchall())
    files = [str(name) for name in get_image_model().objects.values_list("file", flat=True)]
    return _Copy(tables=tables, image_files=files)


def _restore(copy: _Copy) -> None:
    style = no_style()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows this transaction wrote have foreign-key checks still queued, and PostgreSQL
            # refuses to empty their tables until those have run.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in connection.ops.sql_flush(style, _tables()):
            cursor.execute(statement)
        for table, content in copy.tables.items():
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} FROM STDIN (FORMAT BINARY)") as load:
                    load.write(content)
            elif content[1]:
                columns, rows = content
                names = ", ".join(connection.ops.quote_name(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)  # noqa: S608
        tables = set(copy.tables)
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and model._meta.db_table in tables
        ]
        for statement in connection.ops.sequence_reset_sql(style, models):
            cursor.execute(statement)
    forget_content_types()
    invalidate_site_content()


def forget_content_types() -> None:
    """Django keeps each content type's id in memory. The copy's ids may differ from the ones
    read before (a browser test's flush makes them again under new ids), and when the
    transaction that restored the copy is rolled back, the ids before it come back: call this
    then too."""
    ContentType.objects.clear_cache()
