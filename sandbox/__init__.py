"""uwsgi-sandbox: replay how uWSGI's options shape its process tree, live, in containers."""

__version__ = "0.1.0"
