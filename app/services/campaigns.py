"""Marketing campaigns: a link per campaign (t.me/<bot>?start=c_<code>), the clicks on it, the
users it brought (first touch), and what those users did after: trials, purchases, revenue."""

from __future__ import annotations

import builtins
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import Money
from app.services.affiliates import CODE_ALPHABET, CODE_LENGTH, AffiliateService
from app.services.users import Profile, UserService
from models import (
    PAID_STATUSES,
    Campaign,
    CampaignClick,
    CampaignMember,
    Order,
    TrialUse,
    User,
)

log = logging.getLogger(__name__)

# The /start payload of a campaign link: "c_" and the code (Telegram allows 64 of A-Z a-z 0-9 _ -).
# Distinct from the affiliate program's "ref_", so neither is taken for the other.
PAYLOAD_PREFIX = "c_"
PAYLOAD_RE = re.compile(rf"{PAYLOAD_PREFIX}([A-Za-z0-9]{{{CODE_LENGTH}}})")
# A name as admins type it, and as a broadcast segment (campaign:NAME) names it.
NAME_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class CampaignExists(DomainError):
    code = "campaign.exists"


class BadCampaignName(DomainError):
    code = "campaign.bad_name"


class UnknownCampaign(DomainError):
    code = "campaign.unknown"


@dataclass
class CampaignStats:
    """One campaign's figures. Trials and orders count only from the moment each member
    joined the campaign: what came before is not the campaign's doing."""

    campaign: Campaign
    clicks: int = 0  # /starts through the link, new users or not (once per message)
    signups: int = 0  # members whose first /start came through the link
    members: int = 0  # every user attributed to it (existing users who clicked first, too)
    trials: int = 0  # trials members started after joining
    paying: int = 0  # members with a paid order after joining
    paying_signups: int = 0  # those of them the campaign signed up
    paid_orders: int = 0  # their paid orders (refunded ones included: money came in)
    revenue: dict[str, Money] = field(default_factory=dict)  # the paid orders' amounts

    @property
    def conversion(self) -> Fraction | None:
        """The share of its sign-ups who paid; None without sign-ups. (Members who were users
        already when they clicked count as paying, but not here: the rate stays a share.)"""
        return Fraction(self.paying_signups, self.signups) if self.signups else None


def shown(name: str) -> str:
    """A name for a one-line message: as typed if it is one, else quoted (and cut short)."""
    return name if NAME_RE.fullmatch(name) else repr(name[:70])


