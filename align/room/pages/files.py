"""Two files of your own, uploaded and aligned."""

from align.room import main

main.your_files()
