"""An app that fails at import, to show what the lab says when uWSGI cannot load an app:
sandbox try -- --wsgi-file /srv/apps/crash/main.py"""

raise RuntimeError("this app crashes at import on purpose")
