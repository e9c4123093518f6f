"""Verifiable Credentials core: sign and verify W3C VC 2.0 / Open Badges 3.0 credentials with
Data Integrity proofs (eddsa-rdfc-2022), offline. Pure Python: no Django in here.
"""
