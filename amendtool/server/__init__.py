"""The negotiation portal: delegations submit amendment files in a browser, the tool checks them at
once, facilitators watch the compilation build itself and publish revisions.

A Django project in one app (``amendtool.server``), installed with the ``server`` extra. It calls the
library through the package facades (``amendtool.draft``, ``.amend``, ``.compile``, ``.consolidate``,
``.diff``, ``.render``) in ``bridge.py``; ``launch.py`` is what ``amendtool serve`` runs.
"""
