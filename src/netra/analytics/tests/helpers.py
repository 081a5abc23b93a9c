from collections import Counter


def cube_rows(name: str) -> Counter:
    """A cube's rows as {key tuple: n}, zero rows dropped."""
    from netra.analytics.services import CUBES

    model, dims = CUBES[name]
    out = Counter()
    for row in model.objects.values(*dims, "n"):
        out[tuple(row[f] for f in dims)] += row["n"]
    return +out


def summary_from_cube() -> None:
    """Fill CaseSummary from the CaseCube rows a test wrote by hand (the summary is the cube
    summed over the fine dimensions; real data gets it from refresh/reconcile)."""
    from netra.analytics.models import SUMMARY_DIMS, CaseCube, CaseSummary

    measures = ("outcome", "sanction_level", "compliance")
    CaseSummary.objects.all().delete()
    totals = Counter()
    for row in CaseCube.objects.values(*SUMMARY_DIMS, *measures, "n"):
        totals[tuple(row[f] for f in (*SUMMARY_DIMS, *measures))] += row["n"]
    CaseSummary.objects.bulk_create(
        CaseSummary(**dict(zip((*SUMMARY_DIMS, *measures), key, strict=True)), n=n)
        for key, n in totals.items()
        if n
    )
    projections_from_cubes()


def projections_from_cubes() -> None:
    """Fill the coarse projections (services.PROJECTIONS) from their base cubes' rows."""
    from netra.analytics.services import CUBES, PROJECTIONS

    for base, model, dims in PROJECTIONS.values():
        _base_model, base_dims = CUBES[base]
        index = [base_dims.index(d) for d in dims]
        totals = Counter()
        for key, n in cube_rows(base).items():
            totals[tuple(key[i] for i in index)] += n
        model.objects.all().delete()
        model.objects.bulk_create(
            model(**dict(zip(dims, key, strict=True)), n=n) for key, n in totals.items() if n
        )
