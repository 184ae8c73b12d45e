//! Setting up on Discord as an operator does it, against the local Discord: `deskbot check --online`
//! names each thing to fix on a line of its own, and `deskbot invite-url` prints the link that asks
//! for exactly the permissions the check expects.

use std::process::Command;

use deskbot::discord::setup::INVITE_PERMISSIONS;

use crate::harness::config_vars;
use crate::support::discord::{DiscordDouble, GuildSpec, TYPICAL, perm};

const TOKEN: &str = "test-token-for-the-local-discord";

/// The help desk's server set up as the README says: the bot joined with the invite link's
/// permissions (its own role, `deskbot`), and its role was added to both private channels.
fn as_the_readme_says() -> GuildSpec {
    let t = TYPICAL;
    let staff = [t.l1, t.l2, t.l3, t.coordinator_role, t.bot_role];
    GuildSpec::new(t.guild, "Example Org", t.bot, "deskbot")
        .owner(t.owner)
        .role(t.l1, "Helpdesk L1", 0)
        .role(t.l2, "Helpdesk L2", 0)
        .role(t.l3, "Helpdesk L3", 0)
        .role(t.coordinator_role, "Helpdesk Coordinator", 0)
        .bot_role(t.bot_role, "deskbot", INVITE_PERMISSIONS)
        .category(t.category, "Help desk")
        .text_channel(t.general, "general", None)
        .private_text_channel(t.triage, "helpdesk-triage", Some(t.category), &staff)
        .private_text_channel(
            t.coordinators,
            "helpdesk-coordinators",
            Some(t.category),
            &[t.coordinator_role, t.bot_role],
        )
        .member(t.bot, "deskbot", &[t.bot_role])
        .member(t.owner, "owner", &[])
        .member(t.alice, "alice", &[])
}

/// What the operator saw (stdout then stderr) and whether the command succeeded.
struct Said {
    ok: bool,
    text: String,
    stdout: String,
}

/// Runs the binary with the configuration for `discord` (and `changes` on top) and `args`.
async fn deskbot(discord: &DiscordDouble, changes: &[(&'static str, String)], args: &[&str]) -> Said {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let mut vars = config_vars(discord, &TYPICAL, &db);
    for (k, v) in changes {
        vars.insert(k, v.clone());
    }
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let out = tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
        cmd.current_dir(dir.path()).env_clear().args(&args);
        if let Ok(path) = std::env::var("PATH") {
            cmd.env("PATH", path);
        }
        cmd.envs(vars);
        cmd.output().expect("the deskbot binary runs")
    })
    .await
    .expect("the binary's task");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let text = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains(TOKEN), "the token must never be printed:\n{text}");
    Said { ok: out.status.success(), text, stdout }
}

/// The problem lines the check printed.
fn problems(said: &Said) -> Vec<&str> {
    said.text.lines().filter_map(|l| l.trim().strip_prefix("problem: ")).collect()
}

/// Registers the commands, as the README's set-up does before the check.
async fn register(discord: &DiscordDouble) {
    let said = deskbot(discord, &[], &["register-commands"]).await;
    assert!(said.ok, "{}", said.text);
}

