"""The vocabulary of each search scope: the words its index holds, for spelling correction."""

from django.db import models


class Word(models.Model):
    """A folded word that a scope's index holds ("energy" in the catalogue)."""

    scope = models.CharField(max_length=20)
    # db_index: on PostgreSQL also a varchar_pattern_ops index, for "a word starting with".
    word = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "word"], name="search_word_unique")]

    def __str__(self) -> str:
        return f"{self.word} [{self.scope}]"


class WordTrigram(models.Model):
    """One trigram of a word, as pg_trgm makes them (SQLite only: PostgreSQL asks pg_trgm)."""

    word = models.ForeignKey(Word, on_delete=models.CASCADE, related_name="trigrams")
    scope = models.CharField(max_length=20)
    trigram = models.CharField(max_length=3)

    class Meta:
        indexes = [models.Index(fields=["scope", "trigram"], name="search_trigram_lookup")]

    def __str__(self) -> str:
        return self.trigram
