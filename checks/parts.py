"""Which parts each scheme requires, and which of them must be supplied as Word files."""

from __future__ import annotations

# Each entry: the part, then the parts that also satisfy it (a B packet's measurement
# material is satisfied by its measurement report alone; the other items are B-SUR-01's).
REQUIRED_PARTS: dict[str, list[tuple[str, ...]]] = {
    "A": [("申请书",), ("承诺书",), ("推荐材料",), ("工作报告",), ("第三方测评报告",)],
    "B": [("经营承诺书",), ("申报承诺书",), ("申请表",), ("实践报告",), ("营业执照",),
          ("第三方测量材料", "第三方测评报告")],
}
SURVEY_PARTS = ("第三方测量材料", "第三方测评报告")

# "电子版：请提供Word格式": the parts applicants write themselves.
WORD_PARTS: dict[str, list[str]] = {
    "A": ["申请书", "承诺书", "推荐材料", "工作报告"],
    "B": ["经营承诺书", "申报承诺书", "申请表", "实践报告"],
}

PART_FULL_NAME: dict[str, str] = {
    "申请书": "申请书（信息采集表）",
    "承诺书": "市场质量信用承诺书",
    "推荐材料": "推荐材料",
    "工作报告": "市场质量信用工作报告",
    "第三方测评报告": "第三方用户满意度测评报告",
    "经营承诺书": "交通运输企业用户满意经营承诺书",
    "申报承诺书": "交通运输企业用户满意等级评价申报承诺书",
    "申请表": "交通运输企业用户满意等级评价申请表",
    "实践报告": "交通运输企业用户满意经营的实践报告",
    "营业执照": "营业执照复印件",
    "第三方测量材料": "第三方用户满意度测量材料",
}
