#!/usr/bin/env bash
# Runs an example against a throwaway local Dovecot seeded with a dozen messages,
# then stops it. Default: examples/count_inbox.py. Examples:
#   bash scripts/demo.sh                 # I have 12 messages in my INBOX.
#   bash scripts/demo.sh --debug         # ... and the IMAP conversation
#   bash scripts/demo.sh examples/other.py --some-option
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" demo
cd "$ROOT"

example="examples/count_inbox.py"
if [ $# -gt 0 ] && [[ "$1" == *.py ]]; then
    example="$1"
    shift
fi
exec "$PY" tests/dovecot.py serve --messages 12 --user demo --password demo -- \
    "$PY" "$example" "$@"
