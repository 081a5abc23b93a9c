"""Celery application. Broker defaults to kombu's filesystem transport under var/ (no server)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netra.settings")

app = Celery("netra")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
