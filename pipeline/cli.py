"""Command line: `yushen check`, `yushen inspect`, `yushen rules`. Only here do errors
become exit codes; 0 means the input was checked, whatever it found."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.core.errors import ExitCode, YushenError
from pipeline.core.progress import printer
from pipeline.core.settings import Settings


def _packets_in(folder: Path) -> list[Path]:
    """Each sub-folder, archive or loose file of a batch folder is one packet."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")
                  and not p.is_symlink() and not p.name.endswith(".expected.json"))


def _safe_dirname(name: str) -> str:
    from pipeline.core.textnorm import safe_name

    return safe_name(name, fallback="packet")


ORIGIN = "cli"  # how the ledger names a packet checked from the command line


def cmd_check(args: argparse.Namespace) -> int:
    from pipeline.arrivals.process import process_arrival
    from pipeline.outputs.report import batch_summary, to_json

    settings = Settings()
    path = Path(args.path)
    if args.batch:
        if not path.is_dir():
            raise YushenError(f"--batch 需要一个文件夹：{path}")
        out = Path(args.out or "yushen-reports")
        out.mkdir(parents=True, exist_ok=True)
        summary = []
        packets = _packets_in(path)
        show = printer()
        for n, packet_path in enumerate(packets, 1):
            folder = _safe_dirname(packet_path.stem if packet_path.is_file() else packet_path.name)
            show(n, len(packets), f"检查 {packet_path.name}")
            try:
                result = process_arrival(packet_path, settings, origin=ORIGIN,
                                         ref=str(packet_path.resolve()),
                                         report_dir=out / folder, store_optional=True).result
            except YushenError:
                raise
            except Exception as exc:  # one bad packet must not stop the batch
                summary.append((folder, None, f"{type(exc).__name__}: {exc}"))
                print(f"  检查失败：{exc}", file=sys.stderr)
                continue
            assert result is not None  # a command-line arrival is always checked
            summary.append((folder, result, None))
            print(f"  {result.verdict}：错误 {result.counts['error']}，警告 "
                  f"{result.counts['warning']}，提示 {result.counts['notice']} → {out / folder}",
                  file=sys.stderr)
        files = batch_summary(summary, out)
        print(f"批次汇总：{files[1]}", file=sys.stderr)
        if args.json:
            print(files[0].read_text(encoding="utf-8"))
        return ExitCode.ok
    arrival = process_arrival(path, settings, origin=ORIGIN, ref=str(path.resolve()),
                              report_dir=Path(args.out) if args.out else None,
                              record=bool(args.out), store_optional=True)
    result = arrival.result
    assert result is not None  # a command-line arrival is always checked
    if args.out:
        print("报告已写入：" + "，".join(str(p) for p in arrival.reports), file=sys.stderr)
    if args.json:
        print(to_json(result))
    elif not args.out:
        from pipeline.core.result import SEVERITY_ZH

        print(f"{result.applicant or '（未识别申请单位）'}：{result.verdict}")
        for d in result.deficiencies:
            where = " ".join(x for x in (d.file, d.location) if x)
            print(f"  [{SEVERITY_ZH[d.severity]}] {d.rule_id} {where}：{d.message}")
    return ExitCode.ok


def cmd_inspect(args: argparse.Namespace) -> int:
    from pipeline.engine.inspect import inspect_file

    info = inspect_file(Path(args.file))
    print(json.dumps(info, ensure_ascii=False, indent=None if args.json else 2))
    return ExitCode.ok


def _write_or_print(text: str, target: str | None) -> int:
    if target:
        Path(target).write_text(text, encoding="utf-8")
    else:
        print(text)
    return ExitCode.ok


def cmd_rules(args: argparse.Namespace) -> int:
    from checks.docs import rules_markdown

    return _write_or_print(rules_markdown(), args.write)


def cmd_waive(args: argparse.Namespace) -> int:
    from pipeline.records.decisions import waive_from_report

    applicant, item = waive_from_report(Path(args.report), args.id, args.reason, args.by,
                                        Settings())
    print(f"已豁免（{applicant}）：{item.rule_id} {item.message}\n理由：{args.reason}\n"
          "重新检查该申请单位的材料时，此项显示为“已豁免”，不计入结论。", file=sys.stderr)
    return ExitCode.ok


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.core.result import result_schema

    return _write_or_print(result_schema(), args.write)


def cmd_mailbox(args: argparse.Namespace) -> int:
    from pipeline.arrivals.mail_batch import run_mailbox_batch

    settings = Settings()
    fetched, outcomes, summary = run_mailbox_batch(settings, printer())
    checked = [o for o in outcomes if o.result is not None]
    failed = [o for o in outcomes if o.failure]
    print(f"{fetched.account}：新邮件 {fetched.new} 封（已收过 {fetched.known} 封，"
          f"无附件 {len(fetched.without_files)} 封）；检查材料包 {len(checked)} 个，"
          f"失败 {len(failed)} 个。", file=sys.stderr)
    for o in checked:
        print(f"  {o.packet}：{o.result.verdict} → {o.report_dir}", file=sys.stderr)
    for o in failed:
        print(f"  {o.packet}：检查失败（{o.failure}），邮件保留，下次重试", file=sys.stderr)
    print(f"批次汇总：{summary}", file=sys.stderr)
    return ExitCode.ok


