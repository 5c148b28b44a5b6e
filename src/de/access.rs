//! serde's access traits over JSV objects, lists and enums.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Visitor};

use super::key::KeyDeserializer;
use super::scan::{self, Stop};
use super::{Deserializer, Scalar};
use crate::error::{Error, ErrorKind, Result};

/// Reads a member name and the `:` after it.
///
/// Whitespace around struct member names is skipped (R13, D2); map keys keep theirs in
/// compact text, except before a quote. `candidates` (struct fields or enum variants) lets a
/// name that matches none exactly match one ignoring ASCII case (D6).
#[inline]
fn member_name<'de>(
    de: &mut Deserializer<'de>,
    trim: bool,
    candidates: Option<&'static [&'static str]>,
    search: &mut NameSearch,
) -> Result<Scalar<'de>> {
    let start = de.pos;
    let rest = de.bytes();
    let (name, quoted) = if rest.first() == Some(&b'"') {
        let (_, content, doubled) = de.quoted_token()?;
        let text = super::quoted_text(content, doubled);
        de.skip_whitespace();
        (text, true)
    } else {
        match scan::bare_name(rest) {
            Ok((after, name)) => {
                de.pos += rest.len() - after.len();
                let text = &de.input[start..start + name.len()];
                let text = if trim || de.pretty {
                    crate::whitespace::trim(text)
                } else {
                    text
                };
                (Cow::Borrowed(text), false)
            }
            Err(nom::Err::Error(err) | nom::Err::Failure(err)) if err.input.is_empty() => {
                return Err(de.eof("a member name"));
            }
            Err(_) => {
                let at = de.pos + memchr::memchr2(b',', b'}', rest).unwrap_or(0);
                return Err(de.error_at(ErrorKind::ExpectedColon, at, 1));
            }
            #[allow(unreachable_patterns)]
            Err(nom::Err::Incomplete(_)) => return Err(de.eof("a member name")),
        }
    };
    match de.peek() {
        Some(b':') => de.pos += 1,
        Some(_) => return Err(de.error_at(ErrorKind::ExpectedColon, de.pos, 1)),
        None => return Err(de.eof("a member")),
    }
    let len = de.pos - 1 - start;
    Ok(Scalar {
        text: canonical(name, candidates, search),
        start,
        len,
        quoted,
    })
}

/// `name`, or the candidate it matches only ignoring ASCII case (see [`resolve_name`]).
#[inline(always)]
fn canonical<'de>(
    name: Cow<'de, str>,
    candidates: Option<&'static [&'static str]>,
    search: &mut NameSearch,
) -> Cow<'de, str> {
    match candidates.and_then(|candidates| search.resolve(&name, candidates)) {
        Some(canonical) => Cow::Borrowed(canonical),
        None => name,
    }
}

/// What the name search of one object remembers between its members: where the next exact
/// match is expected (see [`resolve_name`]), and which name shapes the candidates have.
#[derive(Default)]
pub(crate) struct NameSearch {
    hint: usize,
    /// The [`shape_bit`]s of the candidates, or 0 until a name misses the first guess.
    shapes: u64,
}

impl NameSearch {
    /// [`resolve_name`], except that a name found neither at nor after the hint, and of a
    /// shape no candidate has (a member the struct does not read, mostly), is settled
    /// without the full pass: it can match none, exactly or ignoring case.
    #[inline(always)]
    fn resolve(&mut self, name: &str, candidates: &'static [&'static str]) -> Option<&'static str> {
        if let Some(&candidate) = candidates.get(self.hint)
            && same_name(candidate, name)
        {
            self.hint += 1;
            return None;
        }
        // Once the shapes are known, most unknown names are settled here, without a call.
        if self.shapes != 0 && self.shapes & shape_bit(name.as_bytes()) == 0 {
            return None;
        }
        self.resolve_missed(name, candidates)
    }

    /// [`resolve`](Self::resolve) past its first guess.
    #[inline(never)]
    fn resolve_missed(
        &mut self,
        name: &str,
        candidates: &'static [&'static str],
    ) -> Option<&'static str> {
        if exact_after_hint(name, candidates, &mut self.hint) {
            return None;
        }
        // With the shapes known on entry, `resolve` has already found the name's bit among
        // them; only shapes learnt here have yet to be tested.
        if self.shapes == 0 {
            self.shapes = shapes_of(candidates);
            if self.shapes & shape_bit(name.as_bytes()) == 0 {
                return None;
            }
        }
        resolve_name_everywhere(name, candidates, &mut self.hint)
    }
}

