"""zhen's glossary package: terms from aligned pairs, consistency checks, CSV/XLSX/TBX.

Data flows corpora → align → glossary: this package reads what :mod:`align` produced and
never the other way round. Importing it costs nothing: jieba and dictionaries load on use.
"""
