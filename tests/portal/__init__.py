"""The negotiation portal's tests (amendtool.server)."""
