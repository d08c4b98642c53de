"""The newsloom command line: thin typer commands over the pipeline and the read models."""
