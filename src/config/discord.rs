//! The Discord front end's settings (`[discord]`) and the readers of their values as a file or
//! the environment writes them: ids, a shard range, a listening address, a public key.

use serde::Deserialize;

/// Settings for `treatybot serve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordSettings {
    /// Bot token; empty means not configured.
    pub token: String,
    /// Guilds to register commands in; empty means global registration.
    #[serde(deserialize_with = "guild_ids")]
    pub guild_ids: Vec<u64>,
    /// Base URL of a REST proxy (or test stand-in); empty means Discord itself.
    pub http_proxy: String,
    /// Roles (by id) whose members may change their server's reading list with `/sources add`
    /// and `/sources remove`, besides members with Manage Server.
    #[serde(deserialize_with = "guild_ids")]
    pub reading_list_roles: Vec<u64>,
    /// Most articles one server may keep on its reading list.
    pub reading_list_max_articles: usize,
    /// Most bytes of article text one server may keep on its reading list.
    pub reading_list_max_bytes: u64,
    /// Where to serve Discord's HTTP interactions endpoint (and `/healthz`); `None` (empty in
    /// the file) means the gateway.
    #[serde(deserialize_with = "listen_address")]
    pub http_listen: Option<std::net::SocketAddr>,
    /// The application's public key, which signs every request to the HTTP endpoint.
    #[serde(deserialize_with = "public_key")]
    pub public_key: Option<PublicKey>,
    /// The gateway shards this process runs (`"0-3/16"`); `None` (empty) means the one shard
    /// of an unsharded bot.
    #[serde(deserialize_with = "shard_range")]
    pub shards: Option<ShardRange>,
}

/// Which of a bot's gateway shards one process runs: `first..=last` of `total`, written
/// `"first-last/total"` (or `"n/total"` for one shard), so several processes split the servers
/// between them (Discord sends each shard the servers with `(guild_id >> 22) % total == shard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    /// The first shard this process runs, from 0.
    pub first: u32,
    /// The last shard this process runs (inclusive).
    pub last: u32,
    /// How many shards the whole bot has.
    pub total: u32,
}

impl ShardRange {
    /// Most shards a bot may declare: far past what Discord asks of the largest bots, and small
    /// enough that a typo (an extra digit) is caught.
    pub const MAX_TOTAL: u32 = 16_384;

    /// How many shards this process runs.
    pub fn count(&self) -> u32 {
        self.last - self.first + 1
    }
}

impl std::fmt::Display for ShardRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}/{}", self.first, self.last, self.total)
    }
}

impl std::str::FromStr for ShardRange {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<ShardRange, String> {
        let shape = || {
            format!(
                "\"{}\" is not a shard range: write FIRST-LAST/TOTAL, e.g. \"0-3/16\" for shards \
                 0 to 3 of 16 (or \"2/16\" for shard 2 alone)",
                text.chars().take(40).collect::<String>()
            )
        };
        let number = |s: &str| -> std::result::Result<u32, String> {
            let s = s.trim();
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(shape());
            }
            s.parse().map_err(|_| shape())
        };
        let (range, total) = text.trim().split_once('/').ok_or_else(shape)?;
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let n = number(range)?;
                (n, n)
            }
        };
        let total = number(total)?;
        if total == 0 || total > ShardRange::MAX_TOTAL {
            return Err(format!(
                "the total number of shards must be between 1 and {}, not {total}",
                ShardRange::MAX_TOTAL
            ));
        }
        if first > last {
            return Err(format!(
                "the first shard ({first}) comes after the last ({last})"
            ));
        }
        if last >= total {
            return Err(format!(
                "shard {last} does not exist in a bot of {total} shards (they are numbered 0 to {})",
                total - 1
            ));
        }
        Ok(ShardRange { first, last, total })
    }
}

/// `discord.shards`: empty for an unsharded bot, else a [`ShardRange`].
fn shard_range<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<ShardRange>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

/// An application's Ed25519 public key: 32 bytes, given as the developer portal shows them (64
/// hex digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

impl std::str::FromStr for PublicKey {
    type Err = String;

