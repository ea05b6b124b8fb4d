"""Spreadsheets (.xlsx): each sheet as one table, for survey databases and respondent lists."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pipeline.core.errors import UnreadableFileError
from pipeline.core.model import Cell, ContentItem, Document, Location, Table

MAX_ROWS = 5000  # a respondent list has at most 100; a survey database a few thousand
MAX_COLS = 60


def extract_xlsx(path: Path, name: str, sha256: str) -> Document:
    handle = open(path, "rb")  # noqa: SIM115 - closed in finally; a file object, because
    # openpyxl refuses paths without an .xlsx suffix and the store names files by hash
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        handle.close()
        raise UnreadableFileError(f"Excel 文件已损坏：{str(exc)[:150]}") from exc
    content: list[ContentItem] = []
    try:
        for index, sheet in enumerate(book.worksheets, start=1):
            cells: list[Cell] = []
            n_rows = n_cols = 0
            for r, row in enumerate(sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLS,
                                                    values_only=True)):
                for c, value in enumerate(row):
                    if value is None or str(value).strip() == "":
                        continue
                    cells.append(Cell(text=str(value).strip(), row=r, col=c,
                                      location=Location(file=name, table=index, row=r + 1,
                                                        col=c + 1, container=sheet.title)))
                    n_cols = max(n_cols, c + 1)
                n_rows = r + 1
            content.append(Table(index=index, n_rows=n_rows, n_cols=n_cols, cells=cells,
                                 location=Location(file=name, table=index, container=sheet.title)))
    finally:
        book.close()
        handle.close()
    return Document(file=name, sha256=sha256, kind="xlsx", content=content)
