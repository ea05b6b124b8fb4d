"""Named edits of a read packet (the document model), for the rules' case files.

A case (checks/cases/<ID>.yml) starts from a sample packet as yushen read it and applies
edits by name, each the way an applicant could have filled the form differently: a field
left empty or written otherwise, a paragraph deleted, a file renamed, a seal missing. The
edits change the model only; the rule under test then runs on it alone. Each edit names
what it acts on by the part and the printed text, never by an index, so a case reads like
its description and survives a change of the sample generator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pipeline.core.model import Block, Cell, ClassifiedDocument, Packet, PageNumbers, Table
from pipeline.core.textnorm import compact
from pipeline.forms.fields import label_value


class EditError(ValueError):
    """An edit that does not apply to the packet: the case is wrong, not the rule."""


EDITS: dict[str, Callable[..., None]] = {}


def edit(func: Callable[..., None]) -> Callable[..., None]:
    EDITS[func.__name__] = func
    return func


def apply_edits(packet: Packet, edits: list[dict[str, Any]]) -> Packet:
    """A copy of `packet` with `edits` applied in order ({name: arguments} each)."""
    changed = packet.model_copy(deep=True)
    changed._derived = {}  # records read before the edit are stale
    for step in edits:
        ((name, args),) = step.items()
        if name not in EDITS:
            raise EditError(f"unknown edit {name!r}; known: {', '.join(sorted(EDITS))}")
        if isinstance(args, dict):
            EDITS[name](changed, **args)
        else:
            EDITS[name](changed, args)
    return changed


def _documents(packet: Packet, part: str, word_only: bool = True) -> list[ClassifiedDocument]:
    docs = packet.word_first(part) if word_only else packet.documents_with(part)
    if not docs:
        raise EditError(f"the packet holds no {part}")
    return docs


def _tables(packet: Packet, part: str) -> list[Table]:
    return [i for d in _documents(packet, part) for i in d.items_of(part) if isinstance(i, Table)]


def _blocks(doc: ClassifiedDocument, part: str) -> Iterator[Block]:
    for item in doc.items_of(part):
        if isinstance(item, Block):
            yield item


@edit
def set_field(packet: Packet, part: str, label: str, value: str) -> None:
    """The value of the form field labelled `label` (right of it or below it) becomes `value`."""
    found = label_value(_tables(packet, part), label)
    if found is None or found.cell is None:
        raise EditError(f"no field {label!r} in {part}")
    cell = found.cell
    if compact(cell.text).startswith(compact(label)):  # "标签：值" in one cell
        cell.text = f"{label}：{value}"
    else:
        cell.text = value


@edit
def set_cell(packet: Packet, part: str, row: str, column: str, value: str) -> None:
    """The cell of a grid table in the row headed `row` and the column headed `column`."""
    for table in _tables(packet, part):
        grid = table.grid()
        heads = [(r, c) for r, line in enumerate(grid) for c, cell in enumerate(line)
                 if cell is not None and compact(cell.text) == compact(column)]
        starts = [(r, c) for r, line in enumerate(grid) for c, cell in enumerate(line)
                  if cell is not None and compact(cell.text) == compact(row)]
        for head_row, col in heads:
            for r, _ in starts:
                if r > head_row and col < len(grid[r]) and (target := grid[r][col]) is not None:
                    target.text = value
                    return
    raise EditError(f"no cell at {row!r} × {column!r} in {part}")


def _replace_in(items: list[Any], find: str, replace: str) -> int:
    """Replace `find` in the paragraphs and table cells among `items`; how many changed."""
    hits = 0
    for item in items:
        targets: list[Block | Cell] = [item] if isinstance(item, Block) else \
            list(item.cells) if isinstance(item, Table) else []
        for target in targets:
            if find in target.text:
                target.text = target.text.replace(find, replace)
                if isinstance(target, Block):
                    for span in target.spans:
                        span.text = span.text.replace(find, replace)
                hits += 1
    return hits


@edit
def replace_text(packet: Packet, part: str, find: str, replace: str) -> None:
    """Every occurrence of `find` in the part's paragraphs and cells (Word copy first)."""
    hits = sum(_replace_in(doc.items_of(part), find, replace)
               for doc in _documents(packet, part))
    if not hits:
        raise EditError(f"{find!r} is not in {part}")


