//! `/stats`, `/faq` and `deskbot report`: the figures of a period, read from the store as a stream and
//! tallied in Rust (see [`crate::domain::stats`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use tracing::instrument;

use super::{Desk, ServiceResult};
use crate::domain::article::Article;
use crate::domain::similar;
use crate::domain::stats::{Figures, Scope, Tally};
use crate::domain::text::one_line;
use crate::domain::{DiscordId, ResolutionCode, Ticket};
use crate::store::{StoreResult, TicketStore};

/// The figures of `scope` for one organisation.
pub async fn figures(store: &dyn TicketStore, guild_id: DiscordId, scope: Scope) -> StoreResult<Figures> {
    let mut tally = Tally::new(scope);
    store.stats_scan(guild_id, scope.since, &mut |t| tally.add(&t)).await?;
    let deflections = store.self_served(guild_id, scope.since, scope.now).await?;
    Ok(tally.finish(deflections))
}

impl Desk {
    /// The figures of the last `days` days, of one technician's tickets when given.
    #[instrument(skip(self))]
    pub async fn stats(
        &self,
        guild_id: DiscordId,
        days: i64,
        technician: Option<DiscordId>,
    ) -> ServiceResult<Figures> {
        let now: DateTime<Utc> = self.clock.now();
        Ok(figures(self.store.as_ref(), guild_id, Scope::last_days(now, days, technician)).await?)
    }
}

/// How many `/faq` groups are shown.
pub const FAQ_GROUPS: usize = 10;
/// How many example summaries a group shows.
const FAQ_EXAMPLES: usize = 3;
/// How much of a group's words an article must contain to be named as its article.
const FAQ_ARTICLE_COVERAGE: f64 = 0.5;

/// One frequent problem: a category and the similar summaries of its tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqGroup {
    pub category: String,
    /// Tickets in the group.
    pub count: usize,
    /// Up to three distinct summaries, most recent first.
    pub examples: Vec<String>,
    /// The most common resolution code and how many tickets had it.
    pub resolution: Option<(ResolutionCode, usize)>,
    /// The most recent resolution notes of that code.
    pub notes: Option<String>,
    /// The live article that covers it, if one does.
    pub article: Option<Article>,
}

/// The tickets resolved in a period, grouped by category and similar summaries, most frequent first.
pub fn faq_groups(tickets: &[Ticket]) -> Vec<FaqGroup> {
    let mut by_category: BTreeMap<&str, Vec<&Ticket>> = BTreeMap::new();
    for t in tickets {
        by_category.entry(t.category.as_str()).or_default().push(t);
    }
    let mut groups = Vec::new();
    for (category, mut list) in by_category {
        list.sort_by(|a, b| b.resolved_at.cmp(&a.resolved_at).then(b.id.cmp(&a.id)));
        let texts: Vec<&str> = list.iter().map(|t| t.summary.as_str()).collect();
        for members in similar::group(&texts) {
            let members: Vec<&Ticket> = members.iter().filter_map(|i| list.get(*i).copied()).collect();
            let mut examples: Vec<String> = Vec::new();
            for t in &members {
                let s = one_line(&t.summary);
                if examples.len() < FAQ_EXAMPLES && !examples.iter().any(|e| e.eq_ignore_ascii_case(&s)) {
                    examples.push(s);
                }
            }
            let mut codes: HashMap<ResolutionCode, usize> = HashMap::new();
            for t in &members {
                if let Some(c) = t.resolution_code {
                    *codes.entry(c).or_default() += 1;
                }
            }
            let resolution =
                codes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.as_str().cmp(a.0.as_str())));
            let notes = resolution.and_then(|(code, _)| {
                members
                    .iter()
                    .filter(|t| t.resolution_code == Some(code))
                    .find_map(|t| t.resolution_notes.as_deref().map(one_line).filter(|n| !n.is_empty()))
            });
            groups.push(FaqGroup {
                category: category.to_owned(),
                count: members.len(),
                examples,
                resolution,
                notes,
                article: None,
            });
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.category.cmp(&b.category)));
    groups
}

impl Desk {
    /// `/faq`: the most frequent problems resolved in the last `days` days, each with the article that
    /// covers it when there is one.
    #[instrument(skip(self))]
    pub async fn faq(&self, guild_id: DiscordId, days: i64) -> ServiceResult<Vec<FaqGroup>> {
        let scope = Scope::last_days(self.clock.now(), days, None);
        let mut resolved = Vec::new();
        self.store
            .stats_scan(guild_id, scope.since, &mut |t| {
                if t.resolved_at.is_some_and(|at| at >= scope.since && at <= scope.now) {
                    resolved.push(t);
                }
            })
            .await?;
        let mut groups = faq_groups(&resolved);
        groups.truncate(FAQ_GROUPS);
        for g in &mut groups {
            let text = format!("{} {}", g.category, g.examples.join(" "));
            let found = self.kb_matches(guild_id, &text, 3).await?;
            g.article = found
                .into_iter()
                .find(|f| f.coverage >= FAQ_ARTICLE_COVERAGE || f.article.category == g.category)
                .map(|f| f.article);
        }
        Ok(groups)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::{Impact, Urgency};

    fn resolved(id: i64, category: &str, summary: &str, code: ResolutionCode, notes: &str) -> Ticket {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let mut t = crate::domain::intake::TicketDraft {
            summary: summary.into(),
            description: String::new(),
            category: category.into(),
            impact: Impact::Individual,
            urgency: Urgency::Low,
            answers: vec![],
            level: crate::domain::Level::ONE,
        }
        .into_ticket(1, 2, at);
        t.id = id;
        t.resolution_code = Some(code);
        t.resolution_notes = Some(notes.to_owned());
        t.resolved_at = Some(at + Duration::hours(id));
        t
    }

    #[test]
    fn faq_groups_similar_summaries_per_category_most_frequent_first() {
        let tickets = [
            resolved(1, "network", "VPN drops every few minutes", ResolutionCode::Fixed, "New profile."),
            resolved(2, "email", "Outlook asks for my password", ResolutionCode::Fixed, "Cleared cache."),
            resolved(3, "network", "VPN drops at home", ResolutionCode::Workaround, "Use the web VPN."),
            resolved(4, "network", "vpn drops after sleep", ResolutionCode::Workaround, "Disabled sleep."),
            resolved(5, "network", "Wi-Fi slow in room B", ResolutionCode::Fixed, "Moved the access point."),
        ];
        let groups = faq_groups(&tickets);
        let shape: Vec<(&str, usize)> = groups.iter().map(|g| (g.category.as_str(), g.count)).collect();
        assert_eq!(shape, [("network", 3), ("email", 1), ("network", 1)]);
        assert_eq!(groups[0].examples[0], "vpn drops after sleep", "most recent first");
        assert_eq!(groups[0].resolution, Some((ResolutionCode::Workaround, 2)));
        assert_eq!(groups[0].notes.as_deref(), Some("Disabled sleep."));
    }
}
