"""The default preview image for shared links (Open Graph, Twitter cards): a 1200×630 PNG
drawn at build time from plain rectangles (the site's blue and the rank colours of its
charts, as bars of a comparison), with no font, browser or image library. Deterministic.
"""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 1200, 630
PATH = "images/og-default.png"
BACKGROUND = (8, 63, 119)  # --accent-dark
# (left, top, right, bottom, colour): bars like the target comparison chart
BARS = [
    (120, 150, 980, 210, (0, 114, 178)),
    (120, 250, 760, 310, (0, 158, 115)),
    (120, 350, 1080, 410, (230, 159, 0)),
    (120, 450, 560, 510, (255, 255, 255)),
]
AXIS = (100, 130, 108, 540, (255, 255, 255))


def _row(y: int) -> bytes:
    pixels = [BACKGROUND] * WIDTH
    for left, top, right, bottom, colour in [*BARS, AXIS]:
        if top <= y < bottom:
            pixels[left:right] = [colour] * (right - left)
    return b"\x00" + bytes(channel for pixel in pixels for channel in pixel)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def og_image() -> bytes:
    """The PNG's bytes (8-bit RGB, no metadata, so no timestamp)."""
    raw = b"".join(_row(y) for y in range(HEIGHT))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )
