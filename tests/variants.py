"""Meaning-preserving changes that real applicants make to a packet (issue 18): each takes a
packet folder and a seeded random source and edits the files in place with python-docx,
lxml or file operations, as another hand or another program would. A packet changed by any
of them means what it meant before: a complete packet stays complete, and a defective one
keeps its seeded defects. tests/test_variants.py applies them alone and in combinations.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

Edit = Callable[[Path, random.Random], Path | None]  # returns a new packet path (archives)


@dataclass(frozen=True)
class Change:
    name: str
    schemes: str  # "A", "B" or "AB": the samples it applies to
    edit: Edit
    packaging: bool = False  # turns the folder into another container: applied last


# -- helpers -------------------------------------------------------------------------------

def _docx_files(folder: Path, name: str = "") -> list[Path]:
    return sorted(p for p in folder.rglob("*.docx") if name in p.name)


def _each_docx(folder: Path, edit: Callable[[DocxDocument], bool], name: str = "") -> None:
    for path in _docx_files(folder, name):
        try:
            document = docx.Document(str(path))
        except Exception:  # noqa: BLE001 - a seeded damaged file stays as it is
            continue
        if edit(document):
            document.save(str(path))


def _paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs and the paragraphs of every table cell, nested tables included."""
    yield from document.paragraphs
    seen: set[int] = set()

    def cells(tables) -> Iterator[Paragraph]:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs
                    yield from cells(cell.tables)

    yield from cells(document.tables)


def _set_text(paragraph: Paragraph, text: str) -> None:
    """New text in the paragraph's first run (its formatting kept), other runs dropped."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    runs[0].text = text


def _replace_chars(table: dict[str, str]) -> Callable[[DocxDocument], bool]:
    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in _paragraphs(document):
            for run in paragraph.runs:
                new = "".join(table.get(ch, ch) for ch in run.text)
                if new != run.text:
                    run.text, changed = new, True
        return changed
    return edit


def _rewrite(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
             ) -> Callable[[DocxDocument], bool]:
    """Paragraphs whose whole text matches `pattern` rewritten by `repl`."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in _paragraphs(document):
            match = pattern.match(paragraph.text.strip())
            if match:
                _set_text(paragraph, repl(match))
                changed = True
        return changed
    return edit


def _value_cells(document: DocxDocument, label: re.Pattern[str]) -> Iterator:
    """The cell right of each cell whose text matches `label`."""
    for table in document.tables:
        for row in table.rows:
            cells = row.cells
            for i, cell in enumerate(cells):
                if label.search(cell.text.strip()):
                    after = next((c for c in cells[i + 1:] if c._tc is not cell._tc), None)
                    if after is not None:
                        yield after


def _set_cell(cell, text: str) -> None:
    paragraphs = cell.paragraphs
    _set_text(paragraphs[0], text)
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)


# -- the forms' instruction texts and punctuation ------------------------------------------

SIGNED = re.compile(r"^(?P<label>承诺组织名称|组织名称|企业名称|单位名称|承诺企业)\s*"
                    r"(?P<i1>[（(][^）)]*[)）])?\s*[：:]\s*(?P<i2>[（(][^）)]*[)）])?\s*(?P<name>\S.*)$")


def instruction_after_value(folder: Path, rng: random.Random) -> None:
    """"企业名称:（加盖公章或财务章）X" → "企业名称：X（加盖公章或财务章）"."""
    _each_docx(folder, _rewrite(SIGNED, lambda m: f"{m['label']}：{m['name'].strip()}"
                                f"{m['i1'] or m['i2'] or ''}"))


def instruction_deleted(folder: Path, rng: random.Random) -> None:
    _each_docx(folder, _rewrite(SIGNED, lambda m: f"{m['label']}：{m['name'].strip()}"))


def instruction_in_label(folder: Path, rng: random.Random) -> None:
    """"企业名称:（加盖公章或财务章）X" → "企业名称（加盖公章或财务章）：X"."""
    _each_docx(folder, _rewrite(SIGNED, lambda m: f"{m['label']}{m['i1'] or m['i2'] or ''}："
                                f"{m['name'].strip()}"))


def postcode_note_kept(folder: Path, rng: random.Random) -> None:
    def edit(document: DocxDocument) -> bool:
        cells = list(_value_cells(document, re.compile(r"^通信地址")))
        for cell in cells:
            _set_cell(cell, "（含邮编）" + cell.text.strip())
        return bool(cells)
    _each_docx(folder, edit)


