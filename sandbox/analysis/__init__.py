"""Pure judging: parse what uWSGI and pstree said, name every process and thread, judge each
claim, check facts, explain lost requests. Imports only sandbox.model (and itself): no Docker,
no HTTP, no terminal. A test enforces it (tests/unit/test_layers.py).
"""
