"""Rules of this family; one module per ID."""
