"""``python -m zhen``: the same as the ``zhen`` command."""

from zhen.app import main

main()
