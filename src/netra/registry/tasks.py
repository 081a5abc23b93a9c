"""Celery tasks of the registry: they call services and nothing else."""

from celery import shared_task


@shared_task(name="registry.import_job_run", acks_late=True)
def import_job_run_task(job_id: str) -> str | None:
    """Run a queued web import (`import_jobs.import_job_run`); returns its final status."""
    from netra.registry.import_jobs import import_job_run

    job = import_job_run(job_id=job_id)
    return job.status if job else None
