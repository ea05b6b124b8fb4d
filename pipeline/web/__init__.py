"""The web page for secretaries and reviewers (FastAPI, Jinja templates, no build step)."""
