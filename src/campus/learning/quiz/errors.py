"""The two ways the quiz engine refuses: a question defined wrongly, a response it cannot read."""

from __future__ import annotations


class QuestionError(ValueError):
    """A question's definition (or an attempt's plan) the engine cannot use.

    ``field`` names the part that is wrong (``options``, ``correct``, ``tolerance``,
    ``patterns``, ``pairs``, ``points``, ``kind``…) so the caller can point at it; the message
    is plain English for a person, which the caller may say in the reader's language.
    """

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


class ResponseError(ValueError):
    """A learner's response that cannot be read: text for a number, an option that does not exist.

    ``field`` is ``response`` (the whole answer to the question).
    """

    def __init__(self, message: str, *, field: str = "response"):
        super().__init__(message)
        self.field = field