def cmd_inbox(args: argparse.Namespace) -> int:
    import time

    from pipeline.arrivals.dropfolder import poll_once

    settings = Settings()
    settings.drop_dir.mkdir(parents=True, exist_ok=True)
    print(f"收件文件夹：{settings.drop_dir}；已处理：{settings.processed_dir}", file=sys.stderr)
    while True:
        for o in poll_once(settings, printer()):
            verdict = o.result.verdict if o.result else (o.failure or "已记录")
            print(f"  {o.entry}：{verdict} → {o.folder}", file=sys.stderr)
        if not args.watch:
            return ExitCode.ok
        time.sleep(max(1.0, settings.inbox_settle_s / 2))


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_all

    settings = Settings()
    if args.port:
        settings.web_port = args.port
    serve_all(settings)
    return ExitCode.ok


def cmd_web(args: argparse.Namespace) -> int:
    import uvicorn

    from pipeline.web.app import create_app

    settings = Settings()
    port = args.port or settings.web_port
    print(f"yushen 网页：http://127.0.0.1:{port}/（仅本机；按 Ctrl+C 停止）", file=sys.stderr)
    _warn_without_accounts(settings)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    return ExitCode.ok


def _warn_without_accounts(settings: Settings) -> None:
    from sqlalchemy import func, select

    from pipeline.records.db import User, open_store

    with open_store(settings.db_url).session() as s:
        if not s.scalar(select(func.count()).select_from(User)):
            print("还没有账号：先运行 yushen user add 用户名 --role admin 新建管理员。",
                  file=sys.stderr)


def cmd_user_add(args: argparse.Namespace) -> int:
    import getpass
    import os

    from pipeline.records.db import open_store
    from pipeline.web.auth import ROLES, AccountError, add_user

    password = os.environ.get("YUSHEN_NEW_PASSWORD") or getpass.getpass("密码（至少 10 个字符）：")
    settings = Settings()
    try:
        with open_store(settings.db_url).session() as s:
            add_user(s, args.username, password, args.role, args.name)
    except AccountError as exc:
        raise YushenError(str(exc)) from exc
    print(f"已新建账号 {args.username}（{ROLES[args.role]}）", file=sys.stderr)
    return ExitCode.ok


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yushen", description="用户满意工程申报材料预审")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查一个材料包（文件夹、压缩包或单个文件）")
    check.add_argument("path")
    check.add_argument("--json", action="store_true", help="在标准输出打印 JSON 结果")
    check.add_argument("--out", help="报告输出文件夹")
    check.add_argument("--batch", action="store_true", help="PATH 下每个子文件夹或压缩包为一个材料包")
    check.set_defaults(func=cmd_check)
    insp = sub.add_parser("inspect", help="显示从一个文件读到的内容")
    insp.add_argument("file")
    insp.add_argument("--json", action="store_true", help="紧凑 JSON 输出")
    insp.set_defaults(func=cmd_inspect)
    rules = sub.add_parser("rules", help="生成规则参考（Markdown）")
    rules.add_argument("--write", help="写入文件，而不是打印")
    rules.set_defaults(func=cmd_rules)
    waive = sub.add_parser("waive", help="审核人员豁免报告中的一项问题（重新检查时保留）")
    waive.add_argument("report", help="report.json 的路径")
    waive.add_argument("id", help="问题编号（report.json 中的 id）")
    waive.add_argument("--reason", required=True, help="豁免理由")
    waive.add_argument("--by", help="审核人员")
    waive.set_defaults(func=cmd_waive)
    schema = sub.add_parser("schema", help="生成 check --json 结果的 JSON Schema")
    schema.add_argument("--write", help="写入文件，而不是打印")
    schema.set_defaults(func=cmd_schema)
    mailbox = sub.add_parser("mailbox", help="立即读取委员会邮箱的新邮件并检查（夜间批处理的同一步骤）")
    mailbox.set_defaults(func=cmd_mailbox)
    inbox = sub.add_parser("inbox", help="检查收件文件夹中新放入的材料包，移入已处理文件夹")
    inbox.add_argument("--watch", action="store_true", help="持续监视，而不是检查一遍后退出")
    inbox.set_defaults(func=cmd_inbox)
    serve = sub.add_parser("serve", help="启动网页和定时任务：夜间邮箱批处理、收件文件夹轮询（Prefect）")
    serve.add_argument("--port", type=int, help="网页端口（默认 YUSHEN_WEB_PORT = 8080）")
    serve.set_defaults(func=cmd_serve)
    web = sub.add_parser("web", help="只启动网页（127.0.0.1）")
    web.add_argument("--port", type=int, help="端口（默认 YUSHEN_WEB_PORT = 8080）")
    web.set_defaults(func=cmd_web)
    user = sub.add_parser("user", help="账号管理")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    user_add = user_sub.add_parser("add", help="新建账号（密码从 YUSHEN_NEW_PASSWORD 或提示输入）")
    user_add.add_argument("username")
    user_add.add_argument("--role", required=True, choices=["secretary", "reviewer", "admin"],
                          help="secretary 秘书 / reviewer 审核人员 / admin 管理员")
    user_add.add_argument("--name", help="显示的姓名")
    user_add.set_defaults(func=cmd_user_add)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except YushenError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.ctrl_c)


if __name__ == "__main__":
    sys.exit(main())
