"""The extractor version stored with every extraction.

Bump it on any change that can alter extracted records (grammar, metric rules,
normalisation, region or date logic): ``huanjie reextract`` uses it to know
which stored documents are stale, and exports cite it so a dataset can be
reproduced.
"""
EXTRACTOR_VERSION: str = "0.7.3"
