"""Fixed numbers of the registry (soft limits of our own derivation, DOMAIN.md §4)."""

# Appointment as CPNS/PPPK before this age is impossible (an error).
MIN_APPOINTMENT_AGE = 18
# Appointment after this age is allowed but unusual (a warning to check by hand).
UNUSUAL_APPOINTMENT_AGE = 60
# Oldest plausible birth year in an identity number.
MIN_BIRTH_YEAR = 1900
# First PPPK appointments followed PP 49/2018; an earlier year is a warning.
FIRST_PPPK_YEAR = 2019
# A person older than this is implausible in a staff register (a warning).
MAX_PLAUSIBLE_AGE = 100
