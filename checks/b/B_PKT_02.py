from __future__ import annotations

from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet

ALLOWED = {"服务类": {"五星", "四星", "三星"}, "产品类": {"四星", "三星"},
           "交通工程类": {"四星", "三星"}}


@rule("B-PKT-02", name="类别与等级匹配", severity="error", schemes="B", part="申请表",
      clause="服务类：用户满意标杆（五星）级…；产品类：用户满意（四星）级、用户满意亮诺（三星）级；"
             "工程类：用户满意（四星）级、用户满意亮诺（三星）级")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the level ticked on the 申请表 exists for the category it is ticked
    under: 五星 only for 服务类; 产品类 and 交通工程类 四星 or 三星. With the form as printed
    this can only fail when the category is read from elsewhere (cover, template title) and
    disagrees with the tick, or the applicant typed a level into the wrong line.
    When unsure: only a category and level it read from exactly one tick are compared.
    Why: 申请表 申请类别与等级.
    Failing example: 产品类 with 五星.
    Passing example: 服务类 五星.
    Config: none.
    """
    if packet.category and packet.level and packet.level not in ALLOWED.get(packet.category, set()):
        yield Finding(f"{packet.category}不设{packet.level}级：可申请"
                      f"{'、'.join(sorted(ALLOWED[packet.category]))}。",
                      evidence=f"申请类别：{packet.category}；申请等级：{packet.level}")
