"""The main job, ``zhen run``: documents in, case pairs and what is missing out.

:mod:`~align.job.run` reads and segments the inputs and encodes them once,
:mod:`~align.job.pairing` pairs cases across languages, :mod:`~align.job.report` writes
the run folder.
"""
