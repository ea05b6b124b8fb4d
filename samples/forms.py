"""The official form tables, written in the forms' layout with sample values.

Each writer returns the values as yushen must read them back (pipeline/forms/records.py), so
the expected file beside each packet holds what was written, field for field.
"""

from __future__ import annotations

import random
from typing import Any

from samples import docbuild as db

TICK, BOX = "☑", "□"


def _ticks(options: list[str], chosen: set[str], sep: str = "  ") -> str:
    return sep.join(f"{TICK if o in chosen else BOX}{o}" for o in options)


def enterprise_info(doc, c, industry: str) -> dict[str, str]:
    """企业信息表 with all three industry blocks; only `industry`'s block is filled."""
    blocks = {
        "交通产品制造业": [("年处理退赔次数", "12"), ("保修期返修率（%）", "0.8"), ("主导产品名称", "桥梁检测车"),
                        ("年产量（台件）", "320"), ("年销售量（台件）", "298"), ("国内市场占有率（%）", "18.5"),
                        ("产品抽检合格率（%）", "99.6")],
        "交通工程建设业": [("主要工程名称", "滨江大桥"), ("工程建筑面积\n（平方米）", "86000"),
                        ("工程造价（万元）", "152000"), ("工程数量", "14"), ("工程验收合格率（%）", "100")],
        "交通运输服务业": [("年接待投诉次数", "126"), ("投诉受理满意度", "96.5"),
                        ("主要服务项目名称", "城际客运服务"), ("年接待人次", "3500000")],
    }
    values = {"负责申报部门名称": "质量管理部", "联系人": c.contact, "联系人职务": "部长",
              "联系人电话": c.mobile, "联系人电子信箱": c.email, "通信地址": f"{c.address}（210019）"}
    rows: list[list[tuple[str, int]]] = [
        [("负责申报部门名称", 1), (values["负责申报部门名称"], 3)],
        [("联系人", 1), (c.contact, 1), ("联系人职务", 1), ("部长", 1)],
        [("联系人电话", 1), (c.mobile, 1), ("联系人电子信箱", 1), (c.email, 1)],
        [("通信地址", 1), (values["通信地址"], 3)],
    ]
    for name, fields in blocks.items():
        rows.append([(f"{name}填写", 4)])
        filled = name == industry
        pairs = [(label, value if filled else "") for label, value in fields]
        for i in range(0, len(pairs), 2):
            row = [(pairs[i][0], 1), (pairs[i][1], 1)]
            row += [(pairs[i + 1][0], 1), (pairs[i + 1][1], 1)] if i + 1 < len(pairs) else [("", 1), ("", 1)]
            rows.append(row)
        values.update({label.replace("\n", ""): value for label, value in pairs})
    rows.append([("注：1.以上栏目由企业据实填报，以2025年度数据为准。", 4)])
    db.form_table(doc, rows, 4)
    return values


def organization(doc, c) -> dict[str, str]:
    values = {"组织名称": c.name, "统一社会信用代码": c.uscc, "成立日期": "2008年5月16日",
              "注册地址": c.address, "注册资本": "50000万元", "法定代表人/负责人": c.legal_rep,
              "公司类型": "有限责任公司", "经营范围": "道路旅客运输，城市公共交通，物流服务。",
              "组织规模": "大型"}
    db.form_table(doc, [
        [("组织信息", 4)],
        [("组织名称", 1), (c.name, 3)],
        [("统一社会信用代码\n（提供营业执照复印件）", 1), (c.uscc, 1), ("成立日期", 1), (values["成立日期"], 1)],
        [("注册地址", 1), (c.address, 1), ("注册资本", 1), (values["注册资本"], 1)],
        [("法定代表人/负责人", 1), (c.legal_rep, 1), ("公司类型", 1), (values["公司类型"], 1)],
        [("经营范围", 1), (values["经营范围"], 3)],
        [("组织规模", 1), (_ticks(["大型", "中型", "小型"], {"大型"}, "   ")
                          + "\n——划分标准参见2011年《中小企业划型标准规定》", 3)],
    ], 4)
    return values


YES_NO_ROWS = ["政府抽检不合格记录", "较大及以上安全事故", "较大及以上质量事故", "较大及以上环保事故",
               "失信行为及黑名单", "公共信用不良记录"]


STAFF = {"员工总数": "1200", "本科及以上文化程度": "680", "中高级技术职称（或等同水平）": "260"}


