//! Tests of the local Discord double itself (`crates/discord-double`, re-exported as
//! `tests/support/discord`): the contract test (every payload it sends deserializes into serenity
//! 0.12.5's types), a real serenity client against it, validation, error injection, the interaction
//! rules and gateway resume.
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use serenity::all::{
    ButtonStyle, Channel, ChannelId, ChannelType, ClientBuilder, Command, CommandOptionType, Context,
    CreateActionRow, CreateAttachment, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateInputText, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, CreateModal, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption, CreateThread, EditInteractionResponse, EditMessage, EventHandler, GatewayIntents,
    GetMessages, Guild, GuildChannel, GuildId, HttpBuilder, InputTextStyle, Interaction, InteractionContext,
    Member, Message, MessageUpdateEvent, PrivateChannel, Ready, ResolvedValue, Role, RoleId, ShardManager,
    UserId,
};
use serenity::model::channel::Nonce;
use serenity::model::event::{Event, GatewayEvent};
use support::discord::{
    BucketLimit, Discord, DiscordDouble, RateLimited, RouteKind, Typical, id_of, perm, text_of,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// ----- a serenity client against the double -----

/// What the client's EventHandler saw, in order (`"READY"`, `"INTERACTION_CREATE:2:ping"`…).
type Seen = Arc<Mutex<Vec<String>>>;

struct Recorder {
    seen: Seen,
    /// Answer `/ping` with "pong" and DMs with "echo: …", as a tiny bot would.
    answer: bool,
}

#[serenity::async_trait]
impl EventHandler for Recorder {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        self.seen.lock().unwrap().push(format!("READY:{}", ready.user.name));
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        self.seen.lock().unwrap().push(format!("GUILD_CREATE:{}", guild.name));
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let label = match &interaction {
            Interaction::Command(c) => format!("2:{}", c.data.name),
            Interaction::Component(c) => format!("3:{}", c.data.custom_id),
            Interaction::Modal(m) => format!("5:{}", m.data.custom_id),
            _ => "other".to_owned(),
        };
        self.seen.lock().unwrap().push(format!("INTERACTION_CREATE:{label}"));
        if let (true, Interaction::Command(c)) = (self.answer, &interaction)
            && c.data.name == "ping"
        {
            let reply = CreateInteractionResponseMessage::new().content("pong").ephemeral(true);
            if let Err(e) = c.create_response(&ctx.http, CreateInteractionResponse::Message(reply)).await {
                let code = match e {
                    serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) => r.error.code,
                    _ => -1,
                };
                self.seen.lock().unwrap().push(format!("CALLBACK_ERROR:{code}"));
            }
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.seen.lock().unwrap().push(format!("MESSAGE_CREATE:{}:{}", msg.author.name, msg.content));
        if self.answer && !msg.author.bot && msg.guild_id.is_none() {
            msg.channel_id.say(&ctx.http, format!("echo: {}", msg.content)).await.expect("echo a DM");
        }
    }

    async fn thread_create(&self, _ctx: Context, thread: GuildChannel) {
        self.seen.lock().unwrap().push(format!("THREAD_CREATE:{}", thread.name));
    }
}

struct Bot {
    seen: Seen,
    shards: Arc<ShardManager>,
    task: tokio::task::JoinHandle<()>,
}

impl Bot {
    async fn start(discord: &Discord, answer: bool) -> Bot {
        let seen: Seen = Arc::default();
        let http =
            HttpBuilder::new("Bot test-token").proxy(discord.base_url()).ratelimiter_disabled(true).build();
        let intents =
            GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
        let mut client = ClientBuilder::new_with_http(http, intents)
            .event_handler(Recorder { seen: Arc::clone(&seen), answer })
            .await
            .expect("a serenity client");
        let shards = Arc::clone(&client.shard_manager);
        let task = tokio::spawn(async move {
            let _ = client.start().await;
        });
        discord.wait_for_ready().await;
        let bot = Bot { seen, shards, task };
        bot.wait_seen(discord, "GUILD_CREATE:", 1).await;
        bot
    }

    fn count(&self, prefix: &str) -> usize {
        self.seen.lock().unwrap().iter().filter(|s| s.starts_with(prefix)).count()
    }

    async fn wait_seen(&self, discord: &Discord, prefix: &str, n: usize) {
        discord
            .wait_until(&format!("the client's handler to see {n} × {prefix}"), |_| self.count(prefix) >= n)
            .await;
    }

    async fn stop(self) {
        self.shards.shutdown_all().await;
        tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .expect("the client stops")
            .expect("client task");
    }
}

fn interaction(handle_payload: &Value) -> Interaction {
    serde_json::from_value(handle_payload.clone())
        .unwrap_or_else(|e| panic!("not a serenity Interaction: {e}\n{handle_payload}"))
}

// ----- a raw HTTP client (to send what serenity's builders would refuse, and read headers) -----

struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

async fn raw(discord: &Discord, method: &str, path: &str, body: Option<&Value>) -> RawResponse {
    let base = discord.base_url();
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect to the double");
    let text = body.map(ToString::to_string).unwrap_or_default();
    let request = format!(
        "{method} /api/v10{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bot x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let response = String::from_utf8_lossy(&buf);
    let (head, rest) = response.split_once("\r\n\r\n").expect("an HTTP response");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    RawResponse { status, headers, body: serde_json::from_str(rest).unwrap_or(Value::Null) }
}

// ----- a raw websocket client (to speak the gateway without serenity: zlib frames, bad opcodes) -----

struct RawWs {
    stream: tokio::net::TcpStream,
}

impl RawWs {
    async fn connect(discord: &Discord) -> RawWs {
        let base = discord.base_url();
        let addr = base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect to the double");
        let request = format!(
            "GET /gateway?v=10&encoding=json HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("upgrade request");
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(stream.read_u8().await.expect("upgrade response"));
        }
        assert!(
            String::from_utf8_lossy(&head).starts_with("HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head)
        );
        RawWs { stream }
    }

    /// One masked frame from the client (opcode 1 text, 2 binary).
    async fn send(&mut self, opcode: u8, payload: &[u8]) {
        let mut frame = vec![0x80 | opcode];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | u8::try_from(n).unwrap()),
            n if n < 65_536 => {
                frame.push(0x80 | 126);
                frame.extend(u16::try_from(n).unwrap().to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend((n as u64).to_be_bytes());
            }
        }
        let mask = [0x12, 0x34, 0x56, 0x78];
        frame.extend(mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).await.expect("send a frame");
    }

    async fn send_json(&mut self, v: &Value) {
        self.send(1, v.to_string().as_bytes()).await;
    }

    async fn send_zlib(&mut self, v: &Value) {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(v.to_string().as_bytes()).expect("compress");
        self.send(2, &z.finish().expect("compress")).await;
    }

    /// `(opcode, payload)` of the next frame from the server.
    async fn recv(&mut self) -> (u8, Vec<u8>) {
        let read = async {
            let b0 = self.stream.read_u8().await.expect("frame");
            let b1 = self.stream.read_u8().await.expect("frame");
            let len = match b1 & 0x7f {
                126 => u64::from(self.stream.read_u16().await.expect("length")),
                127 => self.stream.read_u64().await.expect("length"),
                n => u64::from(n),
            };
            let mut payload = vec![0; usize::try_from(len).unwrap()];
            self.stream.read_exact(&mut payload).await.expect("payload");
            (b0 & 0x0f, payload)
        };
        tokio::time::timeout(Duration::from_secs(5), read).await.expect("a frame within 5 s")
    }

    async fn recv_json(&mut self) -> Value {
        let (opcode, payload) = self.recv().await;
        assert_eq!(opcode, 1, "a text frame");
        serde_json::from_slice(&payload).expect("JSON")
    }
}

// ----- the tests -----

/// A real serenity client receives READY, an injected INTERACTION_CREATE and MESSAGE_CREATE in its
/// EventHandler, and what it sends back is recorded.
#[tokio::test]
async fn a_serenity_client_gets_events_and_its_replies_are_recorded() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, true).await;
    assert_eq!(bot.count("READY:deskbot"), 1);
    assert_eq!(bot.count("GUILD_CREATE:Example Org"), 1);
    let identify = discord.identify().expect("an IDENTIFY");
    assert_eq!(identify["token"], "<redacted>");
    assert_eq!(identify["intents"], (1 << 0) | (1 << 9) | (1 << 12));

    GuildId::new(ids.guild)
        .set_commands(&discord.serenity_http(), vec![CreateCommand::new("ping").description("Ping the bot")])
        .await
        .expect("register /ping");
    let ping = discord.slash(ids.alice, "ping", json!({})).await;
    assert_eq!(ping.reply_text().await, "pong");
    assert!(ping.is_ephemeral().await);
    bot.wait_seen(&discord, "INTERACTION_CREATE:2:ping", 1).await;
    let callbacks = discord.requests_matching("POST", r"^/interactions/\d+/[^/]+/callback$");
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].body.as_ref().unwrap()["data"]["content"], "pong");
    assert_eq!(callbacks[0].status, 204);
    assert!(discord.messages_in(ids.general).is_empty(), "an ephemeral answer is not in the channel");

    let mark = discord.mark();
    discord.dm(ids.alice, "hello").await;
    bot.wait_seen(&discord, "MESSAGE_CREATE:alice:hello", 1).await;
    let echo = discord.wait_for_dm(ids.alice, |m| m["content"] == "echo: hello").await;
    assert_eq!(echo["author"]["id"], ids.bot.to_string());
    assert_eq!(discord.non_exempt_since(mark), 1, "one POST to the DM channel");
    bot.wait_seen(&discord, "MESSAGE_CREATE:deskbot:echo: hello", 1).await;

    // Without MESSAGE_CONTENT, guild messages reach the bot without content unless they mention it.
    discord.post(ids.bob, ids.general, "hi all").await;
    discord.post(ids.bob, ids.general, &format!("<@{}> help", ids.bot)).await;
    bot.wait_seen(&discord, "MESSAGE_CREATE:bob:", 2).await;
    assert_eq!(bot.count("MESSAGE_CREATE:bob:hi all"), 0);
    assert_eq!(bot.count(&format!("MESSAGE_CREATE:bob:<@{}> help", ids.bot)), 1);
    assert_eq!(
        discord.latest_message_in(ids.general).expect("stored in full")["mentions"][0]["id"],
        ids.bot.to_string()
    );

    bot.stop().await;
    discord.assert_no_violations();
    assert!(discord.unexpected_gateway_frames().is_empty());
}

