"""Issue 20, item 3: a 7z of 8 × 299 MB of zeros checked by `yushen check`, the disk
growth of its temp and data folders sampled every 0.1 s. Temp files are unlinked as soon
as they are made (invisible to du), so the two folders are a tmpfs of their own, mounted
here (root), and the growth is the file system's used bytes; without the mount the used
bytes of the file system holding them are sampled (noisy on a busy machine). Prints the
peak growth, the archive's size and what the report says.

    python bench/sevenzip_bomb.py [--members 8] [--mib 299]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def used(folder: Path) -> int:
    stats = os.statvfs(folder)
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--mib", type=int, default=299)
    args = parser.parse_args()
    seven = shutil.which("7zz") or shutil.which("7z")
    if seven is None:
        sys.exit("7zz not found (scripts/setup.sh installs 7zip)")
    work = Path(tempfile.mkdtemp(prefix="yushen-bomb-"))
    try:
        zeros = work / "zeros"
        zeros.mkdir()
        for n in range(args.members):
            with open(zeros / f"零{n}.docx", "wb") as fh:
                fh.truncate(args.mib * 1024 * 1024)  # sparse: zeros that take no disk
        archive = work / "申报材料.7z"
        subprocess.run([seven, "a", "-bd", "-mx1", str(archive), "."], cwd=zeros, check=True,
                       capture_output=True)
        shutil.rmtree(zeros)
        scratch = work / "scratch"
        scratch.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6g", "tmpfs", str(scratch)],
                                 capture_output=True).returncode == 0
        temp, data = scratch / "tmp", scratch / "data"
        temp.mkdir()
        env = {**os.environ, "TMPDIR": str(temp), "YUSHEN_DATA_DIR": str(data)}
        base, peak, done = used(scratch), 0, threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, used(scratch) - base)
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "check", str(archive),
                               "--json"], env=env, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
        report = json.loads(proc.stdout)
        bombs = [d["message"] for d in report["deficiencies"] if d["rule_id"] == "G-08"]
        print(f"archive      {archive.stat().st_size / 1024:.0f} KiB, {args.members} × {args.mib} MiB of zeros")
        print(f"exit code    {proc.returncode}, {elapsed:.1f} s")
        where = "own tmpfs" if mounted else "shared file system: noisy"
        print(f"disk growth  peak {peak / 1024**2:.1f} MiB (temp + data folders, {where}, "
              "sampled every 0.1 s)")
        print(f"G-08         {len(bombs)}: {bombs[0] if bombs else '-'}")
        if mounted:
            subprocess.run(["umount", str(scratch)], check=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
