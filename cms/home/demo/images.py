"""Images for the demo site, drawn with Pillow at load time (nothing is downloaded).

Product screenshots are wordless mock dashboards in neutral greys, blog heroes are abstract
gradient compositions, people are friendly silhouettes, logos are simple wordmarks. The same name
always draws the same image.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter, ImageFont

Palette = tuple[tuple[int, int, int], ...]

PALETTES: dict[str, Palette] = {
    "indigo": ((79, 70, 229), (129, 140, 248), (236, 72, 153), (14, 165, 233)),
    "teal": ((13, 148, 136), (45, 212, 191), (59, 130, 246), (250, 204, 21)),
    "sunset": ((234, 88, 12), (251, 146, 60), (219, 39, 119), (124, 58, 237)),
    "forest": ((22, 101, 52), (74, 222, 128), (20, 184, 166), (234, 179, 8)),
    "ocean": ((30, 64, 175), (96, 165, 250), (6, 182, 212), (167, 139, 250)),
    "rose": ((190, 18, 60), (251, 113, 133), (245, 158, 11), (99, 102, 241)),
}


def _rng(name: str) -> random.Random:
    return random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:12], 16))  # noqa: S311 - art, not security


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _gradient(
    size: tuple[int, int], start: tuple[int, int, int], end: tuple[int, int, int]
) -> Image.Image:
    width, height = size
    base = Image.new("RGB", (2, 2))
    base.putdata([start, _mix(start, end, 0.5), _mix(start, end, 0.5), end])
    return base.resize((width, height), Image.Resampling.BILINEAR)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=86, optimize=True, progressive=True)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def abstract_art(name: str, palette: str = "indigo", size: tuple[int, int] = (1600, 900)) -> bytes:
    """Soft blurred blobs over a gradient, with a few crisp geometric shapes on top."""
    rng = _rng(name)
    colours = PALETTES[palette]
    image = _gradient(
        size, _mix(colours[0], (15, 23, 42), 0.35), _mix(colours[1], (255, 255, 255), 0.1)
    )
    blobs = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(blobs)
    w, h = size
    for _ in range(7):
        r = rng.randint(h // 5, h // 2)
        x, y = rng.randint(0, w), rng.randint(0, h)
        colour = rng.choice(colours)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(*colour, rng.randint(110, 190)))
    blobs = blobs.filter(ImageFilter.GaussianBlur(radius=h // 9))
    image.paste(blobs, (0, 0), blobs)
    shapes = ImageDraw.Draw(image, "RGBA")
    for _ in range(5):
        kind = rng.choice(["ring", "square", "line"])
        x, y = rng.randint(w // 10, w - w // 10), rng.randint(h // 10, h - h // 10)
        s = rng.randint(h // 12, h // 5)
        if kind == "ring":
            shapes.ellipse(
                [x - s, y - s, x + s, y + s], outline=(255, 255, 255, 150), width=max(3, s // 12)
            )
        elif kind == "square":
            shapes.rounded_rectangle(
                [x - s, y - s, x + s, y + s], radius=s // 4, fill=(255, 255, 255, 45)
            )
        else:
            shapes.line(
                [x - s * 2, y, x + s * 2, y - s], fill=(255, 255, 255, 120), width=max(3, s // 14)
            )
    # A fine dot grid gives the gradient some texture.
    for gx in range(0, w, 48):
        for gy in range(0, h, 48):
            shapes.point((gx, gy), fill=(255, 255, 255, 60))
    return _jpeg(image)


# Product mockups are neutral artwork: wordless (a "line of text" is a grey bar, so they read
# the same in every language and direction) and in dark slate greys with no brand colour, so
# they sit on the light and the dark theme alike and never clash with whichever of the seven
# daisyUI themes a site picks (issue 12: purple, English, bright white in dark mode).
NEUTRAL = {
    "frame": (15, 23, 42),
    "canvas": (30, 41, 59),
    "panel": (51, 65, 85),
    "rule": (71, 85, 105),
    "faint": (100, 116, 139),
    "text": (148, 163, 184),
    "strong": (203, 213, 225),
}


def _line(d: ImageDraw.ImageDraw, x: int, y: int, width: int, height: int, colour: str) -> None:
    """A line of text in a wireframe: a rounded bar."""
    d.rounded_rectangle([x, y, x + width, y + height], radius=height // 2, fill=NEUTRAL[colour])


def _window(size: tuple[int, int]) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    w, _ = size
    image = Image.new("RGB", size, NEUTRAL["canvas"])
    d = ImageDraw.Draw(image)
    d.rectangle([0, 0, w, 56], fill=NEUTRAL["frame"])
    for i in range(3):
        d.ellipse([24 + i * 28, 20, 40 + i * 28, 36], fill=NEUTRAL["rule"])
    d.rounded_rectangle([w // 2 - 220, 14, w // 2 + 220, 42], radius=14, fill=NEUTRAL["panel"])
    _line(d, w // 2 - 196, 24, 220, 8, "faint")
    return image, d


def dashboard(name: str, palette: str = "indigo", size: tuple[int, int] = (1600, 1000)) -> bytes:
    """A mock product dashboard: window bar, sidebar, stat cards, a bar chart and a table.

    `palette` only varies the name's drawing (the mockups carry no brand colour)."""
    rng = _rng(f"{name}-{palette}")
    w, h = size
    image, d = _window(size)
    # Sidebar
    d.rectangle([0, 57, 260, h], fill=NEUTRAL["frame"])
    d.rounded_rectangle([24, 84, 60, 120], radius=9, fill=NEUTRAL["strong"])
    _line(d, 74, 96, 90, 14, "strong")
    for i in range(7):
        y = 160 + i * 52
        if i == 0:
            d.rounded_rectangle([16, y - 10, 244, y + 30], radius=10, fill=NEUTRAL["panel"])
        d.rounded_rectangle(
            [32, y, 52, y + 20], radius=5, fill=NEUTRAL["strong" if i == 0 else "rule"]
        )
        _line(d, 68, y + 4, 70 + (i * 37) % 80, 12, "strong" if i == 0 else "faint")
    # Header
    _line(d, 300, 96, 220, 26, "strong")
    _line(d, 300, 144, 140, 12, "faint")
    d.rounded_rectangle([w - 230, 92, w - 40, 136], radius=10, fill=NEUTRAL["strong"])
    _line(d, w - 196, 108, 120, 12, "panel")
    # Stat cards
    card_w = (w - 300 - 40 - 3 * 24) // 4
    for i in range(4):
        x = 300 + i * (card_w + 24)
        d.rounded_rectangle([x, 190, x + card_w, 320], radius=16, fill=NEUTRAL["panel"])
        _line(d, x + 24, 216, 90, 12, "faint")
        _line(d, x + 24, 250, 60 + rng.randint(40, 110), 28, "strong")
        _line(d, x + card_w - 90, 262, 60, 12, "text")
    # Bar chart
    chart = [300, 350, w - 40 - 440, h - 40]
    d.rounded_rectangle(chart, radius=16, fill=NEUTRAL["panel"])
    _line(d, chart[0] + 24, chart[1] + 26, 180, 16, "text")
    bars = 14
    bar_w = (chart[2] - chart[0] - 48) // bars - 12
    base_y = chart[3] - 40
    for i in range(bars):
        bh = rng.randint(90, chart[3] - chart[1] - 140)
        x = chart[0] + 24 + i * (bar_w + 12)
        d.rounded_rectangle(
            [x, base_y - bh, x + bar_w, base_y],
            radius=6,
            fill=NEUTRAL["strong" if i == bars - 1 else "faint"],
        )
    # Table
    table = [w - 40 - 416, 350, w - 40, h - 40]
    d.rounded_rectangle(table, radius=16, fill=NEUTRAL["panel"])
    _line(d, table[0] + 24, table[1] + 26, 140, 16, "text")
    for i in range(6):
        y = table[1] + 86 + i * 62
        _line(d, table[0] + 24, y, 80 + rng.randint(0, 120), 12, "text")
        _line(d, table[2] - 84, y, 56, 12, "strong")
        d.line([table[0] + 24, y + 36, table[2] - 24, y + 36], fill=NEUTRAL["rule"], width=2)
    return _jpeg(image)


