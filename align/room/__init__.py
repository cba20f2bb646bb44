"""The reading room's views (Streamlit), one module each; `app.py` is the page that runs them.

    data      cached loading: alignments keyed by the file's identity on disk, the model, indexes
    state     this tab's session: its identity, the bead in focus, notices, the URL
    style     the page's CSS and the few trusted HTML snippets (numbers and fixed words only)
    sidebar   choosing a work or uploading files; undo, re-align, export
    header    what the texts are: languages, roles, files, model, warnings, long gaps
    find      searching the beads shown (words, regex, meaning)
    concordance, chart   Renderings of a word, the alignment map
    across    three texts or more: a word of the original as each translation rendered it
    beads     a pair: filters, pager, beads with their Edit menu
    rows      three texts or more: every text side by side, two compared word by word
    library_page   every work of the library, and one search across them
    pages     the pages of st.navigation: reading room, your files, library

Text from files is only ever shown with st.text or st.dataframe (never as Markdown or HTML), or
as the word markup of align.renderings, which escapes every token.
"""
