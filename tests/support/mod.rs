//! Support code shared by the integration tests.
//!
//! - [`discord`]: a local Discord (HTTP API and gateway) the unmodified serenity client talks to
//!   (crates/discord-double);
//! - [`db`]: each test's own database (a SQLite file, or a fresh PostgreSQL database);
//! - [`drive`]: a requester's DM intake, answered the way a person would;
//! - [`triage`]: which tickets a triage message shows (its own post, or a storm summary).
#![allow(dead_code, unused_imports)]

pub mod db;
pub mod discord;
pub mod drive;
pub mod triage;
