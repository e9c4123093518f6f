"""Matching experts to challenges and research agendas: the one place that reads both
challenges and the research hub (research may not import challenges; the layers keep them
apart), so it sits above both.

``experts_for_challenge`` and ``experts_for_agenda`` read a challenge or an agenda as its
reader may see it, ask the expert finder with its words and the ESCO skills it needs, and
propose a small complementary group (``group.group_propose``) that covers the most needed
skills with people from at least two institutions (for an agenda, its members' institutions
count, and its members are no candidates). ``selectors`` says how an agenda's needs are
weighed.
"""