/// The bit of [`NameSearch::shapes`] for a name: one of 64, picked by its length and its
/// first and last bytes with ASCII case folded, so that names equal ignoring case share it.
/// A struct that reads 9 of a message's 40 members sets at most 9 bits: most of the 31
/// members it skips are then settled by one test, where a filter on the length alone let
/// every skipped name as long as some field through to the full pass.
#[inline(always)]
fn shape_bit(name: &[u8]) -> u64 {
    // `| 0x20` folds ASCII letters (and merges a few other bytes, harmless in a filter).
    let folded = |byte: Option<&u8>| u32::from(byte.map_or(0, |byte| byte | 0x20));
    let mixed = (name.len() as u32).wrapping_mul(0x9E37_79B9)
        ^ folded(name.first()).wrapping_mul(0x85EB_CA6B)
        ^ folded(name.last()).wrapping_mul(0xC2B2_AE35);
    1 << (mixed >> 26)
}

/// The [`shape_bit`]s of `candidates`.
fn shapes_of(candidates: &[&str]) -> u64 {
    candidates.iter().fold(0, |shapes, candidate| {
        shapes | shape_bit(candidate.as_bytes())
    })
}

/// The canonical spelling of `name` when it matches one of `candidates` only ignoring
/// ASCII case (D6); `None` when it matches one exactly, or none at all.
///
/// ServiceStack writes members in declaration order, so the exact search starts at `hint`,
/// the candidate after the previous match, and usually succeeds at once; members left out
/// (`None` values) only move it forward. The case-insensitive search runs only when no
/// candidate matches exactly.
#[inline(always)]
pub(crate) fn resolve_name(
    name: &str,
    candidates: &'static [&'static str],
    hint: &mut usize,
) -> Option<&'static str> {
    // The usual case: the next candidate, exactly.
    if let Some(&candidate) = candidates.get(*hint)
        && same_name(candidate, name)
    {
        *hint += 1;
        return None;
    }
    resolve_name_search(name, candidates, hint)
}

/// [`resolve_name`] past its first guess: the candidates after the hint exactly, then one
/// pass over all of them (see [`resolve_name_everywhere`]).
#[inline(never)]
fn resolve_name_search(
    name: &str,
    candidates: &'static [&'static str],
    hint: &mut usize,
) -> Option<&'static str> {
    if exact_after_hint(name, candidates, hint) {
        return None;
    }
    resolve_name_everywhere(name, candidates, hint)
}

/// Whether `name` is exactly one of the candidates from `hint` on (moving the hint past it):
/// members left out (`None` values) only move the next name forward.
#[inline(always)]
fn exact_after_hint(name: &str, candidates: &'static [&'static str], hint: &mut usize) -> bool {
    if let Some(after) = candidates.get(*hint..) {
        for (at, candidate) in after.iter().enumerate() {
            if same_name(candidate, name) {
                *hint += at + 1;
                return true;
            }
        }
    }
    false
}

/// One pass over the candidates, where an exact match wins at once and the first match
/// ignoring case (in declaration order) is kept for the end. A name no candidate knows (a
/// member the struct skips) costs one pass, most candidates ruled out by their length or
/// first letter.
#[inline(always)]
fn resolve_name_everywhere(
    name: &str,
    candidates: &'static [&'static str],
    hint: &mut usize,
) -> Option<&'static str> {
    // ASCII letters fold to lower case with 0x20; bytes that differ after folding differ
    // ignoring case too.
    let first = name.as_bytes().first().map(|byte| byte | 0x20);
    let mut ignoring_case = None;
    for (at, candidate) in candidates.iter().enumerate() {
        if candidate.len() != name.len()
            || candidate.as_bytes().first().map(|byte| byte | 0x20) != first
        {
            continue;
        }
        if same_name(candidate, name) {
            *hint = at + 1;
            return None;
        }
        if ignoring_case.is_none() && candidate.eq_ignore_ascii_case(name) {
            ignoring_case = Some(at);
        }
    }
    let at = ignoring_case?;
    *hint = at + 1;
    Some(candidates[at])
}

/// `a == b` for short names without a call to `memcmp`: eight (or, below eight, four) bytes
/// at a time, the last word overlapping the one before.
#[inline(always)]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same_name`] on bytes.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    if len < 4 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    if len < 8 {
        let half = |bytes: &[u8], at: usize| {
            u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]))
        };
        return half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4);
    }
    let word = |bytes: &[u8], at: usize| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]))
    };
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, len - 8) == word(b, len - 8)
}

