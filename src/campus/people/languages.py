"""The languages a person can list on a profile: the EU's official languages and a few more."""

from django.utils.translation import gettext_lazy as _

LANGUAGES = {
    "bg": _("Bulgarian"),
    "cs": _("Czech"),
    "da": _("Danish"),
    "de": _("German"),
    "el": _("Greek"),
    "en": _("English"),
    "es": _("Spanish"),
    "et": _("Estonian"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "ga": _("Irish"),
    "hr": _("Croatian"),
    "hu": _("Hungarian"),
    "it": _("Italian"),
    "lt": _("Lithuanian"),
    "lv": _("Latvian"),
    "mt": _("Maltese"),
    "nl": _("Dutch"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "sk": _("Slovak"),
    "sl": _("Slovenian"),
    "sv": _("Swedish"),
    "ar": _("Arabic"),
    "no": _("Norwegian"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
    "zh": _("Chinese"),
}


def language_choices():
    return sorted(((code, str(name)) for code, name in LANGUAGES.items()), key=lambda c: c[1])


def language_name(code: str) -> str:
    return str(LANGUAGES.get(code, code))
