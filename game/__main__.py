import sys

from casustafel.game.cli.main import main

sys.exit(main())
