//! Deterministic benchmark data, shared by `benches/jsv_vs_json.rs` and
//! `examples/bench_ratios.rs`: Evo Voice sessions, and typed data of the same shape as the
//! standard JSON benchmark corpora (twitter, citm_catalog, canada), generated rather than
//! shipped.
#![allow(dead_code)]

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_jsv::evo_voice::{
    CustomerBreadcrumb, FlowChannels, SessionCallState, SessionDialState, SessionDirections,
    SessionHoldReasons, SessionInfo, SessionLogInfo, SessionMemberCallState, SessionMemberInfo,
    SessionMemberRoles, SessionQueueStates,
};

/// xorshift64*: tiny, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(len);
        out
    }

    pub fn words(&mut self, count: usize) -> String {
        const WORDS: &[&str] = &[
            "call",
            "transferred",
            "to",
            "queue",
            "agent",
            "answered",
            "customer",
            "hold",
            "the",
            "billing",
            "support",
            "voicemail",
            "left",
            "message",
            "about",
            "invoice",
            "order",
            "status",
            "callback",
            "requested",
            "resumed",
            "ended",
            "by",
            "caller",
        ];
        let mut out = String::new();
        for i in 0..count {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.pick(WORDS));
        }
        out
    }

    pub fn date(&mut self) -> String {
        format!(
            "2024-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.range(1, 12),
            self.range(1, 28),
            self.below(24),
            self.below(60),
            self.below(60)
        )
    }
}

// ---------------------------------------------------------------------------------------
// Evo Voice sessions
// ---------------------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Jane", "John", "Ana", "Wei", "Olu", "Marta", "Sam", "Priya", "Luis", "Kim",
];
const LAST: &[&str] = &[
    "Doe", "Smith", "García", "Chen", "Okafor", "Nowak", "Lee", "Patel", "Müller",
];

