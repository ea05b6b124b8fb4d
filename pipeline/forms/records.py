"""The official forms as typed records, filled from the tables of the document model.

Each record names the label of every field as printed on the form (forms-2026.txt); a
value is the cell right of (or below) its label, wherever the applicant's table put it.
Tick-box fields keep every option with its state, so G-05 can count ticks.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from pipeline.core.model import Table
from pipeline.core.textnorm import compact
from pipeline.forms import fields
from pipeline.forms.edition import edition_of, load_edition

NOT_APPLICABLE = re.compile(r"^(?:[/／\\\-—–―_－]+|无|不适用|免填|略|n/?a)$", re.I)


class FormField(BaseModel):
    label: str
    value: str = ""
    location: str | None = None
    found: bool = False  # the label is on the form

    @property
    def filled(self) -> bool:
        return bool(compact(self.value))

    @property
    def answered(self) -> bool:
        """Filled with something other than a "not applicable" mark ("/", "—", "无", "不适用"):
        applicants strike out the blocks that are not theirs."""
        return self.filled and not NOT_APPLICABLE.match(compact(self.value))


class TickGroup(BaseModel):
    label: str
    options: list[fields.TickOption] = Field(default_factory=list)
    text: str = ""  # the cell as written, options and what follows them
    location: str | None = None
    found: bool = False

    @property
    def ticked(self) -> list[str]:
        return [o.label for o in self.options if o.ticked]


class Record(BaseModel):
    """A form: fields by label. Subclasses list (field name, label, is tick group)."""

    FIELDS: ClassVar[list[tuple[str, str, bool]]] = []
    fields: dict[str, FormField] = Field(default_factory=dict)
    ticks: dict[str, TickGroup] = Field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: list[Table], rows: set[int] | None = None) -> Record:
        record = cls()
        for name, label, is_tick in cls.FIELDS:
            found = fields.label_value(tables, label, rows)
            location = found.cell.location.describe() if found and found.cell else None
            if is_tick:
                options = fields.tick_options(found.value) if found else []
                record.ticks[name] = TickGroup(label=label, options=options, location=location,
                                               found=found is not None,
                                               text=found.value if found else "")
            else:
                value = fields.strip_instructions(found.value) if found else ""
                record.fields[name] = FormField(label=label, value=value,
                                                location=location, found=found is not None)
        return record

    def values(self) -> dict[str, str]:
        """Plain values by label, tick groups as their ticked options joined by "、"."""
        out = {f.label: f.value for f in self.fields.values()}
        out.update({t.label: "、".join(t.ticked) for t in self.ticks.values()})
        return out


class ApplicationA(Record):
    """交通运输行业市场质量信用等级评价申请书 (scheme A)."""

    FIELDS = [
        ("name", "单位名称", False), ("legal_rep", "法定代表人", False),
        ("handler", "经办人", False), ("phone", "座机", False), ("fax", "传真", False),
        ("department", "部门", False), ("mobile", "手机", False), ("email", "电子信箱", False),
        ("address", "联系地址", False), ("profile", "企业简介", False),
        ("level", "申请类别", True), ("project", "项目名称", False),
        ("status", "申请状态", True), ("publish", "是否申请公示", True),
    ]


class EnterpriseInfo(Record):
    """企业信息表 (scheme A, 推荐材料), with the three industry blocks."""

    FIELDS = [
        ("department", "负责申报部门名称", False), ("contact", "联系人", False),
        ("contact_title", "联系人职务", False), ("contact_phone", "联系人电话", False),
        ("contact_email", "联系人电子信箱", False), ("address", "通信地址", False),
        ("returns", "年处理退赔次数", False), ("repair_rate", "保修期返修率（%）", False),
        ("main_product", "主导产品名称", False), ("output", "年产量（台件）", False),
        ("sales", "年销售量（台件）", False), ("market_share", "国内市场占有率（%）", False),
        ("pass_rate", "产品抽检合格率（%）", False),
        ("main_project", "主要工程名称", False), ("floor_area", "工程建筑面积（平方米）", False),
        ("project_cost", "工程造价（万元）", False), ("project_count", "工程数量", False),
        ("acceptance_rate", "工程验收合格率（%）", False),
        ("complaints", "年接待投诉次数", False), ("complaint_satisfaction", "投诉受理满意度", False),
        ("main_service", "主要服务项目名称", False), ("visitors", "年接待人次", False),
    ]
    INDUSTRY_BLOCKS: ClassVar[dict[str, list[str]]] = {
        "交通产品制造业": ["returns", "repair_rate", "main_product", "output", "sales",
                          "market_share", "pass_rate"],
        "交通工程建设业": ["main_project", "floor_area", "project_cost", "project_count",
                          "acceptance_rate"],
        "交通运输服务业": ["complaints", "complaint_satisfaction", "main_service", "visitors"],
    }


class Organization(Record):
    """组织信息 (scheme A)."""

    FIELDS = [
        ("name", "组织名称", False), ("uscc", "统一社会信用代码", False),
        ("founded", "成立日期", False), ("address", "注册地址", False),
        ("capital", "注册资本", False), ("legal_rep", "法定代表人/负责人", False),
        ("company_type", "公司类型", False), ("scope", "经营范围", False),
        ("size", "组织规模", True),
    ]


class BasicCredit(Record):
    """基础信用信息 (scheme A): 有/无 rows as tick groups, and the lists they ask for."""

    FIELDS = [
        ("licence", "本行业所涉及的法定生产经营许可证", True),
        ("licence_list", "许可证名称及证书编号", False),
        ("inspection", "政府抽检不合格记录", True), ("safety", "较大及以上安全事故", True),
        ("quality", "较大及以上质量事故", True), ("environment", "较大及以上环保事故", True),
        ("blacklist", "失信行为及黑名单", True), ("public_credit", "公共信用不良记录", True),
        ("environment_proof", "环保情况及证明", True),
        ("tax_level", "纳税人等级", False), ("charity", "支持社会公益事业情况", True),
        ("qms", "质量管理体系认证", True), ("ems", "环境管理体系认证", True),
        ("ohs", "职业健康安全管理体系认证", True), ("service_cert", "服务认证及其他资质认证", True),
        ("bank_record", "金融机构信用记录", True),
        ("quality_rules", "质量管理相关制度", True), ("standards", "产品或服务的执行标准", True),
        ("training_hours", "员工人均培训时长", False),
        ("senior_staff", "从业时间5年以上员工数量", False),
        ("qc", "QC小组成果", True), ("patents", "发明专利数量", True),
        ("tech_center", "企业技术中心认定", True), ("high_tech", "高新技术企业", True),
        ("pledge", "公开质量承诺情况", True),
        ("quality_award", "质量管理奖励", True), ("science_award", "科技进步奖励", True),
    ]


STAFF_LABELS = ["员工总数", "本科及以上文化程度", "中高级技术职称（或等同水平）"]


def read_staff(tables: list[Table]) -> dict[str, FormField]:
    """基础信用信息 资源保障: the "项目 | 员工总数 | 本科及以上文化程度 | 中高级技术职称" row
    and the "人数" row under it, read column by column (the labels head the columns, so
    the value is below each label, not right of it)."""
    wanted = {compact(label): label for label in STAFF_LABELS}
    for table in tables:
        grid = table.grid()
        for r, row in enumerate(grid):
            heads = {c: cell for c, cell in enumerate(row)
                     if cell is not None and cell.col == c and cell.row == r
                     and compact(cell.text) in wanted}
            if not any(compact(h.text) == "员工总数" for h in heads.values()):
                continue
            out: dict[str, FormField] = {}
            for c, head in heads.items():
                below = grid[r + 1][c] if r + 1 < len(grid) else None
                label = wanted[compact(head.text)]
                out[label] = FormField(label=label,
                                       value=fields.strip_instructions(below.text) if below else "",
                                       location=below.location.describe() if below else None,
                                       found=True)
            return out
    return {}


FINANCE_ROWS = [
    "资产总额（万元）", "所有者权益（万元）", "负债总额（万元）", "流动负债（万元）",
    "长期负债（万元）", "营业收入（万元）", "利润总额（万元）", "净利润（万元）",
    "资产负债率（%）", "流动资产比率（%）", "资产报酬率（%）", "净资产收益率（%）",
    "主营业务利润率（%）", "净资产增长率（%）", "营业利润增长率（%）", "主营业务收入增长率（%）",
]


class Financials(BaseModel):
    """主要财务数据: 16 rows × 3 years, each value with its cell."""

    years: list[str] = Field(default_factory=list)  # the column heads it was read by: "2023年"
    values: dict[str, dict[str, str]] = Field(default_factory=dict)  # row → year → value
    locations: dict[str, dict[str, str]] = Field(default_factory=dict)
    found: bool = False


MARKET_ROWS = ["用户满意度（百分制）", "用户忠诚度（百分制）", "用户抱怨率（%）"]
MARKET_YEARS = ["前二年", "前一年", "本年"]
MARKET_COLS = ["本品", "竞品", "标杆"]


class MarketIndicators(BaseModel):
    """主要用户与市场指标."""

    users: FormField = Field(default_factory=lambda: FormField(label="企业用户数量"))
    documents: TickGroup = Field(default_factory=lambda: TickGroup(
        label="用户满意信息收集及持续改进的管理类文件"))
    collection: TickGroup = Field(default_factory=lambda: TickGroup(label="用户需求的收集方式"))
    # indicator → year → column (本品/竞品/标杆) → value
    indicators: dict[str, dict[str, dict[str, str]]] = Field(default_factory=dict)


class Respondent(BaseModel):
    number: str
    name: str
    contact: str
    survey_date: str
    employer: str
    location: str | None = None


RESPONDENT_HEADERS = ["序号", "姓名", "联系方式", "调查时间", "工作单位"]


class ApplicationB(Record):
    """交通运输企业用户满意等级评价申请表 (scheme B), common fields."""

    FIELDS = [
        ("name", "企业名称", False), ("uscc", "统一社会信用代码", False),
        ("company_type", "企业类型", False), ("industry", "行业分类", False),
        ("size", "组织规模", False), ("contact", "联系人", False), ("department", "部门", False),
        ("title", "职务", False), ("mobile", "手机", False), ("address", "联系地址", False),
        ("category_level", "申请类别与等级", True), ("project", "申报项目名称", False),
        ("satisfaction", "满意度（百分制得分）", False), ("review", "初评/复评", True),
    ]


class ServiceBlock(Record):
    FIELDS = [
        ("function", "主要业务职能", False), ("staff", "专项服务工作人员数", False),
        ("customers", "主要服务对象", False), ("beneficiaries", "直接服务受益的用户数", False),
        ("benchmark", "所在行业的标杆企业和主要竞争对手（各1个）", False),
        ("quality_traits", "行业普遍关注的服务质量特性（限3项）", False),
        ("advantages", "我们的竞争优势（限3项）", False),
    ]


class ProductBlock(Record):
    FIELDS = [
        ("brand", "商标名称", False), ("model", "产品型号及规格", False),
        ("buyers", "主要销售对象", False), ("beneficiaries", "直接服务受益的用户数", False),
        ("benchmark", "所在行业的标杆企业和主要竞争对手（各1个）", False),
        ("quality_traits", "行业普遍关注的产品质量特性（限3项）", False),
        ("advantages", "我们的竞争优势（限3项）", False),
    ]


class EngineeringBlock(Record):
    FIELDS = [
        ("owner", "建设单位（用户）名称", False), ("site", "工程地点", False),
        ("cost", "工程造价（万元）", False), ("area", "建筑面积（万平方米）", False),
        ("completed", "竣工日期", False), ("accepted", "验收日期", False),
        ("designer", "工程设计单位", False), ("supervisor", "工程监理单位", False),
    ]


B_BLOCKS: dict[str, tuple[str, type[Record]]] = {
    "服务类": ("服务类填写", ServiceBlock),
    "产品类": ("产品类填写", ProductBlock),
    "交通工程类": ("交通工程类填写", EngineeringBlock),
}


def _heading_text(text: str) -> str:
    """A block heading as written: "服务类填写", "服务类（填写）", "服务类 填写：" are one."""
    return re.sub(r"[()（）:：]", "", compact(text))


def _block_rows(tables: list[Table], heading: str) -> tuple[list[Table], set[int]] | None:
    """Rows of a category block: the rows its (vertically merged) heading cell spans, and
    the rows below whose cell in that column is blank up to the next heading (the same
    block with the merge undone: Word leaves the lower cells empty)."""
    for table in tables:
        for cell in table.cells:
            if _heading_text(cell.text) == _heading_text(heading):
                end = cell.row + cell.row_span
                grid = table.grid()
                while end < len(grid) and (grid[end][cell.col] is None
                                           or not grid[end][cell.col].text.strip()):
                    end += 1
                return [table], set(range(cell.row, end))
    return None


def read_b_blocks(tables: list[Table]) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for category, (heading, cls) in B_BLOCKS.items():
        scoped = _block_rows(tables, heading)
        if scoped:
            out[category] = cls.from_tables(*scoped)
    return out


def read_financials(tables: list[Table], years: list[str] | None = None) -> Financials:
    """The table headed by the edition's fiscal years (`years`: its column heads)."""
    years = years if years is not None else load_edition().year_labels
    result = Financials(years=years)
    for table in tables:
        grid = table.grid()
        header = next((r for r, row in enumerate(grid)
                       if sum(1 for c in row if c and compact(c.text) in years) >= 3), None)
        if header is None:
            continue
        columns = {compact(c.text): i for i, c in enumerate(grid[header]) if c}
        result.found = True
        for row in grid[header + 1 :]:
            if not row or row[0] is None:
                continue
            label = next((name for name in FINANCE_ROWS if compact(row[0].text) == compact(name)),
                         None)
            if label is None:
                continue
            result.values[label] = {}
            result.locations[label] = {}
            for year in years:
                cell = row[columns[year]] if columns.get(year, 99) < len(row) else None
                result.values[label][year] = fields.strip_instructions(cell.text) if cell else ""
                result.locations[label][year] = cell.location.describe() if cell else ""
        break
    return result