def project_note_deleted(folder: Path, rng: random.Random) -> None:
    """A: 项目名称 "（企业类免填）" cleared, as applicants do."""
    def edit(document: DocxDocument) -> bool:
        cells = [c for c in _value_cells(document, re.compile(r"^项目名称$"))
                 if "免填" in c.text]
        for cell in cells:
            _set_cell(cell, "")
        return bool(cells)
    _each_docx(folder, edit)


def halfwidth_colons(folder: Path, rng: random.Random) -> None:
    _each_docx(folder, _replace_chars({"：": ":"}))


def halfwidth_brackets(folder: Path, rng: random.Random) -> None:
    _each_docx(folder, _replace_chars({"（": "(", "）": ")"}))


def spaced_values(folder: Path, rng: random.Random) -> None:
    """Blanks and ideographic spaces around form values, as typed."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in document.tables:
            for row in table.rows:
                cells = row.cells
                for i in range(1, len(cells)):
                    cell = cells[i]
                    if cell._tc is cells[i - 1]._tc or not cell.paragraphs[0].runs:
                        continue
                    run = cell.paragraphs[0].runs[0]
                    if run.text and "□" not in run.text and "☑" not in run.text:
                        run.text = rng.choice([" ", "\u3000", "  "]) + run.text
                        changed = True
        return changed
    _each_docx(folder, edit)


# -- dates, numbers, lists --------------------------------------------------------------------

DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CN_DIGITS = "〇一二三四五六七八九"


def _cn_date(m: re.Match[str]) -> str:
    def small(n: int) -> str:
        return ("十" if n == 10 else f"十{CN_DIGITS[n - 10]}" if n < 20 else
                f"{CN_DIGITS[n // 10]}十{CN_DIGITS[n % 10] if n % 10 else ''}") if n >= 10 \
            else CN_DIGITS[n]
    year = "".join(CN_DIGITS[int(d)] for d in m[1])
    return f"{year}年{small(int(m[2]))}月{small(int(m[3]))}日"


def _dates(fmt: Callable[[re.Match[str]], str]) -> Edit:
    def change(folder: Path, rng: random.Random) -> None:
        def edit(document: DocxDocument) -> bool:
            changed = False
            for paragraph in _paragraphs(document):
                for run in paragraph.runs:
                    new = DATE.sub(fmt, run.text)
                    if new != run.text:
                        run.text, changed = new, True
            return changed
        _each_docx(folder, edit)
    return change


dates_dotted = _dates(lambda m: f"{m[1]}.{int(m[2])}.{int(m[3])}")
dates_dashed = _dates(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
dates_chinese = _dates(_cn_date)
dates_spaced = _dates(lambda m: f"{m[1]} 年 {m[2]} 月 {m[3]} 日")


def finance_thousands(folder: Path, rng: random.Random) -> None:
    """主要财务数据 figures written 12,345.67."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in document.tables:
            if not any("资产总额" in c.text for c in table.columns[0].cells):
                continue
            for row in table.rows[1:]:
                for cell in row.cells[1:]:
                    text = cell.text.strip()
                    if re.fullmatch(r"\d{4,}(\.\d+)?", text):
                        whole, _, frac = text.partition(".")
                        _set_cell(cell, f"{int(whole):,}" + (f".{frac}" if frac else ""))
                        changed = True
        return changed
    _each_docx(folder, edit)


def percent_signs(folder: Path, rng: random.Random) -> None:
    """Values under a "（%）" label written with the sign: 98.5 → 98.5%."""
    def edit(document: DocxDocument) -> bool:
        cells = [c for c in _value_cells(document, re.compile(r"[（(]%[)）]"))
                 if re.fullmatch(r"\d+(\.\d+)?", c.text.strip())]
        for cell in cells:
            _set_cell(cell, cell.text.strip() + "%")
        return bool(cells)
    _each_docx(folder, edit)


def _lists(join: Callable[[list[str]], str], unit: bool = False) -> Edit:
    def change(folder: Path, rng: random.Random) -> None:
        from pipeline.parse import list_items

        def edit(document: DocxDocument) -> bool:
            changed = False
            for cell in _value_cells(document, re.compile(r"限3项")):
                items = list_items(cell.text)
                if items:
                    if unit:
                        items[0] += "（≥600g/m²，98%，2×4h）"
                    _set_cell(cell, join(items))
                    changed = True
            return changed
        _each_docx(folder, edit)
    return change


