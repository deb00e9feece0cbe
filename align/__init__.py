"""zhen's alignment package: read editions, pair cases, align paragraphs and sentences.

Importing it costs nothing: encoders, FAISS and document readers load on first use.
"""

__version__ = "0.1.0"
