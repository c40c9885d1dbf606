"""The command line: `pantau` and its subcommands (`main` for the pipeline's, `analyst` for the readers'), and
reading an article from a file or URL for `pantau extract` (`reading`).

May import everything.
"""
