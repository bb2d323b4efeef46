"""The portal's addresses. ``/f/`` facilitators, ``/d/`` the signed-in delegation, ``/p/`` what is
published, ``/n/<id>/`` what every participant of negotiation <id> may read."""

from django.urls import path

from amendtool.server.views import access, delegation, facilitator, shared

urlpatterns = [
    path("", access.home),
    path("login", access.password_login, name="login"),
    path("logout", access.sign_out, name="logout"),
    path("signin/<str:token>", access.link_sign_in, name="link"),
    path("static/<str:name>", shared.static),
    path("favicon.ico", shared.no_icon),
    path("help", shared.help_page),
    # facilitators
    path("f/", facilitator.index),
    path("f/new", facilitator.new),
    path("f/n/<int:pk>/", facilitator.overview),
    path("f/n/<int:pk>/participants", facilitator.add_participant),
    path("f/n/<int:pk>/p/<int:pid>/link", facilitator.issue_link),
    path("f/n/<int:pk>/p/<int:pid>/revoke", facilitator.revoke_links),
    path("f/n/<int:pk>/deadline", facilitator.set_deadline),
    path("f/n/<int:pk>/compilation", facilitator.compilation_page),
    path("f/n/<int:pk>/compilation.<str:fmt>", facilitator.compilation_file),
    path("f/n/<int:pk>/stamp", facilitator.stamp),
    path("f/n/<int:pk>/decide", facilitator.decide),
    path("f/n/<int:pk>/preview", facilitator.preview),
    path("f/n/<int:pk>/publish", facilitator.publish_revision),
    path("f/n/<int:pk>/publish-compilation", facilitator.publish_compilation),
    path("f/n/<int:pk>/log", facilitator.log_page),
    path("f/n/<int:pk>/export.zip", facilitator.export),
    # the signed-in delegation
    path("d/", delegation.home),
    path("d/v/<int:number>", delegation.version),
    path("d/v/<int:number>.amend", delegation.version, {"download": True}),
    path("d/save", delegation.save),
    path("d/upload", delegation.upload),
    path("d/propose", delegation.propose),
    path("d/submit", delegation.submit),
    path("d/withdraw", delegation.withdraw),
    # what is published, for delegations and observers
    path("p/", shared.published),
    path("n/<int:pk>/publication/<int:pub>", shared.publication),
    path("n/<int:pk>/draft/<int:number>", shared.draft),
    path("n/<int:pk>/concordance/<int:number>", shared.concordance),
    path("n/<int:pk>/diff", shared.diff_page),
    path("n/<int:pk>/diff.<str:fmt>", shared.diff_file),
]
