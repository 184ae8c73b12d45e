//! The slash commands deskbot registers, and reading their options back.
//!
//! Everyone sees every command; who may use one is checked by the bot on each use, from the member's
//! roles in that interaction (never from who can see a command).

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandOptionType, CreateCommand, CreateCommandOption,
    InstallationContext, InteractionContext,
};

use serde_json::Value;

use super::catalogue;
use super::catalogue::assign as assign_text;
use super::catalogue::commands as text;
use super::catalogue::incident as incident_text;
use super::catalogue::kb as kb_text;
use super::catalogue::stats as stats_text;
use crate::config::Config;
use crate::domain::text::{CHOICE_VALUE_MAX, COMMAND_DESCRIPTION_MAX, fit_string};
use crate::domain::{Lang, Priority, Status};

pub const TICKET: &str = "ticket";
pub const MYTICKETS: &str = "mytickets";
pub const QUEUE: &str = "queue";
pub const ESCALATE: &str = "escalate";
pub const ASSIGN: &str = "assign";
pub const REPLY: &str = "reply";
pub const ASK: &str = "ask";
pub const DESK: &str = "desk";
pub const DUTY: &str = "duty";
pub const KB: &str = "kb";
pub const STATS: &str = "stats";
pub const FAQ: &str = "faq";
pub const LANGUAGE: &str = "language";

/// The commands registered globally, so that they work in DMs with the bot as well as in the server:
/// a requester's.
pub const GLOBAL: &[&str] = &[TICKET, MYTICKETS, LANGUAGE];
/// The commands registered in the help desk's server only: the staff's.
pub const GUILD: &[&str] = &[QUEUE, ESCALATE, ASSIGN, REPLY, ASK, DESK, DUTY, KB, STATS, FAQ];

/// `/desk` subcommands.
pub const DESK_SHOW: &str = "show";
pub const DESK_NOTE: &str = "note";
pub const DESK_WATCH: &str = "watch";
pub const DESK_PRIORITY: &str = "priority";
pub const DESK_CANCEL: &str = "cancel";
pub const DESK_SKILLS: &str = "skills";
pub const DESK_LINK: &str = "link";
pub const DESK_UNLINK: &str = "unlink";

/// `/kb` subcommands.
pub const KB_SEARCH: &str = "search";
pub const KB_NEW: &str = "new";
pub const KB_EDIT: &str = "edit";
pub const KB_RETIRE: &str = "retire";
pub const KB_LIST: &str = "list";
pub const KB_PROMOTE: &str = "promote";
/// Longest `/kb search` query.
pub const KB_QUERY_MAX: u16 = 300;

/// `/duty` subcommands.
pub const DUTY_ON: &str = "on";
pub const DUTY_OFF: &str = "off";

/// Longest summary `/ticket` accepts (the ticket's one-line summary).
pub const SUMMARY_MAX: u16 = 200;
/// Longest list of skills `/desk skills` accepts (25 category keys of 32 characters, with commas).
pub const SKILLS_OPTION_MAX: u16 = 1000;
/// Longest free text accepted in a command option (reasons, notes, replies).
pub const TEXT_OPTION_MAX: u16 = 1800;

fn describe(s: String) -> String {
    fit_string(s, COMMAND_DESCRIPTION_MAX)
}

fn ticket_option() -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::Integer, "ticket", describe(text::ticket_number()))
        .required(true)
        .min_int_value(1)
}

fn text_option(name: &str, description: String, required: bool) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::String, name, describe(description))
        .required(required)
        .min_length(1)
        .max_length(TEXT_OPTION_MAX)
}

fn category_option(config: &Config, description: String) -> CreateCommandOption {
    let mut option = CreateCommandOption::new(CommandOptionType::String, "category", describe(description));
    for c in config.helpdesk.catalog_in(catalogue::lang()).categories.iter().take(25) {
        option = option.add_string_choice(
            fit_string(c.name.clone(), CHOICE_VALUE_MAX),
            fit_string(c.key.clone(), CHOICE_VALUE_MAX),
        );
    }
    option
}

/// Every command, for the configured help desk (its categories become choices): [`global`] then
/// [`guild`].
pub fn all(config: &Config) -> Vec<CreateCommand> {
    let mut all = global(config);
    all.extend(guild(config));
    all
}

