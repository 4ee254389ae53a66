"""The site content's version is kept per release of the code (cms/content_cache.py): what
the code before a deploy rendered is never served by the code after it, and every server of
one release shares the version."""

from __future__ import annotations

from cms import content_cache


def _release(base, settings) -> str:
    settings.BASE_DIR = base
    return content_cache.code_release.__wrapped__()


def test_the_release_follows_templates_code_and_translations_not_build_tools(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    header = tmp_path / "templates" / "header.html"
    header.write_text("<header>Lumen</header>")
    (tmp_path / "cms" / "theme" / "static_src" / "node_modules").mkdir(parents=True)
    tool = tmp_path / "cms" / "theme" / "static_src" / "node_modules" / "tool.py"
    tool.write_text("x = 1")
    first = _release(tmp_path, settings)
    assert _release(tmp_path, settings) == first  # the same code, the same release

    tool.write_text("x = 2")
    assert _release(tmp_path, settings) == first  # not a source of the markup

    header.write_text("<header>Lumen, renamed</header>")
    second = _release(tmp_path, settings)
    assert second != first
    (tmp_path / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.mo").write_bytes(b"\x00catalogue")
    assert _release(tmp_path, settings) != second


def test_the_version_is_kept_under_this_release(settings):
    assert f"site-content:version:{content_cache.code_release()}" == content_cache.VERSION_KEY
    assert content_cache.version_key() == content_cache.VERSION_KEY