def _drop_items(doc: ClassifiedDocument, drop: set[int]) -> None:
    """Remove content items by index, keeping every part span on its items."""
    for span in doc.parts:
        span.start -= sum(1 for i in drop if i < span.start)
        span.end -= sum(1 for i in drop if i < span.end)
    doc.document.content = [x for i, x in enumerate(doc.document.content) if i not in drop]


@edit
def drop_paragraphs(packet: Packet, part: str, containing: str) -> None:
    """Delete the part's paragraphs that contain `containing` (all copies)."""
    hits = 0
    for doc in _documents(packet, part, word_only=False):
        spans = [s for s in doc.parts if s.part == part]
        drop = {i for s in spans for i in range(s.start, s.end)
                if isinstance(x := doc.document.content[i], Block) and containing in x.text}
        hits += len(drop)
        _drop_items(doc, drop)
    if not hits:
        raise EditError(f"no paragraph with {containing!r} in {part}")


@edit
def empty_chapter(packet: Packet, part: str, heading: str) -> None:
    """Delete the paragraphs between the heading containing `heading` and the next heading
    of the same or a higher level (Word copy)."""
    for doc in _documents(packet, part):
        span = next(s for s in doc.parts if s.part == part)
        content = doc.document.content
        start = next((i for i in range(span.start, span.end) if isinstance(content[i], Block)
                      and heading in content[i].text and content[i].heading_level), None)
        if start is None:
            raise EditError(f"no heading {heading!r} in {part}")
        level = content[start].heading_level or 1
        end = next((i for i in range(start + 1, span.end) if isinstance(content[i], Block)
                    and (content[i].heading_level or 99) <= level), span.end)
        _drop_items(doc, set(range(start + 1, end)))


@edit
def drop_part(packet: Packet, part: str) -> None:
    """The part is not sent: documents holding only it go, others lose its span."""
    if not packet.documents_with(part):
        raise EditError(f"the packet holds no {part}")
    kept = []
    for doc in packet.documents:
        if part not in doc.part_names:
            kept.append(doc)
            continue
        others = [s for s in doc.parts if s.part != part]
        if others:
            doc.parts = others
            kept.append(doc)
    packet.documents = kept


@edit
def rename_file(packet: Packet, part: str, name: str, containing: str | None = None) -> None:
    """The first file holding the part (or the one whose name holds `containing`) arrives
    under another name."""
    docs = _documents(packet, part, word_only=containing is None)
    if containing is not None:
        docs = [d for d in docs if containing in d.source.name]
        if not docs:
            raise EditError(f"no file of {part} named with {containing!r}")
    doc = docs[0]
    old = doc.source.name
    folder = old.rsplit("/", 1)[0] + "/" if "/" in old else ""
    doc.source.name = folder + name
    doc.document.file = folder + name


@edit
def send_as(packet: Packet, part: str, kind: str) -> None:
    """The part's files arrive as another kind (image, pdf, doc, wps) instead of Word."""
    for doc in _documents(packet, part):
        doc.source.kind = kind
        doc.document.kind = kind


@edit
def drop_seals(packet: Packet, part: str) -> None:
    """No seal on any copy of the part."""
    for doc in _documents(packet, part, word_only=False):
        doc.document.seals = []


@edit
def grey_seals(packet: Packet, part: str) -> None:
    """The part's seals are grey (a black-and-white copy), and only a scan of it is sent."""
    docs = _documents(packet, part, word_only=False)
    if not any(d.document.seals for d in docs):
        raise EditError(f"no seal on {part}")
    for doc in docs:
        for seal in doc.document.seals:
            seal.colour = "grey"


