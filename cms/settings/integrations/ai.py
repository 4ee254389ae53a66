"""The AI model gateway (site_apps/ai, docs/ai-and-experiments.md)."""

from __future__ import annotations

from cms.settings.env import env

# Off while AI_PROVIDER is empty: no AI button, setting or menu appears anywhere. "openai" means
# any server speaking OpenAI's chat-completions API (OpenAI, Azure, Mistral, Groq, OpenRouter,
# Ollama, vLLM...) at AI_BASE_URL; "fake" is the built-in deterministic fake (development and
# tests; production refuses it). Development defaults to "fake" (cms/settings/dev.py).
AI_PROVIDER = env.str("AI_PROVIDER", default="")
AI_BASE_URL = env.str("AI_BASE_URL", default="https://api.openai.com/v1").rstrip("/")
AI_API_KEY = env.str("AI_API_KEY", default="")
AI_MODEL = env.str("AI_MODEL", default="gpt-4o-mini")
AI_VISION_MODEL = env.str("AI_VISION_MODEL", default="") or AI_MODEL
# Seconds one model call may take before the editor is told the provider did not answer.
AI_TIMEOUT = env.float("AI_TIMEOUT", default=20.0)
# Model calls one person may make per window ("N/min", "N/hour", "N/day"), and per site and
# calendar month (the default of the per-site setting "monthly call budget").
AI_RATE_PER_USER = env.str("AI_RATE_PER_USER", default="30/min")
AI_MONTHLY_BUDGET = env.int("AI_MONTHLY_BUDGET", default=2000)
# base.py adds wagtail-ai's editor controls (its app, image form and rich-text menu) when on.
AI_ENABLED = AI_PROVIDER in ("openai", "fake")
