"""The whole library: its works and one search across them."""

from align.room import main

main.library()
