"""`python -m ebcd_app` runs the `ebcd` command."""

import sys

from ebcd_app.cli import main

sys.exit(main())
