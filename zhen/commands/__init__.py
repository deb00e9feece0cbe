"""One module per command group, each with its own ``app`` mounted by :mod:`zhen.app`."""
