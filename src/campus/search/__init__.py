"""Forgiving search, shared by the catalogue, the challenge board and the skills finder.

* ``query``: a person's query read as words, quoted phrases and ``OR`` (AND between the
  rest), folded (case and accents) the way every index folds its text. Plain Python.
* ``vocabulary``: the words each search scope has indexed, kept as the apps write their
  documents, with the nearest-word look-up behind one interface: PostgreSQL's ``pg_trgm``
  (a trigram GiST index over the words, nearest first), SQLite's own table of each word's
  trigrams (the same trigrams as pg_trgm's).
* ``spelling``: a query's words that no indexed word starts with become the closest indexed
  words ("enrgy" -> "energy"), and a search that finds nothing offers near words instead.

Each app keeps its own index and compiles a ``Query`` to it (FTS5, tsquery, LIKE); this
package knows no app.
"""