lists_dunhao = _lists("、".join)
lists_semicolon = _lists("；".join)
lists_lines = _lists("\n".join)
lists_numbered = _lists(lambda items: " ".join(f"{n}.{t}" for n, t in enumerate(items, 1)))
lists_circled = _lists(lambda items: "".join(f"{chr(0x2460 + n)}{t}"
                                             for n, t in enumerate(items)))
lists_with_units = _lists("、".join, unit=True)


# -- ticks --------------------------------------------------------------------------------------

def _ticks_as(char: str) -> Edit:
    def change(folder: Path, rng: random.Random) -> None:
        _each_docx(folder, _replace_chars({"☑": char}))
    return change


ticks_square = _ticks_as("■")
ticks_check = _ticks_as("√")
ticks_light_check = _ticks_as("✓")
ticks_heavy_check = _ticks_as("✔")
ticks_crossed = _ticks_as("☒")


def ticks_wingdings(folder: Path, rng: random.Random) -> None:
    """☑ typed as Word's Insert Symbol does it: a w:sym of Wingdings 2, F052."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in _paragraphs(document):
            for run in list(paragraph.runs):
                if "☑" not in run.text:
                    continue
                before, _, after = run.text.partition("☑")
                run.text = before
                sym = etree.SubElement(run._r, qn("w:sym"))
                sym.set(qn("w:font"), "Wingdings 2")
                sym.set(qn("w:char"), "F052")
                if after:
                    tail = etree.SubElement(run._r, qn("w:t"))
                    tail.text = after
                    tail.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                changed = True
        return changed
    _each_docx(folder, edit)


# -- headings and layout ------------------------------------------------------------------------

REPORTS = ("工作报告", "实践报告")


def headings_as_bold_body(folder: Path, rng: random.Random) -> None:
    """Heading styles replaced by Normal paragraphs in bold at the heading's size and font."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in document.paragraphs:
            style = paragraph.style
            if not style.name.startswith("Heading"):
                continue
            size, font = style.font.size, style.element.rPr
            east = None
            if font is not None and font.rFonts is not None:
                east = font.rFonts.get(qn("w:eastAsia"))
            paragraph.style = document.styles["Normal"]
            for run in paragraph.runs:
                run.bold = True
                if size and run.font.size is None:
                    run.font.size = size
                fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
                if east and fonts.get(qn("w:eastAsia")) is None:
                    fonts.set(qn("w:eastAsia"), east)
            changed = True
        return changed
    for part in REPORTS:
        _each_docx(folder, edit, part)


CHAPTER_NUMBER = re.compile(r"^[一二三四]、")


def headings_unnumbered(folder: Path, rng: random.Random) -> None:
    """A: the 工作报告's chapter headings without "一、"."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in document.paragraphs:
            if paragraph.style.name.startswith("Heading") and CHAPTER_NUMBER.match(paragraph.text):
                _set_text(paragraph, CHAPTER_NUMBER.sub("", paragraph.text))
                changed = True
        return changed
    _each_docx(folder, edit, "工作报告")


def subheadings_name_topics(folder: Path, rng: random.Random) -> None:
    """A: each chapter starts with a sub-heading that names one of its topics word for word."""
    from pipeline.topics import A_TOPICS

    def edit(document: DocxDocument) -> bool:
        chapters = [p for p in document.paragraphs if p.style.name == "Heading 1"]
        for n, heading in enumerate(chapters[:4]):
            topic = rng.choice([t for t in A_TOPICS[n] if not t.aaa_only])
            new = heading.insert_paragraph_before("")
            heading._p.addnext(new._p)  # after the heading
            run = new.add_run(f"（一）{topic.name.strip('“”')}")
            run.bold = True
        return bool(chapters)
    _each_docx(folder, edit, "工作报告")


def blank_paragraphs(folder: Path, rng: random.Random) -> None:
    """Empty paragraphs between body paragraphs, as pressing Enter twice leaves them."""
    def edit(document: DocxDocument) -> bool:
        body = [p for p in document.paragraphs if p.text.strip() and not p.style.name.startswith("Heading")]
        for paragraph in body[::4]:
            paragraph._p.addnext(docx.oxml.OxmlElement("w:p"))
        return bool(body)
    for part in REPORTS:
        _each_docx(folder, edit, part)


def table_blank_rows(folder: Path, rng: random.Random) -> None:
    """Blank rows added under every form table."""
    def edit(document: DocxDocument) -> bool:
        for table in document.tables:
            for _ in range(2):
                table.add_row()
        return bool(document.tables)
    _each_docx(folder, edit)


def compatibility_mode(folder: Path, rng: random.Random) -> None:
    """Saved in Word's compatibility mode (Word 2010: compatibilityMode 14)."""
    def edit(document: DocxDocument) -> bool:
        settings = document.settings.element
        compat = settings.find(qn("w:compat"))
        if compat is None:
            compat = etree.SubElement(settings, qn("w:compat"))
        for old in compat.findall(qn("w:compatSetting")):
            if old.get(qn("w:name")) == "compatibilityMode":
                compat.remove(old)
        setting = etree.SubElement(compat, qn("w:compatSetting"))
        for key, value in (("name", "compatibilityMode"), ("uri", "http://schemas.microsoft.com/office/word"),
                           ("val", "14")):
            setting.set(qn(f"w:{key}"), value)
        return True
    _each_docx(folder, edit)


