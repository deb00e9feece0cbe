"""Reading editions: bytes to text, files to lines, lines to cases and paragraphs.

:mod:`~align.documents.decode` turns bytes into clean text whatever the encoding;
:mod:`~align.documents.reader` reads .txt/.md/.docx/.pdf editions and detects their
language and script; :mod:`~align.documents.inputs` finds the editions among the paths
given; :mod:`~align.documents.furniture` recognises page furniture;
:mod:`~align.documents.segment` splits a collection into cases and repairs paragraphs.
"""
