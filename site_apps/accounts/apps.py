from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "site_apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"