@edit
def set_signatures(packet: Packet, part: str, kind: str, text: str | None = None) -> None:
    """Every signature place of the part holds `kind` (empty, typed, handwritten, image)."""
    marks = [m for d in _documents(packet, part, word_only=False) for m in d.document.signatures]
    if not marks:
        raise EditError(f"no signature place in {part}")
    for mark in marks:
        mark.kind = kind  # type: ignore[assignment]
        mark.text = text


@edit
def set_body_format(packet: Packet, part: str, **style: Any) -> None:
    """Every body paragraph of the part (not headings) in another format: `font` and
    `size_pt` for its characters, or Style fields (line_spacing, alignment …)."""
    font = style.pop("font", None)
    size = style.pop("size_pt", None)
    for doc in _documents(packet, part):
        for block in _blocks(doc, part):
            if block.heading_level:
                continue
            for span in block.spans:
                if font is not None:
                    span.font = font
                if size is not None:
                    span.size_pt = size
            updates = dict(style)
            if font is not None:
                updates["font_east_asia"] = font
            if size is not None:
                updates["size_pt"] = size
            block.style = block.style.model_copy(update=updates)


@edit
def set_page_numbers(packet: Packet, part: str, **placement: Any) -> None:
    """The part's Word file as laid out shows these page numbers (PageNumbers fields)."""
    for doc in _documents(packet, part):
        pages = doc.laid_out.pages if doc.laid_out else 10
        doc.laid_out = PageNumbers(**{"pages": pages, "numbered": [], "centred_bottom": [],
                                      "elsewhere": {}, **placement})


@edit
def set_packet(packet: Packet, **facts: Any) -> None:
    """Classification facts of the packet (level, category, scheme, applicant)."""
    for name, value in facts.items():
        setattr(packet, name, value)


@edit
def scan_text_px(packet: Packet, part: str, px: int) -> None:
    """The part's scanned pages arrived with text rows `px` pixels high."""
    pages = [p for d in _documents(packet, part, word_only=False) for p in d.document.scan_pages]
    if not pages:
        raise EditError(f"no scanned page in {part}")
    for page in pages:
        page.text_px = px


# Files for the cases of rules that judge the files themselves (intake: G-06, G-08, G-09):
# {name: "承诺书.docx", copy: "A1/承诺书"} copies a sample file whose name holds 承诺书;
# truncate: 0.5 keeps half its bytes; {name: "x.zip", members: {member name: text, or
# "copy:A1/申请书"}} packs members under exactly these names (hostile ones included).


def sample_file(spec: str) -> bytes:
    """The bytes of the file of sample packet `prefix` whose name holds `fragment`."""
    import zipfile

    from samples.generate import PACKETS

    prefix, fragment = spec.split("/", 1)
    packet = next(p for p in PACKETS.iterdir() if p.name.startswith(prefix + "_"))
    if packet.is_dir():
        return next(p for p in sorted(packet.rglob("*")) if fragment in p.name).read_bytes()
    with zipfile.ZipFile(packet) as archive:
        for info in archive.infolist():
            name = info.filename if info.flag_bits & 0x800 else \
                info.filename.encode("cp437").decode("gbk", "replace")
            if fragment in name:
                return archive.read(info)
    raise EditError(f"no file with {fragment!r} in sample {prefix}")


def write_case_files(folder: Any, files: list[dict[str, Any]]) -> None:
    import io
    import zipfile
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for spec in files:
        if "members" in spec:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                for member, content in spec["members"].items():
                    data = sample_file(content[5:]) if content.startswith("copy:") \
                        else content.encode("utf-8")
                    archive.writestr(member, data)
            data = buffer.getvalue()
        else:
            data = sample_file(spec["copy"])
            if "truncate" in spec:
                data = data[: int(len(data) * spec["truncate"])]
        (folder / spec["name"]).write_bytes(data)


