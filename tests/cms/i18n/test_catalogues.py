"""The interface catalogues in locale/ are complete, compiled from the current .po files, and
hold every string the code and templates mark for translation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from cms.i18n.catalogues import IGNORE, translated_languages

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = translated_languages()


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def entries(po: polib.POFile | polib.MOFile) -> dict[tuple, tuple]:
    found = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        found[key] = (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
    return found


def test_there_is_a_catalogue_for_every_language_but_the_default():
    assert sorted(LANGUAGES) == ["ar", "es", "fr"]
    for language in LANGUAGES:
        assert catalogue(language).is_file(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(language):
    po = polib.pofile(str(catalogue(language)))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    plurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == plurals, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
    # Real translations, not copies of the English: few entries may equal their msgid
    # (names like "Sentry", "Blog", and words French shares with English).
    same = [e.msgid for e in po.translated_entries() if e.msgstr == e.msgid]
    assert len(same) < 0.1 * len(po), same


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_current_po(language, tmp_path):
    po_path = catalogue(language)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} missing: run `make messages`"
    assert entries(polib.mofile(str(mo_path))) == entries(polib.pofile(str(po_path))), (
        f"{mo_path} is stale: run `make messages` and commit it"
    )
    if shutil.which("msgfmt"):  # and the .po compiles cleanly (placeholders, plural forms)
        subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path)], check=True
        )


def test_makemessages_would_add_nothing(tmp_path):
    """Run makemessages on a copy of the project: the msgids it finds are those committed."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed (apt-get install gettext)")
    base = Path(settings.BASE_DIR)
    skip = shutil.ignore_patterns("node_modules", "__pycache__", "static_src", "*.pyc")
    for folder in ("cms", "site_apps", "templates", "locale"):
        shutil.copytree(base / folder, tmp_path / folder, ignore=skip)
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DJANGO_READ_DOT_ENV": "0"}
    ignores = [f"--ignore={pattern}" for pattern in IGNORE]
    locales = [f"--locale={language}" for language in LANGUAGES]
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", *locales, *ignores],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        committed = polib.pofile(str(catalogue(language)))
        new = set(entries(fresh)) - set(entries(committed))
        gone = set(entries(committed)) - set(entries(fresh))
        assert not new, f"{language}: strings missing from the catalogue: {sorted(new)[:10]}"
        assert not gone, f"{language}: strings no longer used: {sorted(gone)[:10]}"


@pytest.mark.parametrize(
    "path",
    [catalogue("fr"), settings.BASE_DIR / "fixtures" / "demo" / "locale" / "fr.po"],
    ids=["site", "demo content"],
)
def test_french_says_vous_and_follows_french_typography(path):
    """One register (vous, as French SaaS usually does) and French punctuation: a non-breaking
    space before : and a narrow one before ; ! ?, « » for quotes, the typographic apostrophe.
    The demo's pages too (`load_demo`): a plain space let "?" start a line of its own."""
    problems = []
    for entry in polib.pofile(str(path)).translated_entries():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            prose = re.sub(r"<[^>]*>|%\([a-z_]+\)[sd]|https?://\S+", "", text)
            if re.search(r"(?i)\b(tu|toi|ton|ta|tes|te)\b|\bt\u2019", prose):
                problems.append(f"tu: {text}")
            outside_quotes = re.sub(r"«[^»]*»", "", prose)  # code such as « Authorization: … »
            if re.search(r"(^|[^\u00a0\u202f])[:;!?](\s|$)", outside_quotes):
                problems.append(f"space before punctuation: {text}")
            if re.search(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»|\"|\w'\w", prose):
                problems.append(f"quotes or apostrophe: {text}")
    assert problems == [], "\n".join(problems)
