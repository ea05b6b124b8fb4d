"""The report templates' heading outlines, read off forms-2026.txt."""

from __future__ import annotations

from pipeline.forms.chapters import HeadingSpec as H

A_CHAPTERS: tuple[H, ...] = (
    H("情况概述", 1),
    H("企业在运营中的资源保障情况", 1),
    H("企业在生产、服务过程中的质量保障情况", 1),
    H("顾客关系管理的主要目标、措施和经验", 1),
)

# 字 targets per chapter are the edition's (pipeline/forms/<name>/edition.toml [lengths]).


def b_outline(category: str | None) -> tuple[H, ...]:
    """实践报告 template of a B category (服务类 when unknown; the three differ in a few names)."""
    subject = {"产品类": "产品", "交通工程类": "工程"}.get(category or "", "服务")
    engineering = category == "交通工程类"
    needs = (H("识别用户要求", 4), H("确定用户要求", 4)) if engineering else (
        H("开展调研分析", 4), H("洞察需求期望", 4))
    social = H("工程社会影响", 4) if engineering else H("实现社会效益", 4)
    # category unknown: the introduction of any of the three subjects is accepted
    subjects = (subject,) if category else ("服务", "产品", "工程")
    intro_aliases = tuple(f"所申报{s}{de}情况介绍" for s in subjects for de in ("的", ""))
    return (
        H("企业简介", 1, (
            H("企业简介", 2),
            H(f"所申报{subject}的情况介绍", 2, aliases=intro_aliases),
        )),
        H("用户满意经营实践", 1, (
            H("策划", 2, (H("满意理念", 3), H("需求分析", 3, needs), H("目标计划", 3))),
            H("实施", 2, (
                H("实施过程", 3, (H("确定关键过程", 4), H("保证过程稳定", 4))),
                H("资源支持", 3),
                H("用户关系", 3, (H("用户沟通机制", 4), H("用户关系管理", 4))),
            )),
            H("评价", 2, (
                H("满意测量", 3, (H("建立测量机制", 4), H("应用测量结果", 4))),
                H("绩效结果", 3, (H("评价整体绩效", 4), social, H("推动改进创新", 4))),
            )),
            H("应用", 2, (H("实践特色", 3), H("推广应用", 3))),
        )),
        H("总结思考", 1),
    )
