//! `deskbot sandbox` as a person uses it: the binary started as a child process, its page driven in
//! headless Chromium through WebDriver (Debian's `chromium` and `chromium-driver`, which `.ci/run`
//! installs in CI). A requester reports a VPN problem by DM, a technician claims and resolves it
//! from the triage channel, the requester confirms the fix.
//!
//! Screenshots of each step go to `target/sandbox-screenshots/`; with
//! `DESKBOT_UPDATE_SCREENSHOTS=1` the technician's view is also copied to `docs/sandbox.png`, the
//! README's picture. Without Chromium or chromedriver the test says so and passes, except in CI
//! (`CI=true`), where it fails.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long a person waits for the page to show what they expect.
const PATIENCE: Duration = Duration::from_secs(30);

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|name| {
        let out = Command::new("which").arg(name).output().ok()?;
        let path = String::from_utf8(out.stdout).ok()?.trim().to_owned();
        (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Starts `deskbot sandbox --port 0` in `dir` (with `DESKBOT_CONFIG` when given) and returns it with
/// the address it printed.
fn start_sandbox(dir: &Path, helpdesk: Option<&Path>) -> (Killed, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_deskbot"));
    command.env_remove("DESKBOT_CONFIG");
    if let Some(path) = helpdesk {
        command.env("DESKBOT_CONFIG", path);
    }
    let mut child = command
        .args(["sandbox", "--port", "0"])
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("deskbot sandbox starts");
    let stdout = child.stdout.take().expect("its standard output");
    let child = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(address) = line.strip_prefix("deskbot sandbox: open ") {
                let _ = tx.send(address.trim().to_owned());
            }
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(90)).expect("deskbot sandbox prints its address");
    (child, address)
}

/// The few WebDriver commands the walk needs, over HTTP as the W3C protocol defines them.
struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: KilledGroup,
}

/// chromedriver and the browsers it started, ended together.
struct KilledGroup(Killed);

impl Drop for KilledGroup {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    }
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    async fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = free_port();
        let mut command = Command::new(chromedriver);
        command.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
        // A group of its own, so that a failing test takes Chromium down with chromedriver.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = KilledGroup(Killed(command.spawn().expect("chromedriver starts")));
        let http = client();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer within 20 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", "--force-device-scale-factor=1", "--lang=en-US"],
            },
        }}});
        let answer: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("a WebDriver session")
            .json()
            .await
            .expect("WebDriver answers JSON");
        let id = answer["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {answer}"));
        Browser { http, session: format!("{base}/session/{id}"), _driver: driver }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.expect("WebDriver answers").json().await.expect("JSON");
        answer["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    /// The elements matching an XPath now.
    async fn all(&self, xpath: &str) -> Vec<String> {
        let found = self
            .call(reqwest::Method::POST, "/elements", Some(json!({"using": "xpath", "value": xpath})))
            .await;
        found
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT].as_str().map(str::to_owned))
            .collect()
    }

    /// Waits until an element matches the XPath and is shown; returns the last one.
    async fn wait_for(&self, xpath: &str, what: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            for element in self.all(xpath).await.into_iter().rev() {
                if self.call(reqwest::Method::GET, &format!("/element/{element}/displayed"), None).await
                    == true
                {
                    return element;
                }
            }
            if Instant::now() > deadline {
                panic!("the page never showed {what} ({xpath}); it shows:\n{}", self.page_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn click(&self, element: &str) {
        let answer =
            self.call(reqwest::Method::POST, &format!("/element/{element}/click"), Some(json!({}))).await;
        assert!(answer.is_null(), "the click was refused: {answer}");
    }

    async fn click_on(&self, xpath: &str, what: &str) {
        let element = self.wait_for(xpath, what).await;
        self.click(&element).await;
    }

    async fn type_into(&self, element: &str, text: &str) {
        let answer = self
            .call(reqwest::Method::POST, &format!("/element/{element}/value"), Some(json!({"text": text})))
            .await;
        assert!(answer.is_null(), "typing was refused: {answer}");
    }

    /// Everything the page shows as text.
    async fn page_text(&self) -> String {
        let text = self
            .call(
                reqwest::Method::POST,
                "/execute/sync",
                Some(json!({"script": "return document.body.innerText", "args": []})),
            )
            .await;
        text.as_str().unwrap_or_default().to_owned()
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .expect("the screenshot is base64");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("sandbox-screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshots' directory");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is saved");
        path
    }

    async fn close(self) {
        self.call(reqwest::Method::DELETE, "", None).await;
    }
}

/// An HTTP client that gives up rather than hang the test.
fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("an HTTP client")
}

/// The XPath of the messages on the page that contain `text`.
fn message_with(text: &str) -> String {
    format!("//div[contains(@class,'msg') and contains(., '{text}')]")
}

/// The page's state for a person, as the page itself reads it.
async fn state(address: &str, person: &str) -> Value {
    let url = format!("{address}/api/state?as={person}");
    client().get(url).send().await.expect("the sandbox answers").json().await.expect("JSON")
}

fn person_id(state: &Value, name: &str) -> String {
    state["people"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == name)
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("nobody called {name}: {}", state["people"]))
        .to_owned()
}

