//! Which of several processes on one database connects to Discord's gateway: the holder of the
//! shard's lease (the leader). The others are standbys; they serve interactions and deliver the outbox
//! like the leader, and take the lease when it runs out (the leader died) or is given back (it
//! stopped). The database decides, so two processes never both lead a shard.

use chrono::Duration;

use super::{Desk, ServiceResult};

impl Desk {
    /// Takes or renews the gateway lease of `shard` for `holder`, for `lease` from now. `false` while
    /// another process leads.
    pub async fn lead_gateway(&self, shard: i32, holder: &str, lease: Duration) -> ServiceResult<bool> {
        let now = self.clock.now();
        let leads = self.store.lead_gateway(shard, holder, now, now + lease).await?;
        if !leads {
            self.store.standing_by(shard, now).await?;
        }
        Ok(leads)
    }

    /// Who leads the gateway of `shard` now, if anyone.
    pub async fn gateway_leader(&self, shard: i32) -> ServiceResult<Option<String>> {
        Ok(self.store.gateway_leader(shard).await?.map(|(holder, _)| holder))
    }

    /// Whether a standby asked for the lease of `shard` within `within` (so one would take over).
    pub async fn standby_seen(&self, shard: i32, within: Duration) -> ServiceResult<bool> {
        let now = self.clock.now();
        Ok(self
            .store
            .gateway_leader(shard)
            .await?
            .and_then(|(_, at)| at)
            .is_some_and(|at| now - at <= within))
    }

    /// Gives the lease back (a graceful stop), so a standby takes over at once.
    pub async fn resign_gateway(&self, shard: i32, holder: &str) -> ServiceResult<()> {
        Ok(self.store.resign_gateway(shard, holder).await?)
    }
}
