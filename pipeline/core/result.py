"""The deficiency list: the machine-readable result of checking one packet."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "notice"]
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "notice": "提示"}

RESULT_SCHEMA_VERSION = "1.4"  # 1.1: page, box, crop; 1.2: id, waived, change, fixed;
# 1.3: confidence, review; 1.4: clause


class Waiver(BaseModel):
    """A reviewer's decision that a deficiency does not count for this applicant."""

    reason: str
    by: str | None = None
    at: str  # ISO 8601 time of the decision


class Deficiency(BaseModel):
    rule_id: str
    severity: Severity
    file: str | None = None  # None: the packet as a whole
    location: str | None = None  # "第3页", "表2 第4行第2列", "第12段"
    message: str  # Chinese, for the reviewer
    evidence: str | None = None  # quoted text, counts, the cell
    part: str | None = None  # the packet part it belongs to
    page: int | None = None  # PDFs and scans: the page (1-based)
    box: list[float] | None = None  # x0, top, x1, bottom on that page: pt on PDFs, px on scans
    paragraph: int | None = None  # Word: the body paragraph (1-based), for the evidence picture
    crop: str | None = None  # report folder: a picture of that place (evidence/N.png)
    id: str | None = None  # stable key: the same deficiency in a re-run has the same id
    waived: Waiver | None = None  # a reviewer waived it: shown, not counted
    change: Literal["new", "remaining"] | None = None  # against the applicant's last packet
    confidence: float = 1.0  # how sure the rule is (0–1): 1.0 stated outright, lower inferred
    review: bool = False  # the rule was unsure: a notice asking the reviewer to check (请人工核对)
    clause: str | None = None  # the clause of the forms the rule enforces (REQUIREMENTS.md)


class DocumentEntry(BaseModel):
    file: str
    sha256: str
    kind: str
    part: str | None
    parts: list[str] = Field(default_factory=list)
    converted_from: str | None = None


class LengthBar(BaseModel):
    """One chapter's 字数 against its target, for the report's length bars."""

    part: str
    title: str
    words: int
    target: int | None  # "约 N 字"; None for a ceiling only
    low: int | None  # the tolerated range around the target
    high: int | None  # or the ceiling ("1万字以内")


class CheckResult(BaseModel):
    schema_version: str = RESULT_SCHEMA_VERSION
    packet: str
    applicant: str | None
    scheme: Literal["A", "B"] | None
    category: str | None
    level: str | None
    verdict: str
    counts: dict[str, int]
    deficiencies: list[Deficiency]
    documents: list[DocumentEntry]
    digest: str | None = None  # the received files' content (SHA-256 of their hashes)
    previous_packet: str | None = None  # the applicant's last other packet, when there is one
    fixed: list[Deficiency] = Field(default_factory=list)  # found then, not any more
    lengths: list[LengthBar] = Field(default_factory=list)  # chapter 字数 of the reports


def result_schema() -> str:
    """The JSON Schema of `yushen check --json` (and report.json), from the models."""
    import json

    schema = CheckResult.model_json_schema()
    schema["$id"] = f"https://yushen.local/schema/check-result-{RESULT_SCHEMA_VERSION}.json"
    schema["title"] = "yushen 预审结果"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
