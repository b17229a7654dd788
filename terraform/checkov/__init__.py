"""Project checkov policies for what no built-in check covers (loaded with --external-checks-dir)."""