class CampaignService:
    async def create(self, name: str) -> Campaign:
        """A new campaign with a random code (as unguessable as a referral code)."""
        if not NAME_RE.fullmatch(name):
            raise BadCampaignName(
                f"{shown(name)} is not a campaign name: use 1-64 of letters, digits, _ - ."
            )
        for _ in range(5):
            if await Campaign.exists(name=name):
                raise CampaignExists(f"a campaign named {name} exists already; pick another name")
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                return await Campaign.create(name=name, code=code)
            except IntegrityError:  # the name taken meanwhile (found above), or rarely the code
                continue
        raise RuntimeError("could not draw a free campaign code")

    @staticmethod
    def payload(campaign: Campaign) -> str:
        """The /start payload of its link: t.me/<bot>?start=<payload>."""
        return f"{PAYLOAD_PREFIX}{campaign.code}"

    async def get(self, name: str) -> Campaign:
        campaign = await Campaign.get_or_none(name=name)
        if campaign is None:
            raise UnknownCampaign(
                f"no campaign {shown(name)}; `python -m app campaigns list` shows them"
            )
        return campaign

    async def track_start(
        self, user: User, payload: str | None, new_user: bool, message_id: int
    ) -> Campaign | None:
        """Count a /start through a campaign link (once per message, however often Telegram
        delivers it) and, if the user has no campaign yet, make it theirs (first touch).
        Returns the campaign the /start went through, if any."""
        if not payload or not payload.startswith(PAYLOAD_PREFIX):
            return None
        match = PAYLOAD_RE.fullmatch(payload)
        campaign = await Campaign.get_or_none(code=match.group(1)) if match else None
        if campaign is None:
            log.info("Ignored an unknown campaign code %r", payload[:64])
            return None
        await CampaignClick.get_or_create(
            telegram_user_id=user.telegram_id,
            message_id=message_id,
            defaults={"campaign": campaign, "new_user": new_user},
        )
        if not await CampaignMember.exists(user_id=user.id):
            try:
                async with in_transaction():  # a savepoint inside the caller's transaction
                    await CampaignMember.create(campaign=campaign, user=user, signed_up=new_user)
            except IntegrityError:  # another /start of theirs got there first: it stands
                pass
        return campaign

    async def stats(
        self, name: str | None = None, *, now: datetime
    ) -> builtins.list[CampaignStats]:
        """Each campaign's figures as they stood at `now` (one campaign's with a name), oldest
        campaign first: a fixed number of queries, however many campaigns and members."""
        campaigns = [await self.get(name)] if name is not None else await self.list()
        by_id = {c.id: CampaignStats(c) for c in campaigns}
        ids = builtins.list(by_id)
        if not ids:
            return []
        for campaign_id, count in (
            await CampaignClick.filter(campaign_id__in=ids, created_at__lte=now)
            .annotate(n=Count("id"))
            .group_by("campaign_id")
            .values_list("campaign_id", "n")
        ):
            by_id[campaign_id].clicks = count
        # Each member: their campaign, when they joined it, whether it signed them up.
        joined: dict[UUID, tuple[int, datetime, bool]] = {}
        for campaign_id, user_id, signed_up, created_at in await CampaignMember.filter(
            campaign_id__in=ids, created_at__lte=now
        ).values_list("campaign_id", "user_id", "signed_up", "created_at"):
            joined[user_id] = (campaign_id, created_at, bool(signed_up))
            by_id[campaign_id].members += 1
            by_id[campaign_id].signups += bool(signed_up)

        def since_joining(user_id: UUID, created_at: datetime) -> CampaignStats | None:
            """The stats a member's trial or order counts in, if they had joined by then."""
            member = joined.get(user_id)
            return by_id[member[0]] if member and created_at >= member[1] else None

        of_members = {"user__campaign__campaign_id__in": ids, "created_at__lte": now}
        for user_id, created_at in await TrialUse.filter(**of_members).values_list(
            "user_id", "created_at"
        ):
            if (stats := since_joining(user_id, created_at)) is not None:
                stats.trials += 1
        paying: set[UUID] = set()
        for user_id, created_at, currency, amount in await Order.filter(
            **of_members, status__in=builtins.list(PAID_STATUSES)
        ).values_list("user_id", "created_at", "currency", "amount"):
            if (stats := since_joining(user_id, created_at)) is None:
                continue
            stats.paid_orders += 1
            money = Money(int(amount), currency)
            stats.revenue[currency] = stats.revenue.get(currency, Money.zero(currency)) + money
            if user_id not in paying:
                paying.add(user_id)
                stats.paying += 1
                stats.paying_signups += joined[user_id][2]
        return builtins.list(by_id.values())

    async def list(self) -> builtins.list[Campaign]:
        """Every campaign, oldest first."""
        return builtins.list(await Campaign.all().order_by("created_at", "id"))


async def sign_up(
    users: UserService,
    affiliates: AffiliateService,
    campaigns: CampaignService,
    profile: Profile,
    payload: str | None,
    message_id: int,
) -> tuple[User, bool]:
    """/start: register the user and credit the link they came through (a referral link or a
    campaign's), in one transaction, so a failure between them cannot lose the attribution when
    Telegram redelivers. Returns the user and whether this /start is their first: true again for
    a redelivery of the message that registered them, so its answer does not change."""
    async with in_transaction():
        user, created = await users.register(profile, payload, message_id)
        await affiliates.track_start(user, payload, created, message_id)
        await campaigns.track_start(user, payload, created, message_id)
    return user, created or user.start_message_id == message_id
