"""Content-addressed store of originals: every received byte is kept, named by SHA-256."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class StoreLimitExceeded(Exception):
    """A stream grew past the limit while being stored (archive bomb guard)."""


class OriginalStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        # applicants' files: readable by this account only (0700 folders, 0400 files)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_file(self, path: Path) -> tuple[str, int, Path]:
        with open(path, "rb") as fh:
            return self.put_stream(fh)

    def put_stream(self, stream: BinaryIO, limit: int | None = None) -> tuple[str, int, Path]:
        """Copy `stream` into the store; returns (sha256, size, stored path).

        Raises StoreLimitExceeded (and keeps nothing) once more than `limit` bytes arrive.
        """
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise StoreLimitExceeded(size)
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.exists():
                os.unlink(tmp_name)
            else:
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(tmp_name, 0o400)  # never edited in place, read by this account only
                shutil.move(tmp_name, target)
            return sha, size, target
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
