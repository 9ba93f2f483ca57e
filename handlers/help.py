"""/start (and the tour a new user is shown), /help as a menu with the guides, /language, and
the command buttons under broadcasts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.enums import ChatType, MessageEntityType
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
)
from aiogram.utils.formatting import Bold, Text, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.guides import Guide, Guides
from app.i18n import LANGUAGES, N_, _, current, percent, use
from app.keyboards import LanguageChoice, RunCommand
from app.services.affiliates import AffiliateService
from app.services.campaigns import CampaignService, sign_up
from app.services.commands import CommandRegistry, localized_description
from app.services.users import Profile, UserService
from handlers.common import (
    CATEGORY_TITLES,
    Handler,
    category_title,
    command_line,
    command_list,
    redraw,
    router_for,
    usable_commands,
)
from middlewares.commands import ResolvedCommand
from models import TelegramCommand, User

SEE_HELP = N_("Send /help to see everything I can do.")


async def start(
    message: Message,
    command: ResolvedCommand,
    users: UserService,
    affiliates: AffiliateService,
    campaigns: CampaignService,
    settings: Settings,
) -> SendMessage:
    """Registers the user (crediting the link they came through). Their first /start greets
    them and, in the private chat, starts the tour; a redelivery of it is the same first
    /start (sign_up says so), and every later one welcomes them back."""
    profile = Profile.of(message.from_user)
    _user, created = await sign_up(
        users, affiliates, campaigns, profile, command.args, message.message_id
    )
    name = profile.fields()["first_name"]  # as stored: cleaned of what cannot be sent back
    if not created:
        return message.answer(
            **Text(_("Welcome back, {name}!").format(name=name), "\n", _(SEE_HELP)).as_kwargs()
        )
    greeting = _(
        "Welcome, {name}! I deliver trading signals that you can approve with one tap. "
        "Premium access and a referral program are here too."
    ).format(name=name)
    if message.chat.type != ChatType.PRIVATE:  # buttons work in private chats only
        return message.answer(**Text(greeting, "\n", _(SEE_HELP)).as_kwargs())
    step, buttons = tour_step(1, settings)
    return message.answer(**Text(greeting, "\n\n", step).as_kwargs(), reply_markup=buttons)


# The tour: three steps a new user is shown once, after their first /start.


class Tour(CallbackData, prefix="tour"):
    """A button of the tour: "step" shows step `step`, "skip" and "done" end it."""

    action: str
    step: int = 0


TOUR_STEPS = 3
TOUR_TITLES = (N_("What signals are"), N_("How premium works"), N_("How to invite friends"))


def tour_text(step: int, settings: Settings) -> str:
    if step == 1:
        return _(
            "A signal is a trade idea: an instrument, buy or sell, an entry, a stop loss and "
            "targets, live for a limited time. /signals shows the latest ones. Free signals "
            "are open to everyone; premium ones are shown in full to premium members, who can "
            "approve them for their execution client with one tap."
        )
    if step == 2:
        return _(
            "Premium access opens every signal in full, approvals and the approvals API, and "
            "brings you new premium signals as they arrive. /shop shows the plans with your "
            "price; you pay with Telegram Stars right here, and access starts the moment the "
            "payment lands. /subscription shows what you have and until when."
        )
    sentences = [
        _(
            "Join the affiliate program with /affiliate and share your personal link from "
            "/referral_link. Everyone who starts the bot through it for the first time is "
            "yours, and you earn {share} of every purchase they make."
        ).format(share=percent(settings.affiliate.commission_bp))
    ]
    if settings.referral_discount_bp:
        sentences.append(
            _("They get {discount} off their first purchase.").format(
                discount=percent(settings.referral_discount_bp)
            )
        )
    sentences.append(_("/stats shows your clicks, sign-ups and earnings."))
    return " ".join(sentences)


def tour_step(step: int, settings: Settings) -> tuple[Text, InlineKeyboardMarkup]:
    title = _("Step {step} of {total}: {title}").format(
        step=step, total=TOUR_STEPS, title=_(TOUR_TITLES[step - 1])
    )
    keyboard = InlineKeyboardBuilder()
    if step < TOUR_STEPS:
        keyboard.button(text=_("Next ▶"), callback_data=Tour(action="step", step=step + 1))
        keyboard.button(text=_("Skip"), callback_data=Tour(action="skip"))
    else:
        keyboard.button(text=_("Done ✓"), callback_data=Tour(action="done"))
    return Text(Bold(title), "\n", tour_text(step, settings)), keyboard.as_markup()


def help_button() -> InlineKeyboardMarkup:
    keyboard = InlineKeyboardBuilder()
    keyboard.button(text=_("📖 Open the help menu"), callback_data=HelpMenu(screen="home"))
    return keyboard.as_markup()


async def tour(query: CallbackQuery, callback_data: Tour, settings: Settings) -> None:
    """The tour's buttons, each showing the next step in the same message."""
    markup: InlineKeyboardMarkup | None
    if callback_data.action == "step" and 1 <= callback_data.step <= TOUR_STEPS:
        content, markup = tour_step(callback_data.step, settings)
    elif callback_data.action == "done":
        content = Text(
            Bold(_("You are all set!")),
            "\n",
            _(
                "Where to go next:\n"
                "/signals — the latest signals\n"
                "/shop — premium plans with your price\n"
                "/referral_link — your link for friends\n"
                "/help — everything I can do, with guides"
            ),
        )
        markup = help_button()
    elif callback_data.action == "skip":
        content = Text(
            _("No problem. Send /help whenever you want to see everything I can do, with guides.")
        )
        markup = help_button()
    else:
        await query.answer(_(GONE), show_alert=True)
        return
    await query.answer()
    await redraw(query.message, markup, **content.as_kwargs())


