"""Every Word file of shared/corpus/docx is read without a crash, with all its content."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree

from extractors.docx import extract_docx
from pipeline.core.settings import Settings
from pipeline.engine.run import extract_documents
from pipeline.intake.receive import intake
from tests.conftest import corpus_files

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
# Body paragraphs: w:p under the body or its content controls, not in tables or text boxes.
BODY_P = etree.XPath("./w:p | .//w:sdtContent/w:p[not(ancestor::w:tbl)]"
                     "[not(ancestor::w:txbxContent)]", namespaces=NS)
BODY_TBL = etree.XPath("./w:tbl | .//w:sdtContent/w:tbl[not(ancestor::w:tbl)]"
                       "[not(ancestor::w:txbxContent)]", namespaces=NS)

def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


DOCX = corpus_files("docx", ".docx")
DOC = corpus_files("docx", ".doc")


@pytest.mark.skipif(not DOCX, reason="shared/corpus not present")
@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.name)
def test_docx_model_holds_every_paragraph_and_table(path: Path) -> None:
    model = extract_docx(path, path.name, "0" * 64)
    direct = docx.Document(str(path))
    body = direct.element.body
    body_blocks = [b for b in model.blocks() if b.location.container == "body"]
    assert len(body_blocks) == len(BODY_P(body)) >= len(direct.paragraphs)
    assert len(model.tables()) == len(BODY_TBL(body)) >= len(direct.tables)
    # the text python-docx reads for each direct paragraph is in the model. python-docx
    # skips w:sym characters (□ written with a symbol font) and runs inside w:ins or
    # w:smartTag, which Word shows; so its text must be a subsequence of ours.
    texts = [b.text for b in body_blocks]
    missing = [p.text for p in direct.paragraphs if p.text.strip()
               and not any(_subsequence(p.text, t) for t in texts)]
    assert not missing
    # each table's grid covers every cell python-docx reports
    for ours, theirs in zip(model.tables(), direct.tables, strict=False):
        assert ours.n_rows == len(theirs.rows)


@pytest.mark.skipif(not DOC, reason="shared/corpus not present")
def test_legacy_doc_files_convert_and_read() -> None:
    settings = Settings()
    for path in DOC:
        result = intake(path, settings)
        (source,) = result.sources
        assert source.kind == "doc" and source.readable_path, result.findings
        docs, problems = extract_documents(result.sources, settings)
        assert not problems
        assert docs[0].document.content, path.name
        assert Path(source.stored_path).read_bytes() == path.read_bytes()


@pytest.mark.skipif(not DOCX, reason="shared/corpus not present")
@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.name)
def test_resolver_finds_font_and_size_for_every_nonempty_run(path: Path) -> None:
    """Every run with visible text, in the body, tables and text boxes, gets a font family
    and a size that the file itself defines (never the built-in fallback)."""
    from extractors._ooxml import iter_runs, qn, run_text
    from extractors.docx import _DocxReader

    reader = _DocxReader(path, path.name, "0" * 64)
    checked = 0
    for p in reader.doc.element.body.iter(qn("w:p")):
        table_style = None
        for ancestor in p.iterancestors():
            if ancestor.tag == qn("w:tbl"):
                el = ancestor.find("w:tblPr/w:tblStyle", NS)
                table_style = el.get(qn("w:val")) if el is not None else None
                break
        ppr, para_rpr = reader.resolver.paragraph(p, table_style)
        runs = [(r, run_text(r, box)) for r, box in iter_runs(p)]
        for span in reader.resolver.spans(runs, para_rpr):
            if not span.text.strip():
                continue
            checked += 1
            assert span.font and span.font_source != "default", (span.text, span.slot)
            assert span.size_pt > 0 and span.size_from_file, span.text
    has_text = any(b.text.strip() for b in extract_docx(path, path.name, "0" * 64).blocks())
    assert checked > 0 or not has_text
