"""The nouns of the lab, as typed data: scenarios, observations, roles, verdicts, evidence.

Standard library only, and no prose: a role is a (kind, number) pair, a verdict an enum, a
piece of evidence a template with typed references to processes, threads and requests. Words
and pids are put together only by the renderer (sandbox.output), at the very end.
"""
