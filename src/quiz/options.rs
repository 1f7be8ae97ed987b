//! How a quiz is played: a channel game or a private practice, and how hard its questions are.
//! Parsed once from what the player typed (Discord's choices, the command line's flags) into
//! these types.

use std::fmt;
use std::str::FromStr;

/// Who plays and what is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The channel's game: everyone may answer, points and streaks are recorded, questions are
    /// timed.
    #[default]
    Game,
    /// One player alone, privately: nothing is recorded, and the next question comes as soon as
    /// they answer.
    Practice,
}

/// Which questions a quiz draws from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Difficulty {
    /// The dispute's core facts: who, when and where, only of a person, place or year the
    /// quiz's candidate articles keep returning to (see [`CORE_ARTICLES`]).
    Easy,
    /// Every question the articles yield.
    #[default]
    Hard,
}

/// The fewest articles of a quiz's candidates (those about the dispute, when any are) that must
/// name a person, place or year for an easy question to ask it: a fact several articles report
/// is a core fact of the dispute; one article's detail is not.
pub const CORE_ARTICLES: usize = 3;

/// A mode or difficulty that is not one of the words it is written as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{given}” is not one of: {expected}")]
pub struct UnknownOption {
    /// What was typed.
    pub given: String,
    /// The words accepted.
    pub expected: &'static str,
}

impl Mode {
    /// Every mode, as offered to players.
    pub const ALL: [Mode; 2] = [Mode::Game, Mode::Practice];

    /// The mode as it is written in options and flags: `game`, `practice`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Game => "game",
            Mode::Practice => "practice",
        }
    }
}

impl Difficulty {
    /// Every difficulty, as offered to players.
    pub const ALL: [Difficulty; 2] = [Difficulty::Easy, Difficulty::Hard];

    /// The difficulty as it is written in options and flags: `easy`, `hard`.
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Hard => "hard",
        }
    }
}

impl FromStr for Mode {
    type Err = UnknownOption;
    fn from_str(s: &str) -> Result<Mode, UnknownOption> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownOption {
                given: s.to_string(),
                expected: "game, practice",
            })
    }
}

impl FromStr for Difficulty {
    type Err = UnknownOption;
    fn from_str(s: &str) -> Result<Difficulty, UnknownOption> {
        Difficulty::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownOption {
                given: s.to_string(),
                expected: "easy, hard",
            })
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_read_back_from_their_names_and_nothing_else() {
        for m in Mode::ALL {
            assert_eq!(m.name().parse::<Mode>(), Ok(m));
        }
        for d in Difficulty::ALL {
            assert_eq!(d.name().to_uppercase().parse::<Difficulty>(), Ok(d));
        }
        assert!("medium".parse::<Difficulty>().is_err());
        assert!("solo".parse::<Mode>().is_err());
        assert_eq!(Difficulty::default(), Difficulty::Hard);
        assert_eq!(Mode::default(), Mode::Game);
    }
}