/// Every payload the double sends — gateway dispatches and REST answers — deserializes into
/// serenity's concrete types, and the client's handler gets every injected event.
#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn contract_every_payload_deserializes_into_serenity_types() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, false).await;
    let http = discord.serenity_http();
    let guild = GuildId::new(ids.guild);

    // Commands (guild bulk overwrite, global bulk overwrite, one created singly): Vec<Command>.
    let commands = guild
        .set_commands(
            &http,
            vec![
                CreateCommand::new("ticket").description("Open a ticket").add_option(
                    CreateCommandOption::new(CommandOptionType::String, "summary", "What is wrong")
                        .max_length(100),
                ),
                CreateCommand::new("assign")
                    .description("Assign a ticket")
                    .add_option(
                        CreateCommandOption::new(CommandOptionType::Integer, "ticket", "Number")
                            .required(true),
                    )
                    .add_option(
                        CreateCommandOption::new(CommandOptionType::User, "technician", "Who").required(true),
                    ),
                CreateCommand::new("desk").description("Staff tools").add_option(
                    CreateCommandOption::new(CommandOptionType::SubCommand, "show", "Show a ticket")
                        .add_sub_option(
                            CreateCommandOption::new(CommandOptionType::Integer, "ticket", "Number")
                                .required(true),
                        ),
                ),
            ],
        )
        .await
        .expect("guild commands");
    assert_eq!(commands.len(), 3);
    let global = Command::set_global_commands(
        &http,
        vec![
            CreateCommand::new("mytickets")
                .description("Your tickets")
                .contexts(vec![InteractionContext::Guild, InteractionContext::BotDm]),
        ],
    )
    .await
    .expect("global commands");
    assert_eq!(global.len(), 1);
    guild
        .create_command(&http, CreateCommand::new("queue").description("The queue"))
        .await
        .expect("one command");
    assert_eq!(guild.get_commands(&http).await.expect("list").len(), 4);

    // A slash command in the guild, with a user option (resolved), answered with a modal.
    let slash = discord.slash(ids.cora, "assign", json!({"ticket": 42, "technician": ids.tom})).await;
    let Interaction::Command(cmd) = interaction(&slash.payload) else { panic!("not a command") };
    assert_eq!(cmd.member.as_ref().expect("member").roles, vec![RoleId::new(ids.coordinator_role)]);
    let options = cmd.data.options();
    assert!(matches!(options[0].value, ResolvedValue::Integer(42)));
    assert!(matches!(options[1].value, ResolvedValue::User(u, Some(_)) if u.id.get() == ids.tom));
    let modal = CreateModal::new("assign-reason", "Why?").components(vec![CreateActionRow::InputText(
        CreateInputText::new(InputTextStyle::Paragraph, "Reason", "reason").max_length(500),
    )]);
    cmd.create_response(&http, CreateInteractionResponse::Modal(modal)).await.expect("a modal");

    // The modal submitted in the guild: deferred, edited, followed up (Message each time).
    let submitted = slash.submit_modal(&[("reason", "tom knows VPNs")]).await;
    let Interaction::Modal(m) = interaction(&submitted.payload) else { panic!("not a modal submit") };
    assert_eq!(m.data.custom_id, "assign-reason");
    m.create_response(
        &http,
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true)),
    )
    .await
    .expect("defer");
    let edited = m
        .edit_response(&http, EditInteractionResponse::new().content("Assigned to tom"))
        .await
        .expect("edit @original");
    assert_eq!(edited.content, "Assigned to tom");
    let followup = m
        .create_followup(&http, CreateInteractionResponseFollowup::new().content("Noted").ephemeral(true))
        .await
        .expect("follow-up");
    assert_eq!(followup.content, "Noted");
    assert_eq!(m.get_response(&http).await.expect("@original").content, "Assigned to tom");
    assert_eq!(submitted.reply_text().await, "Assigned to tom");

    // The triage message: an embed, buttons and a select, in one request; then a thread on it.
    let triage = ChannelId::new(ids.triage)
        .send_message(
            &http,
            CreateMessage::new()
                .embed(
                    CreateEmbed::new().title("#1 VPN down").field("Priority", "P2", true).colour(0x00e6_7e22),
                )
                .components(vec![
                    CreateActionRow::Buttons(vec![
                        CreateButton::new("claim:1").label("Claim").style(ButtonStyle::Primary),
                        CreateButton::new("escalate:1").label("Escalate").style(ButtonStyle::Secondary),
                        CreateButton::new("resolve:1").label("Resolve").style(ButtonStyle::Success),
                    ]),
                    CreateActionRow::SelectMenu(CreateSelectMenu::new(
                        "priority:1",
                        CreateSelectMenuKind::String {
                            options: vec![
                                CreateSelectMenuOption::new("P1", "p1"),
                                CreateSelectMenuOption::new("P2", "p2"),
                            ],
                        },
                    )),
                ]),
        )
        .await
        .expect("a triage message");
    let triage_channel = ChannelId::new(ids.triage);
    let thread = triage_channel
        .create_thread_from_message(&http, triage.id, CreateThread::new("Ticket #1"))
        .await
        .expect("a thread on the message");
    assert_eq!(thread.id.get(), triage.id.get());
    assert_eq!(discord.thread_of(triage.id.get()).map(|t| id_of(&t)), Some(thread.id.get()));
    let private = triage_channel
        .create_thread(&http, CreateThread::new("coordination").kind(ChannelType::PrivateThread))
        .await
        .expect("a thread without a message");
    assert_eq!(private.kind, ChannelType::PrivateThread);
    thread
        .id
        .send_message(&http, CreateMessage::new().content("Ticket workspace"))
        .await
        .expect("post in the thread");

    // A click in the guild, answered by updating the message (type 7).
    let click = discord.click_label(ids.tom, ids.triage, triage.id.get(), "Claim").await;
    let Interaction::Component(c) = interaction(&click.payload) else { panic!("not a component") };
    assert_eq!(c.message.id, triage.id);
    assert_eq!(c.message.components.len(), 2);
    c.create_response(
        &http,
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new().content("Claimed by tom"),
        ),
    )
    .await
    .expect("update the message");
    assert_eq!(discord.message(triage.id.get()).expect("triage")["content"], "Claimed by tom");

    // A select, acknowledged (type 6), then the message edited through the channel.
    let select = discord.select(ids.tom, ids.triage, triage.id.get(), "priority:1", &["p1"]).await;
    let Interaction::Component(s) = interaction(&select.payload) else { panic!("not a component") };
    assert!(
        matches!(&s.data.kind, serenity::all::ComponentInteractionDataKind::StringSelect { values } if values == &["p1"])
    );
    s.create_response(&http, CreateInteractionResponse::Acknowledge).await.expect("ack");
    let edited =
        triage_channel.edit_message(&http, triage.id, EditMessage::new().content("P1")).await.expect("edit");
    assert_eq!(edited.content, "P1");
    assert_eq!(
        select.reply().await["content"],
        "P1",
        "after a deferred update, the edited message is the answer"
    );

    // DMs: the bot opens a DM channel and sends buttons; the user clicks one, gets a modal, submits it.
    let dm: PrivateChannel = UserId::new(ids.alice).create_dm_channel(&http).await.expect("a DM channel");
    assert_eq!(dm.recipient.id.get(), ids.alice);
    let resolved = dm
        .send_message(
            &http,
            CreateMessage::new().content("Your ticket #1 is resolved.").components(vec![
                CreateActionRow::Buttons(vec![
                    CreateButton::new("fixed:1").label("Fixed"),
                    CreateButton::new("broken:1").label("Still broken").style(ButtonStyle::Danger),
                ]),
            ]),
        )
        .await
        .expect("a DM");
    let dm_click = discord.click_label(ids.alice, dm.id.get(), resolved.id.get(), "Still broken").await;
    let Interaction::Component(dc) = interaction(&dm_click.payload) else { panic!("not a component") };
    assert!(dc.guild_id.is_none() && dc.member.is_none());
    assert_eq!(dc.user.id.get(), ids.alice);
    let reopen =
        CreateModal::new("reopen:1", "What is still broken?").components(vec![CreateActionRow::InputText(
            CreateInputText::new(InputTextStyle::Short, "Details", "details"),
        )]);
    dc.create_response(&http, CreateInteractionResponse::Modal(reopen)).await.expect("a modal in a DM");
    let dm_submit = discord.submit_modal(ids.alice, "reopen:1", &[("details", "still no VPN")]).await;
    let Interaction::Modal(dm_modal) = interaction(&dm_submit.payload) else { panic!("not a modal submit") };
    assert_eq!(dm_modal.user.id.get(), ids.alice);
    assert_eq!(dm_modal.message.as_ref().map(|m| m.id), Some(resolved.id));
    dm_modal
        .create_response(
            &http,
            CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("Reopened")),
        )
        .await
        .expect("answer in the DM");

    // A global command used in a DM.
    let mine = discord.slash_in(ids.alice, dm.id.get(), "mytickets", json!({})).await;
    let Interaction::Command(mine_cmd) = interaction(&mine.payload) else { panic!("not a command") };
    assert!(mine_cmd.guild_id.is_none());
    mine_cmd
        .create_response(
            &http,
            CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("#1 open")),
        )
        .await
        .expect("answer");
    let desk = discord.slash(ids.cora, "desk show", json!({"ticket": 1})).await;
    let Interaction::Command(desk_cmd) = interaction(&desk.payload) else { panic!("not a command") };
    assert!(matches!(desk_cmd.data.options()[0].value, ResolvedValue::SubCommand(_)));
    desk_cmd
        .create_response(
            &http,
            CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("#1")),
        )
        .await
        .expect("answer");

    // A user's DM to the bot and a post in the thread (MESSAGE_CREATE both).
    discord.dm(ids.alice, "my VPN is down again").await;
    // A message with a file (multipart: payload_json + the file).
    let with_file = ChannelId::new(ids.triage)
        .send_message(
            &http,
            CreateMessage::new()
                .content("export")
                .add_file(CreateAttachment::bytes(b"a,b\n".to_vec(), "tickets.csv")),
        )
        .await
        .expect("a message with a file");
    assert_eq!(with_file.attachments[0].filename, "tickets.csv");
    assert_eq!(discord.requests().last().expect("a request").files, vec!["tickets.csv".to_owned()]);
    discord.post(ids.tom, thread.id.get(), "Looking into it").await;

    // REST reads: each deserialized by serenity itself.
    assert!(http.get_gateway().await.expect("gateway").url.starts_with("ws://127.0.0.1:"));
    assert_eq!(http.get_bot_gateway().await.expect("gateway/bot").shards, 1);
    assert_eq!(http.get_current_user().await.expect("@me").id.get(), ids.bot);
    assert_eq!(http.get_current_application_info().await.expect("application").id.get(), ids.application);
    assert!(matches!(
        ChannelId::new(ids.triage).to_channel(&http).await.expect("text channel"),
        Channel::Guild(_)
    ));
    assert!(
        matches!(thread.id.to_channel(&http).await.expect("thread"), Channel::Guild(t) if t.thread_metadata.is_some())
    );
    assert!(matches!(dm.id.to_channel(&http).await.expect("DM channel"), Channel::Private(_)));
    let member = guild.member(&http, UserId::new(ids.tom)).await.expect("member");
    assert_eq!(member.roles, vec![RoleId::new(ids.l1)]);
    let roles = guild.roles(&http).await.expect("roles");
    assert_eq!(roles[&RoleId::new(ids.bot_role)].permissions.bits(), perm::ADMINISTRATOR);
    assert!(guild.channels(&http).await.expect("channels").contains_key(&ChannelId::new(ids.triage)));
    assert_eq!(triage_channel.message(&http, triage.id).await.expect("a message").content, "P1");
    assert!(
        !triage_channel.messages(&http, GetMessages::new().limit(10)).await.expect("messages").is_empty()
    );
    triage_channel.delete_message(&http, edited.id).await.expect("delete");
    assert!(discord.is_deleted(edited.id.get()));

    // The client's handler got every event the double sent it.
    bot.wait_seen(&discord, "INTERACTION_CREATE:", 8).await;
    bot.wait_seen(&discord, "MESSAGE_CREATE:alice:my VPN is down again", 1).await;
    bot.wait_seen(&discord, "MESSAGE_CREATE:tom:", 1).await;
    bot.wait_seen(&discord, "THREAD_CREATE:", 2).await;

    // Every dispatch, into serenity's GatewayEvent (as a known event) and its concrete type.
    let dispatched = discord.dispatched();
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for frame in &dispatched {
        let t = frame["t"].as_str().expect("t").to_owned();
        match serde_json::from_value::<GatewayEvent>(frame.clone()) {
            Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) | Err(_) => {
                panic!("serenity cannot read {t}: {frame}")
            }
            Ok(_) => {}
        }
        let d = frame["d"].clone();
        let ok = match t.as_str() {
            "READY" => serde_json::from_value::<Ready>(d).map(drop),
            "GUILD_CREATE" => serde_json::from_value::<Guild>(d).map(drop),
            "INTERACTION_CREATE" => serde_json::from_value::<Interaction>(d).map(drop),
            "MESSAGE_CREATE" => serde_json::from_value::<Message>(d).map(drop),
            "MESSAGE_UPDATE" => serde_json::from_value::<MessageUpdateEvent>(d).map(drop),
            "THREAD_CREATE" | "THREAD_UPDATE" => serde_json::from_value::<GuildChannel>(d).map(drop),
            _ => Ok(()),
        };
        ok.unwrap_or_else(|e| panic!("{t} does not deserialize into serenity's type: {e}\n{frame}"));
        *kinds.entry(t).or_default() += 1;
    }
    for t in
        ["READY", "GUILD_CREATE", "INTERACTION_CREATE", "MESSAGE_CREATE", "MESSAGE_UPDATE", "THREAD_CREATE"]
    {
        assert!(kinds.contains_key(t), "no {t} was sent: {kinds:?}");
    }
    assert_eq!(kinds["INTERACTION_CREATE"], 8);
    for frame in &dispatched {
        if frame["t"] == "INTERACTION_CREATE" {
            let kind = frame["d"]["type"].as_u64().unwrap();
            let parsed = serde_json::from_value::<Interaction>(frame["d"].clone()).unwrap();
            let matches = matches!(
                (kind, &parsed),
                (2, Interaction::Command(_)) | (3, Interaction::Component(_)) | (5, Interaction::Modal(_))
            );
            assert!(matches, "type {kind} became {parsed:?}");
        }
    }
    let sequences: Vec<u64> = dispatched.iter().map(|f| f["s"].as_u64().expect("s")).collect();
    assert!(sequences.windows(2).all(|w| w[1] == w[0] + 1), "sequence numbers run 1, 2, 3…: {sequences:?}");

    // Every REST body the double holds, into serenity's types.
    for channel in [ids.triage, thread.id.get(), dm.id.get(), ids.general] {
        for m in discord.all_messages_in(channel) {
            serde_json::from_value::<Message>(m.clone())
                .unwrap_or_else(|e| panic!("not a Message: {e}\n{m}"));
        }
    }
    for channel in [ids.triage, ids.general, thread.id.get(), private.id.get()] {
        let c = discord.channel(channel).expect("channel");
        serde_json::from_value::<GuildChannel>(c.clone())
            .unwrap_or_else(|e| panic!("not a GuildChannel: {e}\n{c}"));
    }
    let dm_json = discord.channel(dm.id.get()).expect("DM channel");
    serde_json::from_value::<PrivateChannel>(dm_json.clone())
        .unwrap_or_else(|e| panic!("not a PrivateChannel: {e}\n{dm_json}"));
    for c in discord.commands() {
        serde_json::from_value::<Command>(c.clone()).unwrap_or_else(|e| panic!("not a Command: {e}\n{c}"));
    }
    let member =
        raw(&discord, "GET", &format!("/guilds/{}/members/{}", ids.guild, ids.cora), None).await.body;
    serde_json::from_value::<Member>(member.clone())
        .unwrap_or_else(|e| panic!("not a Member: {e}\n{member}"));
    let roles = raw(&discord, "GET", &format!("/guilds/{}/roles", ids.guild), None).await.body;
    serde_json::from_value::<Vec<Role>>(roles.clone()).unwrap_or_else(|e| panic!("not Roles: {e}\n{roles}"));

    bot.stop().await;
    discord.assert_no_violations();
}

