//! `deskbot report` as a reader meets it: the HTML page it writes is opened in headless Chromium,
//! which must render its charts (non-blank pixels in the charts' colours where the charts are) and
//! show the key figures.
//!
//! Chromium is the Debian package `chromium`; `.ci/run` installs it. Without it the browser half is
//! skipped with a printed reason, and fails when `CI=true`.
//!
//! With `DESKBOT_WRITE_DOCS=1` the test also writes the screenshot and the `/stats` chart of the
//! same data to `docs/`, where the README shows them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use deskbot::domain::EventKind;
use deskbot::domain::stats::Scope;
use deskbot::domain::{Impact, Level, NewEvent, Priority, ResolutionCode, SlaClock, Status, Ticket, Urgency};
use deskbot::store::{IntakeEnd, IntakeRecord, TicketStore};

const GUILD: i64 = 1000;
const TECHS: [i64; 3] = [500_000_000_000_000_001, 500_000_000_000_000_002, 500_000_000_000_000_003];

const SUMMARIES: &[(&str, &str)] = &[
    ("network", "VPN drops every few minutes"),
    ("accounts", "Password expired, cannot log in"),
    ("printing", "Printer on floor 2 shows offline"),
    ("email", "Outlook keeps asking for my password"),
    ("hardware", "Laptop battery does not charge"),
    ("accounts", "Access request: finance shared drive"),
    ("network", "Wi-Fi in meeting room B is very slow"),
    ("email", "Shared mailbox missing in Outlook"),
];

/// Three weeks of a small help desk, every figure derived from `i`: 6 tickets a day or so, most
/// resolved, a few late, ratings on most.
async fn seed(store: &Arc<dyn TicketStore>, now: DateTime<Utc>) {
    for i in 0..84_i64 {
        let created = now - Duration::days(20) + Duration::minutes(i * 341 % 1440) + Duration::days(i / 4);
        if created > now - Duration::hours(2) {
            continue;
        }
        let (category, summary) = SUMMARIES[(i % SUMMARIES.len() as i64) as usize];
        let tech = TECHS[(i % 3) as usize];
        let open = i % 7 == 3 || created > now - Duration::days(2);
        let responded = created + Duration::minutes(5 + i * 37 % 200);
        let resolved = created + Duration::minutes(60 + i * 613 % 4000);
        let late = i % 6 == 5;
        let t = Ticket {
            id: 0,
            guild_id: GUILD,
            number: None,
            requester_id: 400_000_000_000_000_000 + i,
            summary: summary.to_owned(),
            description: summary.to_owned(),
            category: category.to_owned(),
            impact: Impact::Individual,
            urgency: Urgency::Medium,
            priority: Priority::ALL[(i % 4) as usize],
            priority_overridden: false,
            level: Level::ALL[(i % 5 / 2) as usize],
            status: if open || resolved > now { Status::InProgress } else { Status::Closed },
            assignee_id: Some(tech),
            parent_id: None,
            answers: Vec::new(),
            sla: SlaClock {
                first_response_due: Some(created + Duration::hours(4)),
                resolution_due: Some(created + Duration::days(3)),
                first_response_at: Some(responded),
                marks: deskbot::domain::SlaMarks {
                    resolution_breached_at: late.then(|| created + Duration::hours(8)),
                    ..Default::default()
                },
                ..Default::default()
            },
            resolution_notes: None,
            resolution_code: None,
            satisfaction: None,
            created_at: created,
            updated_at: created,
            resolved_at: None,
            closed_at: None,
            triage_message_id: None,
            thread_id: None,
            version: 0,
        };
        let mut t = t;
        if t.status == Status::Closed {
            t.resolved_at = Some(resolved);
            t.closed_at = Some(resolved + Duration::hours(1));
            t.resolution_code = Some(ResolutionCode::Fixed);
            t.resolution_notes = Some("Fixed.".to_owned());
            t.satisfaction = (i % 4 != 0).then_some([5, 4, 5, 3, 4, 2, 5][(i % 7) as usize]);
        }
        let ev = NewEvent {
            kind: EventKind::Created,
            actor_id: Some(t.requester_id),
            at: created,
            from_status: None,
            to_status: Some(Status::Open),
            note: None,
        };
        store.create_ticket(&t, &[ev], &[]).await.expect("seeding a ticket");
    }
    for d in 0..9_i64 {
        let at = now - Duration::days(2 * d + 1);
        let record = IntakeRecord {
            id: 0,
            guild_id: GUILD,
            user_id: 600 + d,
            state: "{}".to_owned(),
            created_at: at,
            updated_at: at,
            reminded_at: None,
        };
        let i = store.save_intake(&record, None).await.expect("seeding an intake");
        store.end_intake(i.id, IntakeEnd::SelfServed { article: None }, at, None).await.expect("ending it");
    }
}

