"""Labels for the seal and signature evaluations, set by looking at every page.

Seal presence: a page "has a seal" when it shows at least one seal impression (half a seal
at the page edge counts); the 教育部 emblem in a web page header, red headings and red
invoice frames are not seals. s05 (a filled dark-red square with no mark at all) is left out
as ambiguous.

Signature presence: a page "is signed" when a handwritten signature (or a signature
picture) stands at a signing place ("签字", "法定代表人：", "委托代理人："). A handwritten
line that is not at a signing place (c13), a handwritten date or amount, and a typed name
are not signatures.

Rendered pages come from the sample generator: the B 申报承诺书 signed (picture of a
signature), typed only, and left empty, each as a 150 dpi scan and as a LibreOffice PDF;
the A 承诺书 scanned on two pages (the signature on page 2).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS

SEALED_SCANS = {f"c{n:02d}" for n in range(1, 11)}  # c11–c13: no seal
SEALED_PDFS = {"p01", "p02", "p06"}  # every page of these; no other PDF page has a seal
SIGNED_SCANS = {"c01", "c02", "c03", "c04", "c06"}  # every other scan: unsigned


def corpus_pages() -> list[tuple[Path, int, bool, bool]]:
    """(file, page, has seal, is signed) for every page of corpus/scans and corpus/pdf."""
    import pdfplumber

    out: list[tuple[Path, int, bool, bool]] = []
    for path in sorted((CORPUS / "scans").iterdir()):
        key = path.name[:3]
        out.append((path, 1, key in SEALED_SCANS, key in SIGNED_SCANS))
    for path in sorted((CORPUS / "pdf").glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
        out.extend((path, n, path.name[:3] in SEALED_PDFS, False) for n in range(1, count + 1))
    return out


def seal_crops() -> list[tuple[Path, bool]]:
    """Every file of corpus/seals but s05: one seal each."""
    return [(p, True) for p in sorted((CORPUS / "seals").iterdir()) if not p.name.startswith("s05")]


def rendered_pages(work: Path) -> list[tuple[Path, int, bool, bool]]:
    """(file, page, has seal, is signed) for pages rendered from the samples in `work`."""
    from samples.generate import HENGLI, HUATONG, _to_pdf, a_pledge, b_apply_pledge, scan_of

    out: list[tuple[Path, int, bool, bool]] = []
    for state, signed in (("signed", True), ("typed", False), ("empty", None)):
        docx_path = b_apply_pledge(HENGLI, work / f"b_{state}.docx", signed=signed)
        out.append((scan_of(docx_path, work / f"b_{state}_scan.jpg", 5), 1, True, state == "signed"))
        _to_pdf(docx_path, work)  # writes b_{state}.pdf beside it
        out.append((work / f"b_{state}.pdf", 1, True, state == "signed"))
    pledge = scan_of(a_pledge(HUATONG, work / "a_pledge.docx"), work / "a_pledge_scan.tif", 6)
    out += [(pledge, 1, False, False), (pledge, 2, True, True)]
    return out


def realworld_pages() -> list[dict[str, str]]:
    """The labelled page images of corpus/realworld (MANIFEST.tsv rows, each file once)."""
    import csv

    rows, seen = [], set()
    with open(CORPUS / "realworld" / "MANIFEST.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["local_file"].startswith("images/") and row["local_file"] not in seen:
                seen.add(row["local_file"])
                rows.append(row)
    return rows


# Ring text of the legible red seals of corpus/realworld, read by looking (issue 19, item 2):
# file → the names on its seals' rings (a ring with a second arc: the organisation's arc).
# Left out: rings overprinted by text (seal_004's and seal_012's upper seals), washed out
# (seal_021) or with a first character no one here can make out (seal_029).
REAL_RINGS: dict[str, list[str]] = {
    "seal_003.jpg": ["全国统一发票监制章"],
    "seal_004.png": ["天津瑞佳讯贸易有限公司"],
    "seal_010.png": ["全国统一发票监制章", "深圳市白云航空旅游有限公司"],
    "seal_013.png": ["漯河乐德任建筑工程有限公司", "漯河市市场监督管理局郾城分局"],
    "seal_014.png": ["漯河市第二人民医院"],  # stamped askew: its text runs past the bottom
    "seal_017.png": ["国家知识产权局"],
    "seal_018.png": ["北京市海淀区地方税务局"],  # 国家知识产权局 on the lower arc
    "seal_024.png": ["中轻检验认证（晋江）有限公司"],
}
