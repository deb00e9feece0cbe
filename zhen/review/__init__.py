"""``zhen review``: a local web page where a translator checks and corrects an alignment,
approves terms and exports the reviewed result.

:mod:`zhen.review.state` holds the reviewed state of a run folder and every change to it
(the edit log of :mod:`align.core.edits`), :mod:`zhen.review.web` the HTTP routes and
their guards, :mod:`zhen.review.server` the socket and uvicorn; the page itself is static
HTML, CSS and JavaScript in ``static/``, with no build step and nothing fetched from
elsewhere. Nothing here is imported by ``zhen --help``.
"""