/// Chromium's binary, if installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let out = Command::new("which").arg(name).output().ok()?;
        out.status.success().then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
    })
}

fn headless(browser: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"])
        .args(["--disable-dev-shm-usage", "--force-device-scale-factor=1"])
        .args(args)
        .output()
        .expect("chromium runs")
}

/// Pixels of exactly `colour` in a decoded RGB(A) screenshot, and their bounding box's height.
fn find_colour(pixels: &[u8], channels: usize, width: usize, colour: [u8; 3]) -> (usize, usize) {
    let (mut n, mut top, mut bottom) = (0, usize::MAX, 0);
    for (i, px) in pixels.chunks_exact(channels).enumerate() {
        if px[..3] == colour {
            n += 1;
            top = top.min(i / width);
            bottom = bottom.max(i / width);
        }
    }
    (n, if n == 0 { 0 } else { bottom - top + 1 })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_opens_in_headless_chromium_with_its_charts_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("desk.db").display());
    let now = Utc::now();
    let store = deskbot::store::connect(&db).await.unwrap();
    seed(&store, now).await;
    let figures = deskbot::service::stats::figures(store.as_ref(), GUILD, Scope::last_days(now, 14, None))
        .await
        .unwrap();
    assert!(figures.opened > 20 && figures.resolved > 20, "the seed fills the period: {figures:?}");

    let out_file = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_deskbot"))
        .current_dir(dir.path())
        .env_clear()
        .env("DATABASE_URL", &db)
        .env("DESKBOT_GUILD_ID", GUILD.to_string())
        .args(["report", "--days", "14", "--out"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http://") && !html.contains("https://"), "the page makes no request");
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 2, "both charts inlined");

    let Some(browser) = chromium() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "chromium must be installed in CI (.ci/run installs the Debian package)"
        );
        eprintln!(
            "skipped: chromium is not installed (apt-get install chromium); the HTML was checked alone"
        );
        return;
    };
    let url = format!("file://{}", out_file.display());

    // The DOM as the browser built it: the figures are there, as the store computed them.
    let dom = headless(&browser, &["--dump-dom", &url]);
    assert!(dom.status.success(), "{}", String::from_utf8_lossy(&dom.stderr));
    let dom = String::from_utf8_lossy(&dom.stdout);
    for (id, value) in [
        ("opened", figures.opened.to_string()),
        ("resolved", figures.resolved.to_string()),
        ("backlog", figures.backlog_total().to_string()),
        ("sla", format!("{:.0}%", figures.sla_compliance().unwrap())),
        ("deflections", figures.deflections.to_string()),
    ] {
        let card = format!("<div class=\"card\" id=\"fig-{id}\"><b>{value}</b>");
        assert!(dom.contains(&card), "the {id} figure ({value}) is shown; DOM:\n{dom:.3000}");
    }
    assert!(dom.contains("id=\"chart-flow\"") && dom.contains("id=\"chart-sla\""));

    // The page as a reader sees it: the charts drew their lines and bars.
    let shot = dir.path().join("report.png");
    let taken =
        headless(&browser, &[&format!("--screenshot={}", shot.display()), "--window-size=1000,1800", &url]);
    assert!(taken.status.success() && shot.exists(), "{}", String::from_utf8_lossy(&taken.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let width = info.width as usize;
    assert_eq!((info.width, info.height), (1000, 1800));
    let (opened_px, opened_h) = find_colour(&pixels, channels, width, [0x58, 0x65, 0xF2]);
    let (closed_px, _) = find_colour(&pixels, channels, width, [0x23, 0xA5, 0x5A]);
    let (bars_px, bars_h) = find_colour(&pixels, channels, width, [0xF0, 0xB2, 0x32]);
    assert!(opened_px > 500 && opened_h > 40, "the opened line is drawn: {opened_px} px, {opened_h} high");
    assert!(closed_px > 500, "the closed line is drawn: {closed_px} px");
    assert!(bars_px > 5000 && bars_h > 40, "the SLA bars are drawn: {bars_px} px, {bars_h} high");

    if std::env::var("DESKBOT_WRITE_DOCS").as_deref() == Ok("1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(&shot, docs.join("report.png")).unwrap();
        let chart =
            deskbot::service::chart::stats_png(&figures, &deskbot::service::chart::ChartWords::default())
                .unwrap();
        std::fs::write(docs.join("stats-chart.png"), chart).unwrap();
    }
}
