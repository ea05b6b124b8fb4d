"""Meaning-preserving changes that real applicants make to a packet (issue 18): each takes a
packet folder and a seeded random source and edits the files in place with python-docx,
lxml or file operations, as another hand or another program would. A packet changed by any
of them means what it meant before: a complete packet stays complete, and a defective one
keeps its seeded defects. tests/test_variants.py applies them alone and in combinations.
"""

from __future__ import annotations

import contextlib
import random
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
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
dates_month_only = _dates(lambda m: f"{m[1]}年{int(m[2])}月")


def _finance(write: Callable[[str, random.Random], str], unit_share: float = 0.7) -> Edit:
    """主要财务数据 figures rewritten by `write` (the figure as the sample has it), the
    row's unit (万元) repeated after a share `unit_share` of them."""
    def change(folder: Path, rng: random.Random) -> None:
        def edit(document: DocxDocument) -> bool:
            changed = False
            for table in document.tables:
                if not any("资产总额" in c.text for c in table.columns[0].cells):
                    continue
                for row in table.rows[1:]:
                    unit = "万元" if "万元" in row.cells[0].text else ""
                    for cell in row.cells[1:]:
                        text = cell.text.strip()
                        if re.fullmatch(r"\d+(\.\d+)?", text):
                            repeat = unit and unit_share and rng.random() < unit_share
                            _set_cell(cell, write(text, rng) + (unit if repeat else ""))
                            changed = True
            return changed
        _each_docx(folder, edit)
    return change


def _two_decimals(text: str, rng: random.Random) -> str:
    return f"{float(text):.2f}"


def _spaced_groups(text: str, rng: random.Random) -> str:
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", rng.choice([" ", "\u2009", "\u00a0"]))
    return grouped + (f".{frac}" if frac else "")


def _thousands(text: str, rng: random.Random) -> str:
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


finance_thousands = _finance(_thousands, unit_share=0.0)  # 132000 → 132,000
finance_with_unit = _finance(_two_decimals)  # 120000 → 120000.00万元
finance_spaced = _finance(_spaced_groups)  # 120000 → 120 000


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
        from pipeline.core.parse import list_items

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
    from pipeline.forms.edition import load_edition
    from pipeline.forms.topics import a_topics

    A_TOPICS = a_topics(load_edition("2026"))  # noqa: N806 - the samples fill the 2026 forms

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



