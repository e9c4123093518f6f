"""The skills taxonomy: ESCO skills keyed by their URI, with labels per language."""

import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The language of Skill.label (ESCO's English preferred label).
LABEL_LANGUAGE = "en"


def reader_language() -> str:
    """The language the current reader reads, as a label language code ('de-at' -> 'de')."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def preferred_labels_attr(language: str) -> str:
    """Where a skill keeps its prefetched preferred labels in `language` (a list, maybe empty)."""
    return f"preferred_labels_{language.replace('-', '_')}"


def normalise_label(text: str) -> str:
    """Fold case and accents so that 'Énergie' finds 'energie'; words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in stripped)
    return " ".join(cleaned.split())


class SkillKind(models.TextChoices):
    SKILL = "skill", _("Skill or competence")
    KNOWLEDGE = "knowledge", _("Knowledge")
    TRANSVERSAL = "transversal", _("Transversal skill")


class Skill(models.Model):
    """An ESCO skill, competence or knowledge concept."""

    uri = models.URLField(_("ESCO URI"), max_length=200, unique=True)
    label = models.CharField(_("preferred label (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=SkillKind.choices)
    reuse_level = models.CharField(_("reuse level"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader skill"),
    )
    collections = models.JSONField(_("ESCO collections"), default=list, blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        # ESCO URIs hold slashes and a scheme, so they travel as a query parameter, not in the path.
        return f"{reverse('skills:detail')}?{urlencode({'uri': self.uri})}"

    @property
    def display_label(self) -> str:
        """The skill's name for the reader: ESCO's preferred label in their language, else English."""
        return self.label_in(reader_language())

    def label_in(self, language: str) -> str:
        """ESCO's preferred label in `language`, or the English one where there is none.

        Free when the labels were prefetched (selectors.preferred_labels_prefetch, or all labels);
        otherwise one query, remembered on the instance.
        """
        if language == LABEL_LANGUAGE:
            return self.label
        attr = preferred_labels_attr(language)
        labels = getattr(self, attr, None)
        if labels is None:
            every = getattr(self, "_prefetched_objects_cache", {}).get("labels")
            if every is not None:
                labels = [x for x in every if x.language == language and x.preferred]
            else:
                labels = list(self.labels.filter(language=language, preferred=True))
            setattr(self, attr, labels)
        return min((x.text for x in labels), default=self.label)


class SkillLabel(models.Model):
    """One preferred or alternative label of a skill in one language, normalised for search."""

    OFFICIAL = "esco"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(max_length=8)
    text = models.CharField(max_length=400)
    preferred = models.BooleanField(default=False)
    # Where the label comes from: OFFICIAL for ESCO's own download files; otherwise the key of a
    # supplementary source (data/esco/labels/README.md), whose labels only fill the gaps.
    source = models.CharField(max_length=40, default="esco")
    # " " + normalise_label(text): a leading space lets "contains ' word'" mean "a word starts with".
    search_text = models.CharField(max_length=420, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "language", "text"], name="skilllabel_unique_text"
            )
        ]
        indexes = [models.Index(fields=["language", "preferred"])]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"

    def save(self, *args, **kwargs):
        self.search_text = " " + normalise_label(self.text)
        super().save(*args, **kwargs)
