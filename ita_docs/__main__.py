import sys

from ita_docs.cli import main

sys.exit(main())
