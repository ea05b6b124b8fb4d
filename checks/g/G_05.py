from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.core.textnorm import compact
from pipeline.forms.records import single_choice_groups


@rule("G-05", name="勾选项数量", severity="error", schemes="AB",
      clause="□ 选项（如“□首次申请  □申请复评”“□大型 □中型 □小型”“□有 □无”）须按要求勾选")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: each single-choice tick group of the forms (A: 申请类别, 申请状态,
    是否申请公示, 组织规模, every 有/无 row of 基础信用信息, 管理类文件; B: 申请类别与等级 —
    one tick across all three categories — and 初评/复评) has exactly one tick. Ticks are
    read as Word shows them: ☑ ■ √ ✓ ☒ typed or replacing □, Wingdings symbol ticks and
    check-box content controls.
    When unsure: counts only marks it recognises as ticks; a group it cannot find is not
    reported (the field rules say what is missing); a group answered in words with its boxes
    deleted ("首次申请") is a notice for the reviewer (请人工核对), not an error.
    Why: a group with no tick is an unanswered question; two ticks contradict each other.
    Failing example: "☑首次申请 ☑申请复评".
    Passing example: "☑首次申请 □申请复评".
    Config: none. Multi-choice groups (用户需求的收集方式) are A-REC-08's.
    """
    for form, group in single_choice_groups(packet):
        ticked = group.ticked
        if len(ticked) == 1:
            continue
        if not group.options and compact(group.text):
            # answered in words, the boxes deleted ("首次申请"): the reviewer reads the answer
            yield Finding(f"{form}“{group.label}”未使用勾选框，填写为“{group.text.strip()[:30]}”。",
                          location=group.location, part=_part(form), review=True,
                          evidence=group.text.strip()[:60])
            continue
        options = "、".join(("☑" if o.ticked else "□") + o.label for o in group.options)
        what = "未勾选" if not ticked else f"勾选了{len(ticked)}项（应只选一项）"
        yield Finding(f"{form}“{group.label}”{what}。", location=group.location, part=_part(form),
                      evidence=options or "未读到选项")


def _part(form: str) -> str:
    return {"申请书": "申请书", "申请表": "申请表"}.get(form, "推荐材料")
