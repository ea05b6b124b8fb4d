"""One typed settings object: environment variables YUSHEN_* override the defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "yushen"


class ArchiveLimits(BaseSettings):
    """Limits that stop archive bombs; every one is checked while bytes are read."""

    model_config = SettingsConfigDict(env_prefix="YUSHEN_ARCHIVE_")

    max_total_bytes: int = 1024 * 1024 * 1024  # all members of one packet, unpacked
    max_member_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 200.0  # unpacked / packed, per member above 1 MiB
    max_depth: int = 3  # archives inside archives
    max_members: int = 20000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YUSHEN_")

    data_dir: Path = Field(default_factory=_default_data_dir)
    # OCR results by page-image hash; default under the data folder. Several data folders
    # (test runs, workers) may share one: entries are keyed by content and written atomically.
    cache_dir: Path | None = None
    archive: ArchiveLimits = Field(default_factory=ArchiveLimits)
    # "控制在…左右": relative tolerance around a chapter length target (REQUIREMENTS A-RPT-02).
    length_tolerance: float = 0.2
    # "正文以三号仿宋字体为主": the share of body characters that must be in the required
    # format before a format rule is satisfied (A-RPT-04, B-RPT-03, A-REC-03).
    format_main_share: float = 0.8
    # 仿宋_GB2312 is a different font from 仿宋 (FACTS.md); accept it where 仿宋 is required,
    # with a notice (True), or report it as a wrong font (False).
    accept_fangsong_gb2312: bool = True
    # A-REC-02: the forms give two binding orders (REQUIREMENTS). "填报说明": 推荐材料 bound
    # alone in the order of 填报说明 五, 申请书 and 承诺书 apart. "活动说明": 信息采集表 +
    # 承诺书 + 申报材料 in one volume, the 工作报告 in another (活动说明 7).
    a_binding_order: Literal["填报说明", "活动说明"] = "填报说明"
    # B-RPT-03 and other page facts of Word files: lay the file out with LibreOffice and
    # read the pages (true), or judge by the file's section settings only (false, faster)
    render_word_pages: bool = True
    soffice: str = "soffice"
    libreoffice_timeout_s: int = 120
    # chi_sim alone: its model reads Latin letters and digits too, and adding eng makes
    # tesseract read whole Chinese lines as Latin garbage (bench/ocr_cer.py: 5 % vs 0.7 %).
    ocr_languages: str = "chi_sim"
    ocr_max_pages: int = 200  # per document: pages beyond are reported, not read
    ocr_dpi: int = 200  # PDF pages without a usable text layer are rendered at this resolution
    ocr_detect_orientation: bool = True  # tesseract OSD: pages scanned sideways or upside down
    # a picture larger than this is not decoded (an A4 page at 600 dpi is 35 million pixels;
    # a "decompression bomb" is a small file that decodes to billions)
    max_image_pixels: int = 80_000_000

    # Verdict: a packet with an error from one of these rules is 不予受理 (it cannot take
    # part: not three fiscal years old, no revenue); any other error or warning is 需补正.
    reject_rule_ids: list[str] = ["A-ELG-01", "A-ELG-02"]
    # 补正通知书: the deadline in days after the check, and whom the applicant contacts
    notice_deadline_days: int = 10
    notice_issuer: str = "中国交通企业管理协会质量工作委员会"
    notice_contact: str = "秘书处"
    notice_phone: str = ""
    notice_email: str = "zjqxzl@163.com"

    @property
    def ocr_cache_dir(self) -> Path:
        return (self.cache_dir or self.data_dir / "cache") / "ocr"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def converted_dir(self) -> Path:
        return self.data_dir / "converted"

    @property
    def rendered_dir(self) -> Path:
        return self.data_dir / "rendered"
