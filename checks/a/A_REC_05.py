from __future__ import annotations

from collections.abc import Iterator

from checks.evidence import part_present
from checks.form_access import record, unfilled_findings, uscc_findings
from checks.registry import Context, Finding, rule
from pipeline.core.model import Packet

REQUIRED = ["name", "uscc", "founded", "address", "capital", "legal_rep", "company_type", "scope"]


@rule("A-REC-05", name="组织信息与统一社会信用代码", severity="error", schemes="A",
      part="推荐材料",
      clause="组织名称、统一社会信用代码（提供营业执照复印件）、成立日期、注册地址、注册资本、"
             "法定代表人/负责人、公司类型、经营范围、组织规模")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the 组织信息 table's fields are filled; the 统一社会信用代码 has 18
    characters from the GB 32100-2015 alphabet and a correct check digit; a copy of the
    营业执照 is in the packet: a file of its own, or a captioned picture or titled page
    inside any document (as 证实性材料 bound into 推荐材料). (组织规模's single tick is G-05's.)
    When unsure: the licence counts wherever it is placed (file, folder, captioned picture,
    titled page); the check digit is computed, not guessed.
    Why: the form asks for the code "（提供营业执照复印件）".
    Failing example: code 91350200776049653B (check digit should be A); no 营业执照.
    Passing example: 91350200776049653A and a scan of the licence.
    Config: none.
    """
    org = record(packet, "推荐材料", "organization")
    if org is None:
        return
    yield from unfilled_findings(org, REQUIRED, "组织信息")
    yield from uscc_findings(org.fields["uscc"])
    if not part_present(packet, "营业执照"):
        yield Finding("组织信息要求提供营业执照复印件，材料中未找到营业执照。",
                      evidence="未找到以“营业执照”为文件名、文件夹名、标题或图片说明的材料")
