"""LibreOffice run as an untrusted-input converter: a private profile that never runs
macros and never updates links or fields (INCLUDETEXT, INCLUDEPICTURE, linked pictures
could otherwise read local files or fetch URLs), no network (a new network namespace with
`unshare -rn` where the kernel allows it, and a proxy that leads nowhere as well), memory,
file-size and CPU limits, and its own process group, killed whole on a timeout or after
it ends, so no soffice.bin outlives the call."""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import shutil
import signal
import subprocess
from pathlib import Path

MEMORY_BYTES = 3 * 1024**3  # address space; a conversion needs well under 1 GiB resident
FILE_BYTES = 1024**3  # no single file written larger than this
NOWHERE_PORT = "9"  # the discard port on 127.0.0.1: connections there fail at once

_SETTINGS = [
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    # Writer: 0 always, 1 on request, 2 never; Calc: 0 always, 1 never, 2 on request
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "false"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
    *[("/org.openoffice.Inet/Settings", f"ooInet{kind}Proxy{part}", value)
      for kind in ("HTTP", "HTTPS", "FTP")
      for part, value in (("Name", "127.0.0.1"), ("Port", NOWHERE_PORT))],
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
]


def write_profile(profile: Path) -> Path:
    """A LibreOffice user profile holding only the lockdown settings above."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
                    f"<value>{value}</value></prop></item>\n" for path, name, value in _SETTINGS)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + "</oor:items>\n",
        encoding="utf-8")
    return profile


@functools.cache
def network_isolation() -> list[str]:
    """The command prefix that runs a program without network, or [] where unprivileged
    user namespaces are off (the proxy setting then still leads nowhere)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        ok = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return [unshare, "-rn", "--"] if ok else []


def _limits(cpu_seconds: int) -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # already gone
        os.killpg(pgid, signal.SIGKILL)


def run_office(args: list[str], timeout_s: int) -> subprocess.CompletedProcess[bytes]:
    """Run soffice `args` (binary first) sandboxed; TimeoutExpired after `timeout_s`, with
    the whole process group killed either way."""
    command = [*network_isolation(), *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            preexec_fn=functools.partial(_limits, timeout_s + 30))  # noqa: PLW1509 - rlimits need it
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        raise
    finally:
        _kill_group(proc.pid)  # a helper left behind by soffice
    return subprocess.CompletedProcess(command, proc.returncode, out, err)
