"""Ride pooling optimiser: shared taxi rides planned from requests, fleet and travel times."""
