"""Results: what a run records, and the tidy tables built from it."""
