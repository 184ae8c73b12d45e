//! The `deskbot` binary as an operator runs it, against the local Discord: `register-commands`, then
//! `run` serving a user (in the server and in a DM) and stopping cleanly on SIGTERM.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::harness::config_vars;
use crate::support::discord::{DiscordDouble, Typical, text_of};

fn env_for(discord: &DiscordDouble, ids: &Typical, db: &str) -> Vec<(&'static str, String)> {
    let mut vars: Vec<(&'static str, String)> = config_vars(discord, ids, db).into_iter().collect();
    vars.push(("RUST_LOG", "info".to_owned()));
    vars
}

fn deskbot(dir: &std::path::Path, vars: &[(&'static str, String)], args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
    cmd.current_dir(dir).env_clear().args(args);
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

#[tokio::test]
async fn register_commands_puts_the_requesters_commands_everywhere_and_the_staffs_in_the_guild() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let vars = env_for(&discord, &ids, &db);
    let out = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || deskbot(&dir, &vars, &["register-commands"]).output().unwrap()
    })
    .await
    .unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("registered 13 commands: /ticket /mytickets /language everywhere (DMs too)"),
        "{said}"
    );
    let scoped = |global: bool| {
        let mut names: Vec<String> = discord
            .commands()
            .iter()
            .filter(|c| c.get("guild_id").is_none() == global)
            .filter_map(|c| c["name"].as_str().map(str::to_owned))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        scoped(true),
        ["language", "mytickets", "ticket"],
        "registered for the application, so they work in DMs"
    );
    assert_eq!(
        scoped(false),
        ["ask", "assign", "desk", "duty", "escalate", "faq", "kb", "queue", "reply", "stats"],
        "the staff's, in the server"
    );
    // Spanish, Italian and German clients show the commands in their language.
    let ticket = discord.command("ticket").expect("registered");
    for locale in ["es-ES", "es-419", "it", "de"] {
        let description = ticket["description_localizations"][locale].as_str().unwrap_or_default();
        assert!(
            !description.is_empty() && description != ticket["description"],
            "/ticket in {locale}: {ticket}"
        );
    }
    let queue = discord.command("queue").expect("registered");
    assert!(queue["name_localizations"]["de"].as_str().is_some_and(|n| n != "queue"), "{queue}");
    for name in ["ticket", "mytickets", "language"] {
        let command = discord.command(name).expect("registered");
        assert_eq!(
            command["contexts"],
            json!([0, 1]),
            "/{name} can be used in the server and in DMs with the bot"
        );
    }
    let guild_path = format!("/applications/{}/guilds/{}/commands", ids.application, ids.guild);
    assert!(discord.requests_matching("PUT", &guild_path).len() == 1, "one request per scope");
    assert!(!said.contains("test-token-for-the-local-discord"), "the token is never printed");
    discord.assert_no_violations();
}

#[tokio::test]
async fn the_binary_serves_a_user_and_stops_cleanly_on_sigterm() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let mut child = deskbot(dir.path(), &env_for(&discord, &ids, &db), &["run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    discord.wait_for_ready().await;
    discord.wait_for_commands(&["ticket", "mytickets", "queue"]).await;
    let answer = discord.slash(ids.alice, "mytickets", json!({})).await;
    assert!(!text_of(&answer.reply().await).is_empty());
    let in_dm = discord.slash_in(ids.alice, discord.dm_channel(ids.alice), "mytickets", json!({})).await;
    assert!(!text_of(&in_dm.reply().await).is_empty(), "/mytickets is answered in a DM with the bot");
    assert!(dir.path().join("d.db").exists(), "the database file was created on start");

    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let mut logs = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut logs);
                }
                return (status, logs);
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("deskbot did not stop within 20 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap();
    assert!(status.0.success(), "exit status {:?}; logs:\n{}", status.0, status.1);
    assert!(!status.1.contains("test-token-for-the-local-discord"), "the token is never logged");
    discord.assert_no_violations();
}