/// The field lists whose names compact text spells as it is, and their names' shapes (see
/// [`NameSearch::shapes`]), found out once per list rather than once per object.
///
/// A name is *plain* when it is not empty, holds none of `:`, `,` and `}`, and neither
/// starts with whitespace, `"` or `}` nor ends with whitespace. When every field of a struct
/// is plain, compact text that holds the next expected field's name followed by `:` holds
/// exactly that member name: the general reading stops at the first `:`, `,` or `}`, which
/// is that `:`, and the name then matches the expected field exactly. So it is taken
/// without searching for the `:`.
pub(crate) struct PlainNames {
    /// Field lists already looked at (by address and length), whether all are plain, and
    /// their shapes; the first `len` entries are filled. An array, so that a deserializer
    /// allocates nothing for it.
    known: [(&'static [&'static str], bool, u64); PlainNames::REMEMBERED],
    len: usize,
}

impl Default for PlainNames {
    fn default() -> Self {
        PlainNames {
            known: [(&[], false, 0); PlainNames::REMEMBERED],
            len: 0,
        }
    }
}

impl PlainNames {
    /// Field lists remembered; others (a document of many struct types) take the
    /// general path, as before.
    const REMEMBERED: usize = 8;

    /// Whether every name of `fields` is plain (see [`PlainNames`]), and their shapes (0
    /// when the table is full: the name search then learns them itself). Out of line: the
    /// answer comes back in registers to the inlined [`ObjectAccess::new`].
    #[inline(never)]
    fn look_up(&mut self, fields: &'static [&'static str]) -> (bool, u64) {
        for &(known, plain, shapes) in self.known.iter().take(self.len) {
            if std::ptr::eq(known, fields) {
                return (plain, shapes);
            }
        }
        self.learn(fields)
    }

    #[cold]
    #[inline(never)]
    fn learn(&mut self, fields: &'static [&'static str]) -> (bool, u64) {
        let Some(slot) = self.known.get_mut(self.len) else {
            return (false, 0);
        };
        let plain = fields.iter().all(|name| is_plain(name.as_bytes()));
        let shapes = shapes_of(fields);
        *slot = (fields, plain, shapes);
        self.len += 1;
        (plain, shapes)
    }
}

/// Whether a member name reads back as itself in compact text (see [`PlainNames`]).
fn is_plain(name: &[u8]) -> bool {
    match (name.first(), name.last()) {
        (Some(&first), Some(&last)) => {
            first > b' '
                && first != b'"'
                && last > b' '
                && !name.iter().any(|byte| matches!(byte, b':' | b',' | b'}'))
        }
        _ => false,
    }
}

/// The members of a `{…}`.
pub(crate) struct ObjectAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    fields: Option<&'static [&'static str]>,
    /// Whether no member has been read yet, whether the object is read as a struct, and
    /// how many more members may miss the expected field name.
    state: ObjectState,
    /// Where the search for the next member name starts, and what it knows of the names.
    search: NameSearch,
    /// On the pass after a duplicated member, which members a later one supersedes.
    superseded: Option<Box<Superseded<'de>>>,
}

/// The small facts an [`ObjectAccess`] keeps, in one word.
///
/// One word because the reader is built and then moved into the struct's `visit_map`: a
/// move that read three one-byte fields as one word waited for their three stores to leave
/// the store buffer (a store-forwarding stall on every object read, 9 % of the time of
/// reading a list of two-member structs, allocation aside); one word is written by one
/// store.
#[derive(Clone, Copy)]
struct ObjectState(u64);

impl ObjectState {
    const FIRST: u64 = 1;
    const STRUCT: u64 = 2;
    /// Where [`expected_misses`](Self::expected_misses) starts.
    const MISSES: u32 = 8;

    #[inline(always)]
    fn new(is_struct: bool, expected_misses: u8) -> Self {
        ObjectState(
            Self::FIRST
                | if is_struct { Self::STRUCT } else { 0 }
                | u64::from(expected_misses) << Self::MISSES,
        )
    }

    /// Whether no member has been read yet.
    #[inline(always)]
    fn first(self) -> bool {
        self.0 & Self::FIRST != 0
    }

    /// A member has been read.
    #[inline(always)]
    fn read_one(&mut self) {
        self.0 &= !Self::FIRST;
    }

    /// Whether the object is read as a struct (its member names are trimmed, R13).
    #[inline(always)]
    fn is_struct(self) -> bool {
        self.0 & Self::STRUCT != 0
    }

    /// How many more members may miss the look for the expected field name before the
    /// object stops looking (a struct that reads a few members of many, or in another
    /// order, would pay for it at every member); 0 when the field names are not all plain
    /// ([`PlainNames`]).
    #[inline(always)]
    fn expected_misses(self) -> u8 {
        (self.0 >> Self::MISSES) as u8
    }

    /// One more member that was not the expected one (only while misses are left: below
    /// zero it would borrow from the flags).
    #[inline(always)]
    fn missed(&mut self) {
        debug_assert!(self.expected_misses() > 0);
        self.0 -= 1 << Self::MISSES;
    }

    /// Stops looking for the expected field name.
    #[inline(always)]
    fn stop_expecting(&mut self) {
        self.0 &= (1 << Self::MISSES) - 1;
    }
}