/// Bodies Discord would reject are answered 400 (50035, or 50006 for an empty message) and recorded
/// as violations; good bodies pass.
#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn validation_catches_violations_and_accepts_good_bodies() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    // Dozens of bodies to one channel in a moment: about bodies, not about pacing.
    discord.set_route_buckets(false);
    let post = format!("/channels/{}/messages", ids.triage);
    let button = |id: &str| json!({"type": 2, "style": 1, "label": "Go", "custom_id": id});
    let row =
        |ids: &[&str]| json!({"type": 1, "components": ids.iter().map(|i| button(i)).collect::<Vec<_>>()});

    // Good bodies.
    let good = [
        json!({"content": "x".repeat(2000)}),
        json!({"content": "é".repeat(2000)}),
        json!({"embeds": [{"title": "t", "description": "d".repeat(4096), "fields": [{"name": "n", "value": "v", "inline": true}]}]}),
        json!({"components": [row(&["a", "b", "c", "d", "e"]), row(&["f"]), row(&["g"]), row(&["h"]), row(&["i"])]}),
        json!({"content": "@everyone hi", "allowed_mentions": {"parse": []}}),
    ];
    for body in &good {
        let r = raw(&discord, "POST", &post, Some(body)).await;
        assert_eq!(r.status, 200, "{body} → {}", r.body);
    }
    assert!(discord.violations().is_empty(), "{:?}", discord.violations());

    // Bad bodies, each with the problem Discord would name.
    let embed_6001 = json!({"embeds": [
        {"description": "d".repeat(4000)},
        {"description": "d".repeat(2000), "title": "t"},
    ]});
    let bad: Vec<(Value, &str)> = vec![
        (json!({"content": 12}), "SCHEMA"),
        (json!({"content": "x", "tts": "yes"}), "tts"),
        (json!({"content": "x", "embeds": [{"title": ["not", "a", "string"]}]}), "embeds.0.title"),
        (json!({"content": "x".repeat(2001)}), "content"),
        (
            json!({"components": [row(&["a"]), row(&["b"]), row(&["c"]), row(&["d"]), row(&["e"]), row(&["f"])]}),
            "components",
        ),
        (json!({"components": [row(&["same", "same"])]}), "COMPONENT_CUSTOM_ID_DUPLICATED"),
        (json!({"components": [row(&["a", "b", "c", "d", "e", "f"])]}), "components.0.components"),
        (
            json!({"content": "c", "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "l".repeat(81), "custom_id": "x"}]}]}),
            "label",
        ),
        (
            json!({"content": "c", "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "i".repeat(101)}]}]}),
            "custom_id",
        ),
        (
            json!({"components": [{"type": 1, "components": [{"type": 3, "custom_id": "s", "options":
            (0..26).map(|i| json!({"label": format!("o{i}"), "value": format!("v{i}")})).collect::<Vec<_>>()}]}]}),
            "options",
        ),
        (embed_6001, "6000"),
        (
            json!({"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}),
            "mutually exclusive",
        ),
    ];
    for (body, expected) in &bad {
        let before = discord.violations().len();
        let r = raw(&discord, "POST", &post, Some(body)).await;
        assert_eq!(r.status, 400, "{expected}: {}", r.body);
        assert_eq!(r.body["code"], 50035);
        let violations = discord.violations();
        assert_eq!(violations.len(), before + 1);
        let said = violations.last().unwrap().to_string();
        assert!(said.contains(expected), "expected {expected:?} in {said}");
    }
    let empty = raw(&discord, "POST", &post, Some(&json!({"content": ""}))).await;
    assert_eq!((empty.status, empty.body["code"].clone()), (400, json!(50006)));
    assert_eq!(discord.take_violations().len(), bad.len() + 1);
    assert_eq!(discord.messages_in(ids.triage).len(), good.len(), "rejected bodies change nothing");

    // Mentions follow allowed_mentions.
    let pinged = raw(
        &discord,
        "POST",
        &post,
        Some(&json!({"content": format!("@everyone <@&{}> <@{}>", ids.l1, ids.tom)})),
    )
    .await;
    assert_eq!(pinged.body["mention_everyone"], true);
    assert_eq!(pinged.body["mention_roles"], json!([ids.l1.to_string()]));
    assert_eq!(pinged.body["mentions"][0]["id"], ids.tom.to_string());
    let quiet = raw(
        &discord,
        "POST",
        &post,
        Some(&json!({"content": "@everyone x", "allowed_mentions": {"parse": []}})),
    )
    .await;
    assert_eq!(quiet.body["mention_everyone"], false);

    // Commands: names, descriptions, permissions as strings or integers.
    let commands = format!("/applications/{}/guilds/{}/commands", ids.application, ids.guild);
    let ok = raw(
        &discord,
        "PUT",
        &commands,
        Some(&json!([
            {"name": "queue", "description": "The queue", "default_member_permissions": "8"},
            {"name": "stats", "description": "Stats", "default_member_permissions": 8},
            {"name": "ticket", "description": "Open", "options": [
                {"type": 3, "name": "summary", "description": "What", "required": true},
                {"type": 3, "name": "category", "description": "Which", "choices": [{"name": "Network", "value": "network"}]},
            ]},
        ])),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.body.as_array().map(Vec::len), Some(3));
    for (body, expected) in [
        (json!([{"name": "Ticket", "description": "Open"}]), "lowercase"),
        (json!([{"name": "my ticket", "description": "Open"}]), "invalid"),
        (json!([{"name": "t", "description": ""}]), "description"),
        (json!([{"name": "t", "description": "d".repeat(101)}]), "description"),
        (
            json!([{"name": "t", "description": "d", "options": [
            {"type": 3, "name": "a", "description": "a"}, {"type": 3, "name": "b", "description": "b", "required": true}]}]),
            "Required options",
        ),
        (json!([{"name": "t", "description": "d"}, {"name": "t", "description": "e"}]), "unique"),
    ] {
        let r = raw(&discord, "PUT", &commands, Some(&body)).await;
        assert_eq!(r.status, 400, "{expected}: {}", r.body);
        let said = discord.take_violations().pop().expect("a violation").to_string();
        assert!(said.contains(expected), "expected {expected:?} in {said}");
    }

    // Threads: name 1–100, archive durations.
    let message = id_of(&discord.latest_message_in(ids.triage).unwrap());
    let threads = format!("/channels/{}/messages/{message}/threads", ids.triage);
    let long = raw(&discord, "POST", &threads, Some(&json!({"name": "n".repeat(101)}))).await;
    assert_eq!(long.status, 400);
    let bad_archive =
        raw(&discord, "POST", &threads, Some(&json!({"name": "t", "auto_archive_duration": 30}))).await;
    assert_eq!(bad_archive.status, 400);
    assert_eq!(discord.take_violations().len(), 2);
    let thread = raw(
        &discord,
        "POST",
        &threads,
        Some(&json!({"name": "n".repeat(100), "auto_archive_duration": 10080})),
    )
    .await;
    assert_eq!(thread.status, 201, "{}", thread.body);
    let again = raw(&discord, "POST", &threads, Some(&json!({"name": "again"}))).await;
    assert_eq!((again.status, again.body["code"].clone()), (400, json!(160004)));

    // A call Discord does not have, and one the double does not serve, are visible.
    let nowhere = raw(&discord, "GET", "/no/such/route", None).await;
    assert_eq!(nowhere.status, 404);
    let said = discord.take_violations().pop().expect("a violation").to_string();
    assert!(said.contains("does not document"), "{said}");
    discord.assert_no_violations();
}

/// Interaction callbacks: type 5 takes only the EPHEMERAL flag, modals are bounded, a second answer
/// gets 40060, a late one 10062, a follow-up before the answer 10015 — each a violation.
#[tokio::test]
async fn interaction_rules_are_enforced() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, false).await;
    GuildId::new(ids.guild)
        .set_commands(
            &discord.serenity_http(),
            vec![CreateCommand::new("ticket").description("Open a ticket")],
        )
        .await
        .expect("register");
    let callback =
        |h: &support::discord::InteractionHandle| format!("/interactions/{}/{}/callback", h.id, h.token);

    let first = discord.slash(ids.alice, "ticket", json!({})).await;
    let deferred_flags =
        raw(&discord, "POST", &callback(&first), Some(&json!({"type": 5, "data": {"flags": 64 | 4}}))).await;
    assert_eq!(deferred_flags.status, 400);
    assert!(discord.take_violations()[0].to_string().contains("EPHEMERAL"));
    let modal = |title: &str, rows: usize| {
        json!({"type": 9, "data": {"custom_id": "m", "title": title, "components": (0..rows).map(|i| json!({"type": 1, "components": [
            {"type": 4, "custom_id": format!("f{i}"), "style": 1, "label": "Field"}]})).collect::<Vec<_>>()}})
    };
    assert_eq!(raw(&discord, "POST", &callback(&first), Some(&modal(&"t".repeat(46), 1))).await.status, 400);
    assert_eq!(raw(&discord, "POST", &callback(&first), Some(&modal("Title", 6))).await.status, 400);
    assert_eq!(discord.take_violations().len(), 2);
    let early = raw(
        &discord,
        "POST",
        &format!("/webhooks/{}/{}", ids.application, first.token),
        Some(&json!({"content": "x"})),
    )
    .await;
    assert_eq!(early.body["code"], 10015);
    assert!(discord.take_violations()[0].to_string().contains("before it was answered"));

    let good =
        raw(&discord, "POST", &callback(&first), Some(&json!({"type": 5, "data": {"flags": 64}}))).await;
    assert_eq!(good.status, 204);
    let twice =
        raw(&discord, "POST", &callback(&first), Some(&json!({"type": 4, "data": {"content": "again"}})))
            .await;
    assert_eq!(twice.body["code"], 40060);
    assert!(discord.take_violations()[0].to_string().contains("answered twice"));
    let original = format!("/webhooks/{}/{}/messages/@original", ids.application, first.token);
    let edited = raw(&discord, "PATCH", &original, Some(&json!({"content": "Ticket #1 opened"}))).await;
    assert_eq!(edited.status, 200);
    assert_eq!(first.reply_text().await, "Ticket #1 opened");
    assert!(first.is_ephemeral().await);

    // After a type 5 deferral, the first follow-up replaces the loading message (ephemeral kept).
    let second = discord.slash(ids.alice, "ticket", json!({})).await;
    let mark = discord.mark();
    let deferred =
        raw(&discord, "POST", &callback(&second), Some(&json!({"type": 5, "data": {"flags": 64}}))).await;
    assert_eq!(deferred.status, 204);
    let webhook = format!("/webhooks/{}/{}", ids.application, second.token);
    let first_followup = raw(&discord, "POST", &webhook, Some(&json!({"content": "done"}))).await;
    assert_eq!(first_followup.body["id"], second.original().expect("original")["id"]);
    assert!(second.is_ephemeral().await);
    assert_eq!(second.reply_text().await, "done");
    let next = raw(&discord, "POST", &webhook, Some(&json!({"content": "and more"}))).await;
    assert_ne!(next.body["id"], first_followup.body["id"]);
    assert_eq!(second.followups().len(), 2);
    // Discord: interaction endpoints (the callback, `@original`, follow-ups) are not bound to the
    // global rate limit.
    assert_eq!(discord.non_exempt_since(mark), 0, "the callback and its follow-ups are all exempt");
    assert_eq!(
        discord.route_counts_since(mark),
        vec![
            ("POST /webhooks/{webhook_id}/{webhook_token}".to_owned(), 2),
            ("POST /interactions/{interaction_id}/{interaction_token}/callback".to_owned(), 1),
        ]
    );

    discord.set_interaction_deadline(Duration::from_millis(50));
    let late = discord.slash(ids.alice, "ticket", json!({})).await;
    tokio::time::sleep(Duration::from_millis(80)).await;
    let r =
        raw(&discord, "POST", &callback(&late), Some(&json!({"type": 4, "data": {"content": "late"}}))).await;
    assert_eq!(r.body["code"], 10062);
    assert!(discord.take_violations()[0].to_string().contains("answered after"));

    bot.stop().await;
    discord.assert_no_violations();
}

/// Chosen routes fail as asked: 50007 then OK, closed DMs, 429 with `retry_after` and
/// `Retry-After`, 500.
#[tokio::test]
async fn error_injection_works() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    // Eight posts to one channel in a moment: about injected failures, not about buckets.
    discord.set_route_buckets(false);
    let http = discord.serenity_http();
    let dm = UserId::new(ids.alice).create_dm_channel(&http).await.expect("DM channel");
    let path = format!("/channels/{}/messages", dm.id);
    let path_re = format!("^{path}$");

    let rule = discord.fail_code("POST", &path_re, 1, 50007);
    let err = dm.say(&http, "first").await.expect_err("DMs closed once");
    let serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(e)) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.status_code.as_u16(), e.error.code), (403, 50007));
    dm.say(&http, "second").await.expect("then OK");
    assert_eq!(discord.failure_hits(rule), 1);
    assert_eq!(discord.dms_to(ids.alice).len(), 1, "a failed request changes nothing");

    discord.close_dms(ids.alice);
    assert_eq!(raw(&discord, "POST", &path, Some(&json!({"content": "x"}))).await.body["code"], 50007);
    discord.open_dms(ids.alice);
    assert_eq!(raw(&discord, "POST", &path, Some(&json!({"content": "x"}))).await.status, 200);

    discord.rate_limit("POST", &path_re, 1, 0.25);
    let limited = raw(&discord, "POST", &path, Some(&json!({"content": "x"}))).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body["retry_after"], 0.25);
    assert_eq!(limited.body["global"], false);
    assert_eq!(limited.header("Retry-After"), Some("1"));
    assert_eq!(raw(&discord, "POST", &path, Some(&json!({"content": "x"}))).await.status, 200);

    discord.fail(
        "*",
        r"^/channels/\d+/messages",
        support::discord::Times::Always,
        500,
        json!({"message": "500", "code": 0}),
    );
    assert_eq!(raw(&discord, "POST", &path, Some(&json!({"content": "x"}))).await.status, 500);
    assert_eq!(raw(&discord, "GET", &path, None).await.status, 500);
    discord.clear_failures();

    // Discord's global limit, when asked for: past N non-exempt requests in a second, 429 (global).
    discord.set_global_rate_limit(Some(3));
    let mut global = Vec::new();
    for _ in 0..5 {
        global.push(raw(&discord, "GET", "/users/@me", None).await);
    }
    discord.set_global_rate_limit(None);
    assert!(global.iter().any(|r| r.status == 429
        && r.body["global"] == true
        && r.header("X-RateLimit-Global") == Some("true")));
    assert_eq!(raw(&discord, "GET", &path, None).await.status, 200);

    let statuses: Vec<u16> = discord.requests_matching("POST", &path_re).iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![403, 200, 403, 200, 429, 200, 500]);
    discord.assert_no_violations();
}

