//! Where the knowledge base lives: articles, who created, edited and retired them, and their
//! full-text index on both databases.
//!
//! The index is the one thing the backends do differently. SQLite keeps an FTS5 table
//! (`articles_fts`, rowid = article id) ranked with `bm25`; PostgreSQL keeps a weighted `tsvector`
//! column ranked with `ts_rank`. Both are written in the same transaction as the article, from the
//! text [`normalise`](crate::domain::article::normalise)d by the application, and both are asked
//! with the same prefix terms ([`search_terms`](crate::domain::article::search_terms)) joined with
//! OR, so a long intake text finds the article sharing most of its words. The PostgreSQL query is
//! built with `to_tsquery` rather than `websearch_to_tsquery`: the latter ANDs the words and has no
//! prefix match, and a requester's sentence rarely contains every word of an article. Retired
//! articles leave the index (removed from FTS5, `search` set to NULL). Weights: title > symptoms >
//! category and tags > steps.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use super::postgres::PgStore;
use super::sql::DbTime;
use super::sqlite::SqliteStore;
use crate::domain::DiscordId;
use crate::domain::article::{Article, ArticleDraft, ArticleId, fts5_query, tsquery};

/// What happened to an article, for its audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleChange {
    Created,
    Edited,
    Retired,
}

impl ArticleChange {
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleChange::Created => "created",
            ArticleChange::Edited => "edited",
            ArticleChange::Retired => "retired",
        }
    }
}

/// One entry of an article's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleEvent {
    pub article_id: i64,
    pub actor_id: DiscordId,
    pub at: DateTime<Utc>,
    pub kind: String,
}

/// The knowledge base's storage, part of every [`TicketStore`](super::TicketStore).
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// Stores a new article and indexes it; records who created it.
    async fn create_article(
        &self,
        guild_id: DiscordId,
        draft: &ArticleDraft,
        author: DiscordId,
        source_ticket_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Article>;

    /// Replaces a live article's words and its index entry; [`StoreError::NotFound`] when it does
    /// not exist in the guild or is retired.
    async fn edit_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        draft: &ArticleDraft,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article>;

    /// Retires a live article: kept for the record, gone from the index;
    /// [`StoreError::NotFound`] when it does not exist in the guild or is already retired.
    async fn retire_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article>;

    /// One article of the guild, retired or not.
    async fn article(&self, guild_id: DiscordId, id: ArticleId) -> StoreResult<Article>;

    /// The guild's live articles, of one category when given, by title.
    async fn articles(
        &self,
        guild_id: DiscordId,
        category: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Article>>;

    /// The live articles matching any of `terms` (see the module docs), best first.
    async fn search_articles(
        &self,
        guild_id: DiscordId,
        terms: &[String],
        limit: i64,
    ) -> StoreResult<Vec<Article>>;

    /// An article's audit trail, oldest first.
    async fn article_events(&self, id: ArticleId) -> StoreResult<Vec<ArticleEvent>>;

    /// Every article of every guild, retired ones included, for export.
    async fn export_articles(&self) -> StoreResult<Vec<Article>>;
}

// ---------------------------------------------------------------------------------------------
// SQL shared by both backends

macro_rules! article_columns {
    () => {
        "id, guild_id, title, symptoms, steps, category, tags, author_id, source_ticket_id, created_at, \
         updated_at, updated_by, retired_at, retired_by"
    };
}

const SELECT_ARTICLE: &str =
    concat!("SELECT ", article_columns!(), " FROM articles WHERE guild_id = $1 AND id = $2");

const SELECT_ARTICLES: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE guild_id = $1 AND retired_at IS NULL AND ($2 IS NULL OR category = $2) \
     ORDER BY lower(title), id LIMIT $3"
);

const EXPORT_ARTICLES: &str = concat!("SELECT ", article_columns!(), " FROM articles ORDER BY id");

const INSERT_ARTICLE_EVENT: &str =
    "INSERT INTO article_events (article_id, actor_id, at, kind) VALUES ($1, $2, $3, $4)";

