"""The top floor: wiring that spans the apps (see ARCHITECTURE.md)."""