def read_market(tables: list[Table]) -> MarketIndicators:
    result = MarketIndicators()
    users = fields.label_value(tables, "企业用户数量")
    if users:
        result.users = FormField(label="企业用户数量", value=fields.strip_instructions(users.value),
                                 found=True,
                                 location=users.cell.location.describe() if users.cell else None)
    for attr, label in (("documents", "用户满意信息收集及持续改进的管理类文件"),
                        ("collection", "用户需求的收集方式")):
        found = fields.label_value(tables, label)
        if found:
            setattr(result, attr, TickGroup(label=label, options=fields.tick_options(found.value),
                                            found=True))
    for table in tables:
        grid = table.grid()
        for row in grid:
            cells = [c for i, c in enumerate(row) if c is not None and (i == 0 or c is not row[i - 1])]
            if len(cells) < 5:
                continue
            indicator = next((m for m in MARKET_ROWS if compact(cells[0].text) == compact(m)), None)
            year = compact(cells[1].text)
            if indicator and year in MARKET_YEARS:
                result.indicators.setdefault(indicator, {})[year] = {
                    col: fields.strip_instructions(cells[2 + n].text)
                    for n, col in enumerate(MARKET_COLS)}
    return result


_DATE_OR_NUMBER = re.compile(r"\d")


def read_respondents(tables: list[Table]) -> list[Respondent]:
    out: list[Respondent] = []
    for table in tables:
        grid = table.grid()
        header = next((r for r, row in enumerate(grid)
                       if [compact(c.text) if c else "" for c in row][:5] == RESPONDENT_HEADERS), None)
        if header is None:
            continue
        for row in grid[header + 1 :]:
            texts = [c.text.strip() if c else "" for c in row[:5]]
            if len(texts) < 5 or not any(texts[1:]):
                continue  # the form's empty rows
            if len({id(c) for c in row[:5]}) == 1 or [compact(t) for t in texts] == RESPONDENT_HEADERS:
                continue  # a note row merged across the table, or the header row repeated
            out.append(Respondent(number=texts[0], name=texts[1], contact=texts[2],
                                  survey_date=texts[3], employer=texts[4],
                                  location=row[1].location.describe() if row[1] else None))
    return out


