"""`netra workdays add|between|holidays`: Indonesian working-day arithmetic."""

import json

from django.core.management.base import BaseCommand, CommandError

from netra.workdays import calendar
from netra.workdays.inputs import InvalidInput, parse_date, parse_days, parse_region, parse_year


class Command(BaseCommand):
    help = "Working days: due dates, days between two dates, and the non-working days of a year."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "add", help="due date N working days after START (START is day 0; N may be negative)"
        )
        add.add_argument("start", help="YYYY-MM-DD")
        add.add_argument("days", help="number of working days, e.g. 14 or -3")
        add.add_argument("--region", help="region code (3201, 32.01); default national")
        add.add_argument("--json", action="store_true", help="machine-readable output")

        between = sub.add_parser("between", help="working days after A up to and including B")
        between.add_argument("start", help="YYYY-MM-DD")
        between.add_argument("end", help="YYYY-MM-DD")
        between.add_argument("--region", help="region code; default national")
        between.add_argument("--json", action="store_true", help="machine-readable output")

        listing = sub.add_parser(
            "holidays", help="national holidays, cuti bersama and overrides of a year"
        )
        listing.add_argument("year")
        listing.add_argument("--region", help="region code; default national")
        listing.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        try:
            getattr(self, f"handle_{options['action']}")(options)
        except InvalidInput as exc:
            raise CommandError(exc.message, returncode=1) from exc

    def handle_add(self, options):
        start = parse_date(options["start"], "start")
        days = parse_days(options["days"])
        region = parse_region(options["region"])
        due = calendar.add_working_days(start, days, region)
        if options["json"]:
            data = {"start": start, "days": days, "region": region, "due": due}
            self.stdout.write(json.dumps(data, default=str))
        else:
            self.stdout.write(due.isoformat())

    def handle_between(self, options):
        start = parse_date(options["start"], "start")
        end = parse_date(options["end"], "end")
        region = parse_region(options["region"])
        count = calendar.working_days_between(start, end, region)
        if options["json"]:
            data = {"start": start, "end": end, "region": region, "working_days": count}
            self.stdout.write(json.dumps(data, default=str))
        else:
            self.stdout.write(str(count))

    def handle_holidays(self, options):
        year = parse_year(options["year"])
        region = parse_region(options["region"])
        days = calendar.non_working_days(year, region)
        if options["json"]:
            rows = [{"date": d.isoformat(), "name": name} for d, name in days]
            self.stdout.write(json.dumps({"year": year, "region": region, "days": rows}))
            return
        for day, name in days:
            self.stdout.write(f"{day.isoformat()}  {name}")