fn member(rng: &mut Rng, original: bool) -> SessionMemberInfo {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let agent = rng.chance(60);
    let mut data = IndexMap::new();
    for _ in 0..rng.range(2, 6) {
        let key = rng.pick(&[
            "team", "skill", "language", "crmId", "priority", "region", "note",
        ]);
        let value = match key {
            "crmId" => format!("crm:{}", rng.hex(10)),
            "note" => rng.words(5),
            _ => rng
                .pick(&[
                    "support", "sales", "en-US", "es-MX", "high", "emea", "tier 2",
                ])
                .to_owned(),
        };
        data.insert(key.to_owned(), value);
    }
    SessionMemberInfo {
        identity: Some(if agent {
            format!(
                "{}.{}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            )
        } else {
            format!("+1555{:07}", rng.below(10_000_000))
        }),
        endpoint_id: Some(format!("ep_{}", rng.hex(24))),
        display_name: Some(format!("{last}, {first}")),
        is_original_member: original,
        avatar_url: rng
            .chance(40)
            .then(|| format!("https://cdn.example.com/avatars/{}.png", rng.hex(12))),
        application_data: Some(data),
        call_state: [
            SessionMemberCallState::Connected,
            SessionMemberCallState::Hold,
            SessionMemberCallState::Ringing,
        ][rng.below(3) as usize]
            .clone(),
        role: if agent {
            SessionMemberRoles::Agent
        } else {
            SessionMemberRoles::Caller
        },
        call_sid: Some(format!("CA{}", rng.hex(32))),
        muted: rng.chance(10),
    }
}

/// One realistic session: members, log, breadcrumbs and application data.
pub fn session(rng: &mut Rng) -> SessionInfo {
    let members = (0..rng.range(1, 4)).map(|i| member(rng, i == 0)).collect();
    let log = (0..rng.range(3, 10))
        .map(|_| SessionLogInfo {
            date: Some(rng.date()),
            message: Some(format!(
                "{}: {}",
                rng.pick(&["Info", "Agent", "Flow"]),
                rng.words(8)
            )),
        })
        .collect();
    let customer = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    SessionInfo {
        dial_state: SessionDialState::None,
        call_state: SessionCallState::Connected,
        queue_state: SessionQueueStates::Connected,
        account_id: Some(format!("acct_{}", rng.hex(16))),
        account_name: Some("Acme Support".into()),
        customer_id: Some(format!("cust_{}", rng.hex(16))),
        customer_breadcrumb: Some(vec![
            CustomerBreadcrumb {
                id: Some(format!("cust_{}", rng.hex(16))),
                name: Some("Acme Holdings".into()),
            },
            CustomerBreadcrumb {
                id: Some(format!("cust_{}", rng.hex(16))),
                name: Some(customer.clone()),
            },
        ]),
        customer_name: Some(customer),
        endpoint_id: Some(format!("ep_{}", rng.hex(24))),
        endpoint_name: Some(format!("Main line {}", rng.below(20))),
        date_completed: rng.chance(70).then(|| rng.date()),
        destination: Some(format!("+1555{:07}", rng.below(10_000_000))),
        to_address: Some(format!("+1555{:07}", rng.below(10_000_000))),
        from_address: Some(format!("+1555{:07}", rng.below(10_000_000))),
        from_name: Some(format!("{}, {}", rng.pick(LAST), rng.pick(FIRST))),
        answered_by_name: Some(format!("{} {}", rng.pick(FIRST), rng.pick(LAST))),
        queue_member_id: Some(format!("qm_{}", rng.hex(16))),
        channel: FlowChannels::Voice,
        ended: rng.chance(70),
        outcome: Some(
            rng.pick(&["Resolved", "Voicemail", "Abandoned", "Transferred"])
                .into(),
        ),
        call_sid: Some(format!("CA{}", rng.hex(32))),
        console_data: rng
            .chance(30)
            .then(|| format!("{{ticket:{},priority:high}}", rng.below(100_000))),
        hold_queue_name: rng.chance(20).then(|| "Billing hold".into()),
        held_by_user_id: None,
        hold_reason: SessionHoldReasons::None,
        conference_sid: Some(format!("CF{}", rng.hex(32))),
        display_name: Some(format!("Call from {}", rng.pick(FIRST))),
        log: Some(log),
        members: Some(members),
        callback_number: rng
            .chance(30)
            .then(|| format!("+1555{:07}", rng.below(10_000_000))),
        answered_by_id: Some(format!("usr_{}", rng.hex(16))),
        direction: if rng.chance(70) {
            SessionDirections::Incoming
        } else {
            SessionDirections::Outgoing
        },
        from_phone_number: None,
        most_recent_participant_call_sid: Some(format!("CA{}", rng.hex(32))),
        was_missed: rng.chance(5),
        ring_queue_id: Some(format!("rq_{}", rng.hex(16))),
        id: Some(format!("sess_{}", rng.hex(24))),
        date_created: Some(rng.date()),
        date_last_modified: Some(rng.date()),
        created_by: Some("system".into()),
        last_modified_by: Some(format!("usr_{}", rng.hex(16))),
    }
}

pub fn sessions(count: usize) -> Vec<SessionInfo> {
    let mut rng = Rng::new(0x5E55_1011);
    (0..count).map(|_| session(&mut rng)).collect()
}

/// Every log entry of `sessions`, in order: a list of small (two-member) structs.
pub fn log_entries(sessions: &[SessionInfo]) -> Vec<SessionLogInfo> {
    sessions
        .iter()
        .flat_map(|session| session.log.iter().flatten().cloned())
        .collect()
}

/// 1,000 sessions whose strings mostly need quoting in JSV, as a new user's data would:
/// SIP and URL identities (`:`), display names with `,` and `"`, log lines quoting the
/// caller, bracketed tags, values with leading spaces, and non-ASCII names. At least a third
/// of the string values are written quoted (see [`quoted_share`]).
pub fn quoted_sessions(count: usize) -> Vec<SessionInfo> {
    let mut rng = Rng::new(0x0071_0C7E);
    (0..count)
        .map(|_| {
            let mut session = session(&mut rng);
            quote_heavy(&mut rng, &mut session);
            session
        })
        .collect()
}

const ACCENTED: &[&str] = &["Zoë", "José", "Łukasz", "Søren", "Chloé", "Björn", "Renée"];

fn quote_heavy(rng: &mut Rng, session: &mut SessionInfo) {
    let first = rng.pick(ACCENTED);
    let last = rng.pick(LAST);
    session.account_name = Some(format!(
        "Acme \"{}\" Support, {}",
        rng.pick(LAST),
        rng.pick(&["EMEA", "US", "APAC"])
    ));
    session.customer_name = Some(format!("{first} {last}"));
    session.endpoint_name = Some(format!("Main line [{}]", rng.below(20)));
    session.from_name = Some(format!("\"{last}, {first}\" <caller>"));
    session.outcome = Some(
        rng.pick(&[
            "Resolved, follow-up",
            "Voicemail: left",
            " Abandoned",
            "Transferred",
        ])
        .into(),
    );
    session.display_name = Some(format!(
        " Call from {first} ({})",
        rng.pick(&["VIP", "new", "returning"])
    ));
    session.console_data = Some(format!(
        "{{ticket:{},note:\"call back\"}}",
        rng.below(100_000)
    ));
    session.destination = Some(format!(
        "sip:+1555{:07}@sip.example.com",
        rng.below(10_000_000)
    ));
    session.created_by = Some(format!("https://auth.example.com/users/{}", rng.hex(8)));
    if let Some(log) = &mut session.log {
        for entry in log.iter_mut() {
            entry.message = Some(match rng.below(4) {
                0 => format!("Caller said \"{}\", then [hold]", rng.words(4)),
                1 => format!("  {}", rng.words(6)),
                2 => format!(
                    "Transferred to {first} — {}, {}",
                    rng.words(2),
                    rng.words(2)
                ),
                _ => format!("Note: {}", rng.words(5)),
            });
        }
    }
    if let Some(members) = &mut session.members {
        for member in members.iter_mut() {
            member.identity = Some(format!("sip:{}@voice.example.com", rng.hex(8)));
            member.display_name = Some(format!(
                "{} {}, \"{}\"",
                rng.pick(ACCENTED),
                rng.pick(LAST),
                rng.pick(&["agent", "lead", "trainee"])
            ));
            member.avatar_url = Some(format!(
                "https://cdn.example.com/a/{}.png?s=64",
                rng.hex(12)
            ));
            if let Some(data) = &mut member.application_data {
                data.insert(
                    "note".into(),
                    format!("said \"{}\" at 10:{:02}", rng.words(3), rng.below(60)),
                );
                data.insert(
                    "tags".into(),
                    format!(
                        "[{}, {}]",
                        rng.pick(&["vip", "billing"]),
                        rng.pick(&["en", "fr"])
                    ),
                );
                data.insert(
                    "greeting".into(),
                    format!(
                        " {} — {}",
                        rng.pick(&["Grüß Gott", "¡Hola!", "こんにちは"]),
                        rng.words(2)
                    ),
                );
            }
        }
    }
}

/// The share of string values in `value` that JSV writes quoted (`"…"`).
pub fn quoted_share<T: Serialize>(value: &T) -> f64 {
    fn walk(value: &serde_jsv::Value, strings: &mut usize, quoted: &mut usize) {
        match value {
            serde_jsv::Value::String(text) => {
                *strings += 1;
                if serde_jsv::to_string(text).unwrap().starts_with('"') {
                    *quoted += 1;
                }
            }
            serde_jsv::Value::List(items) => {
                items.iter().for_each(|item| walk(item, strings, quoted))
            }
            serde_jsv::Value::Map(map) => map.values().for_each(|item| walk(item, strings, quoted)),
            _ => {}
        }
    }
    let (mut strings, mut quoted) = (0, 0);
    walk(
        &serde_jsv::to_value(value).unwrap(),
        &mut strings,
        &mut quoted,
    );
    quoted as f64 / strings.max(1) as f64
}

/// A line of a list page: three members of each session, read borrowed; the rest (the log,
/// the members, the breadcrumb and 35 scalar members) is skipped.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary<'a> {
    #[serde(borrow)]
    pub id: Option<&'a str>,
    #[serde(borrow)]
    pub display_name: Option<&'a str>,
    pub ended: bool,
}

