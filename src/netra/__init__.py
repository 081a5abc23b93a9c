"""Netra: oversight of civil-servant (ASN) political neutrality in Indonesian elections."""

from netra.celery import app as celery_app

__all__ = ["celery_app"]
