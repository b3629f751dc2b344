"""Faults on the wire against a real Dovecot: a cutting, fragmenting proxy and the tests using it.

``proxy.py`` is the proxy, ``harness.py`` what every run checks (tasks, sockets,
unretrieved exceptions, warnings), ``flows.py`` the user programs and the
checks of a cut run. Imported as ``faults`` (tests/ is on sys.path), like
``corpus``.
"""