def editor(name: str, palette: str = "indigo", size: tuple[int, int] = (1600, 1100)) -> bytes:
    """A mock page editor: block list on one side, a live preview on the other.

    `palette` only varies the name's drawing (the mockups carry no brand colour)."""
    rng = _rng(f"{name}-{palette}")
    w, h = size
    image, d = _window(size)
    d.rounded_rectangle([w - 200, 12, w - 32, 44], radius=8, fill=NEUTRAL["strong"])
    _line(d, w - 156, 23, 80, 10, "panel")
    for i in range(6):
        y = 96 + i * 120
        d.rounded_rectangle([32, y, 700, y + 100], radius=12, fill=NEUTRAL["panel"])
        d.rounded_rectangle([52, y + 28, 96, y + 72], radius=8, fill=NEUTRAL["rule"])
        _line(d, 116, y + 30, 120 + rng.randint(0, 140), 16, "strong")
        _line(d, 116, y + 62, 180 + (i * 53) % 260, 12, "faint")
    d.rounded_rectangle([740, 96, w - 32, h - 32], radius=16, fill=NEUTRAL["frame"])
    preview = _gradient((w - 32 - 740 - 4, 380), NEUTRAL["panel"], NEUTRAL["frame"])
    image.paste(preview, (742, 98))
    _line(d, 800, 180, 460, 36, "strong")
    _line(d, 800, 236, 380, 36, "text")
    d.rounded_rectangle([800, 320, 990, 370], radius=10, fill=NEUTRAL["strong"])
    d.rounded_rectangle([1010, 320, 1200, 370], radius=10, outline=NEUTRAL["strong"], width=3)
    for col in range(3):
        x = 800 + col * 250
        d.rounded_rectangle([x, 540, x + 220, 760], radius=12, fill=NEUTRAL["panel"])
        d.rounded_rectangle([x + 20, 560, x + 64, 604], radius=10, fill=NEUTRAL["text"])
        _line(d, x + 20, 630, 170, 16, "strong")
        _line(d, x + 20, 660, 140, 12, "faint")
    return _jpeg(image)


