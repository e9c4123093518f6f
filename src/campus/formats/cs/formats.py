# Django's Czech formats, but a day of a month takes the month in the genitive, as it does
# in a full date: "9. ledna", not "9. leden" (the nominative is for a month alone).
MONTH_DAY_FORMAT = "j. E"