/// A dropped connection is resumed: RESUMED, and events flow again on the same session.
#[tokio::test]
async fn a_dropped_gateway_connection_resumes() {
    let (discord, ids): (DiscordDouble, Typical) = DiscordDouble::start_typical().await;
    discord.set_heartbeat_interval(Duration::from_millis(100));
    let bot = Bot::start(&discord, false).await;
    let heartbeats = |d: &Discord| d.gateway_frames().iter().filter(|f| f.frame["op"] == 1).count();
    discord.wait_until("two heartbeats", |d| heartbeats(d) >= 2).await;
    assert!(
        !discord.gateway_frames().iter().any(|f| f.frame["op"] == 6),
        "acknowledged heartbeats need no resume"
    );
    discord.disconnect(4000);
    discord
        .wait_until("a RESUMED dispatch", |d| {
            d.dispatched().iter().any(|f| f["t"] == "RESUMED") && d.dispatched().len() >= 3
        })
        .await;
    discord.dm(ids.bob, "still there?").await;
    bot.wait_seen(&discord, "MESSAGE_CREATE:bob:still there?", 1).await;
    assert_eq!(bot.count("READY"), 1, "resumed, not identified again");
    assert!(text_of(&discord.messages_in(discord.dm_channel(ids.bob))[0]).contains("still there?"));
    bot.stop().await;
    discord.assert_no_violations();
}

