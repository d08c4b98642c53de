"""The write path in stage order: sources, clean, dedup, offsets, and the pipeline running them."""
