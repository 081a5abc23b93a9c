"""Rotating the secret key or the access-key pepper never locks a reporter out."""

import pytest

from netra.intake import access
from netra.intake.models import Report
from netra.intake.services import report_access

pytestmark = pytest.mark.django_db


def test_rotating_the_secret_key_keeps_reporters_in(make_report, settings):
    report, key = make_report()
    settings.SECRET_KEY = "a brand new secret key, the old one not even kept"
    settings.SECRET_KEY_FALLBACKS = []
    assert report_access(report.tracking_number, key) == report


def test_rotating_the_pepper_matches_the_old_one_and_rehmacs_on_use(make_report, settings):
    report, key = make_report()
    old_digest = Report.objects.get(pk=report.pk).access_key_digest
    settings.ACCESS_KEY_PEPPERS = ["the new pepper", *settings.ACCESS_KEY_PEPPERS]
    # A wrong number with the right key neither opens nor rewrites the row.
    assert report_access("NTR-24-0000-0000", key) is None
    assert Report.objects.get(pk=report.pk).access_key_digest == old_digest
    # The right pair opens, and the row now carries the digest under the new pepper.
    assert report_access(report.tracking_number, key) == report
    new_digest = Report.objects.get(pk=report.pk).access_key_digest
    assert new_digest == access.access_key_digest(key) != old_digest
    # So the old pepper can be dropped afterwards.
    settings.ACCESS_KEY_PEPPERS = ["the new pepper"]
    assert report_access(report.tracking_number, key) == report


def test_digest_made_under_the_secret_key_before_the_pepper_still_opens(make_report, settings):
    # Rows written before the pepper had its own key: HMAC under the secret key's derivation.
    report, key = make_report()
    legacy = access._digest(access._derive("the old secret key"), key)
    Report.objects.filter(pk=report.pk).update(access_key_digest=legacy)
    settings.SECRET_KEY = "rotated since"
    assert report_access(report.tracking_number, key) is None
    settings.SECRET_KEY_FALLBACKS = ["the old secret key"]
    assert report_access(report.tracking_number, key) == report
    assert Report.objects.get(pk=report.pk).access_key_digest == access.access_key_digest(key)


def test_a_wrong_key_matches_under_no_pepper(make_report, settings):
    report, _key = make_report()
    settings.ACCESS_KEY_PEPPERS = ["the new pepper", *settings.ACCESS_KEY_PEPPERS]
    assert report_access(report.tracking_number, access.access_key_new()) is None