/// The last occurrence of each member name in one object, found by one look-ahead over
/// the object before its members are read, and the position of the member being read.
struct Superseded<'de> {
    last: HashMap<Cow<'de, str>, usize>,
    ordinal: usize,
}

impl<'a, 'de> ObjectAccess<'a, 'de> {
    /// See [`ObjectState::expected_misses`].
    const EXPECTED_MISSES: u8 = 3;

    /// Inlined, so that the reader is built in the struct reader's own frame: returned from
    /// a call it came back through memory, and the first use of it waited for those stores
    /// (built out of line with the name shapes in it, the session list read 5 % slower by
    /// the clock over six code layouts, for the same instructions).
    #[inline]
    pub(crate) fn new(
        de: &'a mut Deserializer<'de>,
        fields: Option<&'static [&'static str]>,
        is_struct: bool,
    ) -> Self {
        let (expected_misses, shapes) = match fields {
            Some(fields) => match de.plain_names.look_up(fields) {
                (true, shapes) if !de.pretty => (Self::EXPECTED_MISSES, shapes),
                (_, shapes) => (0, shapes),
            },
            None => (0, 0),
        };
        ObjectAccess {
            de,
            fields,
            state: ObjectState::new(is_struct, expected_misses),
            search: NameSearch { hint: 0, shapes },
            superseded: None,
        }
    }

    /// Reads this object letting the last occurrence of each member win, as ServiceStack
    /// does: one look-ahead over the object (from the position just after its `{`) finds
    /// where each name occurs last, and the members before that are skipped. One extra
    /// reading of the object, whatever the number of fields or members.
    ///
    /// The look-ahead runs on the deserializer itself and puts it back where it was, so
    /// that the values it steps over are remembered ([`Deserializer::skip_ends`]): the
    /// objects nested in this one then step over them without reading them again.
    pub(crate) fn let_last_member_win(&mut self) {
        let (pos, stop, depth) = (self.de.pos, self.de.stop, self.de.remaining_depth);
        let mut scan = ObjectAccess::new(&mut *self.de, self.fields, self.state.is_struct());
        let mut last = HashMap::new();
        let mut ordinal = 0;
        // A malformed object stops the look-ahead; the reading proper reports the error.
        while let Ok(Some(key)) = scan.next_name() {
            last.insert(key.text, ordinal);
            ordinal += 1;
            scan.de.stop = Stop::Object;
            if de::IgnoredAny::deserialize(&mut *scan.de).is_err() {
                break;
            }
        }
        (self.de.pos, self.de.stop, self.de.remaining_depth) = (pos, stop, depth);
        self.superseded = Some(Box::new(Superseded { last, ordinal: 0 }));
        // Every member goes through the check of `superseded`.
        self.state.stop_expecting();
    }
}

impl<'de> de::MapAccess<'de> for ObjectAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if let Some(key) = self.expected_name() {
            return self.key(seed, key).map(Some);
        }
        loop {
            let Some(key) = self.next_name()? else {
                return Ok(None);
            };
            let de = &mut *self.de;
            // Only on a pass after a duplicate: skip a member given again later.
            if let Some(superseded) = &mut self.superseded {
                let ordinal = superseded.ordinal;
                superseded.ordinal += 1;
                if superseded
                    .last
                    .get(key.text.as_ref())
                    .is_some_and(|&last| last > ordinal)
                {
                    de.stop = Stop::Object;
                    de::IgnoredAny::deserialize(&mut *de)?;
                    continue;
                }
            }
            return self.key(seed, key).map(Some);
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let de = &mut *self.de;
        de.stop = Stop::Object;
        let start = de.pos;
        seed.deserialize(&mut *de).map_err(|err| de.fix(err, start))
    }
}

