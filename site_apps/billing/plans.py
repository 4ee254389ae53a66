"""What each plan gives a team: the one definition.

`entitlements.py` enforces these numbers and switches, and the pricing page lists them (see
`PlanLimits.included`), so what is sold and what is enforced cannot disagree. A plan here is
matched to the editors' pricing plan (`models.Plan`) by its slug; the Stripe prices an
editor attaches to that plan decide which plan a subscription buys.

Changing a number here changes the pricing page and the limits at once. Lowering one never
deletes anything: a team over a limit keeps what it has and cannot add more until it is under.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _, ngettext

# Limit features: a count per team (None: no limit). Switch features: on or off.
LIMITS = ("members", "api_keys", "upload_storage")
SWITCHES = ("api_access", "sms_verification", "uploads", "priority_support")
FEATURES = (*LIMITS, *SWITCHES)

MB = 1024 * 1024
GB = 1024 * MB


def size_display(size: int) -> str:
    """Whole gigabytes or megabytes, as plans are sold: "10 GB", "25 MB"."""
    if size >= GB and size % GB == 0:
        return _("%(count)d GB") % {"count": size // GB}
    return _("%(count)d MB") % {"count": size // MB}


@dataclass(frozen=True)
class PlanLimits:
    """One plan's entitlements."""

    slug: str
    members: int | None  # people in the team, pending invitations included
    api_access: bool  # team API keys work at all
    api_keys: int | None  # active (not revoked, not expired) keys
    api_rate: str  # requests per key, "N/min" (see site_apps.api.throttling)
    sms_verification: bool  # members may verify a phone number by SMS
    uploads: bool  # file uploads (site_apps/uploads)
    upload_storage: int | None  # bytes stored per team
    upload_max_file: int  # bytes per file
    priority_support: bool = False

    def limit(self, feature: str) -> int | None:
        """The count allowed for a limit feature (None: unlimited)."""
        if feature not in LIMITS:
            raise KeyError(f"{feature!r} is not a limit; limits: {', '.join(LIMITS)}")
        value: int | None = getattr(self, feature)
        return value

    def switched_on(self, feature: str) -> bool:
        if feature not in SWITCHES:
            raise KeyError(f"{feature!r} is not a switch; switches: {', '.join(SWITCHES)}")
        return bool(getattr(self, feature))

    @property
    def api_requests_per_minute(self) -> int:
        count, _unit, _period = self.api_rate.partition("/")
        return int(count)

    def included(self) -> list[str]:
        """What the pricing page lists for this plan, in the active language: every limit and
        switch that is on, in the words the limits are enforced with."""
        lines = [
            _("Unlimited members")
            if self.members is None
            else ngettext("Up to %(count)d member", "Up to %(count)d members", self.members)
            % {"count": self.members}
        ]
        if self.api_access:
            keys = (
                _("unlimited API keys")
                if self.api_keys is None
                else ngettext("%(count)d API key", "%(count)d API keys", self.api_keys)
                % {"count": self.api_keys}
            )
            lines.append(
                _("REST API: %(keys)s, %(rate)d requests a minute each")
                % {"keys": keys, "rate": self.api_requests_per_minute}
            )
        if self.sms_verification:
            lines.append(_("Phone verification by SMS"))
        if self.uploads:
            lines.append(
                _("%(storage)s of file storage, %(size)s per file")
                % {
                    "storage": _("Unlimited")
                    if self.upload_storage is None
                    else size_display(self.upload_storage),
                    "size": size_display(self.upload_max_file),
                }
            )
        if self.priority_support:
            lines.append(_("Priority support"))
        return lines


PLANS: dict[str, PlanLimits] = {
    plan.slug: plan
    for plan in (
        PlanLimits(
            slug="starter",
            members=3,
            api_access=True,
            api_keys=3,
            api_rate="60/min",
            sms_verification=False,
            uploads=True,
            upload_storage=100 * MB,
            upload_max_file=5 * MB,
        ),
        PlanLimits(
            slug="team",
            members=10,
            api_access=True,
            api_keys=10,
            api_rate="600/min",
            sms_verification=True,
            uploads=True,
            upload_storage=10 * GB,
            upload_max_file=50 * MB,
        ),
        PlanLimits(
            slug="business",
            members=None,
            api_access=True,
            api_keys=None,
            api_rate="1200/min",
            sms_verification=True,
            uploads=True,
            upload_storage=100 * GB,
            upload_max_file=500 * MB,
            priority_support=True,
        ),
    )
}

# A team without an entitled subscription is on the free plan.
FREE_PLAN = "starter"
# A paid subscription whose Stripe price no pricing plan lists (an editor has not attached it
# yet) gets this plan, so a paying team never loses what it paid for to an editing slip.
UNLISTED_PRICE_PLAN = "team"


def plan_named(slug: str) -> PlanLimits | None:
    return PLANS.get(slug)
