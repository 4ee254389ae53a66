"""SMS: phone verification by code, and every text message's delivery, through a backend chosen
by `SMS_BACKEND` (console, locmem, Twilio). See docs/sms.md."""
