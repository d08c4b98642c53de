"""A story's read side on request: identity, claims, comparison, timeline, summary, relations."""