# /help: a menu in one message. The first page lists every command the user may use, with a
# button per category (its commands with a short guide) and one to the guides; each button
# shows its page in the same message.


class HelpMenu(CallbackData, prefix="help"):
    """A page of the /help menu. Its data come back from the user's client and are checked
    when the page is built: a page that no longer exists gets a polite answer."""

    screen: str  # "home", "category", "guides", "guide", or "position" (a guide's n/m)
    key: str = ""  # the category, or the guide's slug
    page: int = 0  # a guide's page, from 0
    back: str = ""  # the category a guide was opened from; "" for the list of guides


GONE = N_("That page is no longer here. Send /help for a fresh menu.")

# What each category is about, shown above its commands.
CATEGORY_GUIDES = {
    "help": N_(
        "The basics: /help opens this menu at any time, and /language switches between "
        "English and Russian. In a group, I answer personal questions in our private chat."
    ),
    "signals": N_(
        "Signals are trade ideas: an instrument, buy or sell, an entry, a stop loss and "
        "targets, live for a limited time. Premium members see every signal in full, get new "
        "ones as they arrive and approve them for their execution client, which reads the "
        "approvals with a key from /apikey."
    ),
    "billing": N_(
        "Premium access is bought in /shop with Telegram Stars, right in this chat; a promo "
        "code or a friend's link can lower the price. /subscription shows what you have, "
        "/orders what you bought, and /paysupport how to reach us about a payment."
    ),
    "affiliate": N_(
        "Invite people with your personal link and earn a share of what they buy. /affiliate "
        "shows the terms; /stats follows your clicks, sign-ups and earnings."
    ),
    "admin": N_("Commands for admins only: nobody else sees them."),
}
# The guides a category's page offers (those that exist), by slug.
CATEGORY_READING = {
    "help": ("getting-started", "faq"),
    "signals": ("signals",),
    "billing": ("payments", "refunds"),
    "affiliate": ("affiliates",),
}


def home_text(commands: list[TelegramCommand]) -> Text:
    return as_list(_("Here is what I can do:"), command_list(commands, current()), sep="\n\n")


def home_page(commands: list[TelegramCommand], guides: Guides) -> tuple[Text, InlineKeyboardMarkup]:
    content = as_list(
        home_text(commands),
        _("Tap a topic for a short guide to it, or open the guides."),
        sep="\n\n",
    )
    keyboard = InlineKeyboardBuilder()
    categories = list(dict.fromkeys(c.category for c in commands))
    for category in categories:
        keyboard.button(
            text=category_title(category), callback_data=HelpMenu(screen="category", key=category)
        )
    rows = [2] * (len(categories) // 2) + [1] * (len(categories) % 2)
    if guides.listed(current()):
        keyboard.button(text=_("📚 Guides"), callback_data=HelpMenu(screen="guides"))
        rows.append(1)
    keyboard.adjust(*rows)
    return content, keyboard.as_markup()


def back_button(target: HelpMenu) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("« Back"), callback_data=target.pack())


