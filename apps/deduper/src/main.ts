// Boot file; filled in by the service wiring.