def checkbox_controls(folder: Path, rng: random.Random) -> None:
    """☑ and □ as Word's check-box content controls (w14:checkbox in a w:sdt; the glyph is
    Word's own ☒/☐ in MS Gothic), as a form made with Developer ▸ Check Box fills in."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"

    def control(checked: bool) -> etree._Element:
        sdt = docx.oxml.OxmlElement("w:sdt")
        pr = etree.SubElement(sdt, qn("w:sdtPr"))
        box = etree.SubElement(pr, f"{{{w14}}}checkbox")
        etree.SubElement(box, f"{{{w14}}}checked").set(f"{{{w14}}}val", "1" if checked else "0")
        for tag, val in (("checkedState", "2612"), ("uncheckedState", "2610")):
            state = etree.SubElement(box, f"{{{w14}}}{tag}")
            state.set(f"{{{w14}}}val", val)
            state.set(f"{{{w14}}}font", "MS Gothic")
        content = etree.SubElement(sdt, qn("w:sdtContent"))
        run = etree.SubElement(content, qn("w:r"))
        fonts = etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:rFonts"))
        for attr in ("ascii", "eastAsia", "hAnsi"):
            fonts.set(qn(f"w:{attr}"), "MS Gothic")
        etree.SubElement(run, qn("w:t")).text = "☒" if checked else "☐"
        return sdt

    def edit(document: DocxDocument) -> bool:
        changed = False
        for paragraph in _paragraphs(document):
            for run in list(paragraph.runs):
                if not re.search("[☑□]", run.text):
                    continue
                anchor = run._r
                for piece in re.split("([☑□])", run.text):
                    if piece in ("☑", "□"):
                        element = control(piece == "☑")
                    elif piece:
                        element = docx.oxml.OxmlElement("w:r")
                        if run._r.rPr is not None:
                            element.append(etree.fromstring(etree.tostring(run._r.rPr)))
                        text = etree.SubElement(element, qn("w:t"))
                        text.text = piece
                        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    else:
                        continue
                    anchor.addnext(element)
                    anchor = element
                run._r.getparent().remove(run._r)
                changed = True
        return changed
    _each_docx(folder, edit)


def headings_auto_numbered(folder: Path, rng: random.Random) -> None:
    """A: "一、" taken out of the chapter headings' text and made by Word's automatic
    numbering (a chineseCounting list "%1、" on the Heading 1 paragraphs)."""
    def edit(document: DocxDocument) -> bool:
        chapters = [p for p in document.paragraphs
                    if p.style.name == "Heading 1" and CHAPTER_NUMBER.match(p.text)]
        if not chapters:
            return False
        numbering = document.part.numbering_part.element
        ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(ids, default=0) + 1
        nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        num_id = max(nums, default=0) + 1
        abstract = etree.fromstring(
            f'<w:abstractNum xmlns:w="{qn("w:p")[1:].split("}")[0]}" w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl></w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = etree.SubElement(numbering, qn("w:num"))
        num.set(qn("w:numId"), str(num_id))
        etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), str(abstract_id))
        for paragraph in chapters:
            _set_text(paragraph, CHAPTER_NUMBER.sub("", paragraph.text))
            ppr = paragraph._p.get_or_add_pPr()
            numpr = etree.SubElement(ppr, qn("w:numPr"))
            etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), "0")
            etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), str(num_id))
            # pPr children have a schema order: numPr right after pStyle
            style = ppr.find(qn("w:pStyle"))
            if style is not None:
                style.addnext(numpr)
            else:
                ppr.insert(0, numpr)
        return True
    _each_docx(folder, edit, "工作报告")


def _toc(page_numbers: bool) -> Edit:
    """A: a 目录 before the 工作报告's first chapter. With page numbers it is what Word's
    References ▸ Table of Contents inserts (a w:sdt of docPartGallery "Table of Contents"
    holding a TOC field, "TOC 1"/"TOC 2" entries with a dotted tab and the page); without,
    the headings typed as a plain list under 目录."""
    def change(folder: Path, rng: random.Random) -> None:
        def edit(document: DocxDocument) -> bool:
            headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
            if not headings:
                return False
            first = headings[0]
            title = first.insert_paragraph_before("目  录")
            title.alignment = 1
            entries = []
            for n, heading in enumerate(headings):
                text = heading.text
                entry = first.insert_paragraph_before(
                    f"{text}\t{n // 2 + 2}" if page_numbers else text)
                if page_numbers:
                    stops = entry.paragraph_format.tab_stops
                    stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
                    level = 1 if heading.style.name == "Heading 1" else 2
                    # a template without TOC styles leaves a body paragraph, as typed
                    with contextlib.suppress(KeyError):
                        entry.style = document.styles[f"toc {level}"]
                entries.append(entry)
            first.insert_paragraph_before("").add_run().add_break(WD_BREAK.PAGE)
            if page_numbers:
                sdt = docx.oxml.OxmlElement("w:sdt")
                pr = etree.SubElement(sdt, qn("w:sdtPr"))
                gallery = etree.SubElement(etree.SubElement(pr, qn("w:docPartObj")),
                                           qn("w:docPartGallery"))
                gallery.set(qn("w:val"), "Table of Contents")
                content = etree.SubElement(sdt, qn("w:sdtContent"))
                title._p.addprevious(sdt)
                for paragraph in [title, *entries]:
                    content.append(paragraph._p)
                begin = entries[0]._p
                field = etree.fromstring(
                    f'<w:r xmlns:w="{qn("w:p")[1:].split("}")[0]}"><w:fldChar w:fldCharType="begin"/>'
                    '</w:r>')
                instr = etree.fromstring(
                    f'<w:r xmlns:w="{qn("w:p")[1:].split("}")[0]}"><w:instrText xml:space="preserve">'
                    ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>')
                sep = etree.fromstring(
                    f'<w:r xmlns:w="{qn("w:p")[1:].split("}")[0]}"><w:fldChar w:fldCharType="separate"/>'
                    '</w:r>')
                ppr = begin.pPr
                at = 1 if ppr is not None else 0
                for offset, element in enumerate((field, instr, sep)):
                    begin.insert(at + offset, element)
                end = etree.fromstring(
                    f'<w:r xmlns:w="{qn("w:p")[1:].split("}")[0]}"><w:fldChar w:fldCharType="end"/>'
                    '</w:r>')
                entries[-1]._p.append(end)
            return True
        _each_docx(folder, edit, "工作报告")
    return change


toc_with_pages = _toc(True)
toc_without_pages = _toc(False)


def _split_merged(tc, row) -> None:
    span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
    if span is None:
        return
    count = int(span.get(qn("w:val")))
    tc.tcPr.remove(span)
    for _ in range(count - 1):
        blank = etree.fromstring(etree.tostring(tc))
        for p in blank.findall(qn("w:p"))[1:]:
            blank.remove(p)
        first = blank.find(qn("w:p"))
        for child in list(first):
            if child.tag != qn("w:pPr"):
                first.remove(child)
        for extra in blank:
            if extra.tag not in (qn("w:tcPr"), qn("w:p")):
                blank.remove(extra)
        tc.addnext(blank)


def cells_unmerged(folder: Path, rng: random.Random) -> None:
    """Form cells merged differently: every horizontally merged value cell split back into
    grid cells (the value in the first, the rest blank) and every vertical merge undone
    (the label in the first row only), as a form retyped or pasted from another file."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in document.tables:
            for tr in table._tbl.tr_lst:
                for tc in list(tr.tc_lst)[1:]:
                    if tc.tcPr is not None and tc.tcPr.find(qn("w:gridSpan")) is not None:
                        _split_merged(tc, tr)
                        changed = True
                for tc in tr.tc_lst:
                    vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                    if vmerge is not None:
                        tc.tcPr.remove(vmerge)
                        changed = True
        return changed
    _each_docx(folder, edit)


