"""The read side of a story, derived on request: identity, claims, comparison, timeline, summary, relations."""