/// The bot's messages in the requester's DMs, once they have stopped changing for a moment.
async fn settled_bot_messages(address: &str, person: &str, before: &str) -> Vec<Value> {
    let deadline = Instant::now() + PATIENCE;
    let mut last = String::new();
    let mut since = Instant::now();
    loop {
        let s = state(address, person).await;
        let bot: Vec<Value> = s["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["author"]["bot"] == true)
            .cloned()
            .collect();
        let now = serde_json::to_string(&bot).unwrap_or_default();
        if now != last {
            last = now;
            since = Instant::now();
        } else if last != before && since.elapsed() > Duration::from_millis(600) {
            return bot;
        }
        assert!(Instant::now() < deadline, "the bot did not answer; the last state was {s}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn components(message: &Value) -> Vec<Value> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn a_ticket_goes_from_a_dm_to_fixed_on_the_sandbox_page_in_headless_chromium() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) =
        (which(&["chromium", "chromium-browser", "google-chrome"]), which(&["chromedriver"]))
    else {
        assert!(!in_ci, "chromium and chromedriver must be installed in CI (.ci/run installs them)");
        eprintln!("skipped: chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (mut sandbox, address) = start_sandbox(dir.path(), None);
    let people = state(&address, "").await;
    let alice = person_id(&people, "alice");
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&address).await;

    // The requester, in their DMs with the bot.
    browser.click_on("//button[@data-person='alice']", "the person switcher").await;
    browser.wait_for("//div[@id='title' and contains(., 'as alice')]", "alice's view").await;
    let composer = browser.wait_for("//input[@id='composer']", "the composer").await;
    // A staff command in a DM is refused on the page, as Discord's client would, and nothing breaks.
    browser.type_into(&composer, "/queue\u{E007}").await;
    browser.wait_for("//div[@id='error' and contains(., 'not a command in DMs')]", "the refusal").await;
    for nonsense in [
        json!({"as": alice, "action": "click", "channel": "1", "message": "2", "custom_id": "x"}),
        json!({"as": alice, "action": "submit", "custom_id": "no-such-modal", "fields": {}}),
        json!({"as": "12", "action": "say", "channel": "1", "content": "hi"}),
    ] {
        let answer = client().post(format!("{address}/api/act")).json(&nonsense).send().await;
        let answer = answer.expect("the sandbox answers");
        assert_eq!(answer.status(), 400, "{nonsense} is refused");
        let body: Value = answer.json().await.expect("JSON");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "the refusal says why: {body}");
    }
    browser.type_into(&composer, "my VPN drops every few minutes\u{E007}").await;
    browser.wait_for(&message_with("my VPN drops every few minutes"), "what alice wrote").await;
    let mut before = String::from("[]");
    let mut opened = false;
    for step in 0..30 {
        let bot = settled_bot_messages(&address, &alice, &before).await;
        before = serde_json::to_string(&bot).unwrap_or_default();
        let last = bot.last().cloned().unwrap_or_default();
        let text = last["content"].as_str().unwrap_or_default().to_owned();
        if text.contains("is open") {
            opened = true;
            break;
        }
        let id = last["id"].as_str().unwrap_or_default().to_owned();
        let on_message = format!("//div[@data-message-id='{id}']");
        let parts = components(&last);
        if let Some(select) = parts.iter().find(|c| c["type"] == 3) {
            let options = select["options"].as_array().cloned().unwrap_or_default();
            let chosen = options
                .iter()
                .find(|o| o["default"] == true)
                .or(options.first())
                .cloned()
                .unwrap_or_default();
            let value = chosen["value"].as_str().unwrap_or_default();
            browser
                .click_on(&format!("{on_message}//select/option[@value='{value}']"), "the select's option")
                .await;
        } else if parts.iter().any(|b| b["label"] == "Answer") {
            // A free-text question: its form, every input filled.
            browser.click_on(&format!("{on_message}//button[normalize-space(.)='Answer']"), "Answer").await;
            browser.wait_for("//div[@id='modal']//*[@data-input]", "the question's form").await;
            for input in browser.all("//div[@id='modal']//*[@data-input]").await {
                browser.type_into(&input, "It fails every time since this morning.").await;
            }
            browser.screenshot("1a-requester-answer-form").await;
            browser.click_on("//button[@id='modal-submit']", "Submit of the form").await;
        } else if parts.iter().any(|b| b["label"] == "Submit") {
            browser.screenshot("1-requester-review").await;
            browser.click_on(&format!("{on_message}//button[normalize-space(.)='Submit']"), "Submit").await;
        } else {
            let answer = if text.contains("1. ") { "1" } else { "It fails every time since this morning." };
            let composer = browser.wait_for("//input[@id='composer']", "the composer").await;
            browser.type_into(&composer, &format!("{answer}\u{E007}")).await;
        }
        assert!(step < 29, "the intake never finished; the bot last said {last}");
    }
    assert!(opened, "the ticket was opened");
    browser.wait_for(&message_with("is open"), "the confirmation that the ticket is open").await;
    browser.screenshot("2-requester-ticket-open").await;

    // The technician, in the triage channel.
    browser.click_on("//button[@data-person='tom']", "tom in the person switcher").await;
    browser.wait_for("//div[@id='title' and contains(., 'helpdesk-triage')]", "the triage channel").await;
    let post = format!("{}[.//button[normalize-space(.)='Claim']]", message_with("VPN"));
    browser.wait_for(&post, "the ticket's triage post with Claim").await;
    browser.screenshot("3-technician-triage-post").await;
    browser.click_on(&format!("{post}//button[normalize-space(.)='Claim']"), "Claim").await;
    let claimed = format!("{}[contains(., 'In progress')]", message_with("VPN"));
    browser.wait_for(&claimed, "the triage post in progress").await;
    let technician_view = browser.screenshot("4-technician-claimed").await;

    // The coordinator looks at the queue: only she sees the answer.
    browser.click_on("//button[@data-person='cora']", "cora in the person switcher").await;
    browser.wait_for("//div[@id='title' and contains(., 'as cora')]", "cora's view").await;
    let composer = browser.wait_for("//input[@id='composer']", "the composer").await;
    browser.type_into(&composer, "/queue\u{E007}").await;
    let queue = format!("{}[contains(., 'Only you can see this')]", message_with("#1"));
    browser.wait_for(&format!("{queue}[contains(., 'Queue')]"), "the coordinator's queue").await;
    browser.screenshot("4b-coordinator-queue").await;
    // Options as name:value, typed as the command defines them (here a number).
    let composer = browser.wait_for("//input[@id='composer']", "the composer").await;
    browser.type_into(&composer, "/desk show ticket:1\u{E007}").await;
    browser.wait_for(&message_with("History of #1"), "the ticket's history").await;
    browser.screenshot("4c-coordinator-history").await;
    browser.click_on("//button[@data-person='tom']", "tom in the person switcher").await;
    browser.click_on(&format!("{claimed}//button[normalize-space(.)='Resolve']"), "Resolve").await;
    let notes = browser.wait_for("//div[@id='modal']//*[@data-input='notes']", "the resolution notes").await;
    browser
        .type_into(&notes, "Updated the VPN client to the current version and reset the network adapter.")
        .await;
    browser.screenshot("5-technician-resolve-modal").await;
    browser.click_on("//button[@id='modal-submit']", "Submit of the modal").await;
    browser.wait_for(&format!("{}[contains(., 'Resolved')]", message_with("VPN")), "the post resolved").await;
    browser.screenshot("6-technician-resolved").await;

    // The requester confirms.
    browser.click_on("//button[@data-person='alice']", "alice in the person switcher").await;
    let resolution = format!("{}[.//button[normalize-space(.)='Fixed']]", message_with("was resolved"));
    browser.wait_for(&resolution, "the resolution DM with Fixed").await;
    browser.screenshot("7-requester-resolution").await;
    browser.click_on(&format!("{resolution}//button[normalize-space(.)='Fixed']"), "Fixed").await;
    browser.wait_for(&message_with("is closed"), "the ticket closed").await;
    browser.screenshot("8-requester-closed").await;

    // What the technicians see in the end.
    browser.click_on("//button[@data-person='tom']", "tom in the person switcher").await;
    browser
        .wait_for(&format!("{}[contains(., 'Closed')]", message_with("VPN")), "the triage post closed")
        .await;
    browser.screenshot("9-technician-closed").await;
    let violations = state(&address, &alice).await["violations"].clone();
    assert_eq!(violations, json!([]), "the bot sent nothing Discord would refuse");
    browser.close().await;

    if std::env::var("DESKBOT_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join("sandbox.png");
        std::fs::copy(&technician_view, docs).expect("docs/sandbox.png is written");
    }

    // Ctrl-C (SIGTERM here) stops it cleanly.
    let pid = sandbox.0.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = sandbox.0.try_wait().expect("the sandbox's status") {
            break status;
        }
        assert!(Instant::now() < deadline, "deskbot sandbox did not stop within 30 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "deskbot sandbox stopped with {status}");
}

#[tokio::test]
async fn the_sandbox_tries_the_desks_own_categories_and_never_touches_its_database() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let example = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deskbot.example.toml"))
        .expect("the example help desk");
    assert!(example.contains("name = \"Printing\""), "the example has a Printing category");
    let helpdesk = dir.path().join("our-desk.toml");
    std::fs::write(&helpdesk, example.replace("name = \"Printing\"", "name = \"Printers & scanners\""))
        .expect("the desk's TOML is written");
    // The live desk's settings, which the sandbox must leave alone.
    std::fs::write(
        dir.path().join(".env"),
        "DISCORD_TOKEN=the-live-token\nDATABASE_URL=sqlite://live.db\nDESKBOT_GUILD_ID=1\n",
    )
    .expect(".env is written");

    let (mut sandbox, address) = start_sandbox(dir.path(), Some(&helpdesk));
    let page = client().get(&address).send().await.expect("the page answers");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("the page").contains("deskbot sandbox"), "the page is served");
    let rebound =
        client().get(format!("{address}/api/state")).header("host", "desk.example.com").send().await;
    assert_eq!(rebound.expect("the sandbox answers").status(), 403, "a page under another name may not act");
    let alice = state(&address, "").await;
    let ticket = alice["commands"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["name"] == "ticket")
        .cloned()
        .unwrap_or_else(|| panic!("/ticket is offered in the requester's DMs: {}", alice["commands"]));
    let categories: Vec<&str> = ticket["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["name"] == "category")
        .flat_map(|o| o["choices"].as_array().into_iter().flatten())
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(
        categories.contains(&"Printers & scanners"),
        "the desk's own category is offered: {categories:?}"
    );

    let _ = Command::new("kill").args(["-TERM", &sandbox.0.id().to_string()]).status();
    let deadline = Instant::now() + Duration::from_secs(30);
    while sandbox.0.try_wait().expect("the sandbox's status").is_none() {
        assert!(Instant::now() < deadline, "deskbot sandbox did not stop within 30 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!dir.path().join("live.db").exists(), "the live desk's database was not created or touched");
}
