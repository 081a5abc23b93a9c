"""Reads of elections and stage dates (public reference data: no scope filter needed)."""

import datetime as dt

from django.db.models import Max, Min, QuerySet

from netra.elections.choices import ElectionKind, StageKind
from netra.elections.models import Election, ElectionStage


class UnknownElectionError(LookupError):
    def __init__(self, slug: str):
        self.slug = slug
        super().__init__(f"unknown election {slug!r}")


def election_list() -> QuerySet[Election]:
    return Election.objects.prefetch_related("stages").order_by("vote_date", "slug")


def election_get(slug: str) -> Election:
    election = Election.objects.prefetch_related("stages").filter(slug=slug).first()
    if election is None:
        raise UnknownElectionError(slug)
    return election


def election_stage(election: Election, kind: str, race: str | None = None) -> ElectionStage | None:
    """The stage of that kind; if races differ, the given race, else the whole-election row,
    else the earliest race-specific row."""
    stages = [stage for stage in election.stages.all() if stage.kind == kind]
    if race is not None:
        stages = [stage for stage in stages if stage.race == race]
    stages.sort(key=lambda stage: (stage.race != "", stage.start_date))
    return stages[0] if stages else None


def candidate_determination_date(election: Election, race: str | None = None) -> dt.date | None:
    stage = election_stage(election, StageKind.CANDIDATE_DETERMINATION, race)
    return stage.start_date if stage else None


def candidate_determination_dates(election: Election) -> dict[str, dt.date]:
    """{race: date} of every candidate-determination stage ("" = the whole election)."""
    return {
        stage.race: stage.start_date
        for stage in election.stages.all()
        if stage.kind == StageKind.CANDIDATE_DETERMINATION
    }


def election_period(election: Election) -> tuple[dt.date, dt.date]:
    """First stage start to last stage end (the vote date if no stages are stored)."""
    starts = [stage.start_date for stage in election.stages.all()] + [election.vote_date]
    ends = [stage.end_date for stage in election.stages.all()] + [election.vote_date]
    return min(starts), max(ends)


def _region_codes_covering(region) -> list[str]:
    """The region's own code and its ancestors' ("32.01.05" -> "32", "32.01", "32.01.05")."""
    parts = region.code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def election_for_date(day: dt.date, region=None) -> Election | None:
    """The election whose period contains `day`; with a region, a regional election only counts
    if that region (or one above it) takes part. The nearest vote date wins if several match."""
    periods = Election.objects.annotate(
        first=Min("stages__start_date"), last=Max("stages__end_date")
    )
    matches = []
    for election in periods:
        first = min(filter(None, [election.first, election.vote_date]))
        last = max(filter(None, [election.last, election.vote_date]))
        if not first <= day <= last:
            continue
        if region is not None and election.kind == ElectionKind.REGIONAL:
            codes = _region_codes_covering(region)
            if not election.regions.filter(code__in=codes).exists():
                continue
        matches.append(election)
    matches.sort(key=lambda election: abs((election.vote_date - day).days))
    return matches[0] if matches else None
