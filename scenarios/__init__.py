"""The scenario library and the catalogues of frames and heuristics, installed as package data."""
