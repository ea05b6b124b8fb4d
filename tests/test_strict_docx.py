"""A .docx saved by Word as "Strict Open XML Document" is read, not called damaged.

python-docx reads the Transitional namespaces only; a Strict file is converted by
LibreOffice (real soffice) first, as a .doc is. The Strict file is made here the way Word
writes one: the same parts with the ISO/IEC 29500 Strict namespaces and relationship
types."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.core.settings import Settings
from pipeline.engine.run import check_path
from pipeline.intake.sniff import is_strict_ooxml

STRICT = [
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
     b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main",
     b"http://purl.oclc.org/ooxml/drawingml/main"),
]


def _as_strict(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for transitional, strict in STRICT:
                    body = body.replace(transitional, strict)
            out.writestr(info, body)
    return target


def test_a_strict_docx_is_converted_and_read(b_template: Path, tmp_path: Path) -> None:
    form = next(b_template.glob("*申请表*.docx"))
    folder = tmp_path / "packet"
    folder.mkdir()
    strict = _as_strict(form, folder / form.name)
    assert is_strict_ooxml(strict) and not is_strict_ooxml(form)
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    _, result = check_path(folder, settings)
    assert not [d for d in result.deficiencies if d.rule_id == "G-06"], result.deficiencies
    entry = next(d for d in result.documents if d.file == form.name)
    assert entry.converted_from == "docx-strict" and entry.part == "申请表", entry
    _, original = check_path(form, Settings(data_dir=tmp_path / "data2",
                                            cache_dir=tmp_path / "cache2"))
    # what the rules find in the converted file is what they find in the original
    assert sorted(d.rule_id for d in result.deficiencies) == sorted(
        d.rule_id for d in original.deficiencies)
