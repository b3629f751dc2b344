#!/usr/bin/env bash
# Runs an example against a throwaway local Dovecot, then stops it. The demo account
# has a dozen INBOX messages from the last two years (a few with attachments, the
# newest three unread) and the folders Sent, Drafts, Junk, Trash and Archive
# (tests/demo_mail.py). Default: examples/count_inbox.py. Examples:
#   bash scripts/demo.sh                 # I have 12 messages in my INBOX.
#   bash scripts/demo.sh --debug         # ... and the IMAP conversation
#   bash scripts/demo.sh examples/list_folders.py
#   bash scripts/demo.sh examples/download_attachments.py --help
# Paths are taken from the directory it is run in, as for any command.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" demo

example="$ROOT/examples/count_inbox.py"
if [ $# -gt 0 ] && [[ "$1" == *.py ]]; then
    example="$1"
    shift
fi
exec "$PY" "$ROOT/tests/dovecot.py" serve --messages 12 --user demo --password demo -- \
    "$PY" "$example" "$@"