def portrait(name: str, palette: str = "indigo", size: int = 480) -> bytes:
    """A friendly silhouette on a soft gradient, like an illustrated team photo."""
    rng = _rng(name)
    colours = PALETTES[palette]
    image = _gradient(
        (size, size),
        _mix(colours[1], (255, 255, 255), 0.45),
        _mix(colours[0], (255, 255, 255), 0.2),
    )
    d = ImageDraw.Draw(image, "RGBA")
    skin = rng.choice(
        [(241, 194, 164), (224, 172, 105), (198, 134, 66), (141, 85, 36), (255, 219, 172)]
    )
    hair = rng.choice([(40, 30, 25), (90, 56, 37), (180, 130, 70), (20, 20, 20), (120, 120, 130)])
    shirt = _mix(rng.choice(colours), (30, 41, 59), 0.25)
    s = size
    d.ellipse([s * 0.14, s * 0.66, s * 0.86, s * 1.3], fill=shirt)
    d.rectangle([s * 0.43, s * 0.55, s * 0.57, s * 0.72], fill=skin)
    d.ellipse([s * 0.3, s * 0.2, s * 0.7, s * 0.64], fill=skin)
    if rng.random() < 0.5:
        d.pieslice([s * 0.28, s * 0.14, s * 0.72, s * 0.56], 180, 360, fill=hair)
    else:
        d.ellipse([s * 0.26, s * 0.14, s * 0.74, s * 0.5], fill=hair)
        d.ellipse([s * 0.32, s * 0.26, s * 0.68, s * 0.66], fill=skin)
    eye_y = s * 0.42
    for ex in (s * 0.42, s * 0.58):
        d.ellipse(
            [ex - s * 0.018, eye_y - s * 0.018, ex + s * 0.018, eye_y + s * 0.018],
            fill=(40, 40, 50),
        )
    d.arc(
        [s * 0.43, s * 0.45, s * 0.57, s * 0.56],
        20,
        160,
        fill=(120, 60, 60),
        width=max(2, s // 120),
    )
    return _jpeg(image)


def wordmark(name: str, size: tuple[int, int] = (360, 96)) -> bytes:
    """A company wordmark in a neutral grey that reads on light and dark backgrounds."""
    rng = _rng(name)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    grey = (128, 132, 142, 255)
    h = size[1]
    shape = rng.choice(["circle", "square", "triangle", "diamond"])
    box = [8, h * 0.2, 8 + h * 0.6, h * 0.8]
    if shape == "circle":
        d.ellipse(box, fill=grey)
    elif shape == "square":
        d.rounded_rectangle(box, radius=h * 0.12, fill=grey)
    elif shape == "triangle":
        d.polygon([(box[0], box[3]), ((box[0] + box[2]) / 2, box[1]), (box[2], box[3])], fill=grey)
    else:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        r = (box[2] - box[0]) / 2
        d.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=grey)
    d.text((h * 0.6 + 24, h * 0.22), name, fill=grey, font=_font(int(h * 0.5)))
    return _png(image)


DRAWERS: dict[str, Callable[..., bytes]] = {
    "abstract": abstract_art,
    "dashboard": dashboard,
    "editor": editor,
    "portrait": portrait,
    "wordmark": wordmark,
}
