"""Fetching articles and feeds over HTTP, politely and safely: the network side of sources."""
