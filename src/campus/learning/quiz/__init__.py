"""The quiz engine: questions, attempts' plans and grading, as plain data (no Django).

The learning app stores each question's kind, points and the spec ``validate_question``
returns, plans an attempt with ``plan_attempt`` and ``option_order`` from a stored seed,
reads what the learner sent with ``read_response`` and marks it with ``grade_attempt``.
How each kind scores is in ``grading``; what short-text patterns mean is in ``patterns``.
"""

from .errors import QuestionError, ResponseError
from .grading import AttemptResult, Graded, grade, grade_attempt
from .patterns import normalise_text, wildcard_match, wildcard_match_steps
from .plan import option_order, plan_attempt
from .questions import KINDS, Question, matching_keys, question_spec, validate_question
from .responses import read_response
from .timing import due_at, is_late

__all__ = [
    "KINDS",
    "AttemptResult",
    "Graded",
    "Question",
    "QuestionError",
    "ResponseError",
    "due_at",
    "grade",
    "grade_attempt",
    "is_late",
    "matching_keys",
    "normalise_text",
    "option_order",
    "plan_attempt",
    "question_spec",
    "read_response",
    "validate_question",
    "wildcard_match",
    "wildcard_match_steps",
]
