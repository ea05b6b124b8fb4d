"""Prefect flows: thin wrappers around pipeline functions. The only place Prefect is imported."""
