"""Model weights for EBCD Studio, as data: all-MiniLM-L6-v2/ (sentence encoder,
Apache-2.0, from sentence-transformers) and ge2e/pretrained.pt (speaker encoder,
Apache-2.0, from Resemblyzer). See NOTICE.txt beside this file."""
