"""The command line: `ebcd <command>`; `main` is the entry point.

One module per command group (projects, media, transcripts, notes, search, jobs, snapshots,
touchpoints, suggestions, vocabulary, emotional_map, film, events, groups, packs, gui,
demo), each with an `add_commands(sub)` that registers its argparse subparsers and a
`cmd_*` handler per command; what they share (opening the project, writing an output file,
a table, a date) is in `common`. `main` only builds the parser and turns failures into
exit codes. A new command goes in the module of its group, or a new module listed in
`main.COMMAND_MODULES`.
"""

from ebcd_app.cli.main import main

__all__ = ["main"]
