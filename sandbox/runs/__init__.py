"""The lab's runs: observe a scenario (start, probe, measure, fire, read the log), and the
commands built on it (try, verify, soak, bench, sweep, doctor). The CLI calls these."""