/// The gateway as Discord speaks it, without serenity: HELLO, a zlib-compressed IDENTIFY, READY and
/// GUILD_CREATE with sequence numbers, heartbeat ACK, intents honoured, unknown opcodes refused.
#[tokio::test]
async fn the_gateway_speaks_discords_protocol() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let mut ws = RawWs::connect(&discord).await;
    let hello = ws.recv_json().await;
    assert_eq!(hello["op"], 10);
    assert_eq!(hello["d"]["heartbeat_interval"], 41_250);

    let intents = (1 << 0) | (1 << 9); // GUILDS | GUILD_MESSAGES, no DIRECT_MESSAGES
    ws.send_zlib(&json!({"op": 2, "d": {"token": "Bot secret", "intents": intents, "properties": {}, "shard": [0, 1], "compress": true}}))
        .await;
    let ready = ws.recv_json().await;
    assert_eq!(
        (ready["op"].clone(), ready["s"].clone(), ready["t"].clone()),
        (json!(0), json!(1), json!("READY"))
    );
    let guild = ws.recv_json().await;
    assert_eq!((guild["s"].clone(), guild["t"].clone()), (json!(2), json!("GUILD_CREATE")));
    assert_eq!(discord.identify().expect("identify")["token"], "<redacted>");

    ws.send_json(&json!({"op": 1, "d": 2})).await;
    assert_eq!(ws.recv_json().await, json!({"op": 11}));

    discord.dm(ids.alice, "not for this bot").await;
    assert!(
        discord.undelivered().iter().any(|e| e.starts_with("MESSAGE_CREATE")),
        "{:?}",
        discord.undelivered()
    );
    discord.post(ids.bob, ids.general, "hello").await;
    let message = ws.recv_json().await;
    assert_eq!((message["s"].clone(), message["t"].clone()), (json!(3), json!("MESSAGE_CREATE")));
    assert_eq!(message["d"]["content"], "", "no MESSAGE_CONTENT intent");
    assert_eq!(message["d"]["member"]["roles"], json!([]));

    ws.send_json(&json!({"op": 99, "d": null})).await;
    let (opcode, payload) = ws.recv().await;
    assert_eq!(opcode, 8, "a close frame");
    assert_eq!(u16::from_be_bytes([payload[0], payload[1]]), 4001);
    assert_eq!(discord.unexpected_gateway_frames().len(), 1);
    let violations = discord.take_violations();
    assert!(violations[0].to_string().contains("unknown opcode"), "{violations:?}");
    discord.assert_no_violations();
}

// ----- exactly once: enforce_nonce -----

/// The message bodies of a channel's POSTs with this nonce, as serenity sends them.
fn with_nonce(content: &str, nonce: &str, enforce: bool) -> CreateMessage {
    CreateMessage::new().content(content).nonce(Nonce::String(nonce.to_owned())).enforce_nonce(enforce)
}

/// How many MESSAGE_CREATE dispatches carried message `id`.
fn creates_of(discord: &Discord, id: u64) -> usize {
    let id = id.to_string();
    discord.dispatched().iter().filter(|f| f["t"] == "MESSAGE_CREATE" && f["d"]["id"] == id).count()
}

/// `enforce_nonce`: a second creation with the same nonce by the same author is answered 200 with
/// the first message; nothing is created and the bot gets no second MESSAGE_CREATE.
#[tokio::test]
async fn enforce_nonce_answers_with_the_first_message_and_creates_nothing() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, false).await;
    let http = discord.serenity_http();
    let triage = ChannelId::new(ids.triage);

    let first = triage.send_message(&http, with_nonce("#7 VPN down", "notice-7", true)).await.expect("first");
    assert!(matches!(&first.nonce, Some(Nonce::String(n)) if n == "notice-7"), "the nonce is echoed");
    bot.wait_seen(&discord, "MESSAGE_CREATE:deskbot:#7 VPN down", 1).await;
    let mark = discord.mark();
    let again =
        triage.send_message(&http, with_nonce("#7 VPN down (retry)", "notice-7", true)).await.expect("again");
    assert_eq!(again.id, first.id, "the first message is the answer");
    assert_eq!(again.content, "#7 VPN down", "as it was, not the retry's body");
    assert_eq!(discord.messages_in(ids.triage).len(), 1, "nothing was created");
    assert_eq!(discord.deduplicated_since(mark), 1);
    assert_eq!(discord.deduplicated(), 1);
    assert_eq!(discord.requests_since(mark)[0].status, 200);
    assert!(discord.requests_since(mark)[0].deduplicated);

    // Another message after it is echoed, so an echo of the retry would have arrived before it.
    triage.send_message(&http, CreateMessage::new().content("later")).await.expect("later");
    bot.wait_seen(&discord, "MESSAGE_CREATE:deskbot:later", 1).await;
    assert_eq!(creates_of(&discord, first.id.get()), 1, "one MESSAGE_CREATE for the message");
    assert_eq!(bot.count("MESSAGE_CREATE:deskbot:#7"), 1);

    // Integer nonces too, and a nonce is the author's across channels.
    let general = ChannelId::new(ids.general);
    let number = general
        .send_message(&http, CreateMessage::new().content("n").nonce(Nonce::Number(42)).enforce_nonce(true))
        .await
        .expect("integer nonce");
    let same = triage
        .send_message(&http, CreateMessage::new().content("m").nonce(Nonce::Number(42)).enforce_nonce(true))
        .await
        .expect("same integer nonce");
    assert_eq!(same.id, number.id);
    assert_eq!(discord.deduplicated(), 2);

    bot.stop().await;
    discord.assert_no_violations();
}

/// Without `enforce_nonce` a repeated nonce creates a new message, as on Discord; a later creation
/// that enforces it gets the latest of them.
#[tokio::test]
async fn a_repeated_nonce_without_enforce_nonce_creates_a_new_message() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let http = discord.serenity_http();
    let triage = ChannelId::new(ids.triage);
    let one = triage.send_message(&http, with_nonce("one", "n-1", false)).await.expect("one");
    let two = triage.send_message(&http, with_nonce("two", "n-1", false)).await.expect("two");
    assert_ne!(one.id, two.id);
    assert_eq!(discord.messages_in(ids.triage).len(), 2);
    assert_eq!(discord.deduplicated(), 0);
    let enforced = triage.send_message(&http, with_nonce("three", "n-1", true)).await.expect("three");
    assert_eq!(enforced.id, two.id);
    assert_eq!(discord.messages_in(ids.triage).len(), 2);

    // A deleted message no longer holds its nonce.
    triage.delete_message(&http, two.id).await.expect("delete");
    let four = triage.send_message(&http, with_nonce("four", "n-1", true)).await.expect("four");
    assert_ne!(four.id, two.id);
    assert_eq!(discord.deduplicated(), 1);
    discord.assert_no_violations();
}

/// A nonce holds for the nonce window (5 minutes by default), then a creation with it makes a new
/// message.
#[tokio::test]
async fn a_nonce_is_forgotten_after_its_window() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let http = discord.serenity_http();
    let triage = ChannelId::new(ids.triage);
    assert_eq!(support::discord::NONCE_WINDOW, Duration::from_secs(300));
    discord.set_nonce_window(Duration::from_millis(200));
    let first = triage.send_message(&http, with_nonce("a", "window", true)).await.expect("first");
    let within = triage.send_message(&http, with_nonce("b", "window", true)).await.expect("within");
    assert_eq!(within.id, first.id);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let after = triage.send_message(&http, with_nonce("c", "window", true)).await.expect("after");
    assert_ne!(after.id, first.id);
    assert_eq!(discord.messages_in(ids.triage).len(), 2);
    discord.assert_no_violations();
}

