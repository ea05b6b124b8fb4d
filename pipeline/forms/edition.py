"""One edition of the official forms, read from its folder (pipeline/forms/<name>/, e.g. 2026/).

What changes from one year's forms to the next is data there: the parts and their titles,
the required parts, the fiscal years of the financial table, the dates of the participation
conditions, the report length targets, the pledge texts and the templates' guidance text. A
new edition is a copy of the folder with what changed, chosen by the setting
`forms_edition` (a folder name under pipeline/forms/ holding an edition.toml, or a path to a folder).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.core.errors import ExitCode, YushenError
from pipeline.core.settings import Settings

EDITIONS_DIR = Path(__file__).resolve().parent  # pipeline/forms/2026/ …
DEFAULT_EDITION: str = Settings.model_fields["forms_edition"].default


class PartPattern(BaseModel):
    """A part named by a regular expression over compacted text (a title or a file name)."""

    part: str
    pattern: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class Lengths(BaseModel):
    a_chapters: dict[str, list[int]]  # level → 字 per 工作报告 chapter
    a_report: int
    b_chapters: list[int]  # 实践报告: 企业简介, 用户满意经营实践, 总结思考
    b_report_ceiling: int


class Pledges(BaseModel):
    a: list[str]  # 市场质量信用承诺书
    b_business: list[str]  # 用户满意经营承诺书
    b_apply: list[str]  # 等级评价申报承诺书


class TopicSpec(BaseModel):
    name: str  # as the forms name it
    phrases: list[str] = []  # its key words and their synonyms (the name itself when none)
    aaa: bool = False  # asked of AAA applicants only


class FormLayout(BaseModel):
    """One form's table: field name (the rules') → label (the form's)."""

    model_config = ConfigDict(extra="forbid")

    title: str  # how reports name the form
    part: str  # the part of the packet it is in
    fields: dict[str, str] = {}
    ticks: dict[str, str] = {}  # tick-box groups taking one tick
    blocks: dict[str, list[str]] = {}  # 企业信息表: industry → the fields of its block


class MarketLayout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    users: str
    documents: str  # one tick
    collection: str  # several ticks
    rows: list[str]
    years: list[str]
    columns: list[str]


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid")

    labels: list[str]


class Rows(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: list[str]


class Headers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    headers: list[str]


class Records(BaseModel):
    """The forms' tables (records.toml)."""

    model_config = ConfigDict(extra="forbid")

    forms: dict[str, FormLayout]
    b_blocks: dict[str, str]  # B category → the form of its block
    staff: Labels  # column heads over the "人数" row
    financials: Rows
    market: MarketLayout
    respondents: Headers


class VolumeSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    pattern: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class Volume(BaseModel):
    """A bound volume of a scheme (volumes.toml): its sections by title, in binding order."""

    model_config = ConfigDict(extra="forbid", ignored_types=(cached_property,))

    order: list[str]
    activity_order: list[str] = []  # A: 活动说明 7's order
    alone: list[str] = []  # sections that do not make a bound volume by themselves
    shown_as: dict[str, str] = {}  # a section as the forms name it in the order
    sections: list[VolumeSection]

    def named_order(self, order: list[str] | None = None) -> str:
        return "、".join(self.shown_as.get(name, name) for name in (order or self.order))


class Outlines(BaseModel):
    """The report templates' heading outlines (outlines.toml), as indented text."""

    model_config = ConfigDict(extra="forbid")

    a_report: str
    b_report: dict[str, str]  # B category → its template; the first when the category is unknown


class Edition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    name: str
    source: str  # the official text it was read from
    folder: Path
    fiscal_years: list[int]
    latest_founding: dt.date
    survey_start: dt.date
    parts: dict[str, list[str]]  # scheme → parts, in binding order
    scheme_of_part: dict[str, str]
    required_parts: dict[str, list[list[str]]]  # scheme → [part, parts that also satisfy it]
    survey_parts: list[str]  # the third-party measurement material
    a_file_prefix: str  # scheme A file names: "<prefix>：企业名称"
    word_parts: dict[str, list[str]]
    part_full_names: dict[str, str]
    title_rules: list[PartPattern]
    name_rules: list[PartPattern]
    lengths: Lengths
    pledges: Pledges
    guidance: list[str]  # the report templates' guidance paragraphs
    a_topics: list[list[TopicSpec]]  # A-RPT-03: per 工作报告 chapter, the topics it must address
    records: Records
    outlines: Outlines
    volumes: dict[str, Volume]  # scheme → its bound volume
    instructions: list[str]  # the forms' bracketed instructions: "加盖公章", "含邮编"

    # one object per edition (load_edition caches it): hashed by identity, so what is derived
    # from an edition (compacted guidance, topic tables) can be cached on it
    __hash__ = object.__hash__

    @cached_property
    def a_file_name(self) -> re.Pattern[str]:
        """A scheme A file name as the forms prescribe: an ordering number allowed before the
        prefix, "：" or a stand-in Windows allows after it, then the company's name."""
        from pipeline.core.textnorm import ORDER_PREFIX

        return re.compile(rf"^{ORDER_PREFIX}{re.escape(self.a_file_prefix)}[：:_\-—\s]?"
                          r"(?P<name>[^-—_（(]*)")

    @cached_property
    def _instruction(self) -> re.Pattern[str]:
        return re.compile(r"[（(]\s*(?:" + "|".join(
            r"\s*".join(map(re.escape, core)) for core in self.instructions) + r")\s*[)）]")

    def strip_instructions(self, value: str) -> str:
        """A filled-in value without the forms' bracketed instructions, which applicants keep
        before, after or inside their answer ("某某有限公司（加盖公章或财务章）", "（含邮编）北京市…"),
        and the blanks and colons they leave at its ends; "" when that was all there was."""
        return self._instruction.sub("", value).strip().strip("：:").strip()

    @property
    def year_labels(self) -> list[str]:
        """The fiscal years as the financial table heads its columns: "2023年"."""
        return [f"{year}年" for year in self.fiscal_years]


class EditionError(YushenError):
    """The configured edition of the forms cannot be read."""

    exit_code = ExitCode.bad_args


def edition_folder(name_or_path: str) -> Path:
    named = EDITIONS_DIR / name_or_path
    if re.fullmatch(r"[\w.-]+", name_or_path) and (named / "edition.toml").is_file():
        return named
    return Path(name_or_path).expanduser()


@lru_cache(maxsize=8)
def load_edition(name_or_path: str = DEFAULT_EDITION) -> Edition:
    """The edition named or found at `name_or_path`; however it is named ("2026", its path),
    one folder is read once and gives one object."""
    folder = edition_folder(name_or_path).resolve()
    try:
        return _read_edition(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise EditionError(f"无法读取表格版本“{name_or_path}”（{folder}）：{exc}") from exc


@lru_cache(maxsize=8)
def _read_edition(folder: Path) -> Edition:
    data = tomllib.loads((folder / "edition.toml").read_text(encoding="utf-8"))
    pledges = tomllib.loads((folder / "pledges.toml").read_text(encoding="utf-8"))
    guidance = json.loads((folder / "template_guidance.json").read_text(encoding="utf-8"))
    topics = tomllib.loads((folder / "topics.toml").read_text(encoding="utf-8"))
    records = tomllib.loads((folder / "records.toml").read_text(encoding="utf-8"))
    outlines = tomllib.loads((folder / "outlines.toml").read_text(encoding="utf-8"))
    volumes = tomllib.loads((folder / "volumes.toml").read_text(encoding="utf-8"))
    return Edition(folder=folder, pledges=pledges, guidance=guidance["paragraphs"],
                   a_topics=[c["topics"] for c in topics["a_chapters"]], records=records,
                   outlines=outlines, volumes=volumes, **data)


def edition_of(packet: object) -> Edition:
    """The edition a packet is checked against (Packet.forms_edition; the default if unset)."""
    return load_edition(getattr(packet, "forms_edition", None) or DEFAULT_EDITION)

