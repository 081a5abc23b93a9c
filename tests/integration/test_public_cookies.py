"""The home page's promise: no cookie before the visitor submits a form (issue 13 §4).

Every public page is fetched with a fresh client (GET only) and must answer without any
Set-Cookie header: no session, no CSRF cookie (public forms are CSRF-exempt and check the
Origin header instead), no language cookie.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netra.prevention.check_in_codes import code_for
from netra.prevention.choices import ActivityKind
from netra.prevention.services.activities import activity_create, check_in_open

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "web:home",
    "intake:report",
    "intake:status",
    "rules:guide",
    "rules:self-check",
    "rules:how-to-report",
    "prevention:public-coverage",
    "documents:verify",
    "/aturan/",
    "prevention:pledge-start",
]


def _no_cookie(url: str) -> None:
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code < 400, url
    assert "Set-Cookie" not in response and not response.cookies, (url, response.cookies)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_sets_no_cookie_on_get(page, elections_loaded):
    _no_cookie(page if page.startswith("/") else reverse(page))


def test_the_check_in_page_sets_no_cookie_on_get(prevention_world):
    w = prevention_world
    activity = activity_create(
        actor=w["hr"],
        agency=w["agency"],
        kind=ActivityKind.SOCIALIZATION,
        title="Sosialisasi",
        election=w["election"],
        held_on=w["today"],
    )
    check_in_open(actor=w["hr"], activity=activity)
    path = reverse("prevention:check-in", args=[activity.check_in_token])
    _no_cookie(f"{path}?kode={code_for(activity.check_in_token, timezone.now())}")
