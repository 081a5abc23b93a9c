"""Demo accounts: an administrator and one member of each staff role, TOTP already enrolled.

For a newcomer's laptop only: credentials are printed and saved to var/demo-credentials.txt.
"""

import base64
import time
from dataclasses import dataclass

from django_otp.oath import totp

from netra.accounts import services as account_services
from netra.accounts.choices import Role
from netra.regions.selectors import region_get
from netra.registry.models import Agency

DEMO_STAFF = [
    # username, role, region code, agency code, display name
    ("bawaslu.bogor", Role.BAWASLU_OFFICER, "32.01", None, "Petugas Bawaslu Kab. Bogor"),
    ("satgas.bkn", Role.SATGAS_ANALYST, None, None, "Analis Satgas BKN"),
    ("bkpsdm.bogor", Role.AGENCY_HR, None, "3201", "BKPSDM Kab. Bogor"),
    ("ppk.bogor", Role.PPK_OFFICER, None, "3201", "Staf PPK Kab. Bogor"),
    ("auditor", Role.AUDITOR, None, None, "Auditor"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    totp_secret: str
    backup_codes: tuple[str, ...]


def _enrol_totp(user) -> tuple[str, list[str]]:
    device = account_services.totp_device_start(actor=None, user=user)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0)
    codes = account_services.totp_device_confirm(
        actor=None, device=device, token=f"{token:0{device.digits}d}"
    )
    if codes is None:  # clock moved to the next step between computing and checking
        time.sleep(1)
        return _enrol_totp(user)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return secret, codes


def create_demo_admin(password: str) -> DemoAccount:
    admin = account_services.user_create(
        actor=None,
        username="admin",
        email="admin@netra.invalid",
        password=password,
        first_name="Administrator",
        is_staff=True,
        is_superuser=True,
    )
    account_services.membership_grant(actor=None, user=admin, role=Role.ADMIN)
    secret, codes = _enrol_totp(admin)
    return DemoAccount("admin", password, Role.ADMIN, secret, tuple(codes))


def create_demo_staff(*, admin, password: str) -> list[DemoAccount]:
    """One account per staff role; agency-scoped ones need the demo registry loaded first."""
    accounts = []
    for username, role, region_code, agency_code, display in DEMO_STAFF:
        user = account_services.user_create(
            actor=admin,
            username=username,
            email=f"{username}@netra.invalid",
            password=password,
            first_name=display,
            is_staff=True,
        )
        account_services.membership_grant(
            actor=admin,
            user=user,
            role=role,
            region=region_get(region_code) if region_code else None,
            agency=Agency.objects.get(code=agency_code) if agency_code else None,
        )
        secret, codes = _enrol_totp(user)
        accounts.append(DemoAccount(username, password, role, secret, tuple(codes)))
    return accounts