def home_button() -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_("🏠 Home"), callback_data=HelpMenu(screen="home").pack())


def category_page(
    category: str, commands: list[TelegramCommand], guides: Guides
) -> tuple[Text, InlineKeyboardMarkup] | None:
    mine = [c for c in commands if c.category == category]
    if not mine:  # no such category, or none of its commands is for this user
        return None
    parts: list[Text | str] = [Bold(category_title(category))]
    if category in CATEGORY_GUIDES:
        parts.append(_(CATEGORY_GUIDES[category]))
    parts.append(as_list(*(command_line(c, current()) for c in mine)))
    if any(c.requires_premium for c in mine):
        parts.append(_("⭐ premium: comes with premium access."))
    keyboard = InlineKeyboardBuilder()
    for slug in CATEGORY_READING.get(category, ()):
        guide = guides.get(current(), slug)
        if guide is not None:
            keyboard.button(
                text=f"📖 {guide.title}",
                callback_data=HelpMenu(screen="guide", key=slug, back=category),
            )
    keyboard.adjust(1)
    keyboard.row(back_button(HelpMenu(screen="home")))
    return as_list(*parts, sep="\n\n"), keyboard.as_markup()


def guides_page(guides: Guides) -> tuple[Text, InlineKeyboardMarkup]:
    keyboard = InlineKeyboardBuilder()
    for guide in guides.listed(current()):
        keyboard.button(text=guide.title, callback_data=HelpMenu(screen="guide", key=guide.slug))
    keyboard.adjust(1)
    keyboard.row(back_button(HelpMenu(screen="home")))
    content = Text(Bold(_("Guides")), "\n\n", _("Step-by-step help on each topic. Pick one:"))
    return content, keyboard.as_markup()


def guide_page(guide: Guide, page: int, back: str) -> tuple[Text, InlineKeyboardMarkup] | None:
    if not 0 <= page < len(guide.pages):
        return None
    keyboard = InlineKeyboardBuilder()
    total = len(guide.pages)
    if total > 1:
        pager = []
        if page > 0:
            pager.append(("◀", HelpMenu(screen="guide", key=guide.slug, page=page - 1, back=back)))
        pager.append(
            (f"{page + 1}/{total}", HelpMenu(screen="position", key=guide.slug, page=page))
        )
        if page + 1 < total:
            pager.append(("▶", HelpMenu(screen="guide", key=guide.slug, page=page + 1, back=back)))
        keyboard.row(*(InlineKeyboardButton(text=t, callback_data=d.pack()) for t, d in pager))
    up = HelpMenu(screen="category", key=back) if back else HelpMenu(screen="guides")
    keyboard.row(back_button(up), home_button())
    return guide.pages[page], keyboard.as_markup()


async def help_(
    message: Message, registry: CommandRegistry, settings: Settings, guides: Guides
) -> SendMessage:
    sender = message.from_user
    commands = await usable_commands(registry, settings, sender.id if sender else None)
    if message.chat.type != ChatType.PRIVATE:  # buttons work in private chats only
        return message.answer(**home_text(commands).as_kwargs())
    content, keyboard = cached_home_page(commands, guides)
    return message.answer(**content, reply_markup=keyboard)


# /help's first page, rendered, by what it shows: users send /help more than anything, and its
# page is the same for everyone with the same commands in the same language (building it anew
# took a sixth of the service's CPU per update in bench/webhook.py).
HOME_PAGES: dict[tuple[Any, ...], tuple[dict[str, Any], InlineKeyboardMarkup]] = {}
HOME_PAGES_KEPT = 64


def cached_home_page(
    commands: list[TelegramCommand], guides: Guides
) -> tuple[dict[str, Any], InlineKeyboardMarkup]:
    language = current()
    shown = tuple(
        (c.command, c.category, c.requires_premium, localized_description(c, language))
        for c in commands
    )
    key = (language, bool(guides.listed(language)), shown)
    page = HOME_PAGES.get(key)
    if page is None:
        if len(HOME_PAGES) >= HOME_PAGES_KEPT:
            HOME_PAGES.clear()
        content, keyboard = home_page(commands, guides)
        page = HOME_PAGES[key] = (content.as_kwargs(), keyboard)
    return page