/// `nonce` is a string of at most 25 characters or an integer; anything else is 400 50035 naming
/// `nonce`, and a violation.
#[tokio::test]
async fn a_nonce_that_is_not_a_short_string_or_an_integer_is_refused() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    discord.set_route_buckets(false);
    let post = format!("/channels/{}/messages", ids.triage);
    for nonce in [json!("n".repeat(25)), json!("é".repeat(25)), json!(12_345), json!(-7)] {
        let r = raw(&discord, "POST", &post, Some(&json!({"content": "x", "nonce": nonce}))).await;
        assert_eq!(r.status, 200, "{nonce}: {}", r.body);
        assert_eq!(r.body["nonce"], nonce, "echoed as sent");
    }
    discord.assert_no_violations();
    let bad = [json!("n".repeat(26)), json!(1.5), json!(true), json!({"id": 1})];
    for nonce in &bad {
        let r = raw(
            &discord,
            "POST",
            &post,
            Some(&json!({"content": "x", "nonce": nonce, "enforce_nonce": true})),
        )
        .await;
        assert_eq!((r.status, r.body["code"].clone()), (400, json!(50035)), "{nonce}: {}", r.body);
        assert!(r.body["errors"].get("nonce").is_some(), "{nonce}: {}", r.body);
    }
    let violations = discord.take_violations();
    assert_eq!(violations.len(), bad.len(), "{violations:?}");
    assert!(violations.iter().all(|v| v.to_string().contains("nonce")), "{violations:?}");
    assert_eq!(discord.messages_in(ids.triage).len(), 4, "refused bodies create nothing");
}

// ----- rate limits -----

fn header_f64(r: &RawResponse, name: &str) -> f64 {
    r.header(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no numeric {name}: {:?}", r.headers))
}

fn epoch_now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs_f64()
}

/// The keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    k.sort();
    k
}

/// Asserts a per-route 429 as Discord sends it and returns its `retry_after`.
fn assert_route_429(r: &RawResponse, limit: &str) -> f64 {
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(keys(&r.body), ["global", "message", "retry_after"], "no code, as Discord: {}", r.body);
    assert_eq!(r.body["message"], "You are being rate limited.");
    assert_eq!(r.body["global"], false);
    let retry_after = r.body["retry_after"].as_f64().expect("retry_after in seconds");
    assert!(retry_after > 0.0, "{retry_after}");
    let whole: u64 = r.header("Retry-After").and_then(|v| v.parse().ok()).expect("an integer Retry-After");
    assert_eq!(whole as f64, retry_after.ceil(), "Retry-After rounds retry_after up");
    assert_eq!(r.header("X-RateLimit-Scope"), Some("user"));
    assert_eq!(r.header("X-RateLimit-Global"), None);
    assert_eq!(r.header("X-RateLimit-Limit"), Some(limit));
    assert_eq!(r.header("X-RateLimit-Remaining"), Some("0"));
    assert!((header_f64(r, "X-RateLimit-Reset-After") - retry_after).abs() < 0.01);
    retry_after
}

/// `POST /channels/{c}/messages` takes 5 per 5 s per channel: every answer carries Discord's
/// `X-RateLimit-*` headers, the sixth is 429 without a `code`, another channel has its own bucket,
/// and a refused body uses the bucket too.
#[tokio::test]
async fn posting_takes_five_messages_per_five_seconds_per_channel_with_discords_headers() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let post = format!("/channels/{}/messages", ids.triage);
    let mut bucket = None;
    for i in 0..5 {
        let body = if i == 4 { json!({"content": ""}) } else { json!({"content": format!("m{i}")}) };
        let r = raw(&discord, "POST", &post, Some(&body)).await;
        assert_eq!(r.status, if i == 4 { 400 } else { 200 }, "{}", r.body);
        assert_eq!(r.header("X-RateLimit-Limit"), Some("5"));
        assert_eq!(r.header("X-RateLimit-Remaining"), Some((4 - i).to_string().as_str()));
        let reset_after = header_f64(&r, "X-RateLimit-Reset-After");
        assert!(reset_after > 0.0 && reset_after <= 5.0, "{reset_after}");
        let reset = header_f64(&r, "X-RateLimit-Reset");
        assert!((reset - (epoch_now() + reset_after)).abs() < 1.0, "Reset is epoch seconds: {reset}");
        let hash = r.header("X-RateLimit-Bucket").expect("a bucket").to_owned();
        assert_eq!(bucket.get_or_insert(hash.clone()), &hash, "one bucket for the route");
    }
    assert_eq!(discord.take_violations().len(), 1, "the empty message");
    let over = raw(&discord, "POST", &post, Some(&json!({"content": "sixth"}))).await;
    let retry_after = assert_route_429(&over, "5");
    assert!(retry_after <= 5.0);
    assert_eq!(over.header("X-RateLimit-Bucket"), bucket.as_deref());
    assert_eq!(discord.messages_in(ids.triage).len(), 4, "the 429 created nothing");
    // serenity, with its limiter off, sees the 429 as an error.
    let refused = ChannelId::new(ids.triage).say(&discord.serenity_http(), "seventh").await;
    assert!(refused.is_err());

    let elsewhere = raw(
        &discord,
        "POST",
        &format!("/channels/{}/messages", ids.general),
        Some(&json!({"content": "hi"})),
    )
    .await;
    assert_eq!(elsewhere.status, 200);
    assert_eq!(elsewhere.header("X-RateLimit-Remaining"), Some("4"), "a bucket per channel");
    assert_eq!(elsewhere.header("X-RateLimit-Bucket"), bucket.as_deref(), "the hash leaves the channel out");

    let limited = discord.rate_limited();
    assert_eq!((limited.route, limited.global, limited.injected, limited.total()), (2, 0, 0, 2));
    discord.assert_no_violations();
}

/// A bucket refills when its window ends: after `retry_after`, the route takes requests again.
#[tokio::test]
async fn a_bucket_refills_when_its_window_ends() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    discord.set_route_limit(RouteKind::CreateMessage, 2, Duration::from_millis(400));
    assert_eq!(
        discord.route_limit(RouteKind::CreateMessage),
        Some(BucketLimit { limit: 2, per: Duration::from_millis(400) })
    );
    let post = format!("/channels/{}/messages", ids.triage);
    let body = json!({"content": "x"});
    for _ in 0..2 {
        assert_eq!(raw(&discord, "POST", &post, Some(&body)).await.status, 200);
    }
    let over = raw(&discord, "POST", &post, Some(&body)).await;
    let retry_after = assert_route_429(&over, "2");
    assert!(retry_after <= 0.4, "{retry_after}");
    tokio::time::sleep(Duration::from_secs_f64(retry_after + 0.02)).await;
    let again = raw(&discord, "POST", &post, Some(&body)).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.header("X-RateLimit-Remaining"), Some("1"), "a fresh window");

    // Off, the buckets neither refuse nor send headers.
    discord.set_route_buckets(false);
    for _ in 0..4 {
        let r = raw(&discord, "POST", &post, Some(&body)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("X-RateLimit-Bucket"), None);
    }
    assert_eq!(discord.rate_limited().route, 1);
    discord.assert_no_violations();
}

/// Editing, creating threads and opening DM channels each have a bucket of their own (their own
/// `X-RateLimit-Bucket`), apart from posting's: an empty posting bucket does not stop them.
#[tokio::test]
async fn edits_threads_and_dm_channels_have_buckets_of_their_own() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let post = format!("/channels/{}/messages", ids.triage);
    let mut posted = Vec::new();
    for i in 0..5 {
        posted.push(id_of(
            &raw(&discord, "POST", &post, Some(&json!({"content": format!("m{i}")}))).await.body,
        ));
    }
    let create_hash = assert_posting_bucket_is_empty(&discord, &post).await;

    let edit = format!("/channels/{}/messages/{}", ids.triage, posted[0]);
    let mut edits = Vec::new();
    for i in 0..5 {
        edits.push(raw(&discord, "PATCH", &edit, Some(&json!({"content": format!("edit {i}")}))).await);
    }
    assert!(edits.iter().all(|r| r.status == 200 && r.header("X-RateLimit-Limit") == Some("5")));
    assert_eq!(edits[4].header("X-RateLimit-Remaining"), Some("0"));
    assert_route_429(&raw(&discord, "PATCH", &edit, Some(&json!({"content": "sixth"}))).await, "5");
    let edit_hash = edits[0].header("X-RateLimit-Bucket").expect("a bucket").to_owned();

    let thread = raw(
        &discord,
        "POST",
        &format!("/channels/{}/messages/{}/threads", ids.triage, posted[1]),
        Some(&json!({"name": "Ticket #1"})),
    )
    .await;
    assert_eq!(thread.status, 201, "{}", thread.body);
    assert_eq!(thread.header("X-RateLimit-Limit"), Some("10"));
    let plain = raw(
        &discord,
        "POST",
        &format!("/channels/{}/threads", ids.triage),
        Some(&json!({"name": "coordination", "type": 12})),
    )
    .await;
    assert_eq!(plain.status, 201, "{}", plain.body);
    assert_eq!(plain.header("X-RateLimit-Remaining"), Some("8"), "both thread routes share a bucket");
    let thread_hash = thread.header("X-RateLimit-Bucket").expect("a bucket").to_owned();
    assert_eq!(plain.header("X-RateLimit-Bucket"), Some(thread_hash.as_str()));

    let dm =
        raw(&discord, "POST", "/users/@me/channels", Some(&json!({"recipient_id": ids.alice.to_string()})))
            .await;
    assert_eq!(dm.status, 200);
    assert_eq!((dm.header("X-RateLimit-Limit"), dm.header("X-RateLimit-Remaining")), (Some("5"), Some("4")));
    let dm_hash = dm.header("X-RateLimit-Bucket").expect("a bucket").to_owned();

    let mut hashes = vec![&create_hash, &edit_hash, &thread_hash, &dm_hash];
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 4, "four buckets: {hashes:?}");
    assert_eq!(create_hash, RouteKind::CreateMessage.bucket_hash());
    // Routes without a bucket of their own carry no bucket headers.
    let read = raw(&discord, "GET", &post, None).await;
    assert_eq!((read.status, read.header("X-RateLimit-Bucket")), (200, None));
    discord.assert_no_violations();
}

