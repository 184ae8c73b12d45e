//! deskbot: the chat front end of an organisation's IT help desk, as a Discord bot.
//!
//! Staff report problems with `/ticket` or a DM; deskbot gathers the details, prioritises the request,
//! posts it to the technicians' triage channel, follows it through support levels 1–3 against SLA
//! clocks, and keeps the requester informed.
//!
//! The layers depend only downward:
//! - [`domain`]: the rules (ticket life, priority matrix, SLA, intake, classification, redaction,
//!   assignment to the best-qualified technician, knowledge-base articles and their search terms, the
//!   four languages deskbot speaks), plain Rust with no I/O and no clock reads;
//! - [`store`]: the [`store::TicketStore`] trait with SQLite and PostgreSQL implementations (the
//!   knowledge base's full-text index is FTS5 on one, a weighted `tsvector` on the other);
//! - [`service`]: the use cases (open, claim, assign, escalate, resolve, the knowledge base, …) over a
//!   store and a clock;
//! - [`config`]: one typed configuration from `.env`, the environment and the help desk TOML;
//! - [`clock`]: where the current time comes from;
//! - [`ops`]: the operator's HTTP listener: health, readiness and Prometheus metrics;
//! - [`memory`]: the allocator's set-up, and handing memory back after a burst (the crate's only
//!   unsafe code);
//! - `sandbox` (feature `sandbox`, on by default): `deskbot sandbox`, the bot against a built-in
//!   local Discord with a web page to act in it.
#![deny(unsafe_code)]

pub mod cli;
pub mod clock;
pub mod config;
pub mod discord;
pub mod domain;
pub mod memory;
pub mod ops;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod service;
pub mod store;
