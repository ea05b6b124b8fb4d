"""One typed settings object. Sources, strongest first: arguments, environment variables
YUSHEN_* (YUSHEN_MAILBOX_* for the [mailbox] table, and so on), the TOML file named by
YUSHEN_CONFIG (default ~/.config/yushen/yushen.toml, when it exists), the defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "yushen"


def config_file() -> Path:
    """The TOML settings file: $YUSHEN_CONFIG, else ~/.config/yushen/yushen.toml."""
    named = os.environ.get("YUSHEN_CONFIG")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "yushen" / "yushen.toml"


class _Section(BaseSettings):
    """A table of the settings file. When the file gives the table, pydantic validates it
    without reading the environment; the variables of the section must still win."""

    @model_validator(mode="before")
    @classmethod
    def _environment_wins(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        prefix = str(cls.model_config.get("env_prefix", "")).upper()
        found = {name: os.environ[f"{prefix}{name}".upper()] for name in cls.model_fields
                 if f"{prefix}{name}".upper() in os.environ}
        return {**data, **found}


class ArchiveLimits(_Section):
    """Limits that stop archive bombs; every one is checked while bytes are read."""

    model_config = SettingsConfigDict(env_prefix="YUSHEN_ARCHIVE_")

    max_total_bytes: int = 1024 * 1024 * 1024  # all members of one packet, unpacked
    max_member_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 200.0  # unpacked / packed, per member above 1 MiB
    max_depth: int = 3  # archives inside archives
    max_members: int = 20000


class MailboxSettings(_Section):
    """The committee mailbox (163.com over IMAP with TLS). The 客户端授权码 is read from
    YUSHEN_MAILBOX_PASSWORD or from the secrets file `password_file`; it is never logged."""

    model_config = SettingsConfigDict(env_prefix="YUSHEN_MAILBOX_")

    host: str = "imap.163.com"
    port: int = 993
    user: str = ""  # the full address, e.g. zjqxzl@163.com
    password: SecretStr | None = None
    password_file: Path | None = None  # one line: the 授权码 (chmod 600)
    tls: bool = True  # IMAP over TLS from the first byte (port 993)
    ca_file: Path | None = None  # a private CA to trust (test servers); system CAs otherwise
    folder: str = "INBOX"
    timeout_s: float = 60.0
    # connection errors: this many attempts, waiting backoff_s, 2×backoff_s, … between them
    attempts: int = 4
    backoff_s: float = 5.0
    # RFC 2971 ID sent after LOGIN: 163 refuses SELECT until a client names itself (FACTS.md)
    client_name: str = "yushen"
    client_version: str = "0.1.0"
    client_vendor: str = "yushen"  # IMAP quoted strings are 7-bit ASCII

    @field_validator("client_name", "client_version", "client_vendor")
    @classmethod
    def _ascii(cls, value: str) -> str:
        if not value.isascii():
            raise ValueError("IMAP ID 的值只能是 ASCII 字符")
        return value

    @property
    def configured(self) -> bool:
        return bool(self.user and (self.password or self.password_file))

    def secret(self) -> str:
        if self.password is not None:
            return self.password.get_secret_value()
        if self.password_file is not None:
            return self.password_file.read_text(encoding="utf-8").strip()
        return ""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YUSHEN_")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = config_file()
        sources: tuple[PydanticBaseSettingsSource, ...] = (init_settings, env_settings)
        if toml.is_file():
            sources += (TomlConfigSettingsSource(settings_cls, toml_file=toml),)
        return sources

    data_dir: Path = Field(default_factory=_default_data_dir)
    # the edition of the official forms to check against: a folder name under
    # pipeline/forms (2026), or a path to such a folder (next year's forms: a copy of the
    # folder with what changed)
    forms_edition: str = "2026"
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
    # tesseract in process (tesserocr: the model loaded once, bench/run.py) or by its command
    # (a process per read). A document whose reading process dies in C code is read once
    # more with the command (pipeline/engine/run.py).
    ocr_tesseract_in_process: bool = True
    # which engine reads seal rings: PP-OCR recognition (rapidocr, models in its wheel) or
    # tesseract; README "OCR engines" has the measurements behind the choice
    ocr_ring_engine: Literal["ppocr", "tesseract"] = "ppocr"
    # a scanned page with a seal but no signing label in its text: the band round each seal
    # is read by PP-OCR for the label (extractors/labels.py)
    ocr_labels_beside_seals: bool = True
    # which engine reads the cells of tables found on scanned pages (a cell with tick boxes
    # keeps tesseract's reading, where the boxes are marked)
    ocr_cell_engine: Literal["ppocr", "tesseract"] = "ppocr"
    # which engine reads again the rows of a page that its first reading left unread (the
    # lines of a signing block under seals and signatures, an unfilled "年 月 日")
    # (tesseract: PP-OCR reads a signature beside its label as confidently as print, and
    # the signature places are judged by the OCR's confidence; measured on the realworld
    # pages, PP-OCR here turned handwritten names into "typed" ones)
    ocr_gap_engine: Literal["ppocr", "tesseract"] = "tesseract"
    # which engine reads again a line the page's reading read poorly (below 50), signing
    # lines excepted: an unfilled "年 月 日" read as "秆5交月日" comes back as "年月日"
    ocr_poor_line_engine: Literal["ppocr", "tesseract"] = "ppocr"
    ocr_max_pages: int = 200  # per document: pages beyond are reported, not read
    # per page: OCR re-reads (cells, lines, gaps) after the first full read stop past these;
    # the page is then reported as partly read
    ocr_page_budget_s: float = 90.0
    ocr_page_max_calls: int = 400
    ocr_dpi: int = 200  # PDF pages without a usable text layer are rendered at this resolution
    ocr_detect_orientation: bool = True  # tesseract OSD: pages scanned sideways or upside down
    # a picture larger than this is not decoded (an A4 page at 600 dpi is 35 million pixels;
    # a "decompression bomb" is a small file that decodes to billions)
    max_image_pixels: int = 80_000_000
    # Each document is read in a child process (pipeline/core/isolate.py): killed after this
    # many seconds; this much address space at most (imports alone take about 550 MB)
    doc_isolation: bool = True
    doc_time_limit_s: float = 600.0
    doc_memory_limit_mb: int = 3072

    # Verdict: a packet with an error from one of these rules is 不予受理 (it cannot take
    # part: not three fiscal years old, no revenue); any other error or warning is 需补正.
    reject_rule_ids: list[str] = ["A-ELG-01", "A-ELG-02"]
    # 补正通知书: the deadline in days after the check, and whom the applicant contacts
    notice_deadline_days: int = 10
    notice_issuer: str = "中国交通企业管理协会质量工作委员会"
    notice_contact: str = "秘书处"
    notice_phone: str = ""
    notice_email: str = "zjqxzl@163.com"

    # The store of applicants, packets, results, waivers and mailbox state: SQLite under the
    # data folder unless a SQLAlchemy URL is given (postgresql+psycopg://user@host/yushen).
    database_url: str | None = None
    mailbox: MailboxSettings = Field(default_factory=MailboxSettings)
    # The drop folder: secretaries copy packets in; each settled entry is checked once and
    # moved to processed/ beside its reports. An entry written to within inbox_settle_s
    # (by its inode change time, which a copy cannot back-date) is still arriving.
    inbox_dir: Path | None = None
    inbox_processed_dir: Path | None = None  # default: processed/ under the data folder
    inbox_settle_s: float = 30.0
    inbox_poll_minutes: int = 5
    # yushen serve: the nightly mailbox batch (cron, in this time zone)
    nightly_cron: str = "0 2 * * *"
    timezone: str = "Asia/Shanghai"
    # Scale-out: a Dask scheduler ("tcp://host:8786") runs the flows' tasks; none: local
    # threads (workers of them; None lets Prefect choose)
    dask_address: str | None = None
    workers: int | None = None
    prefect_port: int = 4200  # yushen serve starts a local Prefect server here if none is set
    # The web page (yushen web, yushen serve): on 127.0.0.1 only
    web_port: int = 8080
    web_max_upload_mb: int = 500  # one packet dropped on the page, all files together
    web_session_hours: int = 12  # a login lasts a working day
    web_secure_cookies: bool = False  # True behind HTTPS: cookies are then sent over it only
    web_queue_size: int = 20  # uploads waiting for their check; more are refused (503)
    web_login_failures: int = 5  # failed logins per address or name before backing off

    @property
    def cache_root(self) -> Path:
        """Results kept by content hash, shareable between data folders."""
        return self.cache_dir or self.data_dir / "cache"

    @property
    def ocr_cache_dir(self) -> Path:
        return self.cache_root / "ocr"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def converted_dir(self) -> Path:
        return self.data_dir / "converted"

    @property
    def rendered_dir(self) -> Path:
        """Word files laid out as PDF by LibreOffice, by the file's hash (B-RPT-03, crops)."""
        return self.cache_root / "rendered"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'yushen.db'}"

    @property
    def drop_dir(self) -> Path:
        return self.inbox_dir or self.data_dir / "inbox"

    @property
    def processed_dir(self) -> Path:
        """Checked packets of the drop folder, each beside its reports (processed/DATE/NAME)."""
        return self.inbox_processed_dir or self.data_dir / "processed"

    @property
    def reports_dir(self) -> Path:
        """Report folders of packets checked by the flows (mailbox and drop folder)."""
        return self.data_dir / "reports"

    @property
    def mail_dir(self) -> Path:
        """Packets taken from e-mail, as files, one folder per message and applicant."""
        return self.data_dir / "mail"
