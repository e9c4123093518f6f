"""What the catalogue tells the apps that build on it, without knowing them.

``result_recorded`` is sent inside the transaction that records (or corrects) a result, with
``enrolment`` and ``by``; a receiver that fails makes the recording fail with it, so keep
receivers to work that must happen together with the result (issuing a credential).
"""

from django.dispatch import Signal

result_recorded = Signal()
