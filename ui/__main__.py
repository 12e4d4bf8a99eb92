"""``python -m ui``: the KVP Desktop window."""

import sys

from ui.app import main

sys.exit(main())
