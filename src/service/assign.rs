//! Assignment: the technicians as they are now (the TOML's roster with `/desk skills` on top, their
//! `/duty` statements and their load), the suggestion for `/assign` without a technician, its
//! confirmation, and auto-assignment on submit. The rule itself is [`crate::domain::assign`].

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use tracing::instrument;

use super::{Changed, Desk, ServiceError, ServiceResult};
use crate::domain::assign::{
    self, Candidate, Choice, Duty, DutyStatement, Need, Roster, Shift, Technician, weight,
};
use crate::domain::transition::Refusal;
use crate::domain::{Action, Actor, DiscordId, Level, Ticket};
use crate::store::{StoreError, TechnicianRecord};

/// Why an assignment request was refused; worded for the user by the Discord layer's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignRefusal {
    /// Only coordinators change skills or confirm a suggestion.
    NotCoordinator,
    /// `/desk skills` named a member who is neither in the roster nor holds a technician role.
    NotTechnician { user: DiscordId },
    /// `/duty` by a member who is not a technician.
    NotTechnicianSelf,
    /// `/desk skills` named keys that are not categories.
    UnknownSkills { unknown: Vec<String>, known: Vec<String> },
    /// The ticket changed since the suggestion was made (the Confirm button is stale).
    Stale { ticket: String },
    /// The same ticket, but the rule picks someone else now (duty or load changed).
    SuggestionChanged { ticket: String },
}

impl std::fmt::Display for AssignRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The Discord layer words these for users; this is for logs.
        write!(f, "assignment refused: {self:?}")
    }
}

/// A suggestion for one ticket: what it needs, the rule's choice, and the reason to record.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub ticket: Ticket,
    pub need: Need,
    pub choice: Choice,
    /// The reason recorded with the assignment if it is confirmed.
    pub reason: Option<String>,
}

/// A technician's duty after `/duty`, and what follows from it.
#[derive(Debug, Clone)]
pub struct DutyNow {
    pub duty: Duty,
    /// When the statement lapses and the shift schedule decides again (`None` without shifts).
    pub until: Option<DateTime<Utc>>,
    /// The skills they are suggested for (empty: nothing will be suggested to them).
    pub skills: BTreeSet<String>,
    pub level: Option<Level>,
}

