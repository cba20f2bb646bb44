"""A work of the library."""

from align.room import main

main.reading_room()
