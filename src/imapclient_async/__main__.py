"""``python -m imapclient_async``: the command line; see :mod:`imapclient_async.cli`."""

import sys

from .cli import main

sys.exit(main())
