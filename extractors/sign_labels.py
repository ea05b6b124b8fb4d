"""Signing labels in a line of text ("法定代表人（签字）：", "需方代表：", "批准："), what stands
after one, and whether that is a printed code: text alone, shared by the page reading
(extractors/ocr.py), the band reading beside seals (extractors/labels.py) and the signature
places (extractors/marks.py)."""

from __future__ import annotations

import re

from pipeline.core.textnorm import is_cjk

SIGN_LABEL = re.compile(r"(?:签\s*字|签\s*名|签\s*章)\s*"
                        r"(?:[)）}\]】］]\s*[：:]?|[：:]|(?=[\s_＿]{2,}|\s*$))")
_FILLER = re.compile(r"[\s_＿\-—.·…：:（）()]+")


def after_label(line: str) -> str | None:
    """The text after a signature label on its line, without blanks and underscores; None
    when the line holds no label."""
    match = SIGN_LABEL.search(line)
    if match is None:
        return None
    rest = line[match.end():]
    rest = re.split(r"\s{2,}|\t|日期|年\s*月\s*日", rest)[0]  # another field on the same line
    return _FILLER.sub("", rest)


# On a page a signature place is also "法定代表人：", "委托代理人：" or "需方代表："
# (contracts, letters); the rules read only the 签字 places, since "法定代表人：" is also a
# form field. OCR reads 签 next to a scrawl as 答 or 筌 now and then, the colon after a
# label as ；，or not at all (a label that ends the line it was read in).
# A 代表 / 代理人 label starts its line or column ("法定代表人：", "需方代表："): at most a
# short qualifier without punctuation stands before it. "…货运代理，" in a business scope
# is running text, whatever OCR makes of the colon (a licence scan, read so on CPUs whose
# tesseract dot product is AVX2 or newer; SSE does not read that line).
# Sign-off labels of reports and certificates ("编制：", "审核：", "批准：", "负责人：",
# "局长") count when a colon follows: the words also end lines of running text.
PAGE_SIGN_LABEL = re.compile(SIGN_LABEL.pattern.replace("签", "[签答筌]")
                             + r"|(?P<who>(?:代表人?|代理人)\s*[)）]?\s*(?:[：:;；，,]|$)"
                             r"|(?:负责人|批准人?|审核人?|编制人?|局长)\s*[)）]?\s*[：:])")
_LABEL_QUALIFIER = re.compile(r"[^\s|｜，,、；;。.：:]{0,6}")


def page_sign_label(text: str) -> re.Match[str] | None:
    """The first signing label in a line of page text, or None."""
    for match in PAGE_SIGN_LABEL.finditer(text):
        if match.group("who") is None:
            return match
        start = max(text.rfind(sep, 0, match.start()) for sep in " \t\n|｜") + 1
        if _LABEL_QUALIFIER.fullmatch(text[start:match.start()]):
            return match
    return None


def printed_code(value: str) -> bool:
    """Eight letters and digits or more, with few CJK characters (misreadings) among them."""
    latin = sum(ch.isascii() and ch.isalnum() for ch in value)
    return latin >= 8 and latin >= 8 * sum(is_cjk(ch) for ch in value)
