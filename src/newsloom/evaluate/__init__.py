"""Scorers and dataset readers for the benchmark sets."""
