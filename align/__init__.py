"""zhen's alignment library: read editions, pair cases, align paragraphs and sentences.

Sub-packages follow the pipeline: :mod:`align.core` (the shared kernel: errors, text and
quantity rules, run-folder records, outputs), :mod:`align.documents` (reading editions),
:mod:`align.encoders`, :mod:`align.aligner`, :mod:`align.job` (``zhen run``) and
:mod:`align.exports`. Importing it costs nothing: encoders, FAISS and document readers load
on first use.
"""

__version__ = "0.1.0"
