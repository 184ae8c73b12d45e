//! What the operator's listener asks of the desk: whether its database answers, and its load (see
//! [`crate::ops`]).

use chrono::{DateTime, Utc};

use super::{Desk, ServiceResult};
use crate::store::DeskGauges;

impl Desk {
    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> ServiceResult<()> {
        Ok(self.store.ping().await?)
    }

    /// The desk's load now, as the database tells it (for `/metrics`), and when "now" was.
    pub async fn gauges(&self) -> ServiceResult<(DeskGauges, DateTime<Utc>)> {
        let now = self.clock.now();
        Ok((self.store.gauges(now).await?, now))
    }
}
