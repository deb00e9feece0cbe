"""What CAT tools import: translation memories (TMX 1.4b) and bead listings.

:mod:`~align.exports.tmx` writes, validates and reads TMX; :mod:`~align.exports.memory`
turns a run folder's beads into units, by paragraph or by sentence;
:mod:`~align.exports.render` prints an alignment as beads, TSV or JSON.
"""
