//! `deskbot run` as a child process of a test (the real binary, as an operator starts it), with its
//! log in a file of the test's directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Process {
    child: Child,
    logs: PathBuf,
}

/// Starts `deskbot run` in `dir` with exactly `vars` (and `PATH`), as instance `instance`, logging to
/// `<log>.log`.
pub fn spawn(dir: &Path, vars: &[(&'static str, String)], log: &str, instance: &str) -> Process {
    let logs = dir.join(format!("{log}.log"));
    let log_file = std::fs::File::create(&logs).expect("a log file");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deskbot"));
    cmd.current_dir(dir).env_clear().arg("run");
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let child = cmd
        .env("RUST_LOG", "info")
        .env("DESKBOT_INSTANCE", instance)
        .stdout(Stdio::null())
        .stderr(Stdio::from(log_file))
        .spawn()
        .expect("deskbot starts");
    Process { child, logs }
}

impl Process {
    /// The process id (the memory benchmark reads the process's memory from `/proc`).
    #[allow(dead_code)]
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.logs).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no last delivery pass, no handover. Returns the log.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.logs()
    }

    /// SIGTERM, then waits (at most 30 s) for the process to end. Returns the log.
    pub async fn stop(mut self) -> String {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return self.logs();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = self.child.kill();
        panic!("deskbot did not stop within 30 s of SIGTERM\n{}", self.logs());
    }
}

/// A port nobody listens on now (for a process's `DESKBOT_HTTP_ADDR`).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}