def _paragraph_at(content: list[Any], text: str, part: str) -> int:
    """The first paragraph whose whole text is `text`."""
    found = [i for i, x in enumerate(content)
             if isinstance(x, Block) and compact(x.text) == compact(text)]
    if not found:
        raise EditError(f"no paragraph {text!r} in {part}")
    return found[0]


@edit
def move_section(packet: Packet, part: str, title: str, until: str, before: str) -> None:
    """Bind the section titled `title` (up to the paragraph `until`) before the paragraph
    `before`: titles are matched whole, so a table of contents line does not count."""
    for doc in _documents(packet, part):
        content = doc.document.content
        start, end, target = (_paragraph_at(content, text, part) for text in (title, until, before))
        if not target < start < end:
            raise EditError(f"{before!r} must come before {title!r}, and {title!r} before {until!r}")
        moved = content[start:end]
        doc.document.content = content[:target] + moved + content[target:start] + content[end:]
        return


@edit
def bind(packet: Packet, parts: list[str], name: str) -> None:
    """The parts' Word files bound into one file `name`, in the order `parts` lists them."""
    from pipeline.core.model import PartSpan

    docs = [_documents(packet, p)[0] for p in parts]
    first = docs[0].model_copy(deep=True)
    content, spans = [], []
    for part, doc in zip(parts, docs, strict=True):
        items = doc.items_of(part)
        spans.append(PartSpan(part=part, start=len(content), end=len(content) + len(items),
                              title=next((s.title for s in doc.parts if s.part == part), None)))
        content.extend(items)
    first.document.content = content
    first.parts = spans
    first.source.name = first.document.file = name
    packet.documents = [d for d in packet.documents if all(d is not x for x in docs)] + [first]


@edit
def drop_file(packet: Packet, containing: str) -> None:
    """The files whose names hold `containing` are not sent."""
    kept = [d for d in packet.documents if containing not in d.source.name]
    if len(kept) == len(packet.documents):
        raise EditError(f"no file named with {containing!r}")
    packet.documents = kept


@edit
def replace_in_file(packet: Packet, containing: str, find: str, replace: str) -> None:
    """Every occurrence of `find` in the paragraphs and cells of the files whose names hold
    `containing` (a spreadsheet or an attachment that is not the part's Word copy)."""
    hits = sum(_replace_in(doc.document.content, find, replace) for doc in packet.documents
               if containing in doc.source.name)
    if not hits:
        raise EditError(f"{find!r} is in no file named with {containing!r}")


@edit
def add_document(packet: Packet, name: str, title: str, part: str | None = None) -> None:
    """One more Word file `name` in the packet: a page titled `title` (of `part`, if given)."""
    import hashlib

    from pipeline.core.model import Document, Location, PartSpan, SourceFile

    sha = hashlib.sha256(f"{name}|{title}".encode()).hexdigest()
    block = Block(text=title, location=Location(file=name, paragraph=1, container="body"))
    document = Document(file=name, sha256=sha, kind="docx", content=[block])
    source = SourceFile(name=name, sha256=sha, size=0, kind="docx",
                        stored_path=f"/nonexistent/{sha}")
    spans = [PartSpan(part=part, start=0, end=1, title=title)] if part else []
    packet.documents.append(ClassifiedDocument(source=source, document=document, parts=spans))
    packet.sources.append(source)


@edit
def reclassify(packet: Packet, _: Any = None) -> None:
    """Classify the edited packet again, as yushen would have read it: each document's parts
    from its titles (or file name), then the scheme, category, level and applicant."""
    from pipeline.forms.classify import classify_packet, split_parts
    from pipeline.forms.edition import edition_of

    edition = edition_of(packet)
    for doc in packet.documents:
        doc.parts = split_parts(doc.document, edition)
    classify_packet(packet)