impl<'de> ObjectAccess<'_, 'de> {
    /// Hands the member name `key` to `seed`.
    #[inline(always)]
    fn key<K: DeserializeSeed<'de>>(&mut self, seed: K, key: Scalar<'de>) -> Result<K::Value> {
        let de = &*self.de;
        let (start, len) = (key.start, key.len);
        seed.deserialize(KeyDeserializer { key, de })
            .map_err(|err| {
                if err.has_position() {
                    err
                } else {
                    err.at(de.input, start, len.max(1))
                }
            })
    }

    /// The usual member in compact text: `,` (none before the first member), the field
    /// after the previous one spelt exactly, then `:`; or the field after that one (a
    /// field left out, a `None` not written), where the exact search from the hint would
    /// find it too. Checking for them costs a comparison each and no search for the `:`
    /// (see [`PlainNames`] for why the name is the same). `None`, with nothing consumed,
    /// when the next member is not one of them, or the fields are not all plain (which
    /// includes pretty text and the passes letting the last member win).
    #[inline(always)]
    fn expected_name(&mut self) -> Option<Scalar<'de>> {
        if self.state.expected_misses() == 0 {
            return None;
        }
        let fields = self.fields?;
        let de = &mut *self.de;
        let rest = de.bytes();
        let first = self.state.first();
        let at = usize::from(!first);
        if !first && rest.first() != Some(&b',') {
            return None;
        }
        let Some((index, candidate)) = spelt_field(fields, self.search.hint, rest.get(at..)?)
        else {
            self.missed_expected();
            return None;
        };
        let start = de.pos + at;
        let len = candidate.len();
        de.pos = start + len + 1;
        self.state.read_one();
        self.search.hint = index + 1;
        // The field's own name: the same text as the input's, with no slicing to check.
        Some(Scalar {
            text: Cow::Borrowed(candidate),
            start,
            len,
            quoted: false,
        })
    }

    /// One more member that was not the expected one.
    #[cold]
    #[inline(never)]
    fn missed_expected(&mut self) {
        self.state.missed();
    }

    /// Moves past the separator and reads the next member name, or finds the end.
    #[inline(always)]
    fn next_name(&mut self) -> Result<Option<Scalar<'de>>> {
        if let Some(found) = self.compact_name() {
            return Ok(found);
        }
        let de = &mut *self.de;
        if !self.state.first() {
            de.skip_whitespace();
            match de.peek() {
                Some(b',') => de.pos += 1,
                Some(b'}') => return Ok(None),
                Some(_) => return Err(de.error_at(ErrorKind::ExpectedCommaOrEnd('}'), de.pos, 1)),
                None => return Err(de.eof("an object")),
            }
        }
        self.state.read_one();
        let rest = de.bytes();
        let (after, _) = scan::whitespace(rest).unwrap_or((rest, &[]));
        let skipped = rest.len() - after.len();
        if self.state.is_struct() || de.pretty || matches!(after.first(), None | Some(b'"' | b'}'))
        {
            de.pos += skipped;
        }
        match de.peek() {
            None => return Err(de.eof("an object")),
            // `{}`, and a trailing comma (`{A:1,}`), which ServiceStack rejects but which
            // loses nothing.
            Some(b'}') => return Ok(None),
            Some(_) => {}
        }
        member_name(de, self.state.is_struct(), self.fields, &mut self.search).map(Some)
    }
}

impl<'de> ObjectAccess<'_, 'de> {
    /// Compact text in its usual shape, `,name:` or `}` with no whitespace and no quotes:
    /// the next name (or the end) read without the general path, which gives the same
    /// result. `None` when the text has any other shape; nothing is consumed then.
    #[inline(always)]
    fn compact_name(&mut self) -> Option<Option<Scalar<'de>>> {
        let de = &mut *self.de;
        if de.pretty {
            return None;
        }
        let rest = de.bytes();
        let at = if self.state.first() {
            0
        } else {
            match rest.first() {
                Some(b',') => 1,
                Some(b'}') => return Some(None),
                _ => return None,
            }
        };
        let len = scan::compact_name_len(rest.get(at..)?)?;
        let start = de.pos + at;
        // `start` follows a `,` or `{` and `len` stops at a `:`: both are character
        // boundaries, which slicing in two steps checks without a call.
        let text: &'de str = &de.input[start..][..len];
        de.pos = start + len + 1;
        self.state.read_one();
        Some(Some(Scalar {
            text: canonical(Cow::Borrowed(text), self.fields, &mut self.search),
            start,
            len,
            quoted: false,
        }))
    }
}

/// The field at `hint` or the one after it, with its index, if `rest` starts with its
/// name and a `:`.
#[inline(always)]
fn spelt_field(
    fields: &'static [&'static str],
    hint: usize,
    rest: &[u8],
) -> Option<(usize, &'static str)> {
    let spelt = |index: usize| {
        let &candidate = fields.get(index)?;
        let after = rest.get(candidate.len())?;
        (*after == b':' && same_bytes(candidate.as_bytes(), &rest[..candidate.len()]))
            .then_some((index, candidate))
    };
    spelt(hint).or_else(|| spelt(hint + 1))
}

/// The items of a `[…]`, or of an unbracketed root list.
pub(crate) struct ListAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    bracketed: bool,
    first: bool,
}

impl<'a, 'de> ListAccess<'a, 'de> {
    pub(crate) fn new(de: &'a mut Deserializer<'de>, bracketed: bool) -> Self {
        ListAccess {
            de,
            bracketed,
            first: true,
        }
    }
}

