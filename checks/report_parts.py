"""Shared access to the report part of a packet for the A-RPT and B-RPT rules."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.model import ClassifiedDocument, ContentItem, Packet


@dataclass
class ReportView:
    doc: ClassifiedDocument
    items: list[ContentItem]

    @property
    def file(self) -> str:
        return self.doc.source.name


def report_views(packet: Packet, part: str) -> list[ReportView]:
    """The report part of each document that holds it; Word files first (they are the
    authoritative electronic copy), then PDFs and scans only if there is no Word copy."""
    return [ReportView(d, d.items_of(part)) for d in packet.word_first(part)]


def within(value: int, target: int, tolerance: float) -> bool:
    return target * (1 - tolerance) <= value <= target * (1 + tolerance)
