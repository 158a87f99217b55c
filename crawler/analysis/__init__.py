"""Pure functions of stored bytes: decoding, main-text extraction (trafilatura), the paywall/access
classifier, and analyze.py, which runs them for one capture and writes the rows they become.

This __init__ stays empty on purpose: importing the classifier must not import trafilatura.
"""
