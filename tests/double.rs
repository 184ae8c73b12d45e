//! Tests of the local Discord double itself (`tests/support/discord`).
mod support;

use support::discord::DiscordDouble;

#[tokio::test]
async fn starts() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    assert!(discord.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(discord.guild_id(), ids.guild);
}