/// Posts past the bucket of `post` once more; asserts the 429 and returns the bucket's hash.
async fn assert_posting_bucket_is_empty(discord: &Discord, post: &str) -> String {
    let over = raw(discord, "POST", post, Some(&json!({"content": "over"}))).await;
    assert_route_429(&over, "5");
    over.header("X-RateLimit-Bucket").expect("a bucket").to_owned()
}

/// Interaction callbacks and webhook follow-ups and edits are exempt from every limit: no 429
/// even with the global limit at nothing and every bucket at one request, no bucket headers, not
/// counted as non-exempt.
#[tokio::test]
async fn interaction_callbacks_and_webhooks_are_exempt_from_every_limit() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, false).await;
    GuildId::new(ids.guild)
        .set_commands(&discord.serenity_http(), vec![CreateCommand::new("ticket").description("Open")])
        .await
        .expect("register");
    let ticket = discord.slash(ids.alice, "ticket", json!({})).await;
    discord.set_route_limit(RouteKind::CreateMessage, 1, Duration::from_secs(60));
    discord.set_route_limit(RouteKind::EditMessage, 1, Duration::from_secs(60));
    discord.set_global_rate_limit(Some(0));
    let mark = discord.mark();
    let callback = format!("/interactions/{}/{}/callback", ticket.id, ticket.token);
    let webhook = format!("/webhooks/{}/{}", ids.application, ticket.token);
    let mut answers =
        vec![raw(&discord, "POST", &callback, Some(&json!({"type": 4, "data": {"content": "ok"}}))).await];
    for i in 0..4 {
        answers.push(raw(&discord, "POST", &webhook, Some(&json!({"content": format!("f{i}")}))).await);
        answers.push(
            raw(
                &discord,
                "PATCH",
                &format!("{webhook}/messages/@original"),
                Some(&json!({"content": format!("e{i}")})),
            )
            .await,
        );
    }
    for r in &answers {
        assert!(matches!(r.status, 200 | 204), "{}", r.body);
        assert_eq!(r.header("X-RateLimit-Bucket"), None);
    }
    assert_eq!(discord.non_exempt_since(mark), 0);
    assert!(discord.non_exempt_by_kind_since(mark).is_empty());
    assert_eq!(discord.rate_limited_since(mark).total(), 0);
    // The same limits refuse everything else.
    let other = raw(&discord, "GET", "/users/@me", None).await;
    assert_eq!((other.status, other.body["global"].clone()), (429, json!(true)));
    discord.set_global_rate_limit(Some(support::discord::GLOBAL_RATE_LIMIT));
    bot.stop().await;
    discord.assert_no_violations();
}

/// The global limit is on by default at Discord's 50 requests a second over every non-exempt
/// route: past it, 429 with `"global": true` and no `code`, `Retry-After`, `X-RateLimit-Global`
/// and `X-RateLimit-Scope: global`; after `retry_after` requests pass again.
#[tokio::test]
async fn the_global_limit_refuses_past_fifty_requests_a_second() {
    let (discord, _ids) = DiscordDouble::start_typical().await;
    assert_eq!(support::discord::GLOBAL_RATE_LIMIT, 50);
    let mark = discord.mark();
    let burst: Vec<_> = (0..100)
        .map(|_| {
            let d = discord.handle();
            tokio::spawn(async move { raw(&d, "GET", "/users/@me", None).await })
        })
        .collect();
    let mut answers = Vec::new();
    for b in burst {
        answers.push(b.await.expect("a request"));
    }
    let refused: Vec<&RawResponse> = answers.iter().filter(|r| r.status == 429).collect();
    assert!(!refused.is_empty(), "100 requests at once pass a limit of 50 a second");
    for r in &refused {
        assert_eq!(keys(&r.body), ["global", "message", "retry_after"], "no code, as Discord: {}", r.body);
        assert_eq!(r.body["global"], true);
        let retry_after = r.body["retry_after"].as_f64().expect("seconds");
        assert!(retry_after > 0.0 && retry_after <= 1.0, "{retry_after}");
        let whole: f64 =
            r.header("Retry-After").and_then(|v| v.parse().ok()).expect("an integer Retry-After");
        assert_eq!(whole, retry_after.ceil());
        assert_eq!(r.header("X-RateLimit-Global"), Some("true"));
        assert_eq!(r.header("X-RateLimit-Scope"), Some("global"));
    }
    // Never more than 50 accepted in any one second.
    let accepted: Vec<Duration> =
        discord.requests_since(mark).iter().filter(|r| r.status != 429).map(|r| r.at).collect();
    for t in &accepted {
        let in_second = accepted.iter().filter(|u| **u >= *t && **u < *t + Duration::from_secs(1)).count();
        assert!(in_second <= 50, "{in_second} accepted in the second from {t:?}");
    }
    let limited = discord.rate_limited_since(mark);
    assert_eq!((limited.global, limited.route, limited.total()), (refused.len(), 0, refused.len()));

    let wait = refused.iter().filter_map(|r| r.body["retry_after"].as_f64()).fold(0.0, f64::max);
    tokio::time::sleep(Duration::from_secs_f64(wait + 0.05)).await;
    assert_eq!(raw(&discord, "GET", "/users/@me", None).await.status, 200);

    discord.set_global_rate_limit(None);
    let many: Vec<_> = (0..60)
        .map(|_| {
            let d = discord.handle();
            tokio::spawn(async move { raw(&d, "GET", "/users/@me", None).await.status })
        })
        .collect();
    for m in many {
        assert_eq!(m.await.expect("a request"), 200, "off, the global limit refuses nothing");
    }
    discord.assert_no_violations();
}

/// What a flow cost: non-exempt requests by route kind, and the 429s by cause (global, route,
/// injected), from a mark.
#[tokio::test]
async fn requests_are_counted_by_route_kind_and_429s_by_cause() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let mark = discord.mark();
    let post = format!("/channels/{}/messages", ids.triage);
    let message = id_of(&raw(&discord, "POST", &post, Some(&json!({"content": "a"}))).await.body);
    raw(&discord, "POST", &post, Some(&json!({"content": "b"}))).await;
    raw(&discord, "PATCH", &format!("{post}/{message}"), Some(&json!({"content": "a2"}))).await;
    raw(&discord, "POST", &format!("{post}/{message}/threads"), Some(&json!({"name": "t"}))).await;
    raw(&discord, "POST", "/users/@me/channels", Some(&json!({"recipient_id": ids.bob.to_string()}))).await;
    raw(&discord, "GET", "/users/@me", None).await;
    raw(&discord, "GET", &post, None).await;
    let counts = discord.non_exempt_by_kind_since(mark);
    let expected = [
        (RouteKind::CreateMessage, 2),
        (RouteKind::EditMessage, 1),
        (RouteKind::CreateThread, 1),
        (RouteKind::OpenDm, 1),
        (RouteKind::Other, 2),
    ];
    assert_eq!(counts, expected.into_iter().collect::<std::collections::BTreeMap<_, _>>());
    assert_eq!(discord.non_exempt_since(mark), 7);
    assert_eq!(discord.rate_limited_since(mark), RateLimited::default());

    let limits = discord.mark();
    discord.set_route_limit(RouteKind::CreateMessage, 2, Duration::from_secs(60));
    assert_eq!(raw(&discord, "POST", &post, Some(&json!({"content": "c"}))).await.status, 429);
    discord.rate_limit("GET", "^/users/@me$", 1, 0.5);
    assert_eq!(raw(&discord, "GET", "/users/@me", None).await.status, 429);
    discord.set_global_rate_limit(Some(0));
    assert_eq!(raw(&discord, "GET", "/users/@me", None).await.status, 429);
    discord.set_global_rate_limit(Some(support::discord::GLOBAL_RATE_LIMIT));
    let limited = discord.rate_limited_since(limits);
    assert_eq!(limited, RateLimited { global: 1, route: 1, injected: 1 });
    assert_eq!((limited.total(), limited.enforced()), (3, 2));
    assert_eq!(discord.rate_limited().total(), 3);
    assert_eq!(discord.non_exempt_since(limits), 3, "429s are requests too");
    discord.assert_no_violations();
}

// ----- exactly once: threads and duplicate events -----

/// A thread on a message that already has one is refused 400 with Discord's 160004 body; the
/// thread keeps the message's id and nothing new is created.
#[tokio::test]
async fn a_second_thread_on_a_message_is_refused_with_160004() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let http = discord.serenity_http();
    let triage = ChannelId::new(ids.triage);
    let message = triage.say(&http, "#9 printer on fire").await.expect("a message");
    let thread = triage
        .create_thread_from_message(&http, message.id, CreateThread::new("Ticket #9"))
        .await
        .expect("thread");
    assert_eq!(thread.id.get(), message.id.get(), "a thread from a message has the message's id");
    let err = triage
        .create_thread_from_message(&http, message.id, CreateThread::new("Ticket #9 again"))
        .await
        .expect_err("one thread per message");
    let serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(e)) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.status_code.as_u16(), e.error.code), (400, 160_004));
    let path = format!("/channels/{}/messages/{}/threads", ids.triage, message.id);
    let body = raw(&discord, "POST", &path, Some(&json!({"name": "third"}))).await.body;
    assert_eq!(
        body,
        json!({"code": 160_004, "message": "A thread has already been created for this message"})
    );
    assert_eq!(discord.threads_in(ids.triage).len(), 1);
    assert_eq!(discord.thread_of(message.id.get()).map(|t| t["name"].clone()), Some(json!("Ticket #9")));
    discord.assert_no_violations();
}

