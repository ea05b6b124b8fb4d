"""Attachments into packets: one packet per applicant, named by the company that the file
names and the subject give.

Applicants send one e-mail with everything, or several (the mailbox limits a message's
size), and an agent may send two companies' files in one message. So, over the messages of
one batch: the files that name a company go to that company's packet; a message that names
exactly one company gives it all its files; the unnamed files of a message that names
several companies, or of one that names none, stay together as that message's own packet.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pipeline.core.parse import normalise_company

_SUFFIX = (r"股份有限公司|有限责任公司|有限公司|集团公司|总公司|分公司|公司|集团|管理局|"
           r"管理处|事务所|研究院|设计院|研究所|局|院|中心")
_NAME = re.compile(rf"[\u4e00-\u9fff（）()]{{2,40}}?(?:{_SUFFIX})(?![\u4e00-\u9fff]*(?:{_SUFFIX}))")
# Words of the forms and of covering notes that run into a company name in a file name
# ("用户满意等级评价申请表顺达城市公交有限公司"): cut there before looking for the name.
_NOT_NAME = re.compile(
    r"用户满意|市场质量信用|质量信用|等级评价|信息采集表|申请表|申请书|承诺书|工作报告|实践报告|"
    r"推荐材料|营业执照|申报材料|证实性材料|第三方|测量|测评|材料|报告|申报|提交|报送|关于|"
    r"补正|补充|更正|修改|最终版|终稿|附件|扫描件|复印件|盖章版|\d{4}年度?|年度|[第共]\d+|的|和|及|与")


def company_in(text: str) -> str | None:
    """The longest company name in a file name or subject, or None."""
    best: str | None = None
    for piece in _NOT_NAME.split(text):
        for match in _NAME.finditer(piece):
            name = match.group(0)
            if len(name) >= 4 and (best is None or len(name) > len(best)):
                best = name
    return best


@dataclass
class StoredFile:
    name: str
    sha256: str
    size: int


@dataclass
class StoredMail:
    """A message already in the store (its bytes and its files kept), waiting for a check."""

    key: str
    subject: str
    sender: str
    files: list[StoredFile]


@dataclass
class MailPacket:
    name: str  # the company, or the message's subject
    company: str | None
    message_keys: list[str] = field(default_factory=list)
    files: list[StoredFile] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """The receipt reference: the same messages and company are the same arrival."""
        raw = "|".join(sorted(self.message_keys)) + "#" + (self.company or "")
        return "mail:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]

    def add(self, key: str, file: StoredFile) -> None:
        if key not in self.message_keys:
            self.message_keys.append(key)
        if any(f.sha256 == file.sha256 and f.name == file.name for f in self.files):
            return  # the same file sent twice
        self.files.append(file)


def group_packets(messages: list[StoredMail]) -> list[MailPacket]:
    """One packet per applicant over these messages (in the order they arrived)."""
    by_company: dict[str, MailPacket] = {}
    packets: list[MailPacket] = []

    def company_packet(name: str) -> MailPacket:
        key = normalise_company(name)
        if key not in by_company:
            by_company[key] = MailPacket(name=name, company=name)
            packets.append(by_company[key])
        return by_company[key]

    for mail in messages:
        if not mail.files:
            continue
        named = {f.name: company_in(f.name) for f in mail.files}
        subject_company = company_in(mail.subject)
        companies = {normalise_company(c) for c in named.values() if c}
        if subject_company:
            companies.add(normalise_company(subject_company))
        single = subject_company or next((c for c in named.values() if c), None)
        own: MailPacket | None = None
        for f in mail.files:
            company = named[f.name] or (single if len(companies) == 1 else None)
            if company:
                company_packet(company).add(mail.key, f)
                continue
            if own is None:
                title = mail.subject or mail.sender or "邮件附件"
                own = MailPacket(name=title if not companies else f"{title}（未注明单位的附件）",
                                 company=None)
                packets.append(own)
            own.add(mail.key, f)
    return packets