impl Desk {
    /// This desk with the help desk's technicians and assignment settings.
    pub fn with_roster(mut self, roster: Roster) -> Desk {
        self.roster = std::sync::Arc::new(roster);
        self
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The technicians as they are now: the TOML's, with what `/desk skills` stored on top, and
    /// those added by `/desk skills` alone; each with their last `/duty` statement.
    async fn technicians_now(&self) -> ServiceResult<Vec<(Technician, Option<DutyStatement>)>> {
        let records: HashMap<DiscordId, TechnicianRecord> =
            self.store.technicians().await?.into_iter().map(|r| (r.user_id, r)).collect();
        let said = |r: &TechnicianRecord| match (r.on_duty, r.duty_set_at) {
            (Some(on), Some(at)) => Some(DutyStatement { on, at }),
            _ => None,
        };
        let mut out = Vec::new();
        for t in &self.roster.technicians {
            let mut t = t.clone();
            let record = records.get(&t.id);
            if let Some(r) = record {
                if let Some(skills) = &r.skills {
                    t.skills = skills.iter().cloned().collect();
                }
                if let Some(level) = r.level {
                    t.level = level;
                }
            }
            out.push((t, record.and_then(said)));
        }
        let mut extra: Vec<&TechnicianRecord> = records
            .values()
            .filter(|r| self.roster.technician(r.user_id).is_none() && r.skills.is_some())
            .collect();
        extra.sort_by_key(|r| r.user_id);
        for r in extra {
            let Some(level) = r.level else { continue };
            let skills = r.skills.iter().flatten().cloned().collect();
            out.push((Technician { id: r.user_id, level, skills, shifts: Vec::new() }, said(r)));
        }
        Ok(out)
    }

    /// Every technician weighed for a ticket at `now`: duty, skills, level and load.
    async fn candidates(&self, guild_id: DiscordId, now: DateTime<Utc>) -> ServiceResult<Vec<Candidate>> {
        let mut load: HashMap<DiscordId, (u32, u32)> = HashMap::new();
        for (user, priority, n) in self.store.active_load(guild_id).await? {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            let entry = load.entry(user).or_default();
            entry.0 = entry.0.saturating_add(weight(priority).saturating_mul(n));
            entry.1 = entry.1.saturating_add(n);
        }
        Ok(self
            .technicians_now()
            .await?
            .into_iter()
            .map(|(t, said)| {
                let (load, active) = load.get(&t.id).copied().unwrap_or_default();
                let duty = Duty::of(&self.roster.schedule(&t.shifts), said, now);
                Candidate { id: t.id, level: t.level, skills: t.skills, duty, load, active }
            })
            .collect())
    }

    /// Whom the rule suggests for `ticket` now, and why.
    #[instrument(skip(self, ticket), fields(ticket = %ticket.label()))]
    pub async fn suggest(&self, ticket: &Ticket) -> ServiceResult<Suggestion> {
        if !ticket.status.is_active() {
            let refusal = Refusal::WrongStatus {
                status: ticket.status,
                action: crate::domain::transition::Verb::Assign,
                ticket: ticket.label(),
            };
            return Err(ServiceError::Refused(refusal));
        }
        let now = self.clock.now();
        let candidates = self.candidates(ticket.guild_id, now).await?;
        let need =
            Need { category: ticket.category.clone(), level: ticket.level, holder: ticket.assignee_id };
        let choice = assign::choose(&need, &candidates);
        let reason = choice.reason(&need);
        Ok(Suggestion { ticket: ticket.clone(), need, choice, reason })
    }

    /// A coordinator confirms the suggestion of `technician` for the ticket as it was at `version`:
    /// refused if the ticket changed since, or if the rule now picks someone else; otherwise the
    /// ticket is assigned with the rule's reason recorded.
    #[instrument(skip(self))]
    pub async fn confirm_suggestion(
        &self,
        ticket_id: i64,
        version: i64,
        actor: Actor,
        technician: DiscordId,
    ) -> ServiceResult<Changed> {
        if !actor.roles().coordinator {
            return Err(ServiceError::Assign(AssignRefusal::NotCoordinator));
        }
        let ticket = self.get(ticket_id).await?;
        if ticket.version != version {
            return Err(ServiceError::Assign(AssignRefusal::Stale { ticket: ticket.label() }));
        }
        let suggestion = self.suggest(&ticket).await?;
        let (Some(chosen), Some(reason)) = (&suggestion.choice.chosen, suggestion.reason) else {
            return Err(ServiceError::Assign(AssignRefusal::SuggestionChanged { ticket: ticket.label() }));
        };
        if chosen.id != technician {
            return Err(ServiceError::Assign(AssignRefusal::SuggestionChanged { ticket: ticket.label() }));
        }
        let action = Action::Assign { technician, level: Some(chosen.level), reason: Some(reason) };
        self.act_at_version(ticket_id, version, actor, action).await
    }

    /// Assigns a just-opened ticket by the rule, when auto-assignment is on and someone qualifies.
    /// A failure is logged, never the requester's problem: the ticket is open either way.
    pub(super) async fn auto_assign(&self, ticket: &Ticket) -> Option<Changed> {
        if !self.roster.auto {
            return None;
        }
        let suggestion = match self.suggest(ticket).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(ticket = %ticket.label(), error = %e, "auto-assignment could not weigh the technicians");
                return None;
            }
        };
        let (Some(chosen), Some(reason)) = (suggestion.choice.chosen, suggestion.reason) else {
            tracing::info!(ticket = %ticket.label(), "auto-assignment: nobody qualifies; left in the queue");
            return None;
        };
        let action = Action::Assign {
            technician: chosen.id,
            level: Some(chosen.level),
            reason: Some(format!("assigned on submit: {reason}")),
        };
        match self.act(ticket.id, Actor::System, action).await {
            Ok(changed) => {
                tracing::info!(ticket = %ticket.label(), technician = chosen.id, "auto-assigned");
                Some(changed)
            }
            Err(e) => {
                tracing::warn!(ticket = %ticket.label(), error = %e, "auto-assignment failed; left in the queue");
                None
            }
        }
    }

    /// `/desk skills`: a coordinator sets `technician`'s skills (comma-separated category keys) and,
    /// optionally, level. `role_level` is the level of the technician's Discord roles, for someone
    /// the TOML does not list. Returns the technician as the rule now sees them.
    #[instrument(skip(self, skills))]
    pub async fn set_skills(
        &self,
        actor: Actor,
        technician: DiscordId,
        role_level: Option<Level>,
        skills: &str,
        level: Option<Level>,
    ) -> ServiceResult<Technician> {
        let Some(by) = actor.id().filter(|_| actor.roles().coordinator) else {
            return Err(ServiceError::Assign(AssignRefusal::NotCoordinator));
        };
        let known = &self.roster.categories;
        let wanted: Vec<String> = skills
            .split([',', ' '])
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let unknown: Vec<String> = wanted.iter().filter(|k| !known.contains(k)).cloned().collect();
        if !unknown.is_empty() || wanted.is_empty() {
            return Err(ServiceError::Assign(AssignRefusal::UnknownSkills { unknown, known: known.clone() }));
        }
        // A technician is someone the help desk lists (file or database) or who holds a technician
        // role; a level typed for anyone else does not make them one.
        let current = self.technicians_now().await?.into_iter().find(|(t, _)| t.id == technician);
        let level = match (level, &current, role_level) {
            (_, None, None) => {
                return Err(ServiceError::Assign(AssignRefusal::NotTechnician { user: technician }));
            }
            (Some(level), _, _) => Some(level),
            (None, Some(_), _) => None,
            (None, None, role) => role,
        };
        let record = self.store.set_skills(technician, &wanted, level, by, self.clock.now()).await?;
        let base = current.map(|(t, _)| t);
        Ok(Technician {
            id: technician,
            level: record.level.or(base.as_ref().map(|t| t.level)).unwrap_or(Level::ONE),
            skills: wanted.into_iter().collect(),
            shifts: base.map(|t| t.shifts).unwrap_or_default(),
        })
    }

    /// `/duty on|off` by a technician for themselves.
    #[instrument(skip(self))]
    pub async fn set_duty(&self, actor: Actor, on: bool) -> ServiceResult<DutyNow> {
        let Some(user) = actor.id() else {
            return Err(ServiceError::Assign(AssignRefusal::NotTechnicianSelf));
        };
        let known = self.technicians_now().await?.into_iter().find(|(t, _)| t.id == user).map(|(t, _)| t);
        if known.is_none() && actor.roles().level.is_none() {
            return Err(ServiceError::Assign(AssignRefusal::NotTechnicianSelf));
        }
        let now = self.clock.now();
        let record = self.store.set_duty(user, on, now).await?;
        let said = record.duty_set_at.map(|at| DutyStatement { on, at });
        let shifts: Vec<Shift> = known.as_ref().map(|t| t.shifts.clone()).unwrap_or_default();
        let schedule = self.roster.schedule(&shifts);
        Ok(DutyNow {
            duty: Duty::of(&schedule, said, now),
            until: schedule.next_change(now),
            skills: known.as_ref().map(|t| t.skills.clone()).unwrap_or_default(),
            level: known.map(|t| t.level),
        })
    }

    /// [`Desk::act`] on the ticket as it was at `version`: refused as stale if it changed since,
    /// including between the check and the write (the store's version check decides).
    async fn act_at_version(
        &self,
        ticket_id: i64,
        version: i64,
        actor: Actor,
        action: Action,
    ) -> ServiceResult<Changed> {
        let current = self.get(ticket_id).await?;
        if current.version != version {
            return Err(ServiceError::Assign(AssignRefusal::Stale { ticket: current.label() }));
        }
        let now = self.clock.now();
        let t = crate::domain::transition::apply(&current, &actor, action, now, &self.policy)?;
        let notices = self.with_watchers(&t.ticket, &actor, t.notices).await?;
        match self.store.commit(&t.ticket, &t.events, &notices).await {
            Ok(ticket) => {
                if !notices.is_empty() {
                    self.outbox.notify_one();
                }
                Ok(Changed { ticket, events: t.events, masked: Vec::new() })
            }
            Err(StoreError::Conflict) => {
                Err(ServiceError::Assign(AssignRefusal::Stale { ticket: current.label() }))
            }
            Err(e) => Err(e.into()),
        }
    }
}
