"""Entry script of the built ``kvp-desktop`` (see build.spec): the window."""

import sys

from ui.app import main

sys.exit(main())
