"""Entry script of the built ``kvp`` (see build.spec): the headless command."""

import sys

from kvp_desktop.cli.main import main

sys.exit(main())
