//! The guild the double starts with: a small builder, and the typical help-desk guild the tests use.

/// Permission bits (Discord's documentation, "Permissions").
pub mod perm {
    pub const CREATE_INSTANT_INVITE: u64 = 1 << 0;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const MENTION_EVERYONE: u64 = 1 << 17;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const MANAGE_THREADS: u64 = 1 << 34;
    pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
    pub const CREATE_PRIVATE_THREADS: u64 = 1 << 36;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    /// Every bit Discord defines today (what ADMINISTRATOR and the owner get).
    pub const ALL: u64 = (1 << 51) - 1;
    /// What `@everyone` may do in an ordinary server.
    pub const EVERYONE_DEFAULT: u64 = CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_APPLICATION_COMMANDS
        | CREATE_PUBLIC_THREADS
        | SEND_MESSAGES_IN_THREADS;
}

/// Application flags (Discord's documentation, "Application Flags").
pub mod app_flags {
    /// The Message Content intent, for a verified bot in 100 servers or more.
    pub const GATEWAY_MESSAGE_CONTENT: u64 = 1 << 18;
    /// The Message Content intent, turned on in the Developer Portal by a bot in fewer than 100 servers.
    pub const GATEWAY_MESSAGE_CONTENT_LIMITED: u64 = 1 << 19;
}

/// A role of the guild.
#[derive(Clone, Debug)]
pub struct RoleSpec {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: u16,
    /// A bot's own role (made by Discord when the bot joins, tagged with its id).
    pub managed: bool,
    pub mentionable: bool,
}

/// A channel of the guild (text = 0, category = 4).
#[derive(Clone, Debug)]
pub struct ChannelSpec {
    pub id: u64,
    pub name: String,
    pub kind: u8,
    pub parent_id: Option<u64>,
    /// `(role or member id, is_member, allow, deny)`
    pub overwrites: Vec<(u64, bool, u64, u64)>,
}

/// A user and, when `in_guild`, their membership.
#[derive(Clone, Debug)]
pub struct MemberSpec {
    pub id: u64,
    pub name: String,
    pub roles: Vec<u64>,
    pub bot: bool,
}

/// The world the double starts with: one guild, its roles, channels and members, and the bot.
#[derive(Clone, Debug)]
pub struct GuildSpec {
    pub guild_id: u64,
    pub name: String,
    pub owner_id: u64,
    pub application_id: u64,
    /// The application's flags (`GET /applications/@me`, READY): by default the Message Content
    /// intent is on ([`app_flags::GATEWAY_MESSAGE_CONTENT_LIMITED`], as for a bot in fewer than 100
    /// servers whose owner turned it on).
    pub application_flags: u64,
    pub bot_id: u64,
    pub bot_name: String,
    pub roles: Vec<RoleSpec>,
    pub channels: Vec<ChannelSpec>,
    pub members: Vec<MemberSpec>,
}

impl GuildSpec {
    /// A guild with only its `@everyone` role (id = guild id, ordinary permissions). The bot is
    /// `bot_id` (its application has the same id, as for every bot made since 2016); add its member
    /// with [`GuildSpec::member`], usually with an ADMINISTRATOR role.
    pub fn new(guild_id: u64, name: &str, bot_id: u64, bot_name: &str) -> Self {
        Self {
            guild_id,
            name: name.to_owned(),
            owner_id: bot_id,
            application_id: bot_id,
            application_flags: app_flags::GATEWAY_MESSAGE_CONTENT_LIMITED,
            bot_id,
            bot_name: bot_name.to_owned(),
            roles: vec![RoleSpec {
                id: guild_id,
                name: "@everyone".to_owned(),
                permissions: perm::EVERYONE_DEFAULT,
                position: 0,
                managed: false,
                mentionable: false,
            }],
            channels: Vec::new(),
            members: Vec::new(),
        }
    }

    pub fn owner(mut self, user_id: u64) -> Self {
        self.owner_id = user_id;
        self
    }

    /// Adds a role; its position is its order of addition.
    pub fn role(mut self, id: u64, name: &str, permissions: u64) -> Self {
        let position = u16::try_from(self.roles.len()).expect("few roles");
        self.roles.push(RoleSpec {
            id,
            name: name.to_owned(),
            permissions,
            position,
            managed: false,
            mentionable: true,
        });
        self
    }

    /// Adds the bot's own role, as Discord makes it when the bot joins with an invite link's
    /// permissions: managed, tagged with the bot's id, not mentionable.
    pub fn bot_role(mut self, id: u64, name: &str, permissions: u64) -> Self {
        let position = u16::try_from(self.roles.len()).expect("few roles");
        self.roles.push(RoleSpec {
            id,
            name: name.to_owned(),
            permissions,
            position,
            managed: true,
            mentionable: false,
        });
        self
    }

    /// Sets the application's flags (e.g. `0`: the Message Content intent is off).
    pub fn application_flags(mut self, flags: u64) -> Self {
        self.application_flags = flags;
        self
    }

    /// Sets the permissions of `@everyone`.
    pub fn everyone_permissions(mut self, permissions: u64) -> Self {
        self.roles[0].permissions = permissions;
        self
    }

    pub fn category(mut self, id: u64, name: &str) -> Self {
        self.channels.push(ChannelSpec {
            id,
            name: name.to_owned(),
            kind: 4,
            parent_id: None,
            overwrites: Vec::new(),
        });
        self
    }

