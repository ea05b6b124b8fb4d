"""Where the flows' tasks run: on a Dask cluster when a scheduler address is configured
(YUSHEN_DASK_ADDRESS), otherwise in local threads. OCR and LibreOffice run as child
processes, so threads already overlap them; a Dask cluster adds processes and machines."""

from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from pipeline.core.settings import Settings


def task_runner(settings: Settings) -> TaskRunner:
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    return ThreadPoolTaskRunner(max_workers=settings.workers)
