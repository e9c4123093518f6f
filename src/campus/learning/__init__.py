"""Learning spaces of runs: sections, units, lessons, quizzes, attempts and progress (issue 14)."""
