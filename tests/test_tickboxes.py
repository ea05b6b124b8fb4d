"""Tick boxes on scanned forms: a tick written by hand over a box's outline, and options
stacked one under another, are read as the applicant marked them."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from extractors._tickboxes import find_boxes

EM = 30  # pixels per character, as at 200 dpi for 10.5 pt text


def _page(boxes: list[tuple[int, int]], ticks: list[tuple[int, int]]) -> np.ndarray:
    """A white page with □ outlines at `boxes` (top-left corners) and a pen's check
    stroke at each of `ticks`, running out over the box's outline to the upper right."""
    page = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(page)
    for x, y in boxes:
        draw.rectangle((x, y, x + EM - 2, y + EM - 2), outline=0, width=2)
    for x, y in ticks:
        draw.line([(x - 6, y + 15), (x + 12, y + 33), (x + 45, y - 15)], fill=40, width=4)
    return np.asarray(page)


def test_a_hand_tick_running_over_the_outline_is_found_ticked() -> None:
    """The stroke joins box and tick into one shape; the box is still found by its
    straight sides, and the tick inside it counts."""
    found = find_boxes(_page([(50, 50), (250, 50)], [(50, 50)]), EM)
    assert sorted((b.box[0] // 10, b.ticked) for b in found) == [(5, True), (25, False)]


def test_options_stacked_one_under_another_form_a_group() -> None:
    """"☑初评（首次申请）" over "□复评": one box per line, the two a group."""
    found = find_boxes(_page([(50, 50), (50, 100)], [(50, 50)]), EM)
    assert sorted((b.box[1] // 10, b.ticked) for b in found) == [(5, True), (10, False)]


def test_a_lone_square_is_not_a_tick_box() -> None:
    assert find_boxes(_page([(50, 50)], []), EM) == []
