//! The help desk's rules as plain Rust: no Discord, no database, no clock reads. Every function
//! takes `now` when it needs the time.

pub mod article;
pub mod assign;
pub mod classify;
pub mod digest;
pub mod event;
pub mod hours;
pub mod incident;
pub mod intake;
pub mod lang;
pub mod priority;
pub mod redact;
pub mod similar;
pub mod sla;
pub mod stats;
pub mod text;
pub mod ticket;
pub mod transition;

pub use event::{
    Action, Actor, EventKind, HintArticle, HintTicket, NewEvent, Notice, NoticeKind, Recipient, Roles,
};
pub use lang::Lang;
pub use ticket::{
    Answer, DiscordId, Impact, Level, Priority, ResolutionCode, SlaClock, SlaMarks, Status, Ticket,
    TicketNumber, Urgency,
};
