"""Constants of the PDF layout, in ems (multiples of the type size) unless said otherwise;
each says why it has its value."""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------
# Constants of the layout, in ems (multiples of the type size) unless said otherwise

# Two glyphs on one line that are further apart than this have a space between them, even
# where the text layer holds no space character (LibreOffice draws the spaces of Chinese
# text as moves of the pen, TeX never writes spaces): a space is 0.25–0.33 em in common
# fonts, the letter spacing of a justified line far less.
SPACE_GAP = 0.2
# Between a Chinese character and a Latin letter or digit, LibreOffice leaves gaps of
# about 0.2 em where the source has no space; its spaces there are 0.32 em wide.
MIXED_SPACE_GAP = 0.26
# Between two Chinese glyphs a justified line spreads the characters evenly: a space is a
# gap this much wider than the line's usual gap between Chinese characters.
CJK_SPACE_GAP = 0.2
# A gap with no space character in it separates the cells of a table (or the columns of a
# table of contents, or text and a tab stop) when it is at least this wide (ems) ...
TAB_MIN = 0.6
# ... and this many times the usual word space: of the page, or of the line itself when it
# has enough word spaces to tell (a loosely justified line widens all its spaces alike;
# the lower quartile of its gaps is its word space, whatever cells it also holds).
TAB_FACTOR = 2.0
# A line "has enough word spaces" from this many on: body lines have ten or more, the rows
# of a table of contents two or three.
LINE_GAPS = 6
# Gaps from this wide to this wide (ems) are word spaces, for measuring them: narrower
# ones are letter spacing, wider ones are justified Chinese or already cells.
WORD_GAP = (0.15, 0.6)
# Word space of a page with fewer than ten such gaps to measure (most fonts: 0.25–0.33
# em); ten gaps give a stable most common value.
DEFAULT_SPACE = 0.28
PAGE_GAPS = 10
# Two characters whose baselines differ by less than this belong to one line: covers
# superscripts and subscripts (raised or lowered by about a third of an em) and mixed
# fonts, and stays below half the tightest line spacing in use (about 1.0 em).
BASELINE_TOLERANCE = 0.45
# The same glyph drawn twice at (almost) the same place is a fake bold or a shadow: such
# copies are offset by a fraction of a point, a real repeated letter by its own width.
DUPLICATE_OFFSET = 0.15
# A line ends its paragraph when the room left before the right margin exceeds the next
# line's first unbreakable run by this much (ems). A line broken by the margin leaves
# less room than a space plus that run (0.27 em at most in the LibreOffice editions, where
# a space is 0.32 em); the rest is play for the margin's estimate. Chinese lines need no
# space before the next character (0.09 em at most there).
ROOM_SLACK = 0.5
CJK_ROOM_SLACK = 0.25
# A vertical step this much larger than the line spacing of the body is a paragraph gap:
# paragraph spacing is at least a third of a line in common styles, while a line with a
# taller glyph (a Chinese character in Latin text) raises the step by up to about 25%.
GAP_FACTOR = 1.3
# A continuation line that starts this much to the left or right of the line above it
# starts a new paragraph (a first-line indent or a hanging item).
INDENT = 0.5
# Two columns of text: a strip at least this wide (ems) in the middle part of the page
# (this share of its width, from the left) ...
GUTTER_MIN = 1.0
GUTTER_ZONE = (0.3, 0.7)
# ... that at most this share of the rows cross (a heading across both columns, a caption)
# ... while this share of them have text on its left and on its right (a column that ends
# early still fills a third of the rows), and this share of the left column's lines end
# within this many ems of it. Word spaces (up to 1 em here) do not open a gutter. A page
# needs this many rows of text to tell.
GUTTER_CROSSING = 0.1
SIDE_SHARE = 0.3
COLUMN_SHARE = 0.5
GUTTER_REACH = 2.0
SPAN_GAP = 1.0
COLUMN_ROWS = 6
# Cells of table rows whose left edges are this close (ems) start the same column.
COLUMN_TOLERANCE = 1.0
# Type at least this much larger than the body text, or bold where the body is not, is a
# heading; type at most this large relative to the body at the foot of a page is a
# footnote. Body text varies by well under 10% within a document.
HEADING_SIZE = 1.15
FOOTNOTE_SIZE = 0.9
SAME_SIZE = 0.1
# Running headers and footers are looked for among the first and last lines of each page.
FURNITURE_LINES = 3
# ... at the same height (points) on every page they appear on, ...
FURNITURE_Y = 3.0
# ... with page numbers that follow the page count (on two pages with the same text, on
# three with any), or word for word on at least this share of the pages (and three of
# them): a section heading that happens to open a page at the top margin now and then does
# not repeat that often.
FURNITURE_SHARE = 0.25
FURNITURE_MIN = 3
# Right margin: a high percentile of where lines end, so that a few lines reaching into
# the margin (a long URL, a wide table) do not move it.
MARGIN_PERCENTILE = 0.95
# A document with fewer lines than this (on pages of one parity) shows no right margin.
MARGIN_LINES = 20
# A page of this many lines or fewer (a title page, the end of a chapter) is not enough
# to estimate the margins from on its own: its pages' parity decides.
FEW_LINES = 5
# Warn about a damaged text layer from this many affected characters or paragraphs on.
DAMAGE_MIN = 1
# Lines starting with a comma or a full stop: typesetting forbids them (LibreOffice, Word
# and InDesign never print one; reportlab now and then does), so a few are a sloppy
# producer, and this many (and this share of the lines with Chinese text) a text layer
# whose punctuation sits in the wrong place.
LINE_START_MIN = 5
LINE_START_SHARE = 0.05

FONT_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|w[6-9]\b",
                        re.IGNORECASE)
FORCE_BOLD = 1 << 18  # PDF font descriptor flag ForceBold (bit 19)
BOLD_WEIGHT = 600  # semibold and heavier, on the CSS/OpenType weight scale
# A line is bold when this share of its glyphs are: a bold word inside a sentence does
# not make it a heading, a heading with a regular-weight number in it still is one.
BOLD_SHARE = 0.8
# PDFium's marker for a hyphen at the end of a line.
PDFIUM_HYPHEN = "\x02"
# Characters that print nothing: byte-order marks, non-characters, a zero-width space.
INVISIBLE = frozenset("\ufeff\ufffe\uffff\u200b")

CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  r"\uff00-\uffef]")
# Chinese line-breaking rules (kinsoku): these never start a line, so the character before
# them moves down with them; these never end a line, so they move down with the next one.
NO_START = set("，。、；：？！）」』】》〉”’…%‰℃,.;:?!)]}")
NO_END = set("（「『【《〈“‘([{")
QUOTES = set("“”‘’\"'")
IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MIXED = (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]( ?)([!-~])"),
          re.compile(r"([!-~])( ?)[\u3400-\u4dbf\u4e00-\u9fff]"))
ASCII = re.compile(r"[!-~]")
# Bullets: a line starting with one starts a list item. The middle dot is one too: as a
# name separator (爱分类·爱回收) it never starts a line.
BULLETS = set("•●○◦▪▫■□◆◇▶►▸▹✓✔❖➢➤·")
# Punctuation the text layer left out of place, even after reading by position: an empty
# pair of quotes or brackets (the contents printed elsewhere) ...
MOVED = re.compile(r"“\s*”|‘\s*’|「\s*」|『\s*』|（\s*）")
# ... and lines that start with punctuation no line may start with.
LINE_START_PUNCT = set("，。、；：？！）」』】》")
DIGITS = re.compile(r"\d+")
