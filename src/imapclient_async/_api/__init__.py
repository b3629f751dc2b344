"""The public coroutines of :class:`~imapclient_async.Client`, one mixin per command family.

Each mixin builds on :class:`imapclient_async._session.Session` and changes
only when its own commands do.
"""
