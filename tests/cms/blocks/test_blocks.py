"""Every design-system block renders with its preview value, shares the section settings, and
shows a preview in the editor's block picker."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from wagtail import blocks

from cms.blocks import BODY_BLOCKS
from cms.blocks.base import SectionBlock
from cms.blocks.lists import body_blocks
from tests.cms.images import make_image
from tests.site_apps.accounts.factories import UserFactory

EXPECTED = {
    "hero",
    "section",
    "columns",
    "cards",
    "steps",
    "rich_text",
    "quote",
    "code",
    "faq",
    "features",
    "call_to_action",
    "pricing",
    "testimonials",
    "logos",
    "stats",
    "team",
    "newsletter",
    "image",
    "image_with_text",
    "gallery",
    "video",
}


def render(name: str, block: blocks.Block) -> str:
    request = RequestFactory().get("/")
    return block.render(block.get_preview_value(), context={"request": request})


def test_the_design_system_has_every_block_the_issue_lists_grouped_by_purpose():
    names = {name for name, _block in BODY_BLOCKS}
    assert names >= EXPECTED
    assert len(names) >= 18
    groups = {str(block.meta.group) for _name, block in BODY_BLOCKS}
    assert groups == {"Layout", "Content", "Marketing", "Media"}


@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS, ids=[n for n, _ in BODY_BLOCKS])
def test_each_block_has_a_description_a_preview_value_and_the_shared_settings(name, block):
    assert str(block.get_description())
    assert isinstance(block, SectionBlock)
    assert list(block.child_blocks)[-1] == "settings"
    assert set(block.child_blocks["settings"].child_blocks) == {"anchor", "spacing", "background"}
    assert block.is_previewable


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS, ids=[n for n, _ in BODY_BLOCKS])
def test_each_block_renders_its_preview_value_with_images(name, block):
    for n in range(6):
        make_image(f"Sample {n}")
    html = render(name, block)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("section"), f"{name} renders its own section"
    assert soup.get_text(strip=True), f"{name} renders text"
    if name in {"hero", "image", "image_with_text", "gallery", "video", "logos"}:
        assert soup.find("picture"), f"{name} shows its image in modern formats"
        assert soup.find("source", attrs={"type": "image/webp"})
    if name == "logos":
        # Each logo is named once, by its link's text; the image itself is decoration.
        for item in soup.select("ul li"):
            assert item.find("img")["alt"] == ""
            assert item.select_one(".sr-only").get_text(strip=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), BODY_BLOCKS, ids=[n for n, _ in BODY_BLOCKS])
def test_each_block_renders_on_a_site_without_images(name, block):
    assert render(name, block)


@pytest.mark.django_db
def test_section_settings_set_the_anchor_spacing_and_background():
    block = dict(body_blocks())["quote"]
    value = block.to_python(
        {
            "quote": "Hi",
            "settings": {"anchor": "kind-words", "spacing": "large", "background": "inverse"},
        }
    )
    section = BeautifulSoup(block.render(value), "html.parser").find("section")
    assert section["id"] == "kind-words"
    assert "surface-inverse" in section["class"]
    assert "py-20" in section["class"]


def test_an_faq_groups_its_questions_under_a_name_that_is_the_same_in_every_render():
    block = dict(body_blocks())["faq"]

    def names(value: dict) -> set[str]:
        markup = block.render(block.to_python(value))
        return {str(d["name"]) for d in BeautifulSoup(markup, "html.parser").find_all("details")}

    pricing = {"heading": "Pricing", "items": [{"question": "Trial?", "answer": "<p>Yes</p>"}]}
    support = {"heading": "Support", "items": [{"question": "Email?", "answer": "<p>Yes</p>"}]}
    # One name per block (its questions open one at a time), and the same name each time the
    # block is rendered, in any process: a cached page does not change with its worker.
    assert len(names(pricing)) == 1
    assert names(pricing) == names(pricing)
    assert names(pricing) != names(support)


@pytest.mark.django_db
def test_anchor_ids_must_be_slugs():
    block = dict(body_blocks())["quote"]
    value = block.to_python({"quote": "Hi", "settings": {"anchor": "Not an id!"}})
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(value)


def test_nested_blocks_have_no_settings_and_render_bare():
    section = dict(body_blocks())["section"]
    inner = section.child_blocks["content"].child_blocks["rich_text"]
    assert "settings" not in inner.child_blocks
    html = inner.render(inner.to_python({"text": "<p>Inside</p>", "width": "narrow"}))
    assert "<section" not in html
    assert "Inside" in html


@pytest.mark.django_db
def test_video_block_accepts_only_youtube_and_vimeo():
    block = dict(body_blocks())["video"]
    poster = make_image("Poster")
    good = block.to_python({"url": "https://vimeo.com/1", "title": "Tour", "poster": poster.pk})
    assert block.clean(good)
    bad = block.to_python({"url": "https://evil.example/v", "title": "Tour", "poster": poster.pk})
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(bad)


@pytest.mark.django_db
def test_code_block_highlights_with_theme_classes_and_escapes_html():
    block = dict(body_blocks())["code"]
    html = block.render(block.to_python({"language": "html", "code": "<script>alert(1)</script>"}))
    assert "<script>alert" not in html
    assert "tok-" in html
    assert 'dir="ltr"' in html  # code reads left to right on Arabic pages too


@pytest.mark.django_db
def test_a_code_sample_shows_this_sites_address_where_the_editor_wrote_the_mark(settings):
    settings.SITE_URL = "https://www.example.com"
    block = dict(body_blocks())["code"]
    code = "curl {{ site_url }}/api/v1/team/"
    html = block.render(block.to_python({"language": "bash", "code": code}))
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "curl https://www.example.com/api/v1/team/" in text
    assert "site_url" not in text


@pytest.mark.django_db
def test_the_block_picker_preview_uses_the_site_css(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    _name, block = BODY_BLOCKS[0]
    response = client.get(f"/admin/block-preview/?id={block.definition_prefix}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/css/site.css" in html
    assert "data-theme=" in html


@pytest.mark.django_db
def test_previews_pick_images_of_the_right_shape_and_fall_back_to_any():
    from cms.blocks.previews import sample_images

    wide = make_image("Screenshot", (1600, 1000))
    face = make_image("Face", (400, 400))
    logo = make_image("Logo", (360, 96))
    assert sample_images(1, "square") == [face]
    assert sample_images(1, "logo") == [logo]
    assert sample_images(1) == [wide]
    assert len(sample_images(3, "square")) == 3  # filled in with the other shapes


def test_a_link_goes_to_exactly_one_place_a_page_or_a_url(home_page):
    from cms.blocks.base import LinkBlock

    block = LinkBlock()
    for value, field in (
        ({"label": "Both", "page": home_page.pk, "url": "/x/"}, "url"),
        ({"label": "Neither", "page": None, "url": ""}, "page"),
    ):
        with pytest.raises(blocks.StructBlockValidationError) as failed:
            block.clean(block.to_python(value))
        assert list(failed.value.block_errors) == [field]
    assert block.clean(block.to_python({"label": "Page", "page": home_page.pk, "url": ""}))
    assert block.clean(block.to_python({"label": "URL", "page": None, "url": "#faq"}))
