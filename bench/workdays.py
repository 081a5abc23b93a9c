"""Working-day arithmetic: the cost of one deadline computation."""

import datetime as dt
import time

from netra.workdays.calendar import add_working_days


def run():
    start = dt.date(2024, 1, 1)
    count = 20_000
    add_working_days(start, 14, overrides=[])  # warm the holiday cache
    started = time.perf_counter()
    for offset in range(count):
        add_working_days(start + dt.timedelta(days=offset % 700), 14, overrides=[])
    seconds = time.perf_counter() - started
    yield (
        f"workdays add 14 working days: {count} calls in {seconds:.2f} s "
        f"= {seconds / count * 1e6:.0f} µs per call"
    )