/// A DM delivered twice reaches the client twice with the same message id; a bot that does not
/// recognise the repeat answers twice, which the handle shows.
#[tokio::test]
async fn a_message_delivered_twice_reaches_the_client_twice_with_the_same_id() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, true).await;
    let dm = discord.dm_twice(ids.alice, "is the VPN down?").await;
    assert_eq!(dm.author, ids.alice);
    assert_eq!(dm.json["content"], "is the VPN down?");
    bot.wait_seen(&discord, "MESSAGE_CREATE:alice:is the VPN down?", 2).await;
    assert_eq!(dm.deliveries(), 2);
    let alice = ids.alice.to_string();
    let creates: Vec<Value> = discord
        .dispatched()
        .into_iter()
        .filter(|f| f["t"] == "MESSAGE_CREATE" && f["d"]["author"]["id"] == alice)
        .collect();
    assert_eq!(creates.len(), 2);
    assert_eq!(creates[0]["d"], creates[1]["d"], "the same event");
    assert_ne!(creates[0]["s"], creates[1]["s"], "with its own sequence number");
    let answers = dm.wait_for_bot_messages(2).await;
    assert!(answers.iter().all(|m| m["content"] == "echo: is the VPN down?"), "{answers:?}");
    assert_eq!(discord.messages_in(dm.channel_id).len(), 3, "one DM, two echoes");

    // Any stored message can be delivered again, a guild post as well.
    let post = discord.post(ids.bob, ids.general, "hello").await;
    let again = discord.redeliver_message(id_of(&post));
    assert_eq!(again.deliveries(), 2);
    assert!(again.bot_messages_after().is_empty(), "the bot does not answer guild posts");

    bot.stop().await;
    discord.assert_no_violations();
}

/// An interaction delivered twice (same id and token): the bot's answer to each delivery is
/// recorded, the first is taken and the second gets 400 with code 40060, without a violation; a
/// third answer is one.
#[tokio::test]
async fn an_interaction_delivered_twice_answers_the_second_callback_with_40060() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let bot = Bot::start(&discord, true).await;
    GuildId::new(ids.guild)
        .set_commands(&discord.serenity_http(), vec![CreateCommand::new("ping").description("Ping")])
        .await
        .expect("register");
    let ping = discord.slash(ids.alice, "ping", json!({})).await;
    assert_eq!(ping.reply_text().await, "pong");
    let again = discord.redeliver_interaction(&ping);
    assert_eq!((again.id, again.token.clone()), (ping.id, ping.token.clone()));
    assert_eq!(ping.deliveries(), 2);
    bot.wait_seen(&discord, "INTERACTION_CREATE:2:ping", 2).await;
    assert_eq!(ping.wait_for_callbacks(2).await, vec![204, 400]);
    bot.wait_seen(&discord, "CALLBACK_ERROR:40060", 1).await;
    let ping_id = ping.id.to_string();
    let deliveries: Vec<Value> = discord
        .dispatched()
        .into_iter()
        .filter(|f| f["t"] == "INTERACTION_CREATE" && f["d"]["id"] == ping_id)
        .collect();
    assert_eq!(deliveries.len(), 2);
    assert_eq!(deliveries[0]["d"]["token"], deliveries[1]["d"]["token"]);
    assert_eq!(ping.callbacks().len(), 2);
    assert_eq!(ping.record().acked, Some(4), "the first answer stands");
    discord.assert_no_violations();

    let callback = format!("/interactions/{}/{}/callback", ping.id, ping.token);
    let third = raw(&discord, "POST", &callback, Some(&json!({"type": 4, "data": {"content": "x"}}))).await;
    assert_eq!((third.status, third.body["code"].clone()), (400, json!(40060)));
    let violations = discord.take_violations();
    assert_eq!(violations.len(), 1);
    assert!(violations[0].to_string().contains("answered twice"), "{violations:?}");
    bot.stop().await;
    discord.assert_no_violations();
}

/// A delayed answer: Discord has made the message when the delay starts, and the client learns it
/// only `delay` later; a retry with the nonce in that window gets the same message.
#[tokio::test]
async fn a_delayed_answer_leaves_after_the_message_is_made() {
    let (discord, ids) = DiscordDouble::start_typical().await;
    let delay = Duration::from_millis(600);
    discord.delay_answers("POST", r"^/api/v10/channels/\d+/messages$", delay);
    let post = format!("/channels/{}/messages", ids.triage);
    let body = json!({"content": "#3 no VPN", "nonce": "notice-3", "enforce_nonce": true});
    let started = std::time::Instant::now();
    let pending = {
        let (d, body, post) = (discord.handle(), body.clone(), post.clone());
        tokio::spawn(async move { raw(&d, "POST", &post, Some(&body)).await })
    };
    let made = discord.wait_for_message_in(ids.triage, |m| m["content"] == "#3 no VPN").await;
    assert!(!pending.is_finished(), "the message exists before its answer leaves");
    let answer = pending.await.expect("the answer");
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert_eq!((answer.status, id_of(&answer.body)), (200, id_of(&made)));

    // Paths match without the prefix too; cleared, answers are immediate again.
    discord.clear_answer_delays();
    discord.delay_answers("*", r"^/channels/\d+/messages$", delay);
    let started = std::time::Instant::now();
    let retry = raw(&discord, "POST", &post, Some(&body)).await;
    assert!(started.elapsed() >= delay);
    assert_eq!(id_of(&retry.body), id_of(&made), "the retry's nonce finds the message");
    discord.clear_answer_delays();
    let started = std::time::Instant::now();
    raw(&discord, "GET", &post, None).await;
    assert!(started.elapsed() < delay);
    assert_eq!(discord.messages_in(ids.triage).len(), 1);
    discord.assert_no_violations();
}

// ----- what `deskbot check` reads -----

#[tokio::test]
async fn the_set_up_a_bot_reads_is_answered_in_discords_shapes() {
    let (discord, t) = DiscordDouble::start_typical().await;
    let app = discord.application_id();
    let command = json!([{"name": "ping", "description": "Ping", "type": 1, "contexts": [0, 1], "integration_types": [0]}]);
    for scope in
        [format!("/applications/{app}/commands"), format!("/applications/{app}/guilds/{}/commands", t.guild)]
    {
        let put = raw(&discord, "PUT", &scope, Some(&command)).await;
        assert_eq!(put.status, 200, "{}", put.body);
    }
    let mut wrong = Vec::new();
    for path in [
        "/users/@me".to_owned(),
        "/applications/@me".to_owned(),
        "/oauth2/applications/@me".to_owned(),
        format!("/guilds/{}", t.guild),
        format!("/guilds/{}/channels", t.guild),
        format!("/guilds/{}/roles", t.guild),
        format!("/guilds/{}/members/{}", t.guild, t.bot),
        format!("/channels/{}", t.triage),
        format!("/applications/{app}/commands"),
        format!("/applications/{app}/guilds/{}/commands", t.guild),
    ] {
        let got = raw(&discord, "GET", &path, None).await;
        assert_eq!(got.status, 200, "GET {path}: {}", got.body);
        let problems = support::discord::answer_problems("GET", &path, &got.body);
        if !problems.is_empty() {
            wrong.push(format!("GET {path}: {problems:?}\n{}", got.body));
        }
    }
    assert!(wrong.is_empty(), "answers not in Discord's shape:\n{}", wrong.join("\n"));
    let global = raw(&discord, "GET", &format!("/applications/{app}/commands"), None).await;
    assert_eq!(global.body[0]["contexts"], json!([0, 1]), "a global command keeps where it may be used");
    discord.assert_no_violations();
}

#[tokio::test]
async fn the_application_says_whether_the_message_content_intent_is_on() {
    use support::discord::app_flags;
    let (discord, _) = DiscordDouble::start_typical().await;
    let on = raw(&discord, "GET", "/applications/@me", None).await;
    assert_eq!(on.body["flags"], json!(app_flags::GATEWAY_MESSAGE_CONTENT_LIMITED));
    discord.set_application_flags(0);
    let off = raw(&discord, "GET", "/oauth2/applications/@me", None).await;
    assert_eq!(off.body["flags"], json!(0));
    discord.assert_no_violations();
}

#[tokio::test]
async fn a_token_discord_does_not_know_is_answered_401() {
    let (discord, _) = DiscordDouble::start_typical().await;
    discord.require_token("the-right-token");
    let refused = raw(&discord, "GET", "/users/@me", None).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body, json!({"message": "401: Unauthorized", "code": 0}));
    discord.assert_no_violations();
}

#[tokio::test]
async fn a_channel_hidden_from_the_bot_is_missing_access_and_an_unknown_one_unknown() {
    let t = support::discord::TYPICAL;
    let spec = support::discord::GuildSpec::new(t.guild, "Example Org", t.bot, "deskbot")
        .owner(t.owner)
        .role(t.l1, "Helpdesk L1", 0)
        .bot_role(t.bot_role, "deskbot", perm::VIEW_CHANNEL | perm::SEND_MESSAGES)
        .private_text_channel(t.triage, "helpdesk-triage", None, &[t.l1])
        .member(t.bot, "deskbot", &[t.bot_role])
        .member(t.owner, "owner", &[]);
    let discord = DiscordDouble::start(spec).await;
    let hidden = raw(&discord, "GET", &format!("/channels/{}", t.triage), None).await;
    assert_eq!((hidden.status, hidden.body["code"].as_u64()), (403, Some(50001)), "{}", hidden.body);
    let unknown = raw(&discord, "GET", "/channels/42", None).await;
    assert_eq!((unknown.status, unknown.body["code"].as_u64()), (404, Some(10003)), "{}", unknown.body);
    let roles = raw(&discord, "GET", &format!("/guilds/{}/roles", t.guild), None).await;
    let bot_role = roles.body.as_array().and_then(|r| r.iter().find(|r| r["name"] == "deskbot")).cloned();
    assert_eq!(
        bot_role.map(|r| (r["managed"].clone(), r["tags"]["bot_id"].clone())),
        Some((json!(true), json!(t.bot.to_string())))
    );
    discord.assert_no_violations();
}
