from __future__ import annotations

import re
from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet
from pipeline.core.textnorm import compact

INSTITUTION = re.compile(r"(公司|集团|中心|站|局|处|所|部|院|队|分公司)$")
MODEL = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚ]+.*型|型号|规格|[A-Za-z]+[-‐]?\d+")


@rule("B-APP-03", name="申报项目名称", severity="warning", schemes="B", part="申请表",
      confidence=0.7,
      clause="服务类应填写企业专项服务名称，填写服务机构无效。产品类项目名称必须填写型号、规格，"
             "填写系列产品无效。工程类填写工程名称（名称与竣工验收证明一致）。")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: 服务类 — the 申报项目名称 names a service, not an institution (a name
    ending in 公司, 集团, 中心, 站 … is an institution); 产品类 — it carries a model or
    specification ("HL3000型", "型号", "规格"); 交通工程类 — the same name appears in the
    竣工验收证明. These are judgements from the text: warnings for the reviewer.
    When unsure: judgements from the text are warnings; a 竣工验收证明 read only by OCR gives a
    请人工核对 notice.
    Why: 填报说明 二（四）: "填写服务机构无效"，"填写系列产品无效".
    Failing example: 服务类 "顺达城市公交有限公司客运服务中心".
    Passing example: 服务类 "城市公交一站式出行服务".
    Config: none.
    """
    name = compact(packet.project_name or "")
    if not name:
        return  # an empty name is B-APP-01's
    if packet.category == "服务类" and INSTITUTION.search(name):
        yield Finding("服务类申报项目名称应为具体的专项服务，填写的像是服务机构名称。",
                      evidence=f"申报项目名称：{packet.project_name}")
    elif packet.category == "产品类" and not MODEL.search(name):
        yield Finding("产品类申报项目名称须写明型号、规格，填写系列产品无效。",
                      evidence=f"申报项目名称：{packet.project_name}")
    elif packet.category == "交通工程类":
        proofs = [d for d in packet.documents if "竣工验收" in d.source.name
                  or any("竣工验收" in (s.title or "") for s in d.parts)]
        if proofs and not any(name in compact(d.document.plain_text()) for d in proofs):
            # a proof read by OCR may hold the name misread: the reviewer looks
            read_by_ocr = all(d.document.ocr_pages for d in proofs)
            yield Finding("交通工程类申报项目名称与竣工验收证明中的工程名称不一致。",
                          file=proofs[0].source.name, review=read_by_ocr,
                          confidence=0.4 if read_by_ocr else None,
                          evidence=f"申报项目名称：{packet.project_name}")
