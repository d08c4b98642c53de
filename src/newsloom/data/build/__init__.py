"""Scripts that build the package data from outside sources (run by hand, not at import)."""