def basic_credit(doc) -> dict[str, str]:
    values: dict[str, str] = {}
    rows: list[list[tuple[str, int]]] = [[("下列选项如有，请提供相关证明文件复印件", 4)], [("法定资质", 4)]]

    def tick_row(label: str, options: list[str], chosen: str, extra: str = "") -> None:
        # what "请列明" asks for is typed right after the ticked option, before the next box
        text = "  ".join(f"{TICK}{o}{extra}" if o == chosen else f"{BOX}{o}" for o in options)
        rows.append([(label, 1), (text, 3)])
        values[label.replace("\n", "")] = chosen + extra

    tick_row("本行业所涉及的\n法定生产经营许可证", ["有", "无"], "有")
    rows.append([("许可证名称\n及证书编号", 1), ("1.道路运输经营许可证 苏交运管许可宁字320100001号", 3)])
    values["许可证名称及证书编号"] = "1.道路运输经营许可证 苏交运管许可宁字320100001号"
    rows.append([("守法行为（近三年）", 4)])
    for label in YES_NO_ROWS:
        tick_row(label, ["有（请列明）", "无"], "无")
    tick_row("环保情况及证明", ["有", "无"], "有")
    rows.append([("社会责任", 4)])
    rows.append([("纳税人等级", 1), ("A级", 3)])
    values["纳税人等级"] = "A级"
    tick_row("支持社会公益事业情况", ["有（请列明）", "无"], "有（请列明）", "：春运爱心专车")
    rows.append([("基础保障", 4)])
    for a, b in (("质量管理体系认证", "环境管理体系认证"),
                 ("职业健康安全管理体系认证", "服务认证及其他资质认证")):
        rows.append([(a, 1), (_ticks(["有", "无"], {"有"}), 1), (b, 1), (_ticks(["有", "无"], {"有"}), 1)])
        values[a] = values[b] = "有"
    tick_row("金融机构信用记录", ["有", "无"], "有")
    tick_row("质量管理相关制度", ["有（请列明）", "无"], "有（请列明）", "：质量手册")
    tick_row("产品或服务的执行标准", ["有（请列明）", "无"], "有（请列明）", "：JT/T 1094")
    rows.append([("资源保障", 4)])
    rows.append([("项目", 1), ("员工总数", 1), ("本科及以上文化程度", 1), ("中高级技术职称（或等同水平）", 1)])
    rows.append([("人数", 1), *((v, 1) for v in STAFF.values())])
    rows.append([("员工人均培训时长", 1), ("36小时", 1), ("从业时间5年以上\n员工数量", 1), ("820", 1)])
    values["员工人均培训时长"] = "36小时"
    values["从业时间5年以上员工数量"] = "820"
    for label in ("QC小组成果", "发明专利数量"):
        tick_row(label, ["有（请列明）", "无"], "无")
    rows.append([("过程保障", 4)])
    for label in ("企业技术中心认定", "高新技术企业", "公开质量承诺情况"):
        tick_row(label, ["有（请列明）", "无"], "无")
    rows.append([("社会认可（提供近三年具有代表性的企业荣誉证书，每项提供5个以内）", 4)])
    for label in ("质量管理奖励", "科技进步奖励"):
        tick_row(label, ["有（请列明）", "无"], "无")
    db.form_table(doc, rows, 4)
    return values


FINANCE = {
    "资产总额（万元）": ("120000", "126000", "132000"), "所有者权益（万元）": ("60000", "64000", "69000"),
    "负债总额（万元）": ("60000", "62000", "63000"), "流动负债（万元）": ("35000", "36000", "36500"),
    "长期负债（万元）": ("25000", "26000", "26500"), "营业收入（万元）": ("85000", "90000", "96000"),
    "利润总额（万元）": ("6800", "7300", "8100"), "净利润（万元）": ("5100", "5475", "6075"),
    "资产负债率（%）": ("50.00", "49.21", "47.73"), "流动资产比率（%）": ("38.5", "39.2", "40.1"),
    "资产报酬率（%）": ("5.7", "5.8", "6.1"), "净资产收益率（%）": ("8.5", "8.6", "8.8"),
    "主营业务利润率（%）": ("8.0", "8.1", "8.4"), "净资产增长率（%）": ("5.26", "6.67", "7.81"),
    "营业利润增长率（%）": ("4.6", "7.4", "11.0"), "主营业务收入增长率（%）": ("4.94", "5.88", "6.67"),
}


def financials(doc) -> dict[str, dict[str, str]]:
    years = ["2023年", "2024年", "2025年"]
    rows = [[("项目", 1)] + [(y, 1) for y in years]]
    rows += [[(label, 1)] + [(v, 1) for v in vals] for label, vals in FINANCE.items()]
    db.form_table(doc, rows, 4)
    return {label: dict(zip(years, vals, strict=True)) for label, vals in FINANCE.items()}


COLLECTION = ["用户回访", "投诉分析", "与用户接触的相关人员意见收集", "企业定期开展市场调研",
              "行业协会、研究机构等第三方研究报告", "委托第三方开展市场调研", "其他"]


