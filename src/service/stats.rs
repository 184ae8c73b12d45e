//! `/stats` and `deskbot report`: the figures of a period, read from the store as a stream and
//! tallied in Rust (see [`crate::domain::stats`]).

use chrono::{DateTime, Utc};
use tracing::instrument;

use super::{Desk, ServiceResult};
use crate::domain::DiscordId;
use crate::domain::stats::{Figures, Scope, Tally};
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
