"""Errors that stop yushen itself. Problems in a packet are deficiencies, not errors."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0  # the input was checked, whatever was found
    bad_args = 1
    input_missing = 2
    missing_dependency = 3
    mailbox_unavailable = 4  # the mailbox could not be read: nothing was checked
    other_error = 15
    ctrl_c = 130


class YushenError(Exception):
    exit_code = ExitCode.other_error
    message = "yushen 内部错误"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message


class InputMissingError(YushenError):
    exit_code = ExitCode.input_missing
    message = "找不到输入：请检查路径是否正确。"


class MissingDependencyError(YushenError):
    exit_code = ExitCode.missing_dependency
    message = "缺少外部程序：请先运行 README 中的安装命令（bash scripts/setup.sh）。"


class UnreadableFileError(Exception):
    """Raised by an extractor when a file cannot be read; becomes a G-06 deficiency."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
