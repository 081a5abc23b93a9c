"""Writes of the prevention app, one module per concept (DESIGN.md §7).

- `templates`: the pledge templates reference data (`netra load-reference`);
- `activities`: socialization activities, materials, attendance import and self check-in;
- `pledges`: pledge campaigns, individual and collective pledges, certificates;
- `pacts`: integrity pacts signed by unit heads;
- `reminders`: coverage reminders to agency HR as the vote approaches.
"""

from netra.prevention.services.templates import (  # noqa: F401  (the public loader API)
    DATA_FILE,
    PledgeDataError,
    prevention_load_reference,
)
