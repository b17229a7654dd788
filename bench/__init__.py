"""`make bench`: the orchestration's cost against raw Terraform on the embedded emulator (docs/bench.md)."""