# -- files, folders, evidence, packaging ----------------------------------------------------------

def _rename_all(folder: Path, rename: Callable[[str, int], str]) -> None:
    for n, path in enumerate(sorted(p for p in folder.iterdir() if p.is_file()), 1):
        path.rename(path.with_name(rename(path.name, n)))


def numeric_prefixes(folder: Path, rng: random.Random) -> None:
    sep = rng.choice(["", "_", "-", ".", " "])
    _rename_all(folder, lambda name, n: name if re.match(r"^\d", name) else f"{n:02d}{sep}{name}")


def windows_colons(folder: Path, rng: random.Random) -> None:
    """A: "市场质量信用等级：" as Windows users write it without a colon."""
    sep = rng.choice(["_", " ", "-", "—"])
    _rename_all(folder, lambda name, n: name.replace("市场质量信用等级：", f"市场质量信用等级{sep}"))


def licence_in_recommendation(folder: Path, rng: random.Random) -> None:
    """A: the 营业执照 copy as a captioned picture in 推荐材料 under 证实性材料."""
    from docx.shared import Cm

    licence = next(folder.glob("*营业执照.png"), None)
    records = _docx_files(folder, "推荐材料")
    if licence is None or not records:
        return
    document = docx.Document(str(records[0]))
    document.add_paragraph("证实性材料")
    caption = rng.choice(["1. 营业执照复印件", "（一）营业执照（副本）", "图1 营业执照"])
    if caption.startswith("图"):
        document.add_paragraph().add_run().add_picture(str(licence), width=Cm(12))
        document.add_paragraph(caption)
    else:
        document.add_paragraph(caption)
        document.add_paragraph().add_run().add_picture(str(licence), width=Cm(12))
    document.save(str(records[0]))
    licence.unlink()


def licence_in_subfolder(folder: Path, rng: random.Random) -> None:
    licence = next(folder.glob("*营业执照.png"), None)
    if licence is not None:
        (folder / "证实性材料").mkdir(exist_ok=True)
        licence.rename(folder / "证实性材料" / licence.name)


def survey_in_named_folder(folder: Path, rng: random.Random) -> None:
    """B: the measurement material in a folder named 企业全称+项目名称, files 01测量方案 …"""
    files = sorted(p for p in folder.iterdir() if p.is_file() and "-" in p.stem
                   and not re.match(r"^\d", p.name) and "证实性材料" not in p.name)
    if not files:
        return
    prefix = files[0].stem.split("-", 1)[0]
    target = folder / rng.choice([prefix, prefix.replace("有限公司", "有限公司+")])
    target.mkdir()
    for n, path in enumerate(files, 1):
        path.rename(target / f"{n:02d}{path.name.split('-', 1)[1]}")


def one_more_folder(folder: Path, rng: random.Random) -> None:
    inner = folder / "申报材料"
    inner.mkdir()
    for path in list(folder.iterdir()):
        if path != inner:
            path.rename(inner / path.name)


def _zip(folder: Path, gbk: bool) -> Path:
    from samples.generate import zip_folder

    archive = zip_folder(folder, folder.with_suffix(".zip"), gbk_names=gbk)
    shutil.rmtree(folder)
    return archive


def zipped_utf8(folder: Path, rng: random.Random) -> Path:
    return _zip(folder, gbk=False)


def zipped_gbk(folder: Path, rng: random.Random) -> Path:
    return _zip(folder, gbk=True)


