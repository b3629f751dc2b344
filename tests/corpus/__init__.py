"""The server-quirk corpus: real server responses, where each came from, and their typed parse.

See README.md in this directory for the format; ``test_corpus.py`` runs every case.
"""