/// The requesters' commands ([`GLOBAL`]), usable in the server and in DMs with the bot: registered
/// for the whole application (`PUT /applications/{app}/commands`), since commands registered in a
/// server never appear in DMs.
pub fn global(config: &Config) -> Vec<CreateCommand> {
    let everywhere = |c: CreateCommand| {
        c.integration_types(vec![InstallationContext::Guild])
            .contexts(vec![InteractionContext::Guild, InteractionContext::BotDm])
    };
    let ticket = everywhere(CreateCommand::new(TICKET))
        .description(describe(text::ticket()))
        .add_option(
            CreateCommandOption::new(CommandOptionType::String, "summary", describe(text::ticket_summary()))
                .min_length(1)
                .max_length(SUMMARY_MAX),
        )
        .add_option(category_option(config, text::ticket_category()));

    let mytickets = everywhere(CreateCommand::new(MYTICKETS)).description(describe(text::mytickets()));
    let mut choice =
        CreateCommandOption::new(CommandOptionType::String, "language", describe(text::language_option()))
            .required(true);
    for lang in Lang::ALL {
        choice = choice.add_string_choice(lang.endonym(), lang.code());
    }
    let language =
        everywhere(CreateCommand::new(LANGUAGE)).description(describe(text::language())).add_option(choice);
    vec![ticket, mytickets, language]
}

/// The commands built by `build` as Discord's JSON, in English with the localization fields of
/// Spanish, Italian and German (`name_localizations`, `description_localizations`, and the
/// choices' `name_localizations`): Discord shows each member the words of their client's locale.
pub fn localised(build: impl Fn() -> Vec<CreateCommand>) -> Vec<Value> {
    let json = |lang: Lang| -> Vec<Value> {
        catalogue::in_lang(lang, &build).iter().filter_map(|c| serde_json::to_value(c).ok()).collect()
    };
    let mut english = json(Lang::En);
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        for (command, other) in english.iter_mut().zip(json(lang)) {
            localise(command, &other, lang);
        }
    }
    english
}

/// Adds `lang`'s words of `other` (the same command built in `lang`) to `english`, recursively
/// through options and choices.
fn localise(english: &mut Value, other: &Value, lang: Lang) {
    let Some(fields) = english.as_object_mut() else { return };
    let is_choice = fields.contains_key("value") && !fields.contains_key("type");
    let name = fields.get("name").and_then(Value::as_str).map(str::to_owned);
    let localised_name = match (&name, is_choice) {
        (Some(_), true) => other.get("name").and_then(Value::as_str).map(str::to_owned),
        (Some(name), false) => text::name_in(lang, name),
        (None, _) => None,
    };
    for locale in lang.discord_locales() {
        if let Some(words) = localised_name.as_ref().filter(|w| Some(*w) != name.as_ref()) {
            set_localisation(fields, "name_localizations", locale, words);
        }
        if !is_choice
            && let Some(words) = other.get("description").and_then(Value::as_str)
            && fields.get("description").and_then(Value::as_str) != Some(words)
        {
            set_localisation(fields, "description_localizations", locale, words);
        }
    }
    for list in ["options", "choices"] {
        if let (Some(mine), Some(theirs)) =
            (fields.get_mut(list).and_then(Value::as_array_mut), other.get(list).and_then(Value::as_array))
        {
            for (m, t) in mine.iter_mut().zip(theirs) {
                localise(m, t, lang);
            }
        }
    }
}