const SELECT_ARTICLE_EVENTS: &str =
    "SELECT article_id, actor_id, at, kind FROM article_events WHERE article_id = $1 ORDER BY id";

// ---------------------------------------------------------------------------------------------
// SQLite: an FTS5 table beside `articles`

const SQLITE_INSERT: &str = concat!(
    "INSERT INTO articles (guild_id, title, symptoms, steps, category, tags, author_id, source_ticket_id, \
     created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $7) RETURNING ",
    article_columns!()
);

const SQLITE_UPDATE: &str = concat!(
    "UPDATE articles SET title = $3, symptoms = $4, steps = $5, category = $6, tags = $7, updated_by = $8, \
     updated_at = $9 WHERE guild_id = $1 AND id = $2 AND retired_at IS NULL RETURNING ",
    article_columns!()
);

const SQLITE_RETIRE: &str = concat!(
    "UPDATE articles SET retired_at = $3, retired_by = $4, updated_at = $3, updated_by = $4 \
     WHERE guild_id = $1 AND id = $2 AND retired_at IS NULL RETURNING ",
    article_columns!()
);

const SQLITE_UNINDEX: &str = "DELETE FROM articles_fts WHERE rowid = $1";

const SQLITE_INDEX: &str = "INSERT INTO articles_fts (rowid, title, symptoms, category, tags, steps) VALUES ($1, $2, $3, $4, $5, $6)";

/// Best first: `bm25` is lower for better matches; the weights follow the columns' order.
const SQLITE_SEARCH: &str = concat!(
    "SELECT ",
    "a.id, a.guild_id, a.title, a.symptoms, a.steps, a.category, a.tags, a.author_id, a.source_ticket_id, \
     a.created_at, a.updated_at, a.updated_by, a.retired_at, a.retired_by ",
    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid ",
    "WHERE articles_fts MATCH $2 AND a.guild_id = $1 AND a.retired_at IS NULL ",
    "ORDER BY bm25(articles_fts, 10.0, 5.0, 2.5, 2.5, 1.0), a.id LIMIT $3"
);

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a weighted tsvector column

macro_rules! pg_search_vector {
    ($t:literal, $s:literal, $c:literal, $g:literal, $st:literal) => {
        concat!(
            "setweight(to_tsvector('simple', ",
            $t,
            "), 'A') || setweight(to_tsvector('simple', ",
            $s,
            "), 'B') || setweight(to_tsvector('simple', ",
            $c,
            " || ' ' || ",
            $g,
            "), 'C') || setweight(to_tsvector('simple', ",
            $st,
            "), 'D')"
        )
    };
}

const PG_INSERT: &str = concat!(
    "INSERT INTO articles (guild_id, title, symptoms, steps, category, tags, author_id, source_ticket_id, \
     created_at, updated_at, updated_by, search) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $7, ",
    pg_search_vector!("$10", "$11", "$12", "$13", "$14"),
    ") RETURNING ",
    article_columns!()
);

const PG_UPDATE: &str = concat!(
    "UPDATE articles SET title = $3, symptoms = $4, steps = $5, category = $6, tags = $7, updated_by = $8, \
     updated_at = $9, search = ",
    pg_search_vector!("$10", "$11", "$12", "$13", "$14"),
    " WHERE guild_id = $1 AND id = $2 AND retired_at IS NULL RETURNING ",
    article_columns!()
);

const PG_RETIRE: &str = concat!(
    "UPDATE articles SET retired_at = $3, retired_by = $4, updated_at = $3, updated_by = $4, search = NULL \
     WHERE guild_id = $1 AND id = $2 AND retired_at IS NULL RETURNING ",
    article_columns!()
);

