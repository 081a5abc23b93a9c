"""`netra demo`: a small, realistic demo (agencies, people, staff accounts, reports and cases in
every workflow state) for newcomers."""

import contextlib
import json
import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from netra.accounts.models import User
from netra.cases.services import CaseError
from netra.demo.accounts import create_demo_admin, create_demo_staff
from netra.demo.cases import DemoCasesUnavailable, build_demo_cases
from netra.demo.prevention import DemoPreventionUnavailable, build_demo_prevention
from netra.demo.reference import load_reference
from netra.intake.demo import build_demo_reports
from netra.regions.models import Region
from netra.registry.demo import build_demo_registry


@contextlib.contextmanager
def _notifications_kept_in_memory():
    """Building the demo walks dozens of cases through the workflow, and each step queues
    e-mails to staff and reporters. Nobody reads demo mail: run those tasks at once into
    Django's in-memory mail box instead of queueing hundreds of messages for the first start."""
    from netra.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = eager


def _rebuild_rollups() -> dict:
    """Bulk rows fire no signals: recompute the analytics rollups from the tables."""
    from netra.analytics import services as analytics_services

    return analytics_services.reconcile()


class Command(BaseCommand):
    help = (
        "Load demo agencies, people, staff accounts, reports and cases in every state "
        "(prints the credentials)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            nargs="?",
            choices=["generate", "cases"],
            help="generate: write a national-scale registry file in the import format "
            "(--people, --seed, --out) instead of loading the demo; cases: add an election's "
            "worth of generated cases (--cases, --seed) in bulk and rebuild the analytics",
        )
        parser.add_argument("--cases", type=int, default=20_000, help="cases: how many to add")
        parser.add_argument("--people", type=int, default=100_000, help="generate: rows to write")
        parser.add_argument("--out", default=None, help="generate: the CSV file to write")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has accounts (safe to run every start)",
        )
        parser.add_argument("--seed", type=int, default=42, help="seed for the generated people")
        parser.add_argument(
            "--fast",
            action="store_true",
            help="cases: set-based on PostgreSQL (a template of 20,000 cases copied in SQL, with "
            "prevention work; an empty case table only): a million cases in minutes",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        if options.get("action") == "generate":
            self._generate(**options)
            return
        if options.get("action") == "cases":
            self._cases(**options)
            return
        if User.objects.exists():
            if options["if_empty"]:
                self.stdout.write(
                    "demo: the database already has accounts; nothing loaded "
                    f"(credentials of an earlier demo: {settings.VAR_DIR / 'demo-credentials.txt'})"
                )
                return
            raise CommandError(
                "the database already has accounts; the demo only loads into an empty database",
                returncode=1,
            )
        # The small reference sets are cheap and idempotent; the region table only if missing.
        regions_missing = not Region.objects.filter(code__in=["15", "32"]).exists()
        small_sets = ["rules", "elections", "workdays", "cases", "prevention", "documents"]
        load_reference(only=None if regions_missing else small_sets)
        password = "netra-demo-" + secrets.token_urlsafe(9)
        try:
            with _notifications_kept_in_memory(), transaction.atomic():
                admin_account = create_demo_admin(password)
                admin = User.objects.get(username="admin")
                registry = build_demo_registry(actor=admin, seed=options["seed"])
                accounts = [admin_account, *create_demo_staff(admin=admin, password=password)]
                reports = build_demo_reports(actor=admin, seed=options["seed"])
                cases = build_demo_cases(actor=admin, seed=options["seed"])
                prevention = build_demo_prevention(seed=options["seed"])
        except (DemoCasesUnavailable, DemoPreventionUnavailable, CaseError) as exc:
            # Nothing was stored: the demo is all or nothing.
            raise CommandError(f"the demo could not be built: {exc}", returncode=1) from exc
        rows = [
            {
                "username": a.username,
                "password": a.password,
                "role": a.role,
                "totp_secret": a.totp_secret,
                "backup_codes": list(a.backup_codes[:3]),
            }
            for a in accounts
        ]
        report_keys = [{"tracking_number": t, "access_key": k} for t, k in reports["keys"]]
        text = (
            self._credentials_text(rows, registry, report_keys)
            + self._cases_text(cases)
            + self._prevention_text(prevention)
        )
        path = settings.VAR_DIR / "demo-credentials.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "accounts": rows,
                        "registry": registry,
                        "reports": report_keys,
                        "cases": cases["by_state"],
                        "prevention": prevention,
                    },
                    default=str,
                )
            )
        else:
            self.stdout.write(text)

    def _generate(self, *, people, seed, out, **options):
        import sys
        from pathlib import Path

        from tqdm import tqdm

        from netra.registry.demo_file import RegionsMissing, write_file

        if not out:
            raise CommandError("generate needs --out FILE", returncode=2)
        if people < 1:
            raise CommandError("--people must be 1 or more", returncode=2)
        bar = tqdm(total=people, unit=" rows", file=sys.stderr, disable=None)
        try:
            result = write_file(path=Path(out), people=people, seed=seed, progress=bar.update)
        except RegionsMissing as exc:
            raise CommandError(str(exc), returncode=1) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot write {out}: {exc}", returncode=1) from exc
        finally:
            bar.close()
        if options.get("json"):
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"wrote {result['people']} rows ({result['bad_rows']} bad on purpose) "
                f"to {result['path']}"
            )

    def _cases(self, *, cases, seed, **options):
        import sys

        from tqdm import tqdm

        from netra.demo.election_cases import GenerationUnavailable, generate_cases

        if cases < 1:
            raise CommandError("--cases must be 1 or more", returncode=2)
        if options.get("fast"):
            from netra.demo.fast_cases import generate_cases_fast

            try:
                result = generate_cases_fast(
                    cases=cases, seed=seed, progress=lambda line: print(line, file=sys.stderr)
                )
            except GenerationUnavailable as exc:
                raise CommandError(str(exc), returncode=1) from exc
            result["rollups"] = _rebuild_rollups()
            self._cases_done(result, options)
            return
        bar = tqdm(total=cases, unit=" cases", file=sys.stderr, disable=None)
        try:
            result = generate_cases(cases=cases, seed=seed, progress=bar.update)
        except GenerationUnavailable as exc:
            raise CommandError(str(exc), returncode=1) from exc
        finally:
            bar.close()
        result["rollups"] = _rebuild_rollups()
        self._cases_done(result, options)

    def _cases_done(self, result: dict, options: dict) -> None:
        if options.get("json"):
            self.stdout.write(json.dumps(result, default=str))
        else:
            self.stdout.write(
                f"added {result['cases']} generated cases: "
                + ", ".join(f"{table} {n}" for table, n in result["rows"].items())
            )

    @staticmethod
    def _credentials_text(rows: list[dict], registry: dict, reports: list[dict]) -> str:
        lines = [
            "",
            "Netra demo loaded: " + json.dumps(registry, default=str),
            "",
            "Log in at http://127.0.0.1:8000/akun/masuk/ . Staff need a TOTP code: add the secret",
            "to an authenticator app, or use one of the backup codes (each works once).",
            "",
            f"{'username':<15} {'password':<24} {'role':<16} {'TOTP secret':<34} backup codes",
        ]
        for r in rows:
            lines.append(
                f"{r['username']:<15} {r['password']:<24} {r['role']:<16} "
                f"{r['totp_secret']:<34} {' '.join(r['backup_codes'])}"
            )
        lines += [
            "",
            "Demo reports: check them at http://127.0.0.1:8000/lapor/status/ with these pairs.",
            "",
            f"{'tracking number':<20} access key",
        ]
        lines += [f"{r['tracking_number']:<20} {r['access_key']}" for r in reports]
        lines.append("")
        return "\n".join(lines)

    @staticmethod
    def _cases_text(cases: dict) -> str:
        by_state = cases["by_state"]
        lines = [
            f"Demo cases: {sum(by_state.values())} in {len(by_state)} states "
            "(log in as bawaslu.bogor, satgas.bkn, ppk.bogor or bkpsdm.bogor to see them).",
            "",
        ]
        lines += [f"  {state:<28} {count}" for state, count in by_state.items()]
        lines.append("")
        return "\n".join(lines)

    @staticmethod
    def _prevention_text(prevention: dict) -> str:
        if not prevention.get("created"):
            return ""
        person = prevention["try_pledge"]
        return "\n".join(
            [
                "Prevention: past activities of Kabupaten Bogor for Pilkada 2024 and a pledge",
                f"campaign for the simulated election '{prevention['election']}' (partial",
                "coverage: log in as bkpsdm.bogor and open /pencegahan/cakupan/).",
                "",
                f"  verify a pledge certificate:  http://127.0.0.1:8000/verify/"
                f"{prevention['certificate_code']}/",
                f"  pledge on a phone:            http://127.0.0.1:8000/ikrar/  with NIP "
                f"{person['nip']}, birth date {person['birth_date']}",
                f"                                and the personal pledge code "
                f"{person['pledge_code']}",
                "  QR self check-in (log in as bkpsdm.bogor; the screen shown at the activity):",
                f"                                http://127.0.0.1:8000{prevention['check_in_path']}",
                "",
            ]
        )