fn set_localisation(fields: &mut serde_json::Map<String, Value>, key: &str, locale: &str, words: &str) {
    let entry = fields.entry(key).or_insert_with(|| Value::Object(serde_json::Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(serde_json::Map::new());
    }
    if let Some(map) = entry.as_object_mut() {
        map.insert((*locale).to_owned(), Value::String(words.to_owned()));
    }
}

/// The staff's commands ([`GUILD`]), registered in the help desk's server only.
pub fn guild(config: &Config) -> Vec<CreateCommand> {
    let mut status =
        CreateCommandOption::new(CommandOptionType::String, "status", describe(text::queue_status()));
    for s in Status::ALL.iter().filter(|s| **s != Status::Intake) {
        status = status.add_string_choice(catalogue::labels::status(*s), s.as_str());
    }
    let queue = CreateCommand::new(QUEUE)
        .description(describe(text::queue()))
        .dm_permission(false)
        .add_option(status)
        .add_option(
            CreateCommandOption::new(CommandOptionType::Integer, "level", describe(text::queue_level()))
                .min_int_value(1)
                .max_int_value(3),
        )
        .add_option(CreateCommandOption::new(
            CommandOptionType::User,
            "assignee",
            describe(text::queue_assignee()),
        ))
        .add_option(CreateCommandOption::new(
            CommandOptionType::Boolean,
            "unassigned",
            describe(text::queue_unassigned()),
        ))
        .add_option(category_option(config, text::queue_category()));

    let escalate = CreateCommand::new(ESCALATE)
        .description(describe(text::escalate()))
        .dm_permission(false)
        .add_option(ticket_option())
        .add_option(text_option("reason", text::escalate_reason(), true))
        .add_option(
            CreateCommandOption::new(CommandOptionType::Integer, "level", describe(text::escalate_level()))
                .add_int_choice(text::level_choice(2), 2)
                .add_int_choice(text::level_choice(3), 3),
        );

    let assign = CreateCommand::new(ASSIGN)
        .description(describe(text::assign()))
        .dm_permission(false)
        .add_option(ticket_option())
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::User,
                "technician",
                describe(super::catalogue::assign::technician_optional()),
            )
            .required(false),
        )
        .add_option(text_option("reason", text::assign_reason(), false));

    let reply = CreateCommand::new(REPLY)
        .description(describe(text::reply()))
        .dm_permission(false)
        .add_option(text_option("text", text::reply_text(), true));

    let ask = CreateCommand::new(ASK)
        .description(describe(text::ask()))
        .dm_permission(false)
        .add_option(text_option("question", text::ask_question(), true));

    let mut priority =
        CreateCommandOption::new(CommandOptionType::String, "value", describe(text::desk_priority_value()))
            .required(true);
    for p in Priority::ALL {
        priority = priority.add_string_choice(p.to_string(), p.to_string());
    }
    let sub = |name: &str, description: String| {
        CreateCommandOption::new(CommandOptionType::SubCommand, name, describe(description))
    };
    let desk =
        CreateCommand::new(DESK)
            .description(describe(text::desk()))
            .dm_permission(false)
            .add_option(sub(DESK_SHOW, text::desk_show()).add_sub_option(ticket_option()))
            .add_option(
                sub(DESK_NOTE, text::desk_note())
                    .add_sub_option(ticket_option())
                    .add_sub_option(text_option("text", text::desk_note_text(), true)),
            )
            .add_option(sub(DESK_WATCH, text::desk_watch()).add_sub_option(ticket_option()))
            .add_option(
                sub(DESK_PRIORITY, text::desk_priority())
                    .add_sub_option(ticket_option())
                    .add_sub_option(priority)
                    .add_sub_option(text_option("reason", text::desk_priority_reason(), true)),
            )
            .add_option(
                sub(DESK_CANCEL, text::desk_cancel())
                    .add_sub_option(ticket_option())
                    .add_sub_option(text_option("reason", text::desk_cancel_reason(), false)),
            )
            .add_option(
                sub(DESK_LINK, incident_text::link_description())
                    .add_sub_option(ticket_option())
                    .add_sub_option(
                        CreateCommandOption::new(
                            CommandOptionType::Integer,
                            "parent",
                            describe(incident_text::parent_option()),
                        )
                        .required(true)
                        .min_int_value(1),
                    )
                    .add_sub_option(text_option("reason", incident_text::reason_option(), false)),
            )
            .add_option(
                sub(DESK_UNLINK, incident_text::unlink_description())
                    .add_sub_option(ticket_option())
                    .add_sub_option(text_option("reason", incident_text::reason_option(), false)),
            )
            .add_option(
                sub(DESK_SKILLS, assign_text::desk_skills())
                    .add_sub_option(
                        CreateCommandOption::new(
                            CommandOptionType::User,
                            "technician",
                            describe(assign_text::desk_skills_technician()),
                        )
                        .required(true),
                    )
                    .add_sub_option(
                        CreateCommandOption::new(
                            CommandOptionType::String,
                            "skills",
                            describe(assign_text::desk_skills_skills()),
                        )
                        .required(true)
                        .min_length(1)
                        .max_length(SKILLS_OPTION_MAX),
                    )
                    .add_sub_option(
                        CreateCommandOption::new(
                            CommandOptionType::Integer,
                            "level",
                            describe(assign_text::desk_skills_level()),
                        )
                        .min_int_value(1)
                        .max_int_value(3),
                    ),
            );

    let duty = CreateCommand::new(DUTY)
        .description(describe(assign_text::duty()))
        .dm_permission(false)
        .add_option(sub(DUTY_ON, assign_text::duty_on()))
        .add_option(sub(DUTY_OFF, assign_text::duty_off()));

    let article = || {
        CreateCommandOption::new(CommandOptionType::Integer, "article", describe(kb_text::article_option()))
            .required(true)
            .min_int_value(1)
    };
    let kb = CreateCommand::new(KB)
        .description(describe(kb_text::command()))
        .dm_permission(false)
        .add_option(
            sub(KB_SEARCH, kb_text::search()).add_sub_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "query",
                    describe(kb_text::query_option()),
                )
                .required(true)
                .min_length(1)
                .max_length(KB_QUERY_MAX),
            ),
        )
        .add_option(sub(KB_NEW, kb_text::new()))
        .add_option(sub(KB_EDIT, kb_text::edit()).add_sub_option(article()))
        .add_option(sub(KB_RETIRE, kb_text::retire()).add_sub_option(article()))
        .add_option(
            sub(KB_LIST, kb_text::list()).add_sub_option(category_option(config, kb_text::list_category())),
        )
        .add_option(sub(KB_PROMOTE, kb_text::promote()).add_sub_option(ticket_option()));

    let days = |description: String| {
        CreateCommandOption::new(CommandOptionType::Integer, "days", describe(description))
            .min_int_value(1)
            .max_int_value(crate::domain::stats::DAYS_MAX as u64)
    };
    let stats = CreateCommand::new(STATS)
        .description(describe(stats_text::command()))
        .dm_permission(false)
        .add_option(days(stats_text::days_option()))
        .add_option(CreateCommandOption::new(
            CommandOptionType::User,
            "technician",
            describe(stats_text::technician_option()),
        ));
    let faq = CreateCommand::new(FAQ)
        .description(describe(stats_text::faq()))
        .dm_permission(false)
        .add_option(days(stats_text::faq_days_option()));

    vec![queue, escalate, assign, reply, ask, desk, duty, kb, stats, faq]
}

