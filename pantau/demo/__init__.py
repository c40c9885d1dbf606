"""The demo: a sample site served on 127.0.0.1 (`sample_site`), the pages it serves (`sample_pages`), and
`pantau demo`, which runs a real night over it (`run`).

May import anything below the command line, `flows` included.
"""
