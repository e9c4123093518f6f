"""Matching experts to challenges: the one place that reads both challenges and the research
hub (research may not import challenges; the layers keep them apart), so it sits above both.

``experts_for_challenge`` reads a challenge as its reader may see it, asks the expert finder
with the challenge's words and ESCO skills, and proposes a small complementary group
(``group.group_propose``) that covers the most needed skills with people from at least two
institutions.
"""