/// Best first: `ts_rank` weighs A (title) 1.0, B (symptoms) 0.4, C (category, tags) 0.2, D (steps) 0.1.
const PG_SEARCH: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM articles WHERE guild_id = $1 AND retired_at IS NULL AND search @@ to_tsquery('simple', $2) \
     ORDER BY ts_rank(search, to_tsquery('simple', $2)) DESC, id LIMIT $3"
);

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug, sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    guild_id: i64,
    title: String,
    symptoms: String,
    steps: String,
    category: String,
    tags: String,
    author_id: i64,
    source_ticket_id: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    updated_by: i64,
    retired_at: Option<DateTime<Utc>>,
    retired_by: Option<i64>,
}

impl From<ArticleRow> for Article {
    fn from(r: ArticleRow) -> Article {
        Article {
            id: r.id,
            guild_id: r.guild_id,
            title: r.title,
            symptoms: r.symptoms,
            steps: r.steps,
            category: r.category,
            tags: r.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            author_id: r.author_id,
            source_ticket_id: r.source_ticket_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            updated_by: r.updated_by,
            retired_at: r.retired_at,
            retired_by: r.retired_by,
        }
    }
}

/// Records an article's change in its audit trail, in the transaction `$tx`.
macro_rules! record_change {
    ($tx:expr, $id:expr, $actor:expr, $at:expr, $change:expr) => {
        sqlx::query(INSERT_ARTICLE_EVENT)
            .bind($id)
            .bind($actor)
            .bind(DbTime::new($at))
            .bind($change.as_str())
            .execute(&mut *$tx)
            .await?
    };
}

/// `ArticleStore` for a backend: the plain reads, the same statements on both; the search, with the
/// backend's statement and its way of writing the terms as a query; and the backend's own writes
/// (`$own`), which keep its full-text index.
macro_rules! impl_article_store {
    ($store:ty, search: $search:expr, $query:path, { $($own:tt)* }) => {
        #[async_trait]
        impl ArticleStore for $store {
            async fn article(&self, guild_id: DiscordId, id: ArticleId) -> StoreResult<Article> {
                let row: ArticleRow =
                    sqlx::query_as(SELECT_ARTICLE).bind(guild_id).bind(id).fetch_one(self.pool()).await?;
                Ok(row.into())
            }

            async fn articles(
                &self,
                guild_id: DiscordId,
                category: Option<&str>,
                limit: i64,
            ) -> StoreResult<Vec<Article>> {
                let rows: Vec<ArticleRow> = sqlx::query_as(SELECT_ARTICLES)
                    .bind(guild_id)
                    .bind(category)
                    .bind(limit.max(0))
                    .fetch_all(self.pool())
                    .await?;
                Ok(rows.into_iter().map(Article::from).collect())
            }

            async fn article_events(&self, id: ArticleId) -> StoreResult<Vec<ArticleEvent>> {
                Ok(sqlx::query_as(SELECT_ARTICLE_EVENTS).bind(id).fetch_all(self.pool()).await?)
            }

            async fn export_articles(&self) -> StoreResult<Vec<Article>> {
                let rows: Vec<ArticleRow> = sqlx::query_as(EXPORT_ARTICLES).fetch_all(self.pool()).await?;
                Ok(rows.into_iter().map(Article::from).collect())
            }

            async fn search_articles(
                &self,
                guild_id: DiscordId,
                terms: &[String],
                limit: i64,
            ) -> StoreResult<Vec<Article>> {
                if terms.is_empty() {
                    return Ok(Vec::new());
                }
                let rows: Vec<ArticleRow> = sqlx::query_as($search)
                    .bind(guild_id)
                    .bind($query(terms))
                    .bind(limit.max(0))
                    .fetch_all(self.pool())
                    .await?;
                Ok(rows.into_iter().map(Article::from).collect())
            }

            $($own)*
        }
    };
}

