from collections import Counter


def cube_rows(name: str) -> Counter:
    """A cube's rows as {key tuple: n}, zero rows dropped."""
    from netra.analytics.services import CUBES

    model, dims = CUBES[name]
    out = Counter()
    for row in model.objects.values(*dims, "n"):
        out[tuple(row[f] for f in dims)] += row["n"]
    return +out
