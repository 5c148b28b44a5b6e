//! Reader options: how to read whitespace, how deep to nest, how to match names.

use serde::de::{Deserialize, DeserializeOwned};

use super::repeats::may_repeat_member;
use super::{Deserializer, LastWins};
use crate::error::{ErrorKind, Result};

/// How whitespace around tokens is read.
///
/// `#[non_exhaustive]`: a later version may add a mode (a lenient one, say), so a `match`
/// outside this crate needs a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ReadMode {
    /// Pretty when the first `{` or `[` is followed directly by a line break (D3), compact
    /// otherwise.
    #[default]
    Auto,
    /// ServiceStack's compact form: whitespace inside bare scalars is data (R28).
    Compact,
    /// Indented text (`Dump()`, metadata pages): whitespace around every token is
    /// insignificant and bare scalars are trimmed.
    Pretty,
}

/// Options for reading JSV, as a builder.
///
/// ```
/// use serde_jsv::de::{Options, ReadMode};
///
/// let options = Options::new().read_mode(ReadMode::Pretty).depth_limit(16);
/// let words: Vec<String> = options.from_str("[ a , b ]").unwrap();
/// assert_eq!(words, ["a", "b"]);
///
/// let strict = Options::new().case_insensitive(false);
/// #[derive(serde::Deserialize, Debug)]
/// struct Session {
///     #[allow(dead_code)]
///     id: String,
/// }
/// assert!(strict.from_str::<Session>("{Id:s1}").is_err());
/// assert!(Options::new().from_str::<Session>("{Id:s1}").is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub(crate) read_mode: ReadMode,
    pub(crate) depth_limit: Option<usize>,
    pub(crate) case_insensitive: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read_mode: ReadMode::Auto,
            depth_limit: Some(128),
            case_insensitive: true,
        }
    }
}

impl Options {
    /// The defaults: automatic read mode, depth limit 128, case-insensitive names.
    pub fn new() -> Self {
        Options::default()
    }

    /// Sets how whitespace around tokens is read.
    pub fn read_mode(mut self, mode: ReadMode) -> Self {
        self.read_mode = mode;
        self
    }

    /// Sets the deepest nesting of `{…}` and `[…]` accepted (128 by default); deeper input
    /// is an error, never a stack overflow.
    pub fn depth_limit(mut self, limit: usize) -> Self {
        self.depth_limit = Some(limit);
        self
    }

    /// Removes the depth limit. Only for trusted input: deep enough nesting then overflows
    /// the stack.
    pub fn unbounded_depth(mut self) -> Self {
        self.depth_limit = None;
        self
    }

    /// Whether member names and enum variants that match no field exactly are matched
    /// ignoring ASCII case, as ServiceStack does (D6). On by default.
    pub fn case_insensitive(mut self, on: bool) -> Self {
        self.case_insensitive = on;
        self
    }

    /// Reads a `T` from `text` with these options.
    ///
    /// A struct member given twice: the last occurrence wins, as in ServiceStack, and the
    /// earlier ones are skipped whatever they hold (only their syntax is checked), so a
    /// value that would not fit the member is no error once a later occurrence supersedes
    /// it. The derived `Deserialize` rejects a repeated field: the text is then read again
    /// with the earlier occurrences skipped. After any other error the text is read once
    /// more, letting the last occurrence win in every struct, only if a scan finds a member
    /// name given twice in one of its objects. [`from_reader`](Self::from_reader) and
    /// [`iter_list`](Self::iter_list) give the same values and errors item by item.
    ///
    /// Only documents with duplicates pay for that, and the cost is bounded:
    /// the next pass lets the last member win only in the objects read as the struct that
    /// reported the duplicate (another struct with duplicates adds a pass, at most
    /// four, then one pass covers every struct), and in each such object one look-ahead
    /// finds every member's last occurrence. A pass is then at most one more reading of
    /// each such object, so a document costs a few times its plain reading, times the
    /// nesting depth of that struct in itself for a recursive struct.
    pub fn from_str<'de, T: Deserialize<'de>>(&self, text: &'de str) -> Result<T> {
        let (value, mut de) = read_last_wins(
            || Deserializer::with_options(text, self),
            |de, _| T::deserialize(de),
            true,
        )?;
        de.end()?;
        Ok(value)
    }

