"""One module per command family: its arguments and how its replies become results.

Each module changes only when its commands do; :mod:`imapclient_async.client`
only sequences them.
"""
