//! The serenity glue: how deskbot looks and is operated on Discord.
//!
//! - [`router`]: the running client, the gateway leader's lease, event routing, shutdown (the top);
//! - [`endpoint`]: interactions received over HTTP (`POST /interactions`, signature checked);
//! - [`dispatch`]: one interaction to its handler, at most once, from the gateway or HTTP;
//! - [`context`]: the state and errors every handler shares (the bottom);
//! - [`commands`]: the slash commands and their options;
//! - [`intake`]: `/ticket` and DM intake conversations, relaying requesters' DMs, reminders;
//! - [`triage`]: Claim / Escalate / Resolve, Fixed / Still broken, ratings, cancel;
//! - [`staff`]: `/queue`, `/escalate`, `/assign`, `/desk`, `/mytickets`;
//! - [`assign`]: `/assign` without a technician (the suggestion and its Confirm), `/desk skills`, `/duty`;
//! - [`stats`]: `/stats` (figures and chart) and `/faq`, for coordinators;
//! - [`relay`]: `/reply`, `/ask` and internal notes in ticket threads;
//! - [`deliver`]: the outbox deliverer (triage message edits, DMs, thread posts);
//! - [`storm`]: one summary per triage channel of the tickets still waiting for their own post;
//! - [`rest`]: every rate-limited request to Discord, through one pacer (global limit, buckets, 429s);
//! - [`pace`]: the global one-second window of that pacer;
//! - [`respond`]: answering interactions within Discord's 3 seconds;
//! - [`ids`]: the stateless, versioned custom ids of buttons, selects and modals;
//! - [`catalogue`]: every user-facing word;
//! - [`render`]: pure functions from domain values to serenity builders, within Discord's limits;
//! - [`setup`]: the permissions the bot needs, its invite link, and the check of a live set-up.

pub mod assign;
pub mod catalogue;
pub mod commands;
pub mod context;
pub mod deliver;
pub mod dispatch;
pub mod endpoint;
pub mod ids;
pub mod intake;
pub mod kb;
pub mod pace;
pub mod relay;
pub mod render;
pub mod respond;
pub mod rest;
pub mod router;
pub mod setup;
pub mod staff;
pub mod stats;
pub mod storm;
pub mod triage;

pub use router::{register_commands, run, run_with};