def market(doc) -> dict[str, Any]:
    chosen = {"用户回访", "投诉分析", "委托第三方开展市场调研"}
    indicators = {
        "用户满意度（百分制）": [("85.2", "82.0", "88.5"), ("86.4", "82.6", "88.9"), ("87.9", "83.1", "89.2")],
        "用户忠诚度（百分制）": [("80.1", "78.4", "84.0"), ("81.5", "78.9", "84.6"), ("82.7", "79.5", "85.1")],
        "用户抱怨率（%）": [("2.1", "2.9", "1.5"), ("1.9", "2.8", "1.4"), ("1.6", "2.7", "1.3")],
    }
    years = ["前二年", "前一年", "本年"]
    rows: list[list[tuple[str, int]]] = [
        [("企业用户数量", 2), ("3500000", 3)],
        [("用户满意信息收集及持续改进的管理类文件", 2), (_ticks(["有（提供复印件）", "无"], {"有（提供复印件）"}), 3)],
        [("用户需求的收集方式", 2), ("\n".join(f"{TICK if o in chosen else BOX}{o}" for o in COLLECTION), 3)],
        [("市场评价指标", 2), ("本  品", 1), ("竞  品", 1), ("标  杆", 1)],
    ]
    for label, per_year in indicators.items():
        for year, vals in zip(years, per_year, strict=True):
            rows.append([(label, 1), (year, 1)] + [(v, 1) for v in vals])
    table = db.form_table(doc, rows, 5)
    for n in range(3):  # the indicator label spans its three year rows, as on the form
        top = 4 + n * 3
        merged = table.cell(top, 0).merge(table.cell(top + 2, 0))
        merged.text = list(indicators)[n]
    return {"企业用户数量": "3500000", "用户满意信息收集及持续改进的管理类文件": "有（提供复印件）",
            "用户需求的收集方式": "、".join(o for o in COLLECTION if o in chosen),
            "indicators": {label: {y: dict(zip(["本品", "竞品", "标杆"], v, strict=True))
                                   for y, v in zip(years, per_year, strict=True)}
                           for label, per_year in indicators.items()}}


def respondents(doc, seed: str, count: int = 12) -> list[list[str]]:
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
    people = []
    for i in range(1, count + 1):
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        people.append([str(i), name, f"139{rng.randint(10000000, 99999999)}",
                       f"2025年11月{rng.randint(1, 28)}日", "" if i % 3 == 0 else "南京某物流有限公司"])
    rows = [[(h, 1) for h in ("序号", "姓名", "联系方式", "调查时间", "工作单位")]]
    rows += [[(v, 1) for v in person] for person in people]
    rows += [[("", 1)] * 5 for _ in range(3)]  # the form's spare empty rows
    db.form_table(doc, rows, 5)
    return people


B_CATEGORY_FIELDS = {
    "服务类": [("主要业务职能", "城市公共交通运营"), ("专项服务工作人员数", "1260"),
             ("主要服务对象", "城市通勤乘客"), ("直接服务受益的用户数", "180万人次/日"),
             ("所在行业的标杆企业和主要竞争对手（各1个）", "标杆：深圳巴士集团；竞争对手：福州轨道交通"),
             ("行业普遍关注的服务质量特性（限3项）", "准点率、安全性、便捷性"),
             ("我们的竞争优势（限3项）", "线网覆盖、智能调度、服务规范")],
    "产品类": [("商标名称", "恒力"), ("产品型号及规格", "HL3000型 桥梁检测车 作业高度22米"),
             ("主要销售对象", "公路养护单位"), ("直接服务受益的用户数", "260家"),
             ("所在行业的标杆企业和主要竞争对手（各1个）", "标杆：徐工集团；竞争对手：中联重科"),
             ("行业普遍关注的产品质量特性（限3项）", "可靠性、作业范围、安全性"),
             ("我们的竞争优势（限3项）", "轻量化、售后响应、定制化")],
    "交通工程类": [("建设单位（用户）名称", "滨江市交通投资集团有限公司"), ("工程地点", "滨江市江北新区"),
               ("工程造价（万元）", "152000"), ("建筑面积（万平方米）", "8.6"),
               ("竣工日期", "2024年12月20日"), ("验收日期", "2025年3月18日"),
               ("工程设计单位", "中交公路规划设计院有限公司"), ("工程监理单位", "江苏交通工程监理有限公司")],
}


def b_category_blocks(category: str) -> tuple[list[list[tuple[str, int]]], dict[str, dict[str, str]],
                                               list[tuple[int, int]]]:
    """Rows of the three category blocks (5 grid columns), values, and (first, last) row
    offsets of each block's vertically merged heading."""
    rows: list[list[tuple[str, int]]] = [[("请选择对应申请类别填写", 5)]]
    values: dict[str, dict[str, str]] = {}
    spans: list[tuple[int, int]] = []
    for name, fields in B_CATEGORY_FIELDS.items():
        filled = name == category
        pairs = [(label, value if filled else "") for label, value in fields]
        first = len(rows)
        if name == "交通工程类":  # two single-line "label：" rows, then label/value pairs
            for label, value in pairs[:2]:
                rows.append([(f"{name}填写", 1), (f"{label}：{value}", 4)])
            pairs = pairs[2:]
        for i in range(0, len(pairs), 2):
            row = [(f"{name}填写", 1), (pairs[i][0], 1), (pairs[i][1], 1)]
            row += [(pairs[i + 1][0], 1), (pairs[i + 1][1], 1)] if i + 1 < len(pairs) else [("", 1), ("", 1)]
            rows.append(row)
        spans.append((first, len(rows) - 1))
        values[name] = {label: (value if filled else "") for label, value in fields}
    return rows, values, spans