    /// Reads a `T` from UTF-8 bytes with these options.
    pub fn from_slice<'de, T: Deserialize<'de>>(&self, bytes: &'de [u8]) -> Result<T> {
        self.from_str(super::utf8(bytes)?)
    }

    /// Reads a `T` from a reader with these options; see [`from_reader`](super::from_reader).
    pub fn from_reader<R: std::io::Read, T: DeserializeOwned>(&self, reader: R) -> Result<T> {
        super::stream::from_reader(self, reader)
    }
}

/// Reads with `read` from a deserializer `make` gives, as [`Options::from_str`] describes.
///
/// With `retry`, while a struct reports a duplicated member, reads again from a new
/// deserializer letting the last occurrence win; after any other error, reads once more
/// letting it win in every struct if a member name may be given twice in the input (an
/// earlier occurrence is skipped whatever it holds, so its error must not stand). `read`
/// is told whether it runs on such a later pass.
///
/// Without `retry` (a value read through serde's `DeserializeSeed`, which cannot be read
/// twice), the one reading decides at its first struct, by a scan of the input for a name
/// given twice ([`Deserializer::decide_last_wins`]), whether every struct lets the last
/// occurrence win. Both give the value and the error of one reading letting the last
/// occurrence win in every struct, the rule of [`Options::from_str`].
///
/// Returns the value and the deserializer that read it, positioned after it.
pub(crate) fn read_last_wins<'de, T>(
    mut make: impl FnMut() -> Deserializer<'de>,
    mut read: impl FnMut(&mut Deserializer<'de>, bool) -> Result<T>,
    retry: bool,
) -> Result<(T, Deserializer<'de>)> {
    /// Structs named one by one before one pass covers them all.
    const MAX_NAMED: usize = 4;
    let mut last_wins = LastWins::Off;
    loop {
        let mut de = make();
        let later_pass = matches!(last_wins, LastWins::Structs(_) | LastWins::AllStructs);
        if later_pass {
            de.skip_ends = Some(std::collections::HashMap::new());
            de.last_wins = std::mem::take(&mut last_wins);
        } else if !retry && matches!(de.last_wins, LastWins::Off) {
            de.last_wins = LastWins::Undecided(None);
        }
        let err = match read(&mut de, later_pass) {
            Ok(value) => return Ok((value, de)),
            Err(err) if retry => err,
            Err(err) => return Err(err),
        };
        let duplicate = matches!(err.kind(), ErrorKind::DuplicateField(_));
        last_wins = match (std::mem::take(&mut de.last_wins), de.duplicate_in) {
            // Every struct already lets the last member win: the duplicate is not in
            // a struct we read (a map, or a struct read through another deserializer).
            (LastWins::AllStructs, _) => return Err(err),
            // Another error, in a struct member that a later one supersedes perhaps.
            _ if !duplicate => {
                if !may_repeat_member(de.input.as_bytes()) {
                    return Err(err);
                }
                LastWins::AllStructs
            }
            (LastWins::Off, Some(name)) => LastWins::Structs(vec![name]),
            (LastWins::Structs(mut names), Some(name))
                if names.len() < MAX_NAMED && !names.contains(&name) =>
            {
                names.push(name);
                LastWins::Structs(names)
            }
            _ => LastWins::AllStructs,
        };
    }
}

impl Deserializer<'_> {
    /// [`LastWins::Undecided`] at the first object read as a struct: every struct of the
    /// input lets the last occurrence of a member win if a name may be given twice in one
    /// of its objects, none does otherwise. The scan reads the input once, without
    /// building anything; inputs read with no struct never pay for it.
    #[inline(never)]
    pub(crate) fn decide_last_wins(&mut self) -> bool {
        let text = self.input.as_bytes();
        let repeats = match std::mem::take(&mut self.last_wins) {
            LastWins::Undecided(Some(spans)) => super::repeats::spans_repeat(text, spans),
            _ => may_repeat_member(text),
        };
        self.last_wins = if repeats {
            self.skip_ends
                .get_or_insert_with(std::collections::HashMap::new);
            LastWins::AllStructs
        } else {
            LastWins::Off
        };
        repeats
    }
}
