"""The API's shared plumbing, which every app's `api.py` builds on.

A leaf: it imports no app of this project (only `cms.content_cache`), so page apps and site apps
alike can use it without an import circle. Base views (`views`), permissions (`permissions`),
rate windows (`throttling`), cursor pagination (`pagination`) and cached public lists
(`caching`). The endpoints themselves live in each app and are registered in `cms/api_router.py`.
"""