/// A session read with borrowed strings: no string in the generated data needs unquoting
/// (no `""` in JSV, no `\` escapes in JSON), so every `&str` borrows from the input.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView<'a> {
    #[serde(borrow)]
    pub id: Option<&'a str>,
    #[serde(borrow)]
    pub account_name: Option<&'a str>,
    #[serde(borrow)]
    pub customer_name: Option<&'a str>,
    #[serde(borrow)]
    pub display_name: Option<&'a str>,
    #[serde(borrow)]
    pub call_sid: Option<&'a str>,
    #[serde(borrow)]
    pub date_created: Option<&'a str>,
    pub ended: bool,
    #[serde(borrow)]
    pub members: Vec<MemberView<'a>>,
    #[serde(borrow)]
    pub log: Vec<LogView<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberView<'a> {
    #[serde(borrow)]
    pub identity: Option<&'a str>,
    #[serde(borrow)]
    pub display_name: Option<&'a str>,
    #[serde(borrow)]
    pub call_sid: Option<&'a str>,
    #[serde(borrow)]
    pub application_data: IndexMap<&'a str, &'a str>,
    pub muted: bool,
}

#[derive(Debug, Deserialize)]
pub struct LogView<'a> {
    #[serde(borrow)]
    pub date: Option<&'a str>,
    #[serde(borrow)]
    pub message: Option<&'a str>,
}

