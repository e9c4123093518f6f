"""Rebuild every search index and its vocabulary from the data: the catalogue's full-text
index and words, the challenge board's words and the skills finder's words.

The services keep them current as they write; run this after a bulk import that went around
them, after restoring a database, or to drop the words of deleted courses and challenges.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from campus.catalog.search import search_index_rebuild
from campus.challenges.services import board_vocabulary_rebuild
from campus.search.models import Word
from campus.skills.services import skills_vocabulary_rebuild


class Command(BaseCommand):
    help = "Rebuild the catalogue's search index and the vocabularies of every search."

    def handle(self, *args, **options):
        with transaction.atomic():
            search_index_rebuild()
            board_vocabulary_rebuild()
            skills_vocabulary_rebuild()
        for scope in ("catalog", "challenges", "skills"):
            words = Word.objects.filter(scope=scope).count()
            self.stdout.write(f"{scope}: {words} word(s) in the vocabulary.\n")
