"""The rule registry, modelled on linters (sqlfluff, ruff).

A rule is one module under checks/g, checks/a or checks/b, named after its ID
(G-01 → checks/g/G_01.py). It registers a function with @rule(...): ID, severity, the
schemes it applies to, the part it concerns and the clause of the forms it enforces. The
function's docstring uses fixed headings (What it checks / Why / Failing example /
Passing example / Config) and the rule reference (docs/rules.md) is generated from them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.core.model import ClassifiedDocument, Location, Packet
from pipeline.core.result import Deficiency, Severity
from pipeline.core.settings import Settings

DOC_HEADINGS = ("What it checks", "When unsure", "Why", "Failing example", "Passing example",
                "Config")  # "When unsure": which way the rule errs (issue 18)


@dataclass
class Finding:
    message: str
    severity: Severity | None = None  # None: the rule's default
    file: str | None = None
    location: Location | str | None = None
    evidence: str | None = None
    part: str | None = None
    confidence: float | None = None  # None: the rule's default
    review: bool = False  # unsure: a notice saying 请人工核对, in the report's 需人工核对 group


REVIEW = "请人工核对"


@dataclass
class Context:
    """What a rule may read besides the packet: settings and what intake found."""

    settings: Settings
    intake_findings: list[Deficiency] = field(default_factory=list)
    unreadable: list[Deficiency] = field(default_factory=list)


CheckFn = Callable[[Packet, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    schemes: frozenset[str]
    part: str | None
    clause: str
    func: CheckFn
    confidence: float = 1.0  # how sure the rule's findings are by default (0–1)

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    def applies_to(self, packet: Packet) -> bool:
        return packet.scheme in self.schemes or (packet.scheme is None and "?" in self.schemes)

    def run(self, packet: Packet, ctx: Context) -> Iterator[Deficiency]:
        for f in self.func(packet, ctx):
            location = f.location.describe() if isinstance(f.location, Location) else f.location
            file = f.file or (f.location.file if isinstance(f.location, Location) else None)
            page = f.location.page if isinstance(f.location, Location) else None
            box = (list(f.location.bbox) if isinstance(f.location, Location) and page
                   and f.location.bbox else None)
            paragraph = (f.location.paragraph if isinstance(f.location, Location)
                         and f.location.container in (None, "body") and f.location.table is None
                         else None)
            severity = "notice" if f.review else f.severity or self.severity
            message = f.message if not f.review or REVIEW in f.message else \
                f"{f.message.rstrip('。')}，{REVIEW}。"
            confidence = f.confidence if f.confidence is not None else self.confidence
            yield Deficiency(rule_id=self.id, severity=severity, file=file,  # type: ignore[arg-type]
                             location=location or None, message=message,
                             evidence=f.evidence, part=f.part or self.part, page=page, box=box,
                             paragraph=paragraph, confidence=round(confidence, 2),
                             review=f.review, clause=self.clause)


_RULES: dict[str, Rule] = {}


def rule(id: str, *, name: str, severity: Severity, schemes: str, clause: str,
         part: str | None = None, confidence: float = 1.0) -> Callable[[CheckFn], CheckFn]:
    """Register a check. `schemes`: "A", "B", "AB"; "?" adds packets of unknown scheme.
    `confidence`: how sure its findings are by default (1.0 for what the file states
    outright; lower for rules that infer, such as topic coverage or OCR readings)."""

    def register(func: CheckFn) -> CheckFn:
        if id in _RULES:
            raise ValueError(f"rule {id} registered twice")
        _RULES[id] = Rule(id, name, severity, frozenset(schemes), part, clause, func,
                          confidence)
        return func

    return register


def all_rules() -> list[Rule]:
    for family in ("g", "a", "b"):
        package = importlib.import_module(f"checks.{family}")
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"checks.{family}.{info.name}")
    return sorted(_RULES.values(), key=lambda r: _sort_key(r.id))


def _sort_key(rule_id: str) -> tuple[int, str]:
    return ({"G": 0, "A": 1, "B": 2}.get(rule_id[0], 3), rule_id)


def get_rule(rule_id: str) -> Rule:
    all_rules()
    return _RULES[rule_id]


def document_location(doc: ClassifiedDocument) -> str:
    return doc.source.name


def intake_findings(ctx: Context, rule_id: str) -> Iterator[Finding]:
    """Findings intake or extraction already made under `rule_id`, passed on unchanged."""
    for d in [*ctx.intake_findings, *ctx.unreadable]:
        if d.rule_id == rule_id:
            yield Finding(d.message, severity=d.severity, file=d.file, evidence=d.evidence)