def sevenzipped(folder: Path, rng: random.Random) -> Path:
    import py7zr

    archive = folder.with_suffix(".7z")
    with py7zr.SevenZipFile(archive, "w") as sz:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                sz.write(path, path.relative_to(folder).as_posix())
    shutil.rmtree(folder)
    return archive


def _pledge(folder: Path) -> Path | None:
    return next((p for p in _docx_files(folder, "承诺书") if "经营" not in p.name), None)


def pledge_strict_ooxml(folder: Path, rng: random.Random) -> None:
    """The pledge saved by Word as "Strict Open XML Document"."""
    from tests.test_strict_docx import _as_strict

    pledge = _pledge(folder)
    if pledge is not None:
        strict = _as_strict(pledge, pledge.with_suffix(".strict"))
        strict.replace(pledge)


def pledge_saved_as_doc(folder: Path, rng: random.Random) -> None:
    """The pledge saved as a Word 97-2003 .doc (by LibreOffice, as another program would)."""
    import subprocess
    import tempfile

    pledge = _pledge(folder)
    if pledge is None:
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", "--headless", "--norestore",
                        f"-env:UserInstallation=file://{profile}", "--convert-to", "doc",
                        "--outdir", str(pledge.parent), str(pledge)],
                       check=True, capture_output=True, timeout=180)
    pledge.unlink()


CHANGES: list[Change] = [
    Change("instruction_after_value", "AB", instruction_after_value),
    Change("instruction_deleted", "AB", instruction_deleted),
    Change("instruction_in_label", "AB", instruction_in_label),
    Change("postcode_note_kept", "A", postcode_note_kept),
    Change("project_note_deleted", "A", project_note_deleted),
    Change("halfwidth_colons", "AB", halfwidth_colons),
    Change("halfwidth_brackets", "AB", halfwidth_brackets),
    Change("spaced_values", "AB", spaced_values),
    Change("dates_dotted", "AB", dates_dotted),
    Change("dates_dashed", "AB", dates_dashed),
    Change("dates_chinese", "AB", dates_chinese),
    Change("dates_spaced", "AB", dates_spaced),
    Change("finance_thousands", "A", finance_thousands),
    Change("percent_signs", "A", percent_signs),
    Change("lists_dunhao", "B", lists_dunhao),
    Change("lists_semicolon", "B", lists_semicolon),
    Change("lists_lines", "B", lists_lines),
    Change("lists_numbered", "B", lists_numbered),
    Change("lists_circled", "B", lists_circled),
    Change("lists_with_units", "B", lists_with_units),
    Change("ticks_square", "AB", ticks_square),
    Change("ticks_check", "AB", ticks_check),
    Change("ticks_light_check", "AB", ticks_light_check),
    Change("ticks_heavy_check", "AB", ticks_heavy_check),
    Change("ticks_crossed", "AB", ticks_crossed),
    Change("ticks_wingdings", "AB", ticks_wingdings),
    Change("headings_as_bold_body", "A", headings_as_bold_body),
    Change("headings_unnumbered", "A", headings_unnumbered),
    Change("subheadings_name_topics", "A", subheadings_name_topics),
    Change("blank_paragraphs", "AB", blank_paragraphs),
    Change("table_blank_rows", "AB", table_blank_rows),
    Change("compatibility_mode", "AB", compatibility_mode),
    Change("pledge_strict_ooxml", "AB", pledge_strict_ooxml),
    Change("pledge_saved_as_doc", "AB", pledge_saved_as_doc),
    Change("numeric_prefixes", "AB", numeric_prefixes),
    Change("windows_colons", "A", windows_colons),
    Change("licence_in_recommendation", "A", licence_in_recommendation),
    Change("licence_in_subfolder", "AB", licence_in_subfolder),
    Change("survey_in_named_folder", "B", survey_in_named_folder),
    Change("one_more_folder", "AB", one_more_folder, packaging=True),
    Change("zipped_utf8", "AB", zipped_utf8, packaging=True),
    Change("zipped_gbk", "AB", zipped_gbk, packaging=True),
    Change("sevenzipped", "AB", sevenzipped, packaging=True),
]
BY_NAME = {c.name: c for c in CHANGES}


