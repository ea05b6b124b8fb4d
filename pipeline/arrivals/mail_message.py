"""One e-mail as yushen needs it: who sent it, its subject, and its attachments with their
real file names.

Names arrive in every shape Chinese mail clients produce (FACTS.md): RFC 2231
(filename*=gbk''%BB%AA…, continued over several lines), RFC 2047 encoded words inside a
quoted parameter (Outlook, Foxmail: filename="=?GBK?B?…?="), and raw 8-bit GBK bytes. The
message is parsed with the compat32 policy because it keeps undecodable header bytes as
surrogates, where the default policy turns them into U+FFFD and the name is lost.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.header import decode_header
from email.message import Message
from email.utils import parseaddr

from pipeline.core.textnorm import fit

# Labels that mail clients put on text that is really in a larger charset
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
              "euc-cn": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932", "sjis": "cp932",
              "iso-8859-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8"}
_GUESSES = ("utf-8", "gb18030", "big5hkscs", "cp932")
# 163's large files are not attachments but download links in the body (超大附件)
LARGE_ATTACHMENT = re.compile(r"超大附件|large-?attachment|fs\.163\.com|mail\.163\.com/.*download")


@dataclass
class Attachment:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class MailMessage:
    message_id: str | None
    subject: str
    sender: str  # the address
    sender_name: str
    date: str | None
    attachments: list[Attachment] = field(default_factory=list)
    body: str = ""

    @property
    def mentions_large_attachment(self) -> bool:
        return bool(LARGE_ATTACHMENT.search(self.body))


def _charset(label: str | None) -> str:
    label = (label or "utf-8").strip().lower()
    return _SUPERSETS.get(label, label)


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Text from bytes in the named charset (or its superset), else the first that fits."""
    tried = ([_charset(charset)] if charset else []) + list(_GUESSES)
    for name in tried:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _unescape(text: str) -> str:
    """compat32 keeps raw 8-bit header bytes as surrogates: decode them as a whole."""
    if any("\udc80" <= c <= "\udcff" for c in text):
        return decode_bytes(text.encode("ascii", "surrogateescape"))
    return text


def decode_words(text: str) -> str:
    """A header value with RFC 2047 encoded words (anywhere, even inside quotes)."""
    text = _unescape(text)
    if "=?" not in text:
        return text
    try:
        chunks = decode_header(text)
    except (HeaderParseError, ValueError, LookupError, UnicodeError):
        # one malformed word ("=?utf-8?b?YWJjZ?=") spoils the whole header for the standard
        # parser: decode word by word, keeping a word that cannot be decoded as it was
        return _ENCODED_WORD.sub(_one_word, text)
    pieces = []
    for chunk, charset in chunks:
        pieces.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(pieces)


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def _one_word(match: re.Match[str]) -> str:
    try:
        return "".join(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
                       for chunk, charset in decode_header(match.group(0)))
    except (HeaderParseError, ValueError, LookupError, UnicodeError):
        return match.group(0)


def _raw_header(msg: Message, name: str) -> str | None:
    """A header as received, 8-bit bytes decoded (reading it through msg[name] would
    turn them into U+FFFD)."""
    for key, value in msg.raw_items():
        if key.lower() == name:
            return _unescape(str(value))
    return None


def _param(part: Message, name: str, header: str) -> str | None:
    raw = _raw_header(part, header)
    if raw is None:
        return None
    holder = Message()  # the decoded header alone, parsed by the standard parameter code
    holder[header] = raw
    value = holder.get_param(name, header=header)
    if value is None:
        return None
    if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded latin-1)
        charset, _lang, text = value
        return decode_bytes((text or "").encode("latin-1", "surrogateescape"), charset)
    return decode_words(email.utils.unquote(str(value)))


def attachment_name(part: Message) -> str | None:
    """The file name of a MIME part: Content-Disposition filename, else Content-Type name."""
    name = (_param(part, "filename", "content-disposition")
            or _param(part, "name", "content-type"))
    if not name:
        return None
    # a name is a name, not a path: clients on Windows sometimes send C:\…\file.docx
    return re.split(r"[\\/]", name.strip())[-1].strip() or None


def _body_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    return decode_bytes(payload, part.get_content_charset())


def parse_message(raw: bytes) -> MailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    sender_name, sender = parseaddr(decode_words(_raw_header(msg, "from") or ""))
    parsed = MailMessage(
        message_id=(_raw_header(msg, "message-id") or "").strip() or None,
        subject=decode_words(_raw_header(msg, "subject") or "").strip(),
        sender=sender.lower(), sender_name=sender_name, date=_raw_header(msg, "date"))
    bodies: list[str] = []
    # walk() descends into forwarded messages (message/rfc822), whose files count too
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = attachment_name(part)
        disposition = (part.get_content_disposition() or "").lower()
        if name is None and disposition != "attachment":
            if part.get_content_maintype() == "text":
                bodies.append(_body_text(part))
            continue
        data = part.get_payload(decode=True) or b""
        if name is None:
            name = f"附件{len(parsed.attachments) + 1}.{part.get_content_subtype() or 'bin'}"
        parsed.attachments.append(Attachment(name=name, data=data))
    parsed.body = "\n".join(bodies)
    return parsed


def message_key(message_id: str | None, raw: bytes) -> str:
    """What makes a message the same message: its Message-ID, else its bytes."""
    if message_id and message_id.strip("<> "):
        return fit(message_id.strip("<> "), 600)  # MailMessage.key, with room to spare
    return "sha256:" + hashlib.sha256(raw).hexdigest()