/// The same fields as [`SessionView`], owned.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionOwned {
    pub id: Option<String>,
    pub account_name: Option<String>,
    pub customer_name: Option<String>,
    pub display_name: Option<String>,
    pub call_sid: Option<String>,
    pub date_created: Option<String>,
    pub ended: bool,
    pub members: Vec<MemberOwned>,
    pub log: Vec<LogOwned>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberOwned {
    pub identity: Option<String>,
    pub display_name: Option<String>,
    pub call_sid: Option<String>,
    pub application_data: IndexMap<String, String>,
    pub muted: bool,
}

#[derive(Debug, Deserialize)]
pub struct LogOwned {
    pub date: Option<String>,
    pub message: Option<String>,
}

// ---------------------------------------------------------------------------------------
// twitter.json shape
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Twitter {
    pub statuses: Vec<Status>,
    pub search_metadata: SearchMetadata,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub metadata: Metadata,
    pub created_at: String,
    pub id: u64,
    pub id_str: String,
    pub text: String,
    pub source: String,
    pub truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to_status_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to_screen_name: Option<String>,
    pub user: User,
    pub retweet_count: u32,
    pub favorite_count: u32,
    pub entities: Entities,
    pub favorited: bool,
    pub retweeted: bool,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub result_type: String,
    pub iso_language_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub id_str: String,
    pub name: String,
    pub screen_name: String,
    pub location: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub protected: bool,
    pub followers_count: u32,
    pub friends_count: u32,
    pub listed_count: u32,
    pub created_at: String,
    pub favourites_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    pub geo_enabled: bool,
    pub verified: bool,
    pub statuses_count: u32,
    pub lang: String,
    pub profile_background_color: String,
    pub profile_image_url_https: String,
    pub profile_link_color: String,
    pub default_profile: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    pub hashtags: Vec<Hashtag>,
    pub urls: Vec<Url>,
    pub user_mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hashtag {
    pub text: String,
    pub indices: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Url {
    pub url: String,
    pub expanded_url: String,
    pub display_url: String,
    pub indices: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub screen_name: String,
    pub name: String,
    pub id: u64,
    pub id_str: String,
    pub indices: (u32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchMetadata {
    pub completed_in: f64,
    pub max_id: u64,
    pub max_id_str: String,
    pub next_results: String,
    pub query: String,
    pub refresh_url: String,
    pub count: u32,
    pub since_id: u64,
    pub since_id_str: String,
}

/// 100 statuses, as in twitter.json (with Japanese text, as there).
pub fn twitter() -> Twitter {
    let mut rng = Rng::new(0x0771_77E4);
    const TEXT: &[&str] = &[
        "一",
        "日",
        "本",
        "語",
        "の",
        "ツイート",
        "です",
        "、",
        "RT",
        "@aym0566x",
        " ",
        "#JSON",
        "http://t.co/x",
        "😀",
        "a",
        "b",
    ];
    let statuses = (0..100)
        .map(|_| {
            let id = 505_874_924_095_815_681 + rng.below(1_000_000);
            let user_id = rng.range(1_000_000, 3_000_000_000);
            let text: String = (0..rng.range(10, 40)).map(|_| rng.pick(TEXT)).collect();
            let screen_name = format!("user_{}", rng.hex(6));
            Status {
                metadata: Metadata { result_type: "recent".into(), iso_language_code: "ja".into() },
                created_at: "Sun Aug 31 00:29:15 +0000 2014".into(),
                id,
                id_str: id.to_string(),
                text,
                source: "<a href=\"https://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>".into(),
                truncated: false,
                in_reply_to_status_id: rng.chance(20).then(|| id - 100),
                in_reply_to_screen_name: rng.chance(20).then(|| "aym0566x".into()),
                user: User {
                    id: user_id,
                    id_str: user_id.to_string(),
                    name: format!("名前 {}", rng.hex(4)),
                    screen_name: screen_name.clone(),
                    location: rng.pick(&["東京", "大阪", "", "Osaka, Japan"]).into(),
                    description: rng.words(12),
                    url: rng.chance(30).then(|| format!("http://t.co/{}", rng.hex(10))),
                    protected: false,
                    followers_count: rng.below(5000) as u32,
                    friends_count: rng.below(5000) as u32,
                    listed_count: rng.below(50) as u32,
                    created_at: "Fri Jul 19 09:12:04 +0000 2013".into(),
                    favourites_count: rng.below(10_000) as u32,
                    utc_offset: rng.chance(50).then_some(32400),
                    time_zone: rng.chance(50).then(|| "Tokyo".into()),
                    geo_enabled: rng.chance(20),
                    verified: false,
                    statuses_count: rng.below(100_000) as u32,
                    lang: "ja".into(),
                    profile_background_color: "C0DEED".into(),
                    profile_image_url_https: format!("https://pbs.twimg.com/profile_images/{}/x_normal.jpeg", rng.below(1 << 40)),
                    profile_link_color: "0084B4".into(),
                    default_profile: rng.chance(50),
                },
                retweet_count: rng.below(100) as u32,
                favorite_count: rng.below(100) as u32,
                entities: Entities {
                    hashtags: (0..rng.below(3))
                        .map(|_| Hashtag { text: format!("タグ{}", rng.below(99)), indices: (3, 10) })
                        .collect(),
                    urls: (0..rng.below(2))
                        .map(|_| Url {
                            url: format!("http://t.co/{}", rng.hex(10)),
                            expanded_url: format!("http://example.com/{}", rng.hex(8)),
                            display_url: "example.com/…".into(),
                            indices: (20, 42),
                        })
                        .collect(),
                    user_mentions: (0..rng.below(3))
                        .map(|_| {
                            let id = rng.range(1_000_000, 3_000_000_000);
                            Mention {
                                screen_name: format!("user_{}", rng.hex(6)),
                                name: format!("名前 {}", rng.hex(4)),
                                id,
                                id_str: id.to_string(),
                                indices: (0, 12),
                            }
                        })
                        .collect(),
                },
                favorited: false,
                retweeted: false,
                lang: "ja".into(),
            }
        })
        .collect();
    Twitter {
        statuses,
        search_metadata: SearchMetadata {
            completed_in: 0.087,
            max_id: 505_874_924_095_815_681,
            max_id_str: "505874924095815681".into(),
            next_results: "?max_id=505874847260352512&q=%E4%B8%80&count=100&include_entities=1"
                .into(),
            query: "%E4%B8%80".into(),
            refresh_url: "?since_id=505874924095815681&q=%E4%B8%80&include_entities=1".into(),
            count: 100,
            since_id: 0,
            since_id_str: "0".into(),
        },
    }
}

// ---------------------------------------------------------------------------------------
// citm_catalog.json shape
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CitmCatalog {
    pub area_names: BTreeMap<u64, String>,
    pub audience_sub_category_names: BTreeMap<u64, String>,
    pub block_names: BTreeMap<u64, String>,
    pub events: BTreeMap<u64, Event>,
    pub performances: Vec<Performance>,
    pub seat_category_names: BTreeMap<u64, String>,
    pub sub_topic_names: BTreeMap<u64, String>,
    pub subject_names: BTreeMap<u64, String>,
    pub topic_names: BTreeMap<u64, String>,
    pub topic_sub_topics: BTreeMap<u64, Vec<u64>>,
    pub venue_names: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    pub name: String,
    pub sub_topic_ids: Vec<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub topic_ids: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Performance {
    pub event_id: u64,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub prices: Vec<Price>,
    pub seat_categories: Vec<SeatCategory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat_map_image: Option<String>,
    pub start: u64,
    pub venue_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub amount: u64,
    pub audience_sub_category_id: u64,
    pub seat_category_id: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatCategory {
    pub areas: Vec<Area>,
    pub seat_category_id: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    pub area_id: u64,
    pub block_ids: Vec<u64>,
}

/// 184 events and 243 performances, with the numeric-keyed maps of citm_catalog.json.
pub fn citm_catalog() -> CitmCatalog {
    let mut rng = Rng::new(0x0C17_0CA7);
    let names = |rng: &mut Rng, count: u64, base: u64| -> BTreeMap<u64, String> {
        (0..count)
            .map(|i| (base + i, format!("{} {}", rng.words(2), i)))
            .collect()
    };
    let area_names = names(&mut rng, 17, 205_705_993);
    let events = (0..184u64)
        .map(|i| {
            let id = 138_586_341 + i * 2;
            let event = Event {
                description: None,
                id,
                logo: rng
                    .chance(50)
                    .then(|| format!("/images/UE0AAAAACEKo6QAAAAZDSVRN{}", rng.hex(4))),
                name: rng.words(3),
                sub_topic_ids: (0..rng.range(1, 4))
                    .map(|_| 337_184_262 + rng.below(300))
                    .collect(),
                subject_code: None,
                subtitle: None,
                topic_ids: (0..rng.range(1, 3))
                    .map(|_| 324_846_099 + rng.below(100))
                    .collect(),
            };
            (id, event)
        })
        .collect();
    let area_ids: Vec<u64> = area_names.keys().copied().collect();
    let performances = (0..243u64)
        .map(|i| Performance {
            event_id: 138_586_341 + (i % 184) * 2,
            id: 339_887_544 + i,
            logo: rng
                .chance(30)
                .then(|| format!("/images/UE0AAAAACEKo6QAAAAZDSVRN{}", rng.hex(4))),
            name: None,
            prices: (0..rng.range(1, 8))
                .map(|_| Price {
                    amount: rng.range(5, 200) * 1000 / 10,
                    audience_sub_category_id: 337_100_890,
                    seat_category_id: 338_937_295 + rng.below(10),
                })
                .collect(),
            seat_categories: (0..rng.range(1, 6))
                .map(|_| SeatCategory {
                    areas: (0..rng.range(1, 12))
                        .map(|_| Area {
                            area_id: area_ids[rng.below(area_ids.len() as u64) as usize],
                            block_ids: Vec::new(),
                        })
                        .collect(),
                    seat_category_id: 338_937_295 + rng.below(10),
                })
                .collect(),
            seat_map_image: None,
            start: 1_372_615_200_000 + rng.below(1 << 34),
            venue_code: "PLEYEL_PLEYEL".into(),
        })
        .collect();
    CitmCatalog {
        area_names,
        audience_sub_category_names: names(&mut rng, 1, 337_100_890),
        block_names: BTreeMap::new(),
        events,
        performances,
        seat_category_names: names(&mut rng, 64, 338_937_235),
        sub_topic_names: names(&mut rng, 19, 337_184_262),
        subject_names: BTreeMap::new(),
        topic_names: names(&mut rng, 4, 107_888_604),
        topic_sub_topics: (0..4)
            .map(|i| {
                (
                    107_888_604 + i,
                    (0..rng.range(2, 8))
                        .map(|_| 337_184_262 + rng.below(300))
                        .collect(),
                )
            })
            .collect(),
        venue_names: [("PLEYEL_PLEYEL".to_owned(), "Salle Pleyel".to_owned())].into(),
    }
}

// ---------------------------------------------------------------------------------------
// canada.json shape
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureCollection {
    #[serde(rename = "type")]
    pub kind: String,
    pub features: Vec<Feature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    #[serde(rename = "type")]
    pub kind: String,
    pub properties: BTreeMap<String, String>,
    pub geometry: Geometry,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    #[serde(rename = "type")]
    pub kind: String,
    pub coordinates: Vec<Vec<(f64, f64)>>,
}

/// One polygon of 480 rings and about 56,000 points with 15-17 significant digits, as in
/// canada.json (which has 111,000: halved to keep debug runs quick; throughput is per byte).
pub fn canada() -> FeatureCollection {
    let mut rng = Rng::new(0x00CA_7ADA);
    let coordinates = (0..480)
        .map(|_| {
            let points = rng.range(4, 230);
            let (mut lon, mut lat) = (-141.0 + rng.f64() * 88.0, 42.0 + rng.f64() * 41.0);
            (0..points)
                .map(|_| {
                    lon += (rng.f64() - 0.5) * 0.01;
                    lat += (rng.f64() - 0.5) * 0.01;
                    (lon, lat)
                })
                .collect()
        })
        .collect();
    FeatureCollection {
        kind: "FeatureCollection".into(),
        features: vec![Feature {
            kind: "Feature".into(),
            properties: [("name".to_owned(), "Canada".to_owned())].into(),
            geometry: Geometry {
                kind: "Polygon".into(),
                coordinates,
            },
        }],
    }
}

/// A JSV/JSON text pair of `value`.
pub fn texts<T: Serialize>(value: &T) -> (String, String) {
    (
        serde_jsv::to_string(value).expect("jsv"),
        serde_json::to_string(value).expect("json"),
    )
}
