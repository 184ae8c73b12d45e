//! The knowledge base as use cases: writing, editing, retiring and listing articles (technicians and
//! coordinators), searching them (anyone), promoting a closed ticket into a draft article, and the
//! hint technicians get in a new ticket's thread (similar closed tickets and matching articles).
//!
//! Requesters only ever see articles: the closed tickets that look like a new one are staff-only
//! material, posted in the triage thread.

use tracing::instrument;

use super::{Desk, ServiceError, ServiceResult};
use crate::domain::article::{
    Article, ArticleDraft, ArticleId, ArticleProblem, Found, STEPS_MAX_CHARS, SYMPTOMS_MAX_CHARS,
    TITLE_MAX_CHARS, coverage, search_terms,
};
use crate::domain::intake::Catalog;
use crate::domain::similar::similar;
use crate::domain::text::{fit_string, one_line};
use crate::domain::{
    DiscordId, HintArticle, HintTicket, Notice, NoticeKind, Recipient, Roles, Status, Ticket,
};
use crate::domain::{TicketNumber, ticket::ResolutionCode};
use crate::store::StoreError;

/// Articles a search shows.
pub const SEARCH_SHOWN: usize = 5;
/// Articles `/kb list` shows.
pub const LIST_SHOWN: i64 = 25;
/// Recent closed tickets of the category compared with a new one for the technicians' hint.
const HINT_CANDIDATES: i64 = 200;
/// Similar closed tickets and articles in a hint.
const HINT_SHOWN: usize = 3;
/// Resolution notes quoted in a hint.
const HINT_NOTES_CHARS: usize = 200;

/// Why a knowledge-base request changed nothing. The Discord layer words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KbRefusal {
    /// Writing, editing and retiring articles is for technicians and coordinators.
    #[error("only technicians and coordinators can do that")]
    NotStaff,
    #[error("there is no article {0}")]
    NoSuchArticle(ArticleId),
    #[error("article {0} is retired")]
    Retired(ArticleId),
    #[error("the article is not valid: {0}")]
    Invalid(ArticleProblem),
    /// The search has no meaningful word.
    #[error("the search has no words to look for")]
    EmptyQuery,
    /// `/kb promote` of a ticket that is not closed.
    #[error("{0} is not closed")]
    NotClosed(String),
}

impl From<KbRefusal> for ServiceError {
    fn from(r: KbRefusal) -> Self {
        ServiceError::Kb(r)
    }
}

/// The words a `/kb new|edit|promote` modal is filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub title: String,
    pub symptoms: String,
    pub steps: String,
    pub category: String,
    pub tags: String,
}

impl Prefill {
    fn of(article: &Article) -> Prefill {
        Prefill {
            title: article.title.clone(),
            symptoms: article.symptoms.clone(),
            steps: article.steps.clone(),
            category: article.category.clone(),
            tags: article.tags.join(", "),
        }
    }
}

fn staff_only(roles: Roles) -> ServiceResult<()> {
    if roles.is_staff() { Ok(()) } else { Err(KbRefusal::NotStaff.into()) }
}

/// Parses a modal's words against the desk's categories (key or name).
pub fn parse_draft(words: &Prefill, catalog: &Catalog) -> ServiceResult<ArticleDraft> {
    let key = catalog.find(&words.category).map(|c| c.key.as_str()).unwrap_or("");
    let keys: Vec<&str> = catalog.categories.iter().map(|c| c.key.as_str()).collect();
    ArticleDraft::parse(&words.title, &words.symptoms, &words.steps, key, &words.tags, &keys)
        .map_err(|p| KbRefusal::Invalid(p).into())
}

impl Desk {
    /// Writes a new article (`source`: the ticket it was promoted from).
    #[instrument(skip(self, draft))]
    pub async fn kb_create(
        &self,
        guild_id: DiscordId,
        author: DiscordId,
        roles: Roles,
        draft: &ArticleDraft,
        source: Option<i64>,
    ) -> ServiceResult<Article> {
        staff_only(roles)?;
        let article = self.store.create_article(guild_id, draft, author, source, self.clock.now()).await?;
        tracing::info!(article = article.id, "article created");
        Ok(article)
    }

    /// Replaces a live article's words.
    #[instrument(skip(self, draft))]
    pub async fn kb_edit(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        by: DiscordId,
        roles: Roles,
        draft: &ArticleDraft,
    ) -> ServiceResult<Article> {
        staff_only(roles)?;
        match self.store.edit_article(guild_id, id, draft, by, self.clock.now()).await {
            Ok(a) => Ok(a),
            Err(StoreError::NotFound) => Err(self.why_not_live(guild_id, id).await),
            Err(e) => Err(e.into()),
        }
    }

    /// Retires a live article: it stays on record but is no longer found or offered.
    #[instrument(skip(self))]
    pub async fn kb_retire(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        by: DiscordId,
        roles: Roles,
    ) -> ServiceResult<Article> {
        staff_only(roles)?;
        match self.store.retire_article(guild_id, id, by, self.clock.now()).await {
            Ok(a) => Ok(a),
            Err(StoreError::NotFound) => Err(self.why_not_live(guild_id, id).await),
            Err(e) => Err(e.into()),
        }
    }