def combinations(scheme: str, count: int, seed: int) -> list[tuple[str, ...]]:
    """`count` seeded combinations of two to four changes for a scheme, at most one
    packaging change, applied last."""
    rng = random.Random(seed)
    content = [c.name for c in CHANGES if scheme in c.schemes and not c.packaging]
    packing = [c.name for c in CHANGES if scheme in c.schemes and c.packaging]
    out: list[tuple[str, ...]] = []
    while len(out) < count:
        picked = rng.sample(content, rng.randint(2, 3))
        if rng.random() < 0.4:
            picked.append(rng.choice(packing))
        combo = tuple(picked)
        if combo not in out:
            out.append(combo)
    return out


def apply(folder: Path, names: tuple[str, ...], seed: int) -> Path:
    """The packet after the named changes (in order); a path to the folder or archive."""
    rng = random.Random(f"{seed}:{'+'.join(names)}")
    packet = folder
    for name in names:
        result = BY_NAME[name].edit(packet, rng)
        if result is not None:
            packet = result
    return packet


# -- running a variant ----------------------------------------------------------------------------

SERIOUS = ("error", "warning")
RESULTS = Path(__file__).resolve().parent.parent / "out" / "test-artifacts" / "variants.jsonl"


def check_variant(base: Path, work: Path, names: tuple[str, ...], seed: int,
                  expected: list[str] | None) -> None:
    """Copy `base`, apply the changes, check it. `expected` None: a complete packet, which
    must give no error and no warning. Otherwise the seeded defects' rule IDs: each is
    still found, and no error or warning of another rule appears. Each outcome is appended
    to out/test-artifacts/variants.jsonl (the change × rule table of the note)."""
    import json
    import os

    from pipeline.run import check_path

    folder = work / base.name
    shutil.copytree(base, folder)
    packet = apply(folder, names, seed)
    _, result = check_path(packet)
    found = [(d.rule_id, d.severity, d.message) for d in result.deficiencies]
    serious = sorted({rule for rule, severity, _ in found if severity in SERIOUS})
    missed = sorted(set(expected or []) - {rule for rule, _, _ in found})
    extra = [f for f in found if f[1] in SERIOUS and f[0] not in set(expected or [])]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write(json.dumps({"base": base.name, "changes": names, "serious": serious,
                              "missed": missed, "extra": [e[0] for e in extra],
                              "pid": os.getpid()}, ensure_ascii=False) + "\n")
    assert not extra, f"{'+'.join(names)} on {base.name}: false alarms {extra}"
    assert not missed, f"{'+'.join(names)} on {base.name}: seeded defects lost {missed}"


class VariantSuite:
    """The tests of one scheme's variants; tests/test_variants_a.py and _b.py each
    subclass it (two modules, so the two schemes run on two test processes)."""

    scheme: str
    defective: str  # the defective sample packet's folder in samples/packets
    builder: str  # samples.generate's builder of the complete sample

    @classmethod
    def singles(cls) -> list[tuple[str, ...]]:
        return [(c.name,) for c in CHANGES if cls.scheme in c.schemes]

    @classmethod
    def combos(cls) -> list[tuple[str, ...]]:
        return combinations(cls.scheme, 30, seed=18)

    @classmethod
    def expected(cls) -> list[str]:
        import json

        from tests.conftest import SAMPLES

        spec = next((SAMPLES / "expected").glob(f"{cls.defective[:2]}_*.json"))
        return json.loads(spec.read_text(encoding="utf-8"))["expected_rule_ids"]


def suite_tests(suite: type[VariantSuite]) -> dict[str, object]:
    """The fixture and the two tests of a scheme's suite, for its module's namespace."""
    import pytest

    from tests.conftest import SAMPLES

    @pytest.fixture(scope="module")
    def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
        import samples.generate

        folder = tmp_path_factory.mktemp("base") / suite.builder
        folder.mkdir()
        getattr(samples.generate, suite.builder)(folder)
        return folder

    @pytest.mark.parametrize("names", suite.singles() + suite.combos(), ids="+".join)
    def test_complete_packet_stays_complete(complete: Path, tmp_path: Path,
                                            names: tuple[str, ...]) -> None:
        check_variant(complete, tmp_path, names, 18, None)

    @pytest.mark.parametrize("names", suite.singles() + suite.combos()[:10], ids="+".join)
    def test_seeded_defects_are_still_found(tmp_path: Path, names: tuple[str, ...]) -> None:
        check_variant(SAMPLES / "packets" / suite.defective, tmp_path, names, 18,
                      suite.expected())

    return {"complete": complete,
            "test_complete_packet_stays_complete": test_complete_packet_stays_complete,
            "test_seeded_defects_are_still_found": test_seeded_defects_are_still_found}