async def help_menu(
    query: CallbackQuery,
    callback_data: HelpMenu,
    registry: CommandRegistry,
    settings: Settings,
    guides: Guides,
) -> None:
    """A button of the /help menu: its page, in the same message."""
    data = callback_data
    language = current()
    shown: tuple[Text, InlineKeyboardMarkup] | None = None
    if data.screen == "position":
        guide = guides.get(language, data.key)
        if guide is not None and 0 <= data.page < len(guide.pages):
            await query.answer(
                _("Page {page} of {total}").format(page=data.page + 1, total=len(guide.pages))
            )
            return
    elif data.screen in ("home", "category"):
        commands = await usable_commands(registry, settings, query.from_user.id)
        if data.screen == "home":
            shown = home_page(commands, guides)
        else:
            shown = category_page(data.key, commands, guides)
    elif data.screen == "guides":
        shown = guides_page(guides)
    elif data.screen == "guide" and (not data.back or data.back in CATEGORY_TITLES):
        guide = guides.get(language, data.key)
        if guide is not None:
            shown = guide_page(guide, data.page, data.back)
    if shown is None:
        await query.answer(_(GONE), show_alert=True)
        return
    content, keyboard = shown
    await query.answer()
    await redraw(
        query.message,
        keyboard,
        **content.as_kwargs(),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


async def command_button(
    query: CallbackQuery, callback_data: RunCommand, dispatcher: Dispatcher, **data: Any
) -> Any:
    """A command button runs its command as if the user had typed it in this chat: through
    the command gate (registry, premium, admin-only) and the command's own handler, whose
    answer goes back like a typed command's."""
    await query.answer()
    shown = query.message
    if not isinstance(shown, Message | InaccessibleMessage):
        return None  # no chat to answer in (only inline-mode messages lack one)
    text = f"/{callback_data.command}"
    typed = Message(
        message_id=shown.message_id,  # a redelivered press is the same command, not another
        date=datetime.now(UTC),
        chat=shown.chat,
        from_user=query.from_user,
        text=text,
        entities=[MessageEntity(type=MessageEntityType.BOT_COMMAND, offset=0, length=len(text))],
    ).as_(query.bot)
    return await dispatcher.propagate_event("message", typed, **data)


def language_buttons() -> InlineKeyboardMarkup:
    """Each language named in itself, the one in use ticked."""
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGES.items():
        text = f"✓ {name}" if code == current() else name
        builder.button(text=text, callback_data=LanguageChoice(language=code))
    return builder.as_markup()


async def language(
    message: Message, command: ResolvedCommand, users: UserService, user: User
) -> SendMessage:
    """`/language` shows the choice as buttons; `/language ru` makes it at once."""
    wanted = (command.args or "").strip().lower()
    if not wanted:
        return message.answer(
            _("Choose the language I speak with you:"), reply_markup=language_buttons()
        )
    if wanted not in LANGUAGES:
        return message.answer(
            _("I speak {languages}: tap one below.").format(
                languages=", ".join(LANGUAGES.values())
            ),
            reply_markup=language_buttons(),
        )
    await users.set_language(user, wanted)
    with use(wanted):
        return message.answer(language_set())


def language_set() -> str:
    return _("Done: I speak English with you now. /help shows what I can do.")


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageChoice, users: UserService, user: User
) -> None:
    if callback_data.language not in LANGUAGES:
        await query.answer(_("I do not speak that language."), show_alert=True)
        return
    await users.set_language(user, callback_data.language)
    with use(callback_data.language):
        await query.answer()
        await redraw(query.message, None, text=language_set())


HANDLERS: dict[str, Handler] = {
    "help.start": start,
    "help.help": help_,
    "help.language": language,
}
# In a group, /language answers in the private chat: its buttons work only there.
PERSONAL: frozenset[str] = frozenset({"help.language"})
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    router = router_for("help", HANDLERS)
    router.callback_query.register(command_button, RunCommand.filter())
    router.callback_query.register(language_chosen, LanguageChoice.filter())
    router.callback_query.register(help_menu, HelpMenu.filter())
    router.callback_query.register(tour, Tour.filter())
    return router