impl_article_store!(SqliteStore, search: SQLITE_SEARCH, fts5_query, {
    async fn create_article(
        &self,
        guild_id: DiscordId,
        draft: &ArticleDraft,
        author: DiscordId,
        source_ticket_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(SQLITE_INSERT)
            .bind(guild_id)
            .bind(&draft.title)
            .bind(&draft.symptoms)
            .bind(&draft.steps)
            .bind(&draft.category)
            .bind(draft.tags_text())
            .bind(author)
            .bind(source_ticket_id)
            .bind(DbTime::new(at))
            .fetch_one(&mut *tx)
            .await?;
        sqlite_index(&mut tx, row.id, draft).await?;
        record_change!(tx, row.id, author, at, ArticleChange::Created);
        tx.commit().await?;
        Ok(row.into())
    }

    async fn edit_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        draft: &ArticleDraft,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(SQLITE_UPDATE)
            .bind(guild_id)
            .bind(id)
            .bind(&draft.title)
            .bind(&draft.symptoms)
            .bind(&draft.steps)
            .bind(&draft.category)
            .bind(draft.tags_text())
            .bind(by)
            .bind(DbTime::new(at))
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(SQLITE_UNINDEX).bind(id).execute(&mut *tx).await?;
        sqlite_index(&mut tx, id, draft).await?;
        record_change!(tx, id, by, at, ArticleChange::Edited);
        tx.commit().await?;
        Ok(row.into())
    }

    async fn retire_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(SQLITE_RETIRE)
            .bind(guild_id)
            .bind(id)
            .bind(DbTime::new(at))
            .bind(by)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(SQLITE_UNINDEX).bind(id).execute(&mut *tx).await?;
        record_change!(tx, id, by, at, ArticleChange::Retired);
        tx.commit().await?;
        Ok(row.into())
    }
});

async fn sqlite_index(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    id: ArticleId,
    draft: &ArticleDraft,
) -> StoreResult<()> {
    let text = draft.indexed();
    sqlx::query(SQLITE_INDEX)
        .bind(id)
        .bind(text.title)
        .bind(text.symptoms)
        .bind(text.category)
        .bind(text.tags)
        .bind(text.steps)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl_article_store!(PgStore, search: PG_SEARCH, tsquery, {
    async fn create_article(
        &self,
        guild_id: DiscordId,
        draft: &ArticleDraft,
        author: DiscordId,
        source_ticket_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let text = draft.indexed();
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(PG_INSERT)
            .bind(guild_id)
            .bind(&draft.title)
            .bind(&draft.symptoms)
            .bind(&draft.steps)
            .bind(&draft.category)
            .bind(draft.tags_text())
            .bind(author)
            .bind(source_ticket_id)
            .bind(DbTime::new(at))
            .bind(text.title)
            .bind(text.symptoms)
            .bind(text.category)
            .bind(text.tags)
            .bind(text.steps)
            .fetch_one(&mut *tx)
            .await?;
        record_change!(tx, row.id, author, at, ArticleChange::Created);
        tx.commit().await?;
        Ok(row.into())
    }

    async fn edit_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        draft: &ArticleDraft,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let text = draft.indexed();
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(PG_UPDATE)
            .bind(guild_id)
            .bind(id)
            .bind(&draft.title)
            .bind(&draft.symptoms)
            .bind(&draft.steps)
            .bind(&draft.category)
            .bind(draft.tags_text())
            .bind(by)
            .bind(DbTime::new(at))
            .bind(text.title)
            .bind(text.symptoms)
            .bind(text.category)
            .bind(text.tags)
            .bind(text.steps)
            .fetch_one(&mut *tx)
            .await?;
        record_change!(tx, id, by, at, ArticleChange::Edited);
        tx.commit().await?;
        Ok(row.into())
    }

    async fn retire_article(
        &self,
        guild_id: DiscordId,
        id: ArticleId,
        by: DiscordId,
        at: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let mut tx = self.write_tx().await?;
        let row: ArticleRow = sqlx::query_as(PG_RETIRE)
            .bind(guild_id)
            .bind(id)
            .bind(DbTime::new(at))
            .bind(by)
            .fetch_one(&mut *tx)
            .await?;
        record_change!(tx, id, by, at, ArticleChange::Retired);
        tx.commit().await?;
        Ok(row.into())
    }
});
