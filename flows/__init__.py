"""Prefect flows: thin wrappers around pipeline functions. The only place Prefect is imported."""

import os

# A Prefect server started for yushen (yushen serve, a temporary test server) must not try
# to send usage telemetry out of the committee's network.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
