"""The rule registry and its rules: one module per requirement ID (REQUIREMENTS.md)."""
