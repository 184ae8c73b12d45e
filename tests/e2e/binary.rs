//! The `deskbot` binary as an operator runs it, against the local Discord: `register-commands`, then
//! `run` serving a user and stopping cleanly on SIGTERM.

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
async fn register_commands_puts_the_seven_commands_in_the_guild() {
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
    assert!(said.contains("registered 7 commands"), "{said}");
    let mut names: Vec<String> =
        discord.commands().iter().filter_map(|c| c["name"].as_str().map(str::to_owned)).collect();
    names.sort();
    assert_eq!(names, ["assign", "desk", "escalate", "mytickets", "queue", "reply", "ticket"]);
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
