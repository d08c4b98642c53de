"""`python -m newsloom`: the same command line as `newsloom`."""

from newsloom.cli.app import main

main()
