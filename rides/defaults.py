"""Default values of the ride pooling optimiser, each with its unit and its source."""

from __future__ import annotations

# Stops -------------------------------------------------------------------------------------
BOARDING_S = 60.0  # s, seated rider with a bag; observed door-to-seat time of a taxi
ALIGHTING_S = 45.0  # s, seated rider
WHEELCHAIR_BOARDING_S = 300.0  # s, ramp out, secure four belts, ramp in (UD taxi practice)
WHEELCHAIR_ALIGHTING_S = 240.0  # s, release belts, ramp out, ramp in

# Ride time ---------------------------------------------------------------------------------
MAX_DETOUR_FACTOR = 1.8  # ratio of ride time to direct travel time, when none is requested
MIN_DETOUR_ALLOWANCE_S = 600.0  # s, short trips may always take this much extra time

# Vehicles ----------------------------------------------------------------------------------
# A universal-design taxi (e.g. JPN Taxi) folds its rear bench to make room for a
# wheelchair: every wheelchair carried takes the floor space of this many seats.
SEATS_PER_WHEELCHAIR = 2

# Re-optimisation ---------------------------------------------------------------------------
PROMISE_TOLERANCE_S = 600.0  # s, an accepted pickup may be this late, at a cost, never more
LATENESS_COST_PER_S = 10.0  # cost units per second late on a promise, within the tolerance

# Unserved requests -------------------------------------------------------------------------
UNSERVED_PENALTY_S = 7200.0  # cost units (s of driving) to leave a pay-per-ride request out
ACCEPTED_PENALTY_FACTOR = 100.0  # leaving out an accepted request costs this many times more
ONBOARD_PENALTY_FACTOR = 10_000.0  # a rider already on board must practically be dropped
PAY_PER_RIDE_WEIGHT = 1.0  # priority of riders without plan and of subscribers over quota

# Solver ------------------------------------------------------------------------------------
TIME_LIMIT_S = 10.0  # s of wall time for one full solve
ROUTING_SHARE = 0.2  # share of the time limit for the routing solver, the rest for the LNS
TIME_SCALE = 1.0  # solver time units per second; travel times are rounded up to these
HORIZON_S = 48 * 3600.0  # s, latest time any stop may be planned for

# Feasibility checks ------------------------------------------------------------------------
SCHEDULE_TOLERANCE = 1e-6  # same unit as the times; float noise accepted by the checks
