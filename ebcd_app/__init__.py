"""EBCD Studio: an offline workbench for experience-based co-design."""

__version__ = "0.1.0"
