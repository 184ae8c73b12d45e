//! The local Discord (HTTP API and gateway on 127.0.0.1) the tests run the bot against: the crate
//! `deskbot-discord-double` (crates/discord-double), which `deskbot sandbox` uses too.

pub use deskbot_discord_double::*;