impl<'de> de::SeqAccess<'de> for ListAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let de = &mut *self.de;
        if self.first {
            self.first = false;
            // `[]`, `[ ]` and an empty root are empty lists (R19).
            let rest = de.bytes();
            let (after, _) = scan::whitespace(rest).unwrap_or((rest, &[]));
            match (after.first(), self.bracketed) {
                (Some(b']'), true) | (None, false) => {
                    de.pos += rest.len() - after.len();
                    return Ok(None);
                }
                _ => {}
            }
        } else if de.peek() == Some(b',') {
            // The usual separator, right after the item: nothing to skip.
            de.pos += 1;
        } else {
            de.skip_whitespace();
            match (de.peek(), self.bracketed) {
                (Some(b','), _) => de.pos += 1,
                (Some(b']'), true) | (None, false) => return Ok(None),
                (None, true) => return Err(de.eof("a list")),
                (Some(_), bracketed) => {
                    let close = if bracketed { ']' } else { ',' };
                    return Err(de.error_at(ErrorKind::ExpectedCommaOrEnd(close), de.pos, 1));
                }
            }
        }
        de.stop = if self.bracketed {
            Stop::List
        } else {
            Stop::Comma
        };
        let start = de.pos;
        seed.deserialize(&mut *de)
            .map(Some)
            .map_err(|err| de.fix(err, start))
    }
}

/// A variant written as `{Name:value}`.
pub(crate) struct EnumAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    variants: &'static [&'static str],
}

impl<'a, 'de> EnumAccess<'a, 'de> {
    pub(crate) fn new(de: &'a mut Deserializer<'de>, variants: &'static [&'static str]) -> Self {
        EnumAccess { de, variants }
    }
}

impl<'a, 'de> de::EnumAccess<'de> for EnumAccess<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.de.skip_whitespace();
        let candidates = self.de.case_insensitive.then_some(self.variants);
        let name = member_name(self.de, true, candidates, &mut NameSearch::default())?;
        let (start, len) = (name.start, name.len);
        let value = deserialize_name(seed, name.text).map_err(|err| {
            if err.has_position() {
                err
            } else {
                err.at(self.de.input, start, len.max(1))
            }
        })?;
        self.de.stop = Stop::Object;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAccess<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(&mut *self.de)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(&mut *self.de)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(&mut *self.de, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(&mut *self.de, "", fields, visitor)
    }
}

fn deserialize_name<'de, V: DeserializeSeed<'de>>(
    seed: V,
    name: Cow<'de, str>,
) -> Result<V::Value> {
    match name {
        Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::<Error>::new(text)),
        Cow::Owned(text) => seed.deserialize(StringDeserializer::<Error>::new(text)),
    }
}

/// A variant written as its bare name.
pub(crate) struct UnitVariantAccess<'de> {
    name: Cow<'de, str>,
}

impl<'de> UnitVariantAccess<'de> {
    pub(crate) fn new(name: Cow<'de, str>) -> Self {
        UnitVariantAccess { name }
    }
}

impl<'de> de::EnumAccess<'de> for UnitVariantAccess<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        Ok((deserialize_name(seed, self.name)?, UnitOnly))
    }
}

