"""Theme, high-contrast theme and translations, installed as package data."""
