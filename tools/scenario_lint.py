#!/usr/bin/env python3
"""scenario_lint: check Casustafel scenario files (the same as `casustafel lint`).

    python tools/scenario_lint.py [--strict] [--format text|json] [--max-states N] FILE_OR_DIR...

Prints `file:line:col: CODE severity: message`, sorted, then a one-line summary on stderr.
Exit 0 clean, 1 errors (with --strict: also warnings), 2 usage. Rules: docs/lint-rules.md.
"""

import sys

from casustafel.game.cli.lint import main

if __name__ == "__main__":
    sys.exit(main())
