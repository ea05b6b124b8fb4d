"""E-mails as Chinese mail clients write them, byte for byte: GBK subjects as RFC 2047
encoded words, attachment names as RFC 2231 (Thunderbird, 163 web), as encoded words in
quotes (Outlook, Foxmail) or as raw GBK bytes (old clients)."""

from __future__ import annotations

import base64
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote_from_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "packets"


def sample_zip(prefix: str) -> bytes:
    """A sample packet as the zip an applicant mails: the committed zip, or its folder
    zipped with GBK names and no UTF-8 flag, as Windows' "send to compressed folder" does."""
    source = next(p for p in SAMPLES.iterdir() if p.name.startswith(prefix + "_"))
    if source.is_file():
        return source.read_bytes()
    import tempfile

    from samples.generate import zip_folder

    with tempfile.TemporaryDirectory() as work:
        return zip_folder(source, Path(work) / "packet.zip", gbk_names=True).read_bytes()


def _b64(data: bytes) -> str:
    return "\r\n".join(textwrap.wrap(base64.b64encode(data).decode(), 76))


def encoded_word(text: str, charset: str = "GBK") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset.lower())).decode()}?="


def _disposition(name: str, style: str) -> bytes:
    raw = name.encode("gbk")
    if style == "rfc2231":
        value = quote_from_bytes(raw, safe="")
        chunks = [value[i:i + 60] for i in range(0, len(value), 60)]  # continued lines
        lines = ";\r\n ".join(f"filename*{n}*={'GBK' + chr(39) * 2 if n == 0 else ''}{c}"
                              for n, c in enumerate(chunks))
        return f"Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n {lines}".encode()
    if style == "rfc2047":
        word = encoded_word(name)
        return (f'Content-Type: application/octet-stream; name="{word}"\r\n'
                f'Content-Disposition: attachment; filename="{word}"').encode()
    if style == "8bit":
        return (b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; "
                b'filename="' + raw + b'"')
    raise ValueError(style)


def mime(sender: str, subject: str, attachments: list[tuple[str, bytes]], style: str = "rfc2231",
         body: str = "您好，附件为申报材料，请查收。", message_id: str | None = None) -> bytes:
    """One message: a GBK text body and the attachments with names in `style`."""
    boundary = f"----=_Part_{uuid.uuid4().hex}"
    mid = message_id or f"<{uuid.uuid4().hex}@mail.test>"
    head = (f"From: {encoded_word('申报联系人')} <{sender}>\r\nTo: zjqxzl@163.com\r\n"
            f"Subject: {encoded_word(subject)}\r\nMessage-ID: {mid}\r\n"
            f"Date: Mon, 30 Nov 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n').encode()
    parts = [f"--{boundary}\r\nContent-Type: text/plain; charset=GBK\r\n"
             f"Content-Transfer-Encoding: base64\r\n\r\n{_b64(body.encode('gbk'))}\r\n".encode()]
    for name, data in attachments:
        parts.append(f"--{boundary}\r\n".encode() + _disposition(name, style)
                     + f"\r\nContent-Transfer-Encoding: base64\r\n\r\n{_b64(data)}\r\n".encode())
    return head + b"".join(parts) + f"--{boundary}--\r\n".encode()


def append(account, messages: list[bytes], folder: str = "INBOX") -> None:  # noqa: ANN001
    """Deliver `messages` to the account's folder over IMAP (TLS), as a mail server would."""
    import ssl

    from imapclient import IMAPClient

    context = ssl.create_default_context(cafile=str(account.server.ca_file))
    with IMAPClient("127.0.0.1", port=account.server.port, ssl=True,
                    ssl_context=context, timeout=20) as client:
        client.login(account.user, account.password)
        if folder != "INBOX" and not client.folder_exists(folder):
            client.create_folder(folder)
        for raw in messages:
            client.append(folder, raw)
