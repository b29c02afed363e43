"""Print packs: the A4 documents a facilitator takes into a co-design event.

Packs are built with ReportLab from plain data, without Qt, so they can be made from the CLI
and tested headless; styles.py holds the shared look so every pack reads as one family.
"""