/// The variant access of a bare name: only unit variants can be written that way.
pub(crate) struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {Variant:value} object",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {Variant:[…]} object",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {Variant:{…}} object",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_object_state_keeps_its_three_facts_apart() {
        for is_struct in [false, true] {
            let mut state = ObjectState::new(is_struct, ObjectAccess::EXPECTED_MISSES);
            assert!(state.first());
            assert_eq!(state.is_struct(), is_struct);
            assert_eq!(state.expected_misses(), 3);
            state.missed();
            state.read_one();
            assert!(!state.first());
            assert_eq!(state.is_struct(), is_struct);
            assert_eq!(state.expected_misses(), 2);
            state.missed();
            state.missed();
            assert_eq!(state.expected_misses(), 0);
            assert_eq!(state.is_struct(), is_struct);
            let mut state = ObjectState::new(is_struct, u8::MAX);
            state.stop_expecting();
            assert_eq!(state.expected_misses(), 0);
            assert!(state.first());
            assert_eq!(state.is_struct(), is_struct);
        }
    }

    #[test]
    fn names_that_compact_text_cannot_spell_are_not_taken_as_expected() {
        // The expected field `a:b` is not plain: `a:b:1` is the member `a` holding `b:1`.
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Colon {
            #[serde(rename = "a:b")]
            ab: Option<String>,
            a: Option<String>,
        }
        let read: Colon = crate::from_str("{a:b:1}").unwrap();
        assert_eq!(read.ab, None);
        assert_eq!(read.a.as_deref(), Some("b:1"));
        let read: Colon = crate::from_str(r#"{"a:b":1}"#).unwrap();
        assert_eq!(read.ab.as_deref(), Some("1"));

        // ` x` is not plain either: struct member names are trimmed, so ` x:1` is `x`.
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Space {
            #[serde(rename = " x")]
            spaced: Option<u8>,
            x: Option<u8>,
        }
        let read: Space = crate::from_str("{ x:1}").unwrap();
        assert_eq!((read.spaced, read.x), (None, Some(1)));

        // Plain names, given in order, out of order, in another case and unknown.
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Plain {
            id: u8,
            name: String,
        }
        let reads_id_1_name_n = |texts: &[&str]| {
            for text in texts {
                let read: Plain = crate::from_str(text).unwrap();
                let expected = Plain {
                    id: 1,
                    name: "n".into(),
                };
                assert_eq!(read, expected, "{text}");
            }
        };
        reads_id_1_name_n(&[
            "{id:1,name:n}",
            "{name:n,id:1}",
            "{ID:1,Name:n}",
            "{id:1,x:2,name:n}",
        ]);
        // A name that starts like the expected one but goes on is another member.
        let err = crate::from_str::<Plain>("{id:1,names:n}").unwrap_err();
        assert!(err.to_string().contains("missing field `name`"), "{err}");
        // A member given twice: the last wins, in the objects of a list too.
        reads_id_1_name_n(&[
            "{id:9,name:n,id:1}",
            "{id:9,id:1,name:n}",
            "{name:x,id:1,name:n}",
        ]);
        let read: Vec<Plain> = crate::from_str("[{id:9,id:1,name:n},{id:2,name:m}]").unwrap();
        assert_eq!(
            read[0],
            Plain {
                id: 1,
                name: "n".into()
            }
        );
        assert_eq!(
            read[1],
            Plain {
                id: 2,
                name: "m".into()
            }
        );
        // Members in another order than the fields, and many the struct skips: past a few
        // misses the object stops looking for the expected name, and reads the same.
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Five {
            a: u8,
            b: u8,
            c: u8,
            d: u8,
            e: u8,
        }
        let five = Five {
            a: 1,
            b: 2,
            c: 3,
            d: 4,
            e: 5,
        };
        for text in [
            "{e:5,d:4,c:3,b:2,a:1}",
            "{x:0,y:0,z:0,w:0,a:1,b:2,v:0,c:3,d:4,e:5}",
            "{a:1,x:0,b:2,y:0,c:3,z:0,d:4,w:0,e:5}",
            "{b:2,a:1,d:4,c:3,e:5}",
        ] {
            assert_eq!(crate::from_str::<Five>(text).unwrap(), five, "{text}");
        }
        // A bad value read after a name found the fast way keeps its position.
        let err = crate::from_str::<Plain>("{id:1,name:n,id:x}").unwrap_err();
        assert_eq!((err.line(), err.column()), (1, 17), "{err}");
    }

    #[test]
    fn plain_names() {
        for name in ["a", "id", "dialState", "a-b", "a b", "ü"] {
            assert!(is_plain(name.as_bytes()), "{name:?}");
        }
        for name in ["", " a", "a ", "\ta", "\"a", "}a", "a:b", "a,b", "a}b", ":"] {
            assert!(!is_plain(name.as_bytes()), "{name:?}");
        }
        // Lists are remembered up to a bound; past it the general path reads them.
        let mut known = PlainNames::default();
        const A: &[&str] = &["a", "b"];
        const B: &[&str] = &["a", "b:c"];
        assert_eq!(known.look_up(A), (true, shapes_of(A)));
        assert_eq!(known.look_up(B), (false, shapes_of(B)));
        assert_eq!(known.look_up(A), (true, shapes_of(A)));
        assert_eq!(known.len, 2);
        const MORE: [&[&str]; 7] = [&["c"], &["d"], &["e"], &["f"], &["g"], &["h"], &["i"]];
        for (at, list) in MORE.iter().enumerate() {
            let expected = if at < 6 {
                (true, shapes_of(list))
            } else {
                (false, 0)
            };
            assert_eq!(known.look_up(list), expected, "{list:?}");
        }
        assert_eq!(known.len, PlainNames::REMEMBERED);
        // A list the table has no room for: its objects learn the shapes themselves.
        let mut search = NameSearch::default();
        assert_eq!(search.resolve("x", MORE[6]), None);
        assert_eq!(search.shapes, shapes_of(MORE[6]));
    }

    #[test]
    fn same_name_is_equality() {
        let names = [
            "",
            "a",
            "ab",
            "abd",
            "abcd",
            "abce",
            "xbcd",
            "abcde",
            "abcdf",
            "abcdefg",
            "abcdefh",
            "xbcdefg",
            "abcXefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "bbcdefghijklmnopq",
            "abcdefghXjklmnopq",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_name_of_a_shape_no_field_has_matches_none() {
        const FIELDS: &[&str] = &["id", "name", "Id2", "state"];
        let mut search = NameSearch::default();
        assert_eq!(search.resolve("id", FIELDS), None);
        assert_eq!(search.hint, 1);
        // A miss of the first guess: shapes are learnt, the hint stays.
        assert_eq!(search.resolve("unknown", FIELDS), None);
        assert_eq!(search.hint, 1);
        assert_ne!(search.shapes, 0);
        // Names of a known shape still match exactly or ignoring case.
        assert_eq!(search.resolve("STATE", FIELDS), Some("state"));
        assert_eq!(search.hint, 4);
        assert_eq!(search.resolve("NAME", FIELDS), Some("name"));
        assert_eq!(search.resolve("nama", FIELDS), None);
        // Long names are compared like short ones.
        const LONG: &[&str] = &[
            "x",
            "a_member_name_that_is_longer_than_sixty_three_bytes_in_all_of_it",
        ];
        let mut search = NameSearch::default();
        assert_eq!(
            search.resolve(
                "A_MEMBER_NAME_THAT_IS_LONGER_THAN_SIXTY_THREE_BYTES_IN_ALL_OF_IT",
                LONG
            ),
            Some(LONG[1])
        );
        assert_eq!(search.resolve(&"b".repeat(70), LONG), None);
    }

    #[test]
    fn names_resolve_from_the_hint_onwards_then_ignoring_case() {
        const FIELDS: &[&str] = &["id", "name", "Id2", "state"];
        let mut hint = 0;
        assert_eq!(resolve_name("name", FIELDS, &mut hint), None);
        assert_eq!(hint, 2);
        assert_eq!(resolve_name("id", FIELDS, &mut hint), None);
        assert_eq!(hint, 1);
        assert_eq!(resolve_name("STATE", FIELDS, &mut hint), Some("state"));
        assert_eq!(hint, 4);
        assert_eq!(resolve_name("id2", FIELDS, &mut hint), Some("Id2"));
        assert_eq!(resolve_name("other", FIELDS, &mut hint), None);
        let mut far = 99;
        assert_eq!(resolve_name("Name", FIELDS, &mut far), Some("name"));
        // Two candidates equal ignoring case: the first declared wins, wherever the search
        // starts; an exact match wins over both.
        const TWINS: &[&str] = &["a", "id", "x", "ID"];
        for start in 0..5 {
            let mut hint = start;
            assert_eq!(resolve_name("Id", TWINS, &mut hint), Some("id"), "{start}");
            assert_eq!(hint, 2);
            let mut hint = start;
            assert_eq!(resolve_name("ID", TWINS, &mut hint), None, "{start}");
            assert_eq!(hint, 4);
        }
    }

    #[test]
    fn the_shape_filter_never_changes_what_a_name_resolves_to() {
        // The view of a session: a few fields, read from text holding many more members.
        const FIELDS: &[&str] = &[
            "id",
            "accountName",
            "customerName",
            "displayName",
            "callSid",
            "dateCreated",
            "ended",
            "members",
            "log",
        ];
        let mut names: Vec<String> = [
            "id",
            "accountId",
            "accountName",
            "customerId",
            "customerName",
            "dialState",
            "callState",
            "queueState",
            "displayName",
            "callSid",
            "dateCreated",
            "dateEnded",
            "ended",
            "members",
            "log",
            "lag",
            "LOG",
            "Log",
            "ID",
            "ID",
            "x",
            "",
            "ended2",
            "calLSid",
            "CALLSID",
            "accountNamE",
            "accountNamf",
            "displayname",
            "members ",
        ]
        .map(String::from)
        .to_vec();
        names.push("é".repeat(40));
        for name in FIELDS {
            names.push(name.to_ascii_uppercase());
        }
        // Every name after every other, so that the search meets each with its shapes
        // learnt or not and its hint anywhere.
        for first in &names {
            let mut search = NameSearch::default();
            let mut hint = 0;
            for name in std::iter::once(first).chain(&names) {
                let expected = resolve_name(name, FIELDS, &mut hint);
                assert_eq!(
                    search.resolve(name, FIELDS),
                    expected,
                    "{first:?}, then {name:?}"
                );
                assert_eq!(search.hint, hint, "{first:?}, then {name:?}");
            }
        }
        // Names equal ignoring ASCII case share their shape.
        for name in &names {
            let bit = shape_bit(name.as_bytes());
            assert_eq!(bit.count_ones(), 1);
            assert_eq!(
                shape_bit(name.to_ascii_uppercase().as_bytes()),
                bit,
                "{name:?}"
            );
            assert_eq!(
                shape_bit(name.to_ascii_lowercase().as_bytes()),
                bit,
                "{name:?}"
            );
        }
    }
}
