"""``python -m kvp_desktop``: the headless ``kvp`` command."""

import sys

from kvp_desktop.cli.main import main

sys.exit(main())