    fn from_str(hex: &str) -> std::result::Result<PublicKey, String> {
        let hex = hex.trim();
        let digits: Option<Vec<u8>> = hex
            .as_bytes()
            .chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
            .collect();
        match digits.map(<[u8; 32]>::try_from) {
            Some(Ok(key)) if hex.len() == 64 => Ok(PublicKey(key)),
            _ => Err(
                "must be 64 hex digits (the application's public key, as the developer \
                      portal shows it)"
                    .into(),
            ),
        }
    }
}

/// `discord.http_listen`: empty for none, else an address and port.
fn listen_address<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<std::net::SocketAddr>, D::Error> {
    let text = String::deserialize(d)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        serde::de::Error::custom(format!(
            "\"{text}\" is not an address and port (like 127.0.0.1:8080 or [::]:8080)"
        ))
    })
}

/// `discord.public_key`: empty for none, else 64 hex digits.
fn public_key<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<PublicKey>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

/// Discord ids (guilds, roles) as a list, one number, or a comma-separated string: environment variables arrive
/// in any of these shapes (`TREATYBOT__DISCORD__GUILD_IDS=1,2` or `=1`).
fn guild_ids<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Number(u64),
        Text(String),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ids {
        Many(Vec<Item>),
        One(Item),
    }
    let items = match Ids::deserialize(d)? {
        Ids::Many(items) => items,
        Ids::One(item) => vec![item],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Number(n) => out.push(n),
            Item::Text(t) => {
                for part in t.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    out.push(part.parse().map_err(|_| {
                        serde::de::Error::custom(format!("\"{part}\" is not an id (a number)"))
                    })?);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn guild_ids_accept_a_list_a_number_or_text() {
        let dir = tempfile::tempdir().unwrap();
        for (text, want) in [
            ("[discord]\nguild_ids = [1, 2]\n", vec![1, 2]),
            ("[discord]\nguild_ids = 7\n", vec![7]),
            ("[discord]\nguild_ids = \"3, 4\"\n", vec![3, 4]),
        ] {
            std::fs::write(dir.path().join("local.toml"), text).unwrap();
            assert_eq!(
                Settings::load(dir.path(), None).unwrap().discord.guild_ids,
                want,
                "{text}"
            );
        }
        std::fs::write(
            dir.path().join("local.toml"),
            "[discord]\nguild_ids = \"abc\"\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("guild"), "{err}");
    }

    #[test]
    fn shard_ranges_are_read_once_and_bad_ones_say_how_to_write_them() {
        let read = |s: &str| s.parse::<ShardRange>();
        assert_eq!(
            read("0-3/16"),
            Ok(ShardRange {
                first: 0,
                last: 3,
                total: 16
            })
        );
        assert_eq!(
            read(" 2/16 ").map(|r| (r.first, r.last, r.count())),
            Ok((2, 2, 1))
        );
        assert_eq!(read("1-1/2").unwrap().to_string(), "1-1/2");
        for bad in [
            "", "3", "0-3", "a-b/c", "-1-2/4", "0-3/", "0--3/16", "+1/2", "1/2/3",
        ] {
            let err = read(bad).unwrap_err();
            assert!(err.contains("FIRST-LAST/TOTAL"), "{bad}: {err}");
        }
        assert!(read("3-1/16").unwrap_err().contains("comes after"));
        assert!(read("0-16/16").unwrap_err().contains("numbered 0 to 15"));
        assert!(read("0/0").unwrap_err().contains("between 1 and"));
        assert!(read("0/99999999999")
            .unwrap_err()
            .contains("FIRST-LAST/TOTAL"));

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("local.toml"),
            "[discord]\nshards = \"4-7/8\"\n",
        )
        .unwrap();
        let s = Settings::load(dir.path(), None).unwrap();
        assert_eq!(
            s.discord.shards.map(|r| r.to_string()).as_deref(),
            Some("4-7/8")
        );
        assert_eq!(
            Settings::defaults().discord.shards,
            None,
            "unsharded by default"
        );
        std::fs::write(
            dir.path().join("local.toml"),
            "[discord]\nshards = \"8/8\"\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(
            err.contains("shards") && err.contains("numbered 0 to 7"),
            "{err}"
        );
        std::fs::write(
            dir.path().join("local.toml"),
            "[discord]\nshards = \"0/2\"\nhttp_listen = \"127.0.0.1:0\"\npublic_key = \"\
             0000000000000000000000000000000000000000000000000000000000000000\"\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("discord.shards"), "{err}");
    }
}
