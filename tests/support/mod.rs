//! Support code shared by the integration tests.
//!
//! - [`discord`]: a local Discord (HTTP API and gateway) the unmodified serenity client talks to.
#![allow(dead_code, unused_imports)]

pub mod discord;
