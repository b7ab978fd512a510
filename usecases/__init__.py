"""Use cases and every access rule: an Actor and plain arguments in, plain values or named domain errors
out. Below bot/ (which parses updates and says the texts), above store/ (which only keeps the data)."""
