"""Plain dicts of elections for the command line's --json output."""

from netra.elections.models import Election
from netra.elections.selectors import candidate_determination_date


def election_dict(election: Election, *, detail: bool = False) -> dict:
    determination = candidate_determination_date(election)
    data = {
        "slug": election.slug,
        "name_id": election.name_id,
        "name_en": election.name_en,
        "kind": election.kind,
        "vote_date": election.vote_date.isoformat(),
        "regulation": election.regulation,
        "candidate_determination_date": determination.isoformat() if determination else None,
    }
    if detail:
        data |= {
            "source": election.source,
            "note": election.note,
            "stages": [
                {
                    "kind": stage.kind,
                    "race": stage.race or None,
                    "start_date": stage.start_date.isoformat(),
                    "end_date": stage.end_date.isoformat(),
                    "source": stage.source,
                    "note": stage.note,
                }
                for stage in election.stages.all()
            ],
            "regions": {
                "linked": election.regions.count(),
                "expected": election.regions_expected,
                "complete": election.regions_complete,
                "missing": election.regions_missing,
                "note": election.regions_note,
            },
        }
    return data
