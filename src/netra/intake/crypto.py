"""Reporter identity at rest: one envelope per report, sealed by the shared `netra.field_crypto`
(the scheme and its keys are described there)."""

from netra.field_crypto import (  # noqa: F401  (re-exported: intake imports them from here)
    _AAD,
    VERSION,
    EnvelopeError,
    current_key_id,
    key_id_of,
    open_envelope,
    seal,
)