#[tokio::test]
async fn check_online_passes_a_server_set_up_as_the_readme_says() {
    let discord = DiscordDouble::start(as_the_readme_says()).await;
    register(&discord).await;
    let said = deskbot(&discord, &[], &["check", "--online"]).await;
    assert!(said.ok, "{}", said.text);
    assert!(said.text.contains("Discord OK"), "{}", said.text);
    for shown in
        ["Example Org", "#helpdesk-triage", "#helpdesk-coordinators", "Helpdesk L3", "/ticket", "/desk"]
    {
        assert!(said.text.contains(shown), "{shown} should be shown:\n{}", said.text);
    }
    assert!(problems(&said).is_empty(), "{}", said.text);
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_says_the_bot_cannot_see_a_triage_channel_its_role_was_not_added_to() {
    let t = TYPICAL;
    let mut spec = as_the_readme_says();
    let triage = spec.channels.iter_mut().find(|c| c.id == t.triage).expect("the triage channel");
    triage.overwrites.retain(|o| o.0 != t.bot_role);
    let discord = DiscordDouble::start(spec).await;
    register(&discord).await;
    let said = deskbot(&discord, &[], &["check", "--online"]).await;
    assert!(!said.ok, "{}", said.text);
    let lines = problems(&said);
    assert_eq!(lines.len(), 1, "{}", said.text);
    assert!(
        lines[0].starts_with(&format!(
            "DESKBOT_TRIAGE_CHANNEL_ID={}: the bot cannot see #helpdesk-triage",
            t.triage
        )) && lines[0].contains("add the bot's role deskbot")
            && lines[0].contains("View Channel"),
        "{}",
        lines[0]
    );
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_names_a_permission_denied_to_the_bot_in_the_triage_channel() {
    let t = TYPICAL;
    let mut spec = as_the_readme_says();
    let triage = spec.channels.iter_mut().find(|c| c.id == t.triage).expect("the triage channel");
    triage.overwrites.push((t.bot, true, 0, perm::CREATE_PUBLIC_THREADS));
    let discord = DiscordDouble::start(spec).await;
    register(&discord).await;
    let said = deskbot(&discord, &[], &["check", "--online"]).await;
    assert!(!said.ok, "{}", said.text);
    assert_eq!(
        problems(&said),
        [format!(
            "DESKBOT_TRIAGE_CHANNEL_ID={}: the bot lacks Create Public Threads in #helpdesk-triage: in \
             #helpdesk-triage's settings → Permissions, allow them for the bot's role deskbot",
            t.triage
        )],
        "{}",
        said.text
    );
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_names_a_role_id_the_server_does_not_have() {
    let discord = DiscordDouble::start(as_the_readme_says()).await;
    register(&discord).await;
    let said =
        deskbot(&discord, &[("DESKBOT_ROLE_L3", "1200000000000000099".to_owned())], &["check", "--online"])
            .await;
    assert!(!said.ok, "{}", said.text);
    let lines = problems(&said);
    assert_eq!(lines.len(), 1, "{}", said.text);
    assert!(
        lines[0].starts_with("DESKBOT_ROLE_L3=1200000000000000099: Example Org has no such role")
            && lines[0].contains("Copy Role ID"),
        "{}",
        lines[0]
    );
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_names_a_server_the_bot_is_not_in_and_where_the_channels_are() {
    let t = TYPICAL;
    let discord = DiscordDouble::start(as_the_readme_says()).await;
    register(&discord).await;
    let wrong = "1200000000000000777";
    let said = deskbot(&discord, &[("DESKBOT_GUILD_ID", wrong.to_owned())], &["check", "--online"]).await;
    assert!(!said.ok, "{}", said.text);
    let lines = problems(&said);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("DESKBOT_GUILD_ID={wrong}: the bot is not in this server"))
                && l.contains("deskbot invite-url")
                && l.contains("Copy Server ID")),
        "{}",
        said.text
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "DESKBOT_TRIAGE_CHANNEL_ID={}: #helpdesk-triage is in another server ({}), not in DESKBOT_GUILD_ID={wrong}",
            t.triage, t.guild
        ))),
        "{}",
        said.text
    );
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_says_the_message_content_intent_is_off_and_the_commands_are_not_registered() {
    let discord = DiscordDouble::start(as_the_readme_says().application_flags(0)).await;
    let said = deskbot(&discord, &[], &["check", "--online"]).await;
    assert!(!said.ok, "{}", said.text);
    let lines = problems(&said);
    assert!(
        lines.iter().any(|l| l.starts_with("the Message Content intent is off")
            && l.contains("Privileged Gateway Intents")),
        "{}",
        said.text
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("slash commands not registered: /ticket, /mytickets, /language, /queue")
                && l.contains("deskbot register-commands")),
        "{}",
        said.text
    );
    assert!(said.text.contains("2 problems"), "{}", said.text);
    discord.assert_no_violations();
}

#[tokio::test]
async fn check_online_says_discord_refuses_the_token_and_never_prints_it() {
    let discord = DiscordDouble::start(as_the_readme_says()).await;
    discord.require_token("the-real-token");
    let said = deskbot(&discord, &[], &["check", "--online"]).await;
    assert!(!said.ok, "{}", said.text);
    let lines = problems(&said);
    assert_eq!(lines.len(), 1, "{}", said.text);
    assert!(
        lines[0].starts_with("DISCORD_TOKEN: Discord does not accept this token")
            && lines[0].contains("Reset Token")
    );
    discord.assert_no_violations();
}

#[tokio::test]
async fn invite_url_asks_for_the_token_s_application_with_exactly_the_permissions_the_check_expects() {
    let discord = DiscordDouble::start(as_the_readme_says()).await;
    let said = deskbot(&discord, &[], &["invite-url"]).await;
    assert!(said.ok, "{}", said.text);
    assert_eq!(
        said.stdout,
        format!(
            "https://discord.com/oauth2/authorize?client_id={}&scope=bot+applications.commands&permissions={INVITE_PERMISSIONS}\n",
            discord.application_id()
        )
    );
    assert!(said.text.contains("Create Public Threads"), "the permissions are named: {}", said.text);
    discord.assert_no_violations();
}