def part_tables(packet, part: str) -> list[Table]:
    """Tables of a part from its Word documents (the authoritative copy), else any."""
    return [t for d in packet.word_first(part) for t in d.items_of(part) if isinstance(t, Table)]


def read_forms(packet) -> dict[str, Any]:
    """Every form of the packet as plain values, keyed by the form's name."""
    out: dict[str, Any] = {}
    if packet.scheme == "A":
        app = part_tables(packet, "申请书")
        if app:
            out["申请书"] = ApplicationA.from_tables(app).values()
        rec = part_tables(packet, "推荐材料")
        if rec:
            out["企业信息表"] = EnterpriseInfo.from_tables(rec).values()
            out["组织信息"] = Organization.from_tables(rec).values()
            out["基础信用信息"] = BasicCredit.from_tables(rec).values()
            out["员工情况"] = {k: f.value for k, f in read_staff(rec).items()}
            out["主要财务数据"] = read_financials(rec, edition_of(packet).year_labels).values
            market = read_market(rec)
            out["主要用户与市场指标"] = {
                market.users.label: market.users.value,
                market.documents.label: "、".join(market.documents.ticked),
                market.collection.label: "、".join(market.collection.ticked),
                "indicators": market.indicators}
            out["被访者信息登记表"] = [[r.number, r.name, r.contact, r.survey_date, r.employer]
                                   for r in read_respondents(rec)]
    elif packet.scheme == "B":
        app = part_tables(packet, "申请表")
        if app:
            out["申请表"] = ApplicationB.from_tables(app).values()
            out["申请表类别"] = {name: block.values() for name, block in read_b_blocks(app).items()}
    return out


