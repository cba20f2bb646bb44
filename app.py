"""The reading room: read, check and correct an alignment in the browser.

    streamlit run app.py

A thin page: the views live in align/room (see its __init__ for which module does what).
"""

from align.room.main import main

main()
