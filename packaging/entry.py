"""The bundled app's entry point: the same commands as the installed `ebcd` (no arguments:
the app).

Why a file of its own: PyInstaller needs a script, and a frozen program must call
multiprocessing.freeze_support() first, or the Whisper worker (started with "spawn")
would start a second copy of the whole app instead of the worker.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ebcd_app.cli import main

    sys.exit(main())
