"""The deficiency list: the machine-readable result of checking one packet."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "notice"]
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "notice": "提示"}

RESULT_SCHEMA_VERSION = "1.1"  # 1.1: deficiencies may carry page, box and crop


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
    crop: str | None = None  # report folder: a picture of that place (evidence/N.png)


class DocumentEntry(BaseModel):
    file: str
    sha256: str
    kind: str
    part: str | None
    parts: list[str] = Field(default_factory=list)
    converted_from: str | None = None


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
