"""The `nightly_mailbox` flow: new mail stored first, then one packet per applicant
checked, recorded and marked (pipeline/arrivals/mail_batch.py says how and why in that order)."""

from __future__ import annotations

from prefect import flow, task, unmapped
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from pipeline.arrivals import mail_batch
from pipeline.arrivals.imap_mailbox import MailboxUnreachable
from pipeline.arrivals.mail_packets import MailPacket
from pipeline.core.settings import Settings


def _unreachable(_task: object, _run: object, state: State) -> bool:
    """Retry a batch only when the server could not be reached, never a refused login."""
    try:
        state.result()
    except MailboxUnreachable:
        return True
    except Exception:  # noqa: BLE001 — anything else is final
        return False
    return False


# the library already retries each IMAP command; these retries cover a batch whose
# connection could not be had at all (the server down for a few minutes at 02:00)
@task(name="保存新邮件", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=[60, 300, 900],
      retry_condition_fn=_unreachable)
def fetch_task(settings: Settings) -> mail_batch.FetchReport:
    return mail_batch.fetch_new(settings)


@task(name="检查邮件材料包", cache_policy=NO_CACHE, task_run_name="检查 {packet.name}")
def check_task(settings: Settings, packet: MailPacket, batch: list[MailPacket]
               ) -> mail_batch.PacketOutcome:
    return mail_batch.check_mail_packet(settings, packet, batch)


@flow(name="夜间邮箱批处理", log_prints=True)
def nightly_mailbox() -> dict:
    settings = Settings()
    fetched = fetch_task(settings)
    print(f"{fetched.account}：新邮件 {fetched.new} 封，已有 {fetched.known} 封")
    batch = mail_batch.pending_packets(settings)
    outcomes: list[mail_batch.PacketOutcome] = []
    if batch:
        progress = create_progress_artifact(0.0, description=f"邮箱：{len(batch)} 个材料包")
        futures = check_task.map(unmapped(settings), batch, unmapped(batch))
        for n, future in enumerate(futures, 1):
            outcomes.append(future.result())
            update_progress_artifact(progress, 100.0 * n / len(batch))
            o = outcomes[-1]
            print(f"[{n}/{len(batch)}] {o.packet}："
                  f"{o.result.verdict if o.result else (o.failure or '已记录')}")
    mail_batch.settle_messages(settings, batch)
    summary = mail_batch.write_batch_summary(settings, outcomes, fetched)
    print(f"批次汇总：{summary}")
    return {"new": fetched.new, "known": fetched.known, "packets": len(batch),
            "failed": sum(o.failure is not None for o in outcomes), "summary": str(summary)}
