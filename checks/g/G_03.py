from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.form_access import record
from checks.registry import Context, Finding, rule
from pipeline.model import Block, Packet
from pipeline.parse import normalise_company

# "组织名称（加盖公章）：X", "承诺企业（盖章）：X", "单位名称：（盖章）X", "企业名称:（加盖公章或财务章）X"
SIGNED_NAME = re.compile(
    r"^(?:承诺)?(?:组织名称|企业名称|单位名称|承诺企业|承诺组织名称)\s*"
    r"(?:[（(][^）)]*[)）])?\s*[：:]\s*(?:[（(][^）)]*[)）])?\s*(?P<name>[^\s（(].*)$")
A_FILE = re.compile(r"^市场质量信用等级[：:_\-—\s]?(?P<name>[^-—_（(]+)")


def _occurrences(packet: Packet) -> list[tuple[str, str]]:
    """(name as written, where) for every place the applicant's name is written."""
    found: list[tuple[str, str]] = []
    if packet.scheme == "A":
        app = record(packet, "申请书", "application_a")
        if app and app.fields["name"].filled:
            found.append((app.fields["name"].value, f"申请书“单位名称”（{app.fields['name'].location}）"))
        org = record(packet, "推荐材料", "organization")
        if org and org.fields["name"].filled:
            found.append((org.fields["name"].value, f"组织信息“组织名称”（{org.fields['name'].location}）"))
    elif packet.scheme == "B":
        app = record(packet, "申请表", "application_b")
        if app and app.fields["name"].filled:
            found.append((app.fields["name"].value, f"申请表“企业名称”（{app.fields['name'].location}）"))
    for doc in packet.documents:
        if doc.document.kind != "docx":
            continue
        for block in doc.document.content:
            if isinstance(block, Block) and (m := SIGNED_NAME.match(block.text.strip())):
                found.append((m["name"].strip(), f"{doc.source.name} {block.location.describe()}"))
        if packet.scheme == "A":
            stem = PurePosixPath(doc.source.name).stem
            if m := A_FILE.match(stem):
                found.append((m["name"].strip(), f"文件名“{PurePosixPath(doc.source.name).name}”"))
    return found


@rule("G-03", name="企业名称前后一致", severity="error", schemes="AB",
      clause="所有电子文件请以“市场质量信用等级：企业名称”命名；申请书、承诺书、推荐材料封面的"
             "组织名称（加盖公章）")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks: the company name is written the same way everywhere yushen reads it:
    申请书 单位名称 / 申请表 企业名称, 组织信息 组织名称, the "组织名称（加盖公章）：…",
    "承诺企业（盖章）：…" and "单位名称：（盖章）…" lines of covers and pledges, and (scheme A)
    the name in each file name. Full/half-width characters and （）/() are folded; 有限公司
    versus 有限责任公司 is a difference. One finding lists every variant with where it
    appears. Seal ring text joins once seals are read (issue 5).
    Why: a packet must belong to one legal entity.
    Failing example: 申请书 "华通交通运输集团有限公司", 承诺书 "华通交通运输集团有限责任公司".
    Passing example: the same name everywhere.
    Config: none.
    """
    variants: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for name, where in _occurrences(packet):
        key = normalise_company(name)
        variants.setdefault(key, []).append(where)
        spelled.setdefault(key, name)
    if len(variants) > 1:
        lines = [f"“{spelled[k]}”：{'；'.join(w[:3])}{'等' if len(w) > 3 else ''}"
                 for k, w in sorted(variants.items(), key=lambda kv: -len(kv[1]))]
        yield Finding(f"企业名称前后不一致，共出现 {len(variants)} 种写法。", evidence="\n".join(lines))
