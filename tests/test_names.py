"""Names from outside (attachments, subjects, uploads, archive members) made safe to be one
path component (issue 20, items 8 and 9)."""

from __future__ import annotations

import pytest

from pipeline.core.textnorm import NAME_MAX_BYTES, safe_name


@pytest.mark.parametrize("name, safe", [
    ("申报材料.zip", "申报材料.zip"), ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
    (".", "未命名"), ("..", "未命名"), ("...", "未命名"), ("", "未命名"), (" . ", "未命名"),
    ("bad\x01name", "bad_name"), ("._.", "未命名"),
])
def test_safe_name(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_long_names_are_cut_by_bytes_keeping_the_suffix() -> None:
    """An attachment named with 100 Chinese characters is 300 bytes: ENAMETOOLONG, the
    packet blocked every night. Cut to at most NAME_MAX_BYTES, whole characters, suffix
    kept."""
    name = "华通交通运输集团有限公司" * 9 + ".docx"
    cut = safe_name(name)
    assert cut.endswith(".docx") and len(cut.encode("utf-8")) <= NAME_MAX_BYTES
    assert cut.startswith("华通交通运输集团有限公司") and "\ufffd" not in cut
    assert len(safe_name("主题" * 80).encode("utf-8")) <= NAME_MAX_BYTES