/// The options of a command (or of its subcommand), by name.
pub struct Options<'a>(pub &'a [CommandDataOption]);

impl<'a> Options<'a> {
    fn get(&self, name: &str) -> Option<&'a CommandDataOptionValue> {
        self.0.iter().find(|o| o.name == name).map(|o| &o.value)
    }

    pub fn str(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|v| v.as_str())
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| v.as_i64())
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(|v| v.as_bool())
    }

    pub fn user(&self, name: &str) -> Option<serenity::all::UserId> {
        self.get(name).and_then(|v| v.as_user_id())
    }

    /// The subcommand chosen and its options.
    pub fn subcommand(&self) -> Option<(&'a str, Options<'a>)> {
        self.0.iter().find_map(|o| match &o.value {
            CommandDataOptionValue::SubCommand(opts) => Some((o.name.as_str(), Options(opts.as_slice()))),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn config() -> Config {
        let vars: HashMap<&str, &str> = HashMap::from([
            ("DISCORD_TOKEN", "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.fake-token-for-tests"),
            ("DESKBOT_GUILD_ID", "111111111111111111"),
            ("DESKBOT_TRIAGE_CHANNEL_ID", "222222222222222222"),
            ("DESKBOT_COORDINATOR_CHANNEL_ID", "333333333333333333"),
            ("DESKBOT_ROLE_L1", "401"),
            ("DESKBOT_ROLE_L2", "402"),
            ("DESKBOT_ROLE_L3", "403"),
            ("DESKBOT_ROLE_COORDINATOR", "404"),
        ]);
        Config::from_source(|name| vars.get(name).map(|v| (*v).to_owned()))
            .unwrap_or_else(|e| panic!("a complete configuration: {e}"))
    }

    /// Discord refuses a command whose options (or subcommands) share a name in some locale, or
    /// whose localised texts break its limits.
    #[test]
    fn localised_commands_keep_discords_rules_in_every_locale() {
        let config = config();
        let commands = localised(|| all(&config));
        assert_eq!(commands.len(), GLOBAL.len() + GUILD.len());
        fn check(node: &Value, path: &str) {
            let options = node["options"].as_array().cloned().unwrap_or_default();
            for locale in ["es-ES", "es-419", "it", "de"] {
                let mut seen = HashSet::new();
                for option in &options {
                    let name = option["name_localizations"][locale]
                        .as_str()
                        .or_else(|| option["name"].as_str())
                        .unwrap_or_default();
                    assert!(seen.insert(name.to_owned()), "{path}: two options named {name:?} in {locale}");
                }
                if let Some(d) = node["description_localizations"][locale].as_str() {
                    assert!(
                        (1..=COMMAND_DESCRIPTION_MAX).contains(&d.chars().count()),
                        "{path} {locale}: {d:?}"
                    );
                }
            }
            for option in &options {
                check(option, &format!("{path} {}", option["name"].as_str().unwrap_or_default()));
            }
        }
        for command in &commands {
            check(command, command["name"].as_str().unwrap_or_default());
            assert!(command["description_localizations"]["de"].is_string(), "{command}");
        }
    }
}
