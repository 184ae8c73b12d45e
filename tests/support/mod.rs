//! Support code shared by the integration tests.
//!
//! - [`discord`]: a local Discord (HTTP API and gateway) the unmodified serenity client talks to
//!   (crates/discord-double);
//! - [`db`]: each test's own database (a SQLite file, or a fresh PostgreSQL database);
//! - [`drive`]: a requester's DM intake, answered the way a person would.
#![allow(dead_code, unused_imports)]

pub mod db;
pub mod discord;
pub mod drive;
