from __future__ import annotations

import re
from collections.abc import Iterator

from checks.registry import Context, Finding, rule
from pipeline.model import Block, Packet, Table

EMPTY_DATE = re.compile(r"年[\s\u3000_]*月[\s\u3000_]*日")


@rule("G-04", name="空白与日期已填写", severity="error", schemes="AB",
      clause="“年 月 日”须填写实际日期；表格中要求填写的栏目不得留空")
def check(packet: Packet, ctx: Context) -> Iterator[Finding]:
    """
    What it checks (this version): every "年 月 日" placeholder in the Word files —
    under pledges, on covers, below tables, in table cells — carries a real date, i.e. no
    "年  月  日" with nothing between the characters is left ("填报日期：202 年  月  日"
    counts as empty). Empty form fields are reported by each form's rule (A-APP-01,
    A-REC-04/05, B-APP-01); template guidance left in place is not yet checked.
    Why: the forms' 年 月 日 lines date the signature and seal.
    Failing example: "年   月   日" under 主要负责人签字.
    Passing example: "2026年3月10日".
    Config: none.
    """
    for doc in packet.documents:
        if doc.document.kind != "docx":
            continue
        for item in doc.document.content:
            texts = [(item.text, item.location)] if isinstance(item, Block) else \
                [(c.text, c.location) for c in item.cells] if isinstance(item, Table) else []
            for text, location in texts:
                for line in text.split("\n"):
                    if EMPTY_DATE.search(line):
                        yield Finding("日期未填写：“年 月 日”处应填写实际日期。", location=location,
                                      evidence=line.strip()[:60],
                                      part=doc.parts[0].part if doc.parts else None)
