"""Fuzzing the Word and PDF extractors for a fixed time.

    python bench/fuzz.py --seconds 120 [--seed 1] [--out bench/fuzz-crashes]

Inputs are the sample packets' .docx files and the corpus and sample PDFs, mutated: for a
.docx, one XML part of the zip (document, styles, numbering, settings, footers) gets byte
flips, cut or doubled ranges, or OOXML values swapped for hostile ones (-1, huge numbers,
empty, non-numbers); for a PDF, byte flips, cuts and doubled ranges of the file. Each input
goes to extractors.extract as yushen would send it. UnreadableFileError is the extractor
saying "this file cannot be read": the right answer. Any other exception is a crash: the
input is written to --out and the crash printed; tests/test_fuzz_regressions.py runs every
input kept in tests/fuzz_regressions/ (copy a crash there once it is fixed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.errors import UnreadableFileError  # noqa: E402
from pipeline.core.model import SourceFile  # noqa: E402
from pipeline.core.settings import Settings  # noqa: E402

HOSTILE_VALUES = [b"-1", b"0", b"99999999999999999999", b"", b"abc", b"1e309", b"NaN",
                  b"\xe4\xb8\xad", b"-2147483649", b"auto"]
XML_PARTS = re.compile(r"word/(document|styles|numbering|settings|footer\d*|header\d*|"
                       r"footnotes|theme/theme1)\.xml$")


def seeds() -> list[Path]:
    # .docx that are Word files (a sample may carry a mislabelled one on purpose)
    found = [p for p in sorted((ROOT / "samples" / "packets").rglob("*.docx"))
             if zipfile.is_zipfile(p)]
    found += sorted((ROOT / "samples" / "packets").rglob("*.pdf"))
    found += sorted((ROOT.parent / "shared" / "corpus" / "pdf").glob("*.pdf"))[:6]
    return found


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.randrange(len(data))
        choice = rng.random()
        if choice < 0.4:
            data[at] ^= 1 << rng.randrange(8)
        elif choice < 0.6:
            del data[at:at + rng.randint(1, 64)]
        elif choice < 0.8:
            data[at:at] = data[at:at + rng.randint(1, 256)]
        else:
            data[at:at] = rng.choice([b"<", b">", b"\"", b"&", b"\x00", b"endobj", b"]"])
    return bytes(data)


def mutate_values(xml: bytes, rng: random.Random) -> bytes:
    """Swap attribute values (w:val, w:w, w:sz, w:line …) for hostile ones."""
    values = list(re.finditer(rb'(w:[A-Za-z]+)="([^"]*)"', xml))
    if not values:
        return mutate_bytes(xml, rng)
    out = xml
    for match in rng.sample(values, min(len(values), rng.randint(1, 6))):
        replacement = match.group(1) + b'="' + rng.choice(HOSTILE_VALUES) + b'"'
        out = out.replace(match.group(0), replacement, 1)
    return out


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = [i.filename for i in source.infolist() if XML_PARTS.search(i.filename)]
    target = rng.choice(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == target:
                body = (mutate_values if rng.random() < 0.6 else mutate_bytes)(body, rng)
            archive.writestr(info.filename, body)
    return out.getvalue()


def run_one(data: bytes, kind: str, work: Path, settings: Settings) -> str | None:
    """None when the extractor read the input or refused it properly; else the crash."""
    from extractors import extract

    sha = hashlib.sha256(data).hexdigest()
    path = work / f"{sha}.{kind}"
    path.write_bytes(data)
    source = SourceFile(name=path.name, sha256=sha, size=len(data), kind=kind,
                        extension_kind=kind, stored_path=str(path))
    try:
        extract(source, settings)
    except UnreadableFileError:
        pass
    except Exception:  # noqa: BLE001 — what the fuzzer is looking for
        return traceback.format_exc()
    finally:
        path.unlink()
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "bench" / "fuzz-crashes"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="yushen-fuzz-"))
    settings = Settings(data_dir=work / "data", ocr_max_pages=2, render_word_pages=False)
    inputs = [(p.read_bytes(), p.suffix.lstrip(".")) for p in seeds()]
    out = Path(args.out)
    runs, crashes, kinds = 0, {}, {"docx": 0, "pdf": 0}
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        data, kind = rng.choice(inputs)
        mutated = mutate_docx(data, rng) if kind == "docx" else mutate_bytes(data, rng)
        crash = run_one(mutated, kind, work, settings)
        runs += 1
        kinds[kind] += 1
        if crash:
            where = crash.strip().splitlines()[-3].strip() + " " + crash.strip().splitlines()[-1]
            if where not in crashes:
                out.mkdir(parents=True, exist_ok=True)
                name = out / f"{hashlib.sha256(mutated).hexdigest()[:16]}.{kind}"
                name.write_bytes(mutated)
                crashes[where] = name
                print(f"CRASH {name.name}: {crash.strip().splitlines()[-1]}\n{crash}", flush=True)
    print(f"fuzz {time.strftime('%Y-%m-%d %H:%M')}: {runs} inputs in {args.seconds:.0f} s "
          f"({kinds['docx']} docx, {kinds['pdf']} pdf), {len(crashes)} distinct crashes")
    for where, name in crashes.items():
        print(f"  {name.name}: {where}")


if __name__ == "__main__":
    main()
