"""Demo content for `manage.py load_demo`: copy in fixtures/demo/, images drawn here."""