def cells_merged_blank(folder: Path, rng: random.Random) -> None:
    """A filled value cell merged with the blank cells right of it to the row's end (one
    wide value cell), where a label stands left of the value."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in document.tables:
            for row in table.rows:
                distinct = []
                for cell in row.cells:
                    if not distinct or cell._tc is not distinct[-1]._tc:
                        distinct.append(cell)
                filled = [i for i, c in enumerate(distinct) if c.text.strip()]
                if not filled or filled[-1] < 1 or filled[-1] == len(distinct) - 1:
                    continue
                last = filled[-1]
                if last - 1 not in filled:
                    continue  # no label beside it: a label, not a value
                if last - 1 == 0 and distinct[0]._tc.tcPr is not None \
                        and distinct[0]._tc.tcPr.find(qn("w:vMerge")) is not None:
                    continue  # beside a block's merged heading ("产品类填写"): a label
                try:
                    distinct[last].merge(distinct[-1])
                except Exception:  # noqa: BLE001 - python-docx refuses irregular spans
                    continue
                changed = True
        return changed
    _each_docx(folder, edit)


def list_rows_added(folder: Path, rng: random.Random) -> None:
    """A long value given more rows: its second half in a row added under it, the label's
    cell merged down over both (as applicants do for a list of licences or honours)."""
    from copy import deepcopy

    def vmerge(tc, value: str | None) -> None:
        pr = tc.get_or_add_tcPr()
        for old in pr.findall(qn("w:vMerge")):
            pr.remove(old)
        merge = etree.SubElement(pr, qn("w:vMerge"))
        if value:
            merge.set(qn("w:val"), value)

    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in document.tables:
            for row in list(table.rows):
                tcs = row._tr.tc_lst
                if len(tcs) != 2 or any(tc.tcPr is not None and tc.tcPr.find(qn("w:vMerge"))
                                        is not None for tc in tcs):
                    continue
                if len(tcs[1].findall(qn("w:p"))) != 1 or tcs[1].xpath(
                        ".//*[local-name()='drawing' or local-name()='pict']"):
                    continue  # a one-line list only: no declaration with a seal in it
                label, value = (t.xpath("string(.)") for t in tcs)
                if not label.strip() or len(value) < 16 or not re.search(r"[ 、；;]", value) \
                        or re.search("[☑□■]", value):  # a tick group stays on its row
                    continue
                cut = max(value.rfind(sep, 0, len(value) * 2 // 3 + 1) for sep in " 、；;")
                if cut <= 0:
                    continue
                head, tail = value[:cut + 1].strip(), value[cut + 1:].strip()
                new_tr = deepcopy(row._tr)
                row._tr.addnext(new_tr)
                vmerge(tcs[0], "restart")
                new_tcs = new_tr.tc_lst
                vmerge(new_tcs[0], None)
                for tc, text in ((tcs[1], head), (new_tcs[1], tail)):
                    paragraphs = tc.findall(qn("w:p"))
                    for extra in paragraphs[1:]:
                        tc.remove(extra)
                    runs = paragraphs[0].findall(qn("w:r"))
                    for extra in runs[1:]:
                        paragraphs[0].remove(extra)
                    texts = runs[0].findall(qn("w:t")) if runs else []
                    if texts:
                        texts[0].text = text
                        for extra in texts[1:]:
                            runs[0].remove(extra)
                for p in new_tcs[0].findall(qn("w:p")):
                    for r in p.findall(qn("w:r")):
                        p.remove(r)
                changed = True
        return changed
    _each_docx(folder, edit)


def table_split(folder: Path, rng: random.Random) -> None:
    """Every form table of more than six rows split in two near its middle with an empty
    paragraph between (Word's Split Table, or a table broken by hand at a page end), the
    header row copied above the second part or not."""
    def edit(document: DocxDocument) -> bool:
        changed = False
        for table in list(document.tables):
            rows = table._tbl.tr_lst
            if len(rows) <= 6:
                continue
            cut = rng.randint(len(rows) // 2 - 1, len(rows) // 2 + 1)
            # a row that continues a vertical merge cannot start the second table
            while cut < len(rows) - 1 and rows[cut].find(f".//{qn('w:vMerge')}") is not None \
                    and rows[cut].find(f".//{qn('w:vMerge')}").get(qn("w:val")) != "restart":
                cut += 1
            second = etree.fromstring(etree.tostring(table._tbl))
            copied = second.findall(qn("w:tr"))
            # half the time the header row is copied to the top of the second part
            keep_header = rng.random() < 0.5 and copied[0].find(f".//{qn('w:vMerge')}") is None
            for tr in copied[1 if keep_header else 0:cut]:
                second.remove(tr)
            for tr in rows[cut:]:
                table._tbl.remove(tr)
            gap = docx.oxml.OxmlElement("w:p")
            table._tbl.addnext(gap)
            gap.addnext(second)
            changed = True
        return changed
    _each_docx(folder, edit)


def table_note_row(folder: Path, rng: random.Random) -> None:
    """A note row under each form table: one cell across the table with "注：…"."""
    note = rng.choice(["注：以上内容如实填写。", "备注：本表由质量管理部填报。",
                       "注：数据以2025年度为准。"])

    def edit(document: DocxDocument) -> bool:
        for table in document.tables:
            row = table.add_row()
            cells = row.cells
            merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
            _set_cell(merged, note)
        return bool(document.tables)
    _each_docx(folder, edit)


def wps_saved(folder: Path, rng: random.Random) -> None:
    """Saved by WPS Office: its docDefaults (宋体/Times New Roman, 五号, zh-CN), runs
    with an eastAsia hint, and WPS named as the application in app.xml."""
    def edit(document: DocxDocument) -> bool:
        styles = document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = etree.SubElement(styles, qn("w:docDefaults"))
            styles.insert(0, defaults)
        for old in list(defaults):
            defaults.remove(old)
        w = qn("w:p")[1:].split("}")[0]
        defaults.append(etree.fromstring(
            f'<w:rPrDefault xmlns:w="{w}"><w:rPr><w:rFonts w:ascii="Times New Roman" '
            'w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>'
            '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'))
        defaults.append(etree.fromstring(f'<w:pPrDefault xmlns:w="{w}"/>'))
        for paragraph in _paragraphs(document):
            for run in paragraph.runs:
                run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
        package = document.part.package
        for part in package.iter_parts():
            if str(part.partname) == "/docProps/app.xml":
                part._blob = re.sub(rb"<Application>[^<]*</Application>",
                                    b"<Application>WPS Office_12.1.0.17147</Application>",
                                    part.blob)
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


def _files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Each file of a packet folder and its name inside an archive of the folder."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(folder).as_posix()


def _archived(folder: Path, suffix: str, opener: Callable, add: str) -> Path:
    """The folder packed by `opener` (an archive writer) as folder + suffix, each file
    added by the writer's method `add`; the folder goes."""
    archive = folder.with_suffix(suffix)
    with opener(archive) as out:
        for path, name in _files(folder):
            getattr(out, add)(path, name)
    shutil.rmtree(folder)
    return archive


def sevenzipped(folder: Path, rng: random.Random) -> Path:
    import py7zr

    return _archived(folder, ".7z", lambda target: py7zr.SevenZipFile(target, "w"), "write")


def rarred(folder: Path, rng: random.Random) -> Path:
    """A RAR 5 archive. Making one needs the non-free rar, so it is written here by the
    format's description (www.rarlab.com/technote.htm): every file stored (method 0) with
    its CRC32 and UTF-8 name, which unrar and 7-Zip read as they read rar's own output."""
    import struct
    import zlib

    from tests.hostile_corpus import RAR5_SIGNATURE, _rar_header, _vint

    parts = [RAR5_SIGNATURE, _rar_header(_vint(1) + _vint(0) + _vint(0))]  # main header
    for path, member in _files(folder):
        data, name = path.read_bytes(), member.encode()
        header = (_vint(2) + _vint(0x0002) + _vint(len(data))  # file header, data follows
                  + _vint(0x0004) + _vint(len(data)) + _vint(0x20)  # CRC present, size, attr
                  + struct.pack("<I", zlib.crc32(data) & 0xFFFFFFFF)
                  + _vint(0) + _vint(0)  # store, version 0; host OS Windows
                  + _vint(len(name)) + name)
        parts += [_rar_header(header), data]
    parts.append(_rar_header(_vint(5) + _vint(0) + _vint(0)))  # end of archive
    archive = folder.with_suffix(".rar")
    archive.write_bytes(b"".join(parts))
    shutil.rmtree(folder)
    return archive


def tar_gzipped(folder: Path, rng: random.Random) -> Path:
    """A .tar.gz (as made on Linux or macOS: tar czf)."""
    import tarfile

    return _archived(folder, ".tar.gz", lambda target: tarfile.open(target, "w:gz"), "add")


# -- scans ----------------------------------------------------------------------------------

SCANNED = re.compile(r"[（(][^）)]*扫描件[)）]|营业执照")


def _pledge_pages(pledge: Path, dpi: int) -> list:
    """The pledge as printed: LibreOffice's PDF (cached by content, as yushen caches it)
    rasterised by pdfium at `dpi`, in greyscale as an office scanner delivers it."""
    import hashlib

    import pypdfium2

    from pipeline.core.settings import Settings
    from pipeline.intake.convert import to_pdf

    sha = hashlib.sha256(pledge.read_bytes()).hexdigest()
    pdf = pypdfium2.PdfDocument(str(to_pdf(pledge, "docx", sha, Settings().rendered_dir)))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def _pledges_scanned(dpi: int, suffix: str) -> Edit:
    """Each 承诺书 signed, sealed and scanned at `dpi`, added beside its Word file (as
    填报说明 asks: the Word file and the scan): one image per page, or an image PDF."""
    def change(folder: Path, rng: random.Random) -> None:
        for pledge in _docx_files(folder, "承诺书"):
            pages = _pledge_pages(pledge, dpi)
            stem = pledge.stem + "（签字盖章扫描件）"
            if suffix == ".pdf" or len(pages) > 1:
                pages[0].save(pledge.with_name(stem + ".pdf"), save_all=True,
                              append_images=pages[1:], resolution=dpi)
            else:
                pages[0].save(pledge.with_name(stem + suffix), dpi=(dpi, dpi), quality=90)
    return change


pledges_scanned_150 = _pledges_scanned(150, ".jpg")
pledges_scanned_200 = _pledges_scanned(200, ".pdf")
pledges_scanned_300 = _pledges_scanned(300, ".png")


def _pen_ticked(page, rng: random.Random):
    """The page with each blue box (a ticked box printed empty in blue, see
    forms_hand_ticked_scanned) turned to print and ticked by pen: a two-stroke check of
    dark blue ink, a little askew, running past the box as a hand's does."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw

    rgb = np.asarray(page.convert("RGB")).copy()
    r, g, b = (rgb[..., i].astype(int) for i in range(3))
    blue = ((b - np.maximum(r, g)) > 60).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(blue, np.ones((3, 3), np.uint8)), connectivity=8)
    rgb[blue > 0] = (rgb[blue > 0].min(axis=1, keepdims=True))  # the box printed black
    out = Image.fromarray(rgb)
    draw = ImageDraw.Draw(out)
    for n in range(1, count):
        x, y, w, h, area = stats[n]
        if w < 6 or h < 6:
            continue
        lean = rng.uniform(-0.15, 0.15) * h
        points = [(x + 0.15 * w, y + 0.5 * h + lean), (x + 0.45 * w, y + 1.05 * h),
                  (x + 1.3 * w, y - 0.45 * h - lean)]
        draw.line(points, fill=(25, 35, 120), width=max(2, h // 7), joint="curve")
    return out


def _box_runs_blue(run) -> None:
    """Split `run` at each ☑: the box becomes a run of its own, □ in blue; the text
    around it keeps the run's formatting."""
    import copy

    from docx.text.run import Run

    pieces = [p for p in re.split("(☑)", run.text) if p]
    anchor = run._r
    for piece in pieces:
        element = copy.deepcopy(run._r)
        anchor.addnext(element)
        anchor = element
        new = Run(element, run._parent)
        new.text = "□" if piece == "☑" else piece
        if piece == "☑":
            new.font.color.rgb = RGBColor(0, 0, 255)
    run._r.getparent().remove(run._r)


def forms_hand_ticked_scanned(folder: Path, rng: random.Random) -> None:
    """Each form with tick boxes printed with all its boxes empty, the chosen ones ticked
    by pen, signed and sealed, scanned at 200 dpi and added beside its Word file (as the
    pledges are: the Word file and the scan)."""
    for form in _docx_files(folder):
        try:
            d = docx.Document(str(form))
        except Exception:  # noqa: BLE001 — a damaged file of a defective sample
            continue
        runs = [run for paragraph in _paragraphs(d) for run in paragraph.runs
                if "☑" in run.text]
        if not runs:
            continue
        for run in runs:  # printed empty; the box alone blue, where the pen goes
            _box_runs_blue(run)
        printed = form.with_name(form.stem + "（打印）.docx")
        d.save(str(printed))
        try:
            pages = [_pen_ticked(page, rng) for page in _pledge_pages(printed, 200)]
        finally:
            printed.unlink()
        stem = form.stem + "（签字盖章扫描件）"
        if len(pages) > 1:
            pages[0].save(form.with_name(stem + ".pdf"), save_all=True,
                          append_images=pages[1:], resolution=200)
        else:
            pages[0].save(form.with_name(stem + ".jpg"), dpi=(200, 200), quality=90)


def _scans(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg")
                  and SCANNED.search(p.stem))


def _each_scan(folder: Path, edit: Callable[[object, random.Random], object], rng: random.Random,
               suffix: str | None = None) -> None:
    from PIL import Image

    for path in _scans(folder):
        with Image.open(path) as opened:
            image = edit(opened.convert("RGB"), rng)
        target = path.with_suffix(suffix) if suffix else path
        image.save(target, quality=60 if target.suffix == ".jpg" else 90)
        if target != path:
            path.unlink()


def scans_rotated(folder: Path, rng: random.Random) -> None:
    """Each scan fed in askew: turned 1–3° either way, the corners filled white."""
    _each_scan(folder, lambda image, r: image.rotate(r.choice([-1, 1]) * r.uniform(1, 3),
                                                     expand=True, fillcolor="white",
                                                     resample=3), rng)


def scans_jpeg_q60(folder: Path, rng: random.Random) -> None:
    """Each scan saved as a JPEG of quality 60 (the licence's .png becomes .jpg)."""
    _each_scan(folder, lambda image, r: image, rng, suffix=".jpg")


def _phone_photo(image, rng: random.Random):
    """A page photographed by a phone: seen at a slant (a perspective warp, the page's
    corners moved by up to 4 %) on a darker table, light falling off to one side, a
    little blur from the lens."""
    import numpy as np
    from PIL import Image, ImageFilter

    width, height = image.size
    margin = int(0.06 * max(width, height))
    canvas = Image.new("RGB", (width + 2 * margin, height + 2 * margin), (120, 110, 100))
    canvas.paste(image, (margin, margin))

    def jitter(x: float, y: float) -> tuple[float, float]:
        return (x + rng.uniform(-0.04, 0.04) * width, y + rng.uniform(-0.04, 0.04) * height)

    corners = [(margin, margin), (margin + width, margin), (margin + width, margin + height),
               (margin, margin + height)]
    moved = [jitter(*c) for c in corners]
    # PIL's perspective maps output to input: solve the 8 coefficients from moved → corners
    rows, rhs = [], []
    for (x, y), (u, v) in zip(moved, corners, strict=True):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        rhs += [u, v]
    coeffs = np.linalg.solve(np.array(rows, float), np.array(rhs, float))
    warped = canvas.transform(canvas.size, Image.Transform.PERSPECTIVE, tuple(coeffs),
                              resample=Image.Resampling.BICUBIC, fillcolor=(120, 110, 100))
    light = np.linspace(1.0, rng.uniform(0.72, 0.85), warped.size[0])[None, :, None]
    shaded = (np.asarray(warped, float) * light).clip(0, 255).astype("uint8")
    return Image.fromarray(shaded).filter(ImageFilter.GaussianBlur(0.8))


def scans_phone_photo(folder: Path, rng: random.Random) -> None:
    _each_scan(folder, _phone_photo, rng, suffix=".jpg")


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
    Change("dates_month_only", "AB", dates_month_only),
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
    Change("finance_with_unit", "A", finance_with_unit),
    Change("finance_spaced", "A", finance_spaced),
    Change("checkbox_controls", "AB", checkbox_controls),
    Change("headings_auto_numbered", "A", headings_auto_numbered),
    Change("toc_with_pages", "A", toc_with_pages),
    Change("toc_without_pages", "A", toc_without_pages),
    Change("cells_unmerged", "AB", cells_unmerged),
    Change("cells_merged_blank", "AB", cells_merged_blank),
    Change("table_split", "AB", table_split),
    Change("list_rows_added", "AB", list_rows_added),
    Change("table_note_row", "AB", table_note_row),
    Change("wps_saved", "AB", wps_saved),
    Change("pledges_scanned_150", "AB", pledges_scanned_150),
    Change("pledges_scanned_200", "AB", pledges_scanned_200),
    Change("pledges_scanned_300", "AB", pledges_scanned_300),
    Change("forms_hand_ticked_scanned", "AB", forms_hand_ticked_scanned),
    Change("scans_rotated", "AB", scans_rotated),
    Change("scans_jpeg_q60", "AB", scans_jpeg_q60),
    Change("scans_phone_photo", "AB", scans_phone_photo),
    Change("one_more_folder", "AB", one_more_folder, packaging=True),
    Change("zipped_utf8", "AB", zipped_utf8, packaging=True),
    Change("zipped_gbk", "AB", zipped_gbk, packaging=True),
    Change("sevenzipped", "AB", sevenzipped, packaging=True),
    Change("rarred", "AB", rarred, packaging=True),
    Change("tar_gzipped", "AB", tar_gzipped, packaging=True),
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

    from pipeline.engine.run import check_path

    folder = work / base.name
    shutil.copytree(base, folder)
    packet = apply(folder, names, seed)
    _, result = check_path(packet)
    found = [(d.rule_id, d.severity, d.message) for d in result.deficiencies]
    serious = sorted({rule for rule, severity, _ in found if severity in SERIOUS})
    wanted = set(expected or [])
    missed = sorted(wanted - {rule for rule, _, _ in found})
    extra = [f for f in found if f[1] in SERIOUS and f[0] not in wanted]
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
