"""The command line: `ebcd <command>`; `main` is the entry point."""

from ebcd_app.cli.main import main

__all__ = ["main"]
