from celery import shared_task
from django.conf import settings

from netra.documents import storage


@shared_task(name="documents.sweep_staging")
def sweep_staging() -> int:
    return storage.sweep_staging(older_than_seconds=settings.DOCUMENTS_STAGING_GRACE_SECONDS)
