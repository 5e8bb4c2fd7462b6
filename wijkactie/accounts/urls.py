from django.urls import path

from wijkactie.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.signin, name="signin"),
    path("inloggen/wachtwoord/", views.PasswordLogin.as_view(), name="password_login"),
    path("inloggen/<token:uidb64>/<token:token>/", views.signin_link, name="link"),
    path("aanmelden/", views.signup, name="signup"),
    path("", views.profile, name="profile"),
    path("wachtwoord/", views.set_password, name="set_password"),
    path("leden/<int:pk>/bevestigen/", views.approve_member, name="approve_member"),
    path("uitloggen/", views.signout, name="signout"),
]
