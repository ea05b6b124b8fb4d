"""The HTML report opened in headless Chromium (Debian's, driven by Playwright with
executable_path): its sections are there, the evidence pictures load, a screenshot is
written under the test's folder (kept by pytest as an artifact)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed (setup.sh)")
def test_report_opens_in_chromium_with_sections_and_loaded_crops(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    packet = next((SAMPLES / "packets").glob("A3_*"))
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "check", str(packet), "--out",
                           str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.goto((out / "report.html").as_uri())
        headings = page.locator("h1, h2").all_inner_texts()
        assert headings[0] == "用户满意工程申报材料预审报告"
        assert {"篇幅", "问题清单", "收到的文件"} <= set(headings)
        assert "华通交通运输集团有限公司" in page.locator("table").first.inner_text()
        crops = page.locator("img.crop")
        assert crops.count() >= 1
        for i in range(crops.count()):  # every evidence picture loaded and has a size
            assert crops.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        assert page.locator(".track .bar").count() >= 4  # one length bar per chapter + total
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        pdf = page.pdf(format="A4")  # prints on A4
        browser.close()
    assert shot.stat().st_size > 20_000 and pdf[:4] == b"%PDF"
