"""The portal's pages, one module per role: ``access`` (signing in and out), ``facilitator``,
``delegation``, and ``shared`` (what every participant of a negotiation may read)."""