    /// The words of a live article, to prefill `/kb edit`'s modal.
    pub async fn kb_prefill_edit(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        roles: Roles,
    ) -> ServiceResult<Prefill> {
        staff_only(roles)?;
        let article = self.kb_article(guild_id, id).await?;
        if article.is_retired() {
            return Err(KbRefusal::Retired(id).into());
        }
        Ok(Prefill::of(&article))
    }

    /// A closed ticket's summary and resolution notes as a draft article, for the technician to edit
    /// before saving. Nothing of the requester is taken (neither their name nor their description).
    pub async fn kb_prefill_promote(
        &self,
        guild_id: DiscordId,
        number: TicketNumber,
        roles: Roles,
    ) -> ServiceResult<(Ticket, Prefill)> {
        staff_only(roles)?;
        let ticket = self.find(guild_id, number).await?;
        if ticket.status != Status::Closed {
            return Err(KbRefusal::NotClosed(ticket.label()).into());
        }
        let summary = one_line(&ticket.summary);
        let prefill = Prefill {
            title: fit_string(summary.clone(), TITLE_MAX_CHARS),
            symptoms: fit_string(summary, SYMPTOMS_MAX_CHARS),
            steps: fit_string(ticket.resolution_notes.clone().unwrap_or_default(), STEPS_MAX_CHARS),
            category: ticket.category.clone(),
            tags: String::new(),
        };
        Ok((ticket, prefill))
    }

    /// One article of the guild.
    pub async fn kb_article(&self, guild_id: DiscordId, id: ArticleId) -> ServiceResult<Article> {
        match self.store.article(guild_id, id).await {
            Ok(a) => Ok(a),
            Err(StoreError::NotFound) => Err(KbRefusal::NoSuchArticle(id).into()),
            Err(e) => Err(e.into()),
        }
    }

    /// The live articles, of one category when given, by title.
    pub async fn kb_list(&self, guild_id: DiscordId, category: Option<&str>) -> ServiceResult<Vec<Article>> {
        Ok(self.store.articles(guild_id, category, LIST_SHOWN).await?)
    }

    /// `/kb search`: the best matches for what someone typed (anyone may search).
    pub async fn kb_search(&self, guild_id: DiscordId, query: &str) -> ServiceResult<Vec<Article>> {
        if search_terms(query).is_empty() {
            return Err(KbRefusal::EmptyQuery.into());
        }
        let found = self.kb_matches(guild_id, query, SEARCH_SHOWN as i64).await?;
        Ok(found.into_iter().map(|f| f.article).collect())
    }

    /// The live articles matching `text`, best first, each with the share of the text's meaningful
    /// words it contains.
    pub async fn kb_matches(&self, guild_id: DiscordId, text: &str, limit: i64) -> ServiceResult<Vec<Found>> {
        let terms = search_terms(text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let articles = self.store.search_articles(guild_id, &terms, limit).await?;
        Ok(articles
            .into_iter()
            .map(|article| Found { coverage: coverage(&terms, &article), article })
            .collect())
    }

    /// Queues the technicians' hint for a new ticket's thread: closed tickets of its category that
    /// look like it (with their resolutions) and the matching articles. Nothing when there is
    /// nothing to say; a failure is logged, never the ticket's.
    pub(crate) async fn hint(&self, ticket: &Ticket) {
        let text = format!("{} {}", ticket.summary, ticket.description);
        let tickets: Vec<HintTicket> =
            match self.store.closed_resolutions(ticket.guild_id, &ticket.category, HINT_CANDIDATES).await {
                Ok(candidates) => similar(&text, &candidates, HINT_SHOWN)
                    .into_iter()
                    .map(|t| HintTicket {
                        ticket: t.label(),
                        code: t.resolution_code.map(ResolutionCode::label).map(str::to_owned),
                        notes: fit_string(
                            one_line(t.resolution_notes.as_deref().unwrap_or("")),
                            HINT_NOTES_CHARS,
                        ),
                    })
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "could not look up similar tickets");
                    Vec::new()
                }
            };
        let articles: Vec<HintArticle> =
            match self.kb_matches(ticket.guild_id, &text, HINT_SHOWN as i64).await {
                Ok(found) => found
                    .into_iter()
                    .map(|f| HintArticle { id: f.article.id, title: f.article.title })
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "could not look up matching articles");
                    Vec::new()
                }
            };
        if tickets.is_empty() && articles.is_empty() {
            return;
        }
        let notice = Notice::new(Recipient::Thread, NoticeKind::Hint { tickets, articles });
        match self.store.record(ticket.id, &[], &[notice]).await {
            Ok(()) => self.outbox.notify_one(),
            Err(e) => tracing::warn!(error = %e, ticket = %ticket.label(), "could not queue the hint"),
        }
    }

    /// Why an article could not be changed: it does not exist, or it is retired.
    async fn why_not_live(&self, guild_id: DiscordId, id: ArticleId) -> ServiceError {
        match self.store.article(guild_id, id).await {
            Ok(a) if a.is_retired() => KbRefusal::Retired(id).into(),
            Ok(_) | Err(StoreError::NotFound) => KbRefusal::NoSuchArticle(id).into(),
            Err(e) => e.into(),
        }
    }
}
