# Django's Finnish formats, but a day of a month takes the month in the partitive, as it
# does in a full date: "9. tammikuuta", not "9. tammikuu" (the nominative is for a month alone).
MONTH_DAY_FORMAT = "j. E"