# Tick groups that take exactly one tick; multi-choice groups (用户需求的收集方式) are not here.
SINGLE_CHOICE_A = {
    "申请书": (ApplicationA, ["level", "status", "publish"]),
    "组织信息": (Organization, ["size"]),
    "基础信用信息": (BasicCredit, [name for name, _, tick in BasicCredit.FIELDS if tick]),
}


def single_choice_groups(packet) -> list[tuple[str, TickGroup]]:
    """(form name, group) for every single-choice tick group found on the packet's fields."""
    out: list[tuple[str, TickGroup]] = []
    if packet.scheme == "A":
        sources = {"申请书": part_tables(packet, "申请书"),
                   "组织信息": part_tables(packet, "推荐材料"),
                   "基础信用信息": part_tables(packet, "推荐材料")}
        for form, (cls, names) in SINGLE_CHOICE_A.items():
            if not sources[form]:
                continue
            record = cls.from_tables(sources[form])
            out += [(form, record.ticks[n]) for n in names if record.ticks[n].found]
        rec = part_tables(packet, "推荐材料")
        if rec:
            docs = read_market(rec).documents
            if docs.found:
                out.append(("主要用户与市场指标", docs))
    elif packet.scheme == "B":
        app = part_tables(packet, "申请表")
        if app:
            record = ApplicationB.from_tables(app)
            out += [("申请表", record.ticks[n]) for n in ("category_level", "review")
                    if record.ticks[n].found]
    return out