/// Stops `child` with SIGTERM and returns its exit status and everything it wrote to stderr.
async fn stop(mut child: std::process::Child) -> (std::process::ExitStatus, String) {
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let mut logs = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut logs);
                }
                return (status, logs);
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("deskbot did not stop within 20 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_naming_the_ticket_and_the_interaction() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let mut vars = env_for(&discord, &ids, &db);
    vars.retain(|(k, _)| *k != "RUST_LOG");
    vars.push(("RUST_LOG", "info,deskbot=debug".to_owned()));
    vars.push(("DESKBOT_LOG_FORMAT", "json".to_owned()));
    let child =
        deskbot(dir.path(), &vars, &["run"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    discord.wait_for_ready().await;
    discord.wait_for_commands(&["ticket", "mytickets", "queue"]).await;

    // A ticket opened on the same database is posted by the running bot, which logs its number.
    let store = deskbot::store::connect(&db).await.unwrap();
    let config =
        deskbot::config::Config::from_source(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
            .unwrap();
    let desk = deskbot::service::Desk::new(
        store,
        std::sync::Arc::new(deskbot::clock::SystemClock),
        config.helpdesk.policy(),
    );
    let draft = deskbot::domain::intake::TicketDraft {
        summary: "VPN drops every few minutes".to_owned(),
        description: "Since this morning.".to_owned(),
        category: "network".to_owned(),
        impact: deskbot::domain::Impact::Individual,
        urgency: deskbot::domain::Urgency::Medium,
        answers: vec![],
        level: deskbot::domain::Level::ONE,
    }
    .into_ticket(ids.guild as i64, ids.alice as i64, chrono::Utc::now());
    let actor = deskbot::domain::Actor::member(ids.alice as i64, deskbot::domain::Roles::REQUESTER);
    let ticket = desk.open(draft, actor).await.unwrap().ticket;
    let label = ticket.label();
    discord.wait_for_message_in(ids.triage, |m| text_of(m).contains(&format!("{label} "))).await;
    let answer = discord.slash(ids.alice, "mytickets", json!({})).await;
    answer.reply().await;
    let interaction = answer.record().id.to_string();

    let (status, logs) = stop(child).await;
    assert!(status.success(), "exit status {status:?}; logs:\n{logs}");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"))
        })
        .collect();
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string() && l["message"].is_string())
    );
    assert!(
        lines.iter().any(|l| l["ticket"] == label.as_str() && l["message"] == "ticket posted in triage"),
        "no line names {label}:\n{logs}"
    );
    assert!(
        lines.iter().any(|l| l["span"]["interaction"] == interaction.as_str()),
        "no line names interaction {interaction}:\n{logs}"
    );
    assert!(!logs.contains("test-token-for-the-local-discord"), "the token is never logged");
    discord.assert_no_violations();
}

#[tokio::test]
async fn a_second_run_on_the_same_sqlite_file_refuses_to_start_and_says_why() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("d.db").display());
    let vars = env_for(&discord, &ids, &db);
    let first =
        deskbot(dir.path(), &vars, &["run"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    discord.wait_for_ready().await;
    discord.wait_for_commands(&["ticket", "mytickets", "queue"]).await;

    let second = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        let vars = vars.clone();
        move || deskbot(&dir, &vars, &["run"]).output().unwrap()
    });
    let second = tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("the second process stops at once")
        .unwrap();
    let said = String::from_utf8_lossy(&second.stderr).into_owned();
    assert_eq!(second.status.code(), Some(2), "{said}");
    assert!(said.contains("another deskbot"), "{said}");
    assert!(said.contains("is already running on sqlite://"), "{said}");
    assert!(said.contains("d.db.lock"), "{said}");
    assert!(said.contains("use PostgreSQL"), "{said}");

    // The first one goes on serving, alone.
    let answer = discord.slash(ids.alice, "mytickets", json!({})).await;
    assert!(!text_of(&answer.reply().await).is_empty());
    let (status, logs) = stop(first).await;
    assert!(status.success(), "exit status {status:?}; logs:\n{logs}");
    assert!(!logs.contains('\u{1b}'), "no colour codes when stderr is not a terminal:\n{logs}");
    assert!(logs.contains("connected to Discord"), "{logs}");
    discord.assert_no_violations();
}
