//! End-to-end: the real bot (serenity, the store, the outbox deliverer) against the local Discord.
//! Every test ends by asserting that Discord received no request it would have refused.

#[path = "../support/mod.rs"]
mod support;

mod harness;

mod assign;
mod binary;
mod coordinators;
mod crash;
mod duplicates;
mod endpoint;
mod incidents;
mod intake;
mod kb;
mod languages;
mod leader;
mod notify;
mod ops;
mod outage;
mod process;
mod setup;
mod sla;
mod stale;
mod stats;
mod storm;
mod triage;
mod waiting;
