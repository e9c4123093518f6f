"""Erasmus Without Paper: learning agreements as the EWP network exchanges them (pure Python).

``document`` holds the data, ``xml`` renders, parses and validates omobility-las-get-response
documents against the EWP schemas shipped in ``schemas/``.
"""
