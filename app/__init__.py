"""Settings, the `zibot` command line and the wiring: the only package that imports all the others."""