    /// A text channel everyone can see.
    pub fn text_channel(mut self, id: u64, name: &str, parent_id: Option<u64>) -> Self {
        self.channels.push(ChannelSpec {
            id,
            name: name.to_owned(),
            kind: 0,
            parent_id,
            overwrites: Vec::new(),
        });
        self
    }

    /// A text channel only `roles` (and administrators) can see: `@everyone` is denied VIEW_CHANNEL.
    pub fn private_text_channel(
        mut self,
        id: u64,
        name: &str,
        parent_id: Option<u64>,
        roles: &[u64],
    ) -> Self {
        let see = perm::VIEW_CHANNEL | perm::SEND_MESSAGES | perm::SEND_MESSAGES_IN_THREADS;
        let mut overwrites = vec![(self.guild_id, false, 0, perm::VIEW_CHANNEL)];
        overwrites.extend(roles.iter().map(|&role| (role, false, see, 0)));
        self.channels.push(ChannelSpec { id, name: name.to_owned(), kind: 0, parent_id, overwrites });
        self
    }

    /// A member (a user in the guild) with these roles (`@everyone` is implied).
    pub fn member(mut self, id: u64, name: &str, roles: &[u64]) -> Self {
        let bot = id == self.bot_id;
        self.members.push(MemberSpec { id, name: name.to_owned(), roles: roles.to_vec(), bot });
        self
    }
}

/// The ids of the typical help-desk guild ([`Typical::spec`]).
#[derive(Clone, Copy, Debug)]
pub struct Typical {
    pub guild: u64,
    /// The application id; equal to the bot's user id.
    pub application: u64,
    pub bot: u64,
    pub everyone_role: u64,
    /// The bot's own role, with ADMINISTRATOR ("8").
    pub bot_role: u64,
    pub l1: u64,
    pub l2: u64,
    pub l3: u64,
    pub coordinator_role: u64,
    pub category: u64,
    /// A channel everyone sees (where `/ticket` is usually typed).
    pub general: u64,
    /// The staff-only triage channel (L1, L2, L3, coordinators).
    pub triage: u64,
    /// The coordinators' channel (coordinators only).
    pub coordinators: u64,
    /// The guild's owner, a plain member nobody uses in flows.
    pub owner: u64,
    /// A requester (no roles).
    pub alice: u64,
    /// Technician, level 1.
    pub tom: u64,
    /// Technician, level 1.
    pub tina: u64,
    /// Specialist, level 2.
    pub sam: u64,
    /// Coordinator.
    pub cora: u64,
    /// A plain member (no roles).
    pub bob: u64,
}

/// The typical guild's ids. Fixed, so failures are easy to read.
pub const TYPICAL: Typical = Typical {
    guild: 1_200_000_000_000_000_001,
    application: 1_200_000_000_000_000_002,
    bot: 1_200_000_000_000_000_002,
    everyone_role: 1_200_000_000_000_000_001,
    bot_role: 1_200_000_000_000_000_010,
    l1: 1_200_000_000_000_000_011,
    l2: 1_200_000_000_000_000_012,
    l3: 1_200_000_000_000_000_013,
    coordinator_role: 1_200_000_000_000_000_014,
    category: 1_200_000_000_000_000_020,
    general: 1_200_000_000_000_000_021,
    triage: 1_200_000_000_000_000_022,
    coordinators: 1_200_000_000_000_000_023,
    owner: 1_200_000_000_000_000_030,
    alice: 1_200_000_000_000_000_031,
    tom: 1_200_000_000_000_000_032,
    tina: 1_200_000_000_000_000_033,
    sam: 1_200_000_000_000_000_034,
    cora: 1_200_000_000_000_000_035,
    bob: 1_200_000_000_000_000_036,
};

impl Typical {
    /// The typical help-desk guild: the bot "deskbot" (role "Deskbot" with ADMINISTRATOR), roles
    /// "Helpdesk L1", "Helpdesk L2", "Helpdesk L3", "Helpdesk Coordinator"; channels `#general`,
    /// staff-only `#helpdesk-triage`, coordinators-only `#helpdesk-coordinators`; members alice
    /// (requester), tom and tina (L1), sam (L2), cora (coordinator), bob (plain) and the owner.
    pub fn spec() -> GuildSpec {
        let t = TYPICAL;
        let staff = [t.l1, t.l2, t.l3, t.coordinator_role];
        GuildSpec::new(t.guild, "Example Org", t.bot, "deskbot")
            .owner(t.owner)
            .role(t.l1, "Helpdesk L1", 0)
            .role(t.l2, "Helpdesk L2", 0)
            .role(t.l3, "Helpdesk L3", 0)
            .role(t.coordinator_role, "Helpdesk Coordinator", perm::MANAGE_MESSAGES | perm::MANAGE_THREADS)
            .role(t.bot_role, "Deskbot", perm::ADMINISTRATOR)
            .category(t.category, "Help desk")
            .text_channel(t.general, "general", None)
            .private_text_channel(t.triage, "helpdesk-triage", Some(t.category), &staff)
            .private_text_channel(
                t.coordinators,
                "helpdesk-coordinators",
                Some(t.category),
                &[t.coordinator_role],
            )
            .member(t.bot, "deskbot", &[t.bot_role])
            .member(t.owner, "owner", &[])
            .member(t.alice, "alice", &[])
            .member(t.tom, "tom", &[t.l1])
            .member(t.tina, "tina", &[t.l1])
            .member(t.sam, "sam", &[t.l2])
            .member(t.cora, "cora", &[t.coordinator_role])
            .member(t.bob, "bob", &[])
    }
}
