//! Reading a top-level list from an `io::Read` one item at a time.
//!
//! [`ItemReader`] finds where each item of the root `[…]` ends with a small state machine
//! that follows the reader's own tokenization (quoted tokens, bare tokens up to their stop
//! bytes, nested objects and lists), copying the item's bytes into one reusable buffer. The
//! item is then read by the ordinary [`Deserializer`] as a list item, so every rule of the
//! format applies unchanged; only the item's bytes (and a 64 KiB read buffer) are held.
//! Errors are moved to their line, column and offset in the whole stream.
//!
//! A struct member given twice lets its last occurrence win, as in `from_str`, whose passes
//! read a document again after a duplicate. [`iter_list`] does the same with the item.
//! [`ReaderDeserializer`] hands the item to serde's `DeserializeSeed`, which cannot be used
//! twice: there the state machine notes where the item's member names are, and at the
//! item's first struct a check of those names (`repeats`) decides whether every struct of
//! the item lets the last occurrence win.

use std::io::{self, Read};
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use super::owned::Owned;
use super::scan::Stop;
use super::{Deserializer, Options, ReadMode};
use crate::error::{Error, ErrorKind, Result};

/// How much is read from the underlying reader at a time.
const READ_CHUNK: usize = 64 * 1024;

/// How an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A `,`: more items follow.
    Comma,
    /// The `]` of the root list.
    Close,
    /// The input ended inside the list.
    Eof,
    /// Something that cannot continue the item (the item's bytes end with it); the item's
    /// reader reports it.
    Broken,
}

/// Where the scanner is inside an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Before a value: whitespace, then a bracket, a quote or a bare token.
    Value,
    /// Inside a bare token (up to the stop bytes of the enclosing container).
    Bare,
    /// Inside a quoted token.
    Quoted,
    /// Just after a `"` inside a quoted token: `""` continues it, anything else ends it.
    QuoteEnd,
    /// After a value: whitespace, then a separator or a closing bracket.
    After,
    /// Before a member name (or the `}` of an empty object).
    Name,
    /// Inside a bare member name, up to `:`.
    BareName,
    /// Inside a quoted member name.
    QuotedName,
    /// Just after a `"` inside a quoted member name.
    QuotedNameEnd,
    /// After a quoted member name, before its `:`.
    AfterName,
}

/// A line, a column (in characters) and a byte offset in the stream.
#[derive(Debug, Clone, Copy)]
struct Mark {
    line: usize,
    column: usize,
    offset: usize,
}

impl Mark {
    fn start() -> Mark {
        Mark {
            line: 1,
            column: 1,
            offset: 0,
        }
    }

    /// Moves past `bytes`.
    fn advance(&mut self, bytes: &[u8]) {
        self.offset += bytes.len();
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count();
                self.column = 1 + chars(&bytes[last + 1..]);
            }
            None => self.column += chars(bytes),
        }
    }
}

/// What comes first in the stream.
pub(crate) enum Opening {
    /// A `[`: the items follow.
    List,
    /// Anything else; the bytes read so far are kept for whoever reads it another way.
    Other,
}

/// Splits a top-level JSV list read from `R` into items.
pub(crate) struct ItemReader<R> {
    reader: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
    /// The bytes of the current item.
    item: Vec<u8>,
    /// Where the next unread byte (`buf[start]`) is in the stream.
    mark: Mark,
    /// Where the current item starts.
    item_mark: Mark,
    /// Bytes read before the first token (BOM, whitespace), for [`ItemReader::rest`].
    prefix: Vec<u8>,
    pretty: bool,
    options: Options,
    /// Open containers inside the current item: `true` for a list.
    stack: Vec<bool>,
    /// Whether the next item is the first (`[ ]` is the empty list).
    first: bool,
    /// The list is closed (or failed): no more items.
    finished: bool,
    /// The last item was followed by the `]`: what follows it is checked on the next call.
    close_pending: bool,
    /// Whether [`scan`](Self::scan) notes the member names of each item (for a reader that
    /// cannot read an item twice, to decide how it reads duplicated members).
    record_names: bool,
    /// The member names of the current item.
    names: NameSpans,
    /// The brackets the state machine has seen in the current item, while it scans.
    brackets: usize,
}

/// Where the member names of an item are: for each, its start and end offsets in the item
/// (bare names untrimmed, quoted ones without their quotes; the start has [`DOUBLED`]
/// when a quoted name holds doubled quotes), with [`OPEN`] and [`CLOSE`] where an object
/// starts and ends; then how many brackets the item's structure has.
/// [`repeats::spans_repeat`](super::repeats::spans_repeat) reads it.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameSpans(pub(crate) Vec<usize>, pub(crate) usize);

/// In [`NameSpans`]: an object starts.
pub(crate) const OPEN: usize = usize::MAX;
/// In [`NameSpans`]: an object ends.
pub(crate) const CLOSE: usize = usize::MAX - 1;
/// In [`NameSpans`], on the start of a name: it is quoted and holds doubled quotes.
pub(crate) const DOUBLED: usize = 1 << (usize::BITS - 2);

impl<R: Read> ItemReader<R> {
    pub(crate) fn new(reader: R, options: &Options) -> Self {
        ItemReader {
            reader,
            buf: vec![0; READ_CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            item: Vec::new(),
            mark: Mark::start(),
            item_mark: Mark::start(),
            prefix: Vec::new(),
            pretty: options.read_mode == ReadMode::Pretty,
            options: options.clone(),
            stack: Vec::new(),
            first: true,
            finished: false,
            close_pending: false,
            record_names: false,
            names: NameSpans::default(),
            brackets: 0,
        }
    }

    /// Makes sure unread bytes are buffered; `false` at the end of the input.
    fn fill(&mut self) -> Result<bool> {
        if self.start < self.end {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.start = 0;
                    self.end = n;
                    return Ok(true);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.finished = true;
                    return Err(super::read_error(err));
                }
            }
        }
    }

    /// An error at the next unread byte.
    fn error_here(&self, kind: ErrorKind) -> Error {
        let shown = &self.buf[self.start..self.end];
        let shown = std::str::from_utf8(&shown[..shown.len().min(80)]).unwrap_or("");
        Error::new(kind)
            .at(shown, 0, 1)
            .shifted(self.mark.line, self.mark.column, self.mark.offset)
    }

    /// Reads past a byte order mark and whitespace up to the first token; consumes it if it
    /// is `[` and decides the read mode from the byte after it (D3).
    pub(crate) fn open(&mut self) -> Result<Opening> {
        let mut bom_checked = false;
        loop {
            if !self.fill()? {
                return Ok(Opening::Other);
            }
            if !bom_checked {
                bom_checked = true;
                // A BOM may arrive split across reads: gather its three bytes first.
                while self.end - self.start < 3
                    && b"\xEF\xBB\xBF".starts_with(&self.buf[self.start..self.end])
                    && !self.eof
                {
                    self.buf.copy_within(self.start..self.end, 0);
                    self.end -= self.start;
                    self.start = 0;
                    match self.reader.read(&mut self.buf[self.end..]) {
                        Ok(0) => self.eof = true,
                        Ok(n) => self.end += n,
                        Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                        Err(err) => {
                            self.finished = true;
                            return Err(super::read_error(err));
                        }
                    }
                }
                if self.buf[self.start..self.end].starts_with(b"\xEF\xBB\xBF") {
                    self.consume_prefix(3);
                    continue;
                }
            }
            let rest = &self.buf[self.start..self.end];
            let ws = crate::whitespace::leading_len(rest);
            if ws > 0 {
                self.consume_prefix(ws);
                continue;
            }
            if rest[0] != b'[' {
                return Ok(Opening::Other);
            }
            self.consume_prefix(1);
            if self.options.read_mode == ReadMode::Auto && self.fill()? {
                self.pretty = matches!(self.buf[self.start], b'\r' | b'\n');
            }
            return Ok(Opening::List);
        }
    }

    fn consume_prefix(&mut self, n: usize) {
        let bytes = &self.buf[self.start..self.start + n];
        self.mark.advance(bytes);
        self.prefix.extend_from_slice(bytes);
        self.start += n;
    }

    /// Everything not read yet, after the prefix read by [`open`](Self::open): the whole
    /// document, for a root that is not a list.
    pub(crate) fn rest(mut self) -> Result<Vec<u8>> {
        let mut text = std::mem::take(&mut self.prefix);
        text.extend_from_slice(&self.buf[self.start..self.end]);
        self.reader
            .read_to_end(&mut text)
            .map_err(super::read_error)?;
        Ok(text)
    }

    /// Whether the items are read as pretty text.
    pub(crate) fn pretty(&self) -> bool {
        self.pretty
    }

    /// Scans the next item into `self.item`. `None` when the list has ended (after checking
    /// that only whitespace follows it).
    fn next_item(&mut self) -> Result<Option<End>> {
        if self.finished {
            return Ok(None);
        }
        if self.close_pending {
            self.close()?;
            return Ok(None);
        }
        self.item.clear();
        self.stack.clear();
        self.item_mark = self.mark;
        let end = self.scan()?;
        let first = std::mem::replace(&mut self.first, false);
        if end == End::Close
            && first
            && crate::whitespace::leading_len(&self.item) == self.item.len()
        {
            // `[]`, `[ ]`: the empty list.
            self.close()?;
            return Ok(None);
        }
        Ok(Some(end))
    }

    /// After the closing `]`: only whitespace may follow.
    fn close(&mut self) -> Result<()> {
        self.finished = true;
        self.close_pending = false;
        loop {
            if !self.fill()? {
                return Ok(());
            }
            let rest = &self.buf[self.start..self.end];
            let ws = crate::whitespace::leading_len(rest);
            if ws < rest.len() {
                self.mark.advance(&rest[..ws]);
                self.start += ws;
                return Err(self.error_here(ErrorKind::TrailingCharacters));
            }
            self.mark.advance(rest);
            self.start = self.end;
        }
    }

    /// The state machine: copies the item's bytes into `self.item` and consumes the byte
    /// that ends it (`,` or `]`; a broken item keeps its last byte). With `record_names`,
    /// also notes where the item's member names and objects are (see [`NameSpans`]).
    fn scan(&mut self) -> Result<End> {
        if !self.record_names {
            return self.scan_into::<false>(&mut Vec::new());
        }
        let mut names = std::mem::take(&mut self.names.0);
        names.clear();
        self.brackets = 0;
        let result = self.scan_into::<true>(&mut names);
        self.names = NameSpans(names, self.brackets);
        result
    }

    #[inline(always)]
    fn scan_into<const RECORD: bool>(&mut self, names: &mut Vec<usize>) -> Result<End> {
        let limit = self.options.depth_limit.unwrap_or(usize::MAX);
        let record = RECORD;
        let mut mode = Mode::Value;
        // Where the member name being scanned starts in the item.
        let mut name_start = 0;
        loop {
            if !self.fill()? {
                return Ok(End::Eof);
            }
            let chunk = &self.buf[self.start..self.end];
            // Where the chunk starts in the item.
            let base = self.item.len();
            let mut at = 0;
            let mut end = None;
            while at < chunk.len() {
                let byte = chunk[at];
                match mode {
                    Mode::Value => {
                        if crate::whitespace::is_whitespace(byte) {
                            at += 1;
                        } else if byte == b'{' || byte == b'[' {
                            // The root list is one level; the item's reader fails at the
                            // bracket that goes past the limit.
                            if self.stack.len() + 1 >= limit {
                                at += 1;
                                end = Some(End::Broken);
                                break;
                            }
                            self.stack.push(byte == b'[');
                            if record {
                                self.brackets += 1;
                                if byte == b'{' {
                                    names.push(OPEN);
                                }
                            }
                            mode = if byte == b'[' {
                                Mode::Value
                            } else {
                                Mode::Name
                            };
                            at += 1;
                        } else if byte == b'"' {
                            mode = Mode::Quoted;
                            at += 1;
                        } else {
                            mode = Mode::Bare;
                        }
                    }
                    Mode::Bare => {
                        let in_list = self.stack.last().copied().unwrap_or(true);
                        let close = if in_list { b']' } else { b'}' };
                        match memchr::memchr2(b',', close, &chunk[at..]) {
                            Some(found) => {
                                at += found;
                                mode = Mode::After;
                            }
                            None => at = chunk.len(),
                        }
                    }
                    Mode::Quoted | Mode::QuotedName => match memchr::memchr(b'"', &chunk[at..]) {
                        Some(found) => {
                            at += found + 1;
                            mode = if mode == Mode::Quoted {
                                Mode::QuoteEnd
                            } else {
                                Mode::QuotedNameEnd
                            };
                        }
                        None => at = chunk.len(),
                    },
                    Mode::QuoteEnd | Mode::QuotedNameEnd => {
                        let name = mode == Mode::QuotedNameEnd;
                        if byte == b'"' {
                            at += 1;
                            if name && record {
                                // A doubled quote: the name's text is not its bytes.
                                name_start |= DOUBLED;
                            }
                            mode = if name { Mode::QuotedName } else { Mode::Quoted };
                        } else {
                            if name && record {
                                // The closing quote is the byte before.
                                names.push(name_start);
                                names.push(base + at - 1);
                            }
                            mode = if name { Mode::AfterName } else { Mode::After };
                        }
                    }
                    Mode::After => {
                        if crate::whitespace::is_whitespace(byte) {
                            at += 1;
                            continue;
                        }
                        match (byte, self.stack.last().copied()) {
                            (b',', None) => {
                                end = Some(End::Comma);
                                break;
                            }
                            (b']', None) => {
                                end = Some(End::Close);
                                break;
                            }
                            (b',', Some(list)) => {
                                mode = if list { Mode::Value } else { Mode::Name };
                                at += 1;
                            }
                            (b']', Some(true)) | (b'}', Some(false)) => {
                                self.stack.pop();
                                if record {
                                    self.brackets += 1;
                                    if byte == b'}' {
                                        names.push(CLOSE);
                                    }
                                }
                                at += 1;
                            }
                            _ => {
                                at += 1;
                                end = Some(End::Broken);
                                break;
                            }
                        }
                    }
                    Mode::Name => {
                        if crate::whitespace::is_whitespace(byte) {
                            at += 1;
                        } else if byte == b'}' {
                            // `{}`, or a trailing `,` before the `}`.
                            self.stack.pop();
                            if record {
                                self.brackets += 1;
                                names.push(CLOSE);
                            }
                            mode = Mode::After;
                            at += 1;
                        } else if byte == b'"' {
                            mode = Mode::QuotedName;
                            at += 1;
                            name_start = base + at;
                        } else {
                            mode = Mode::BareName;
                            name_start = base + at;
                        }
                    }
                    Mode::BareName => match memchr::memchr3(b':', b',', b'}', &chunk[at..]) {
                        Some(found) => {
                            at += found + 1;
                            if chunk[at - 1] == b':' {
                                if record {
                                    names.push(name_start);
                                    names.push(base + at - 1);
                                }
                                mode = Mode::Value;
                            } else {
                                end = Some(End::Broken);
                                break;
                            }
                        }
                        None => at = chunk.len(),
                    },
                    Mode::AfterName => {
                        if crate::whitespace::is_whitespace(byte) {
                            at += 1;
                        } else if byte == b':' {
                            mode = Mode::Value;
                            at += 1;
                        } else {
                            at += 1;
                            end = Some(End::Broken);
                            break;
                        }
                    }
                }
            }
            self.item.extend_from_slice(&chunk[..at]);
            self.mark.advance(&chunk[..at]);
            self.start += at;
            if let Some(end) = end {
                if end == End::Broken {
                    // The rest of the line, so that the error's snippet shows it (the item
                    // fails at the broken byte whatever follows; the stream ends there).
                    let rest = &self.buf[self.start..self.end];
                    let rest = &rest[..rest.len().min(80)];
                    let mut line = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
                    // Not in the middle of a character.
                    while line > 0 && rest.get(line).is_some_and(|&b| b & 0xC0 == 0x80) {
                        line -= 1;
                    }
                    self.item.extend_from_slice(&rest[..line]);
                    self.start += line;
                }
                if matches!(end, End::Comma | End::Close) {
                    // The separator is not part of the item.
                    self.mark.advance(b",");
                    self.start += 1;
                }
                return Ok(end);
            }
        }
    }

    /// Reads the item just scanned with `read`, as a list item of the root list, and turns
    /// what is left into errors placed in the stream.
    fn read_item<T>(
        &mut self,
        end: End,
        read: impl FnMut(&mut Deserializer<'_>, bool) -> Result<T>,
        retry: bool,
    ) -> Result<T> {
        let result = self.read_item_text(end, read, retry);
        if result.is_err() {
            self.finished = true;
        }
        self.close_pending = end == End::Close;
        result
    }

    fn read_item_text<T>(
        &self,
        end: End,
        mut read: impl FnMut(&mut Deserializer<'_>, bool) -> Result<T>,
        retry: bool,
    ) -> Result<T> {
        let Mark {
            line,
            column,
            offset,
        } = self.item_mark;
        let text = super::utf8(&self.item).map_err(|err| err.shifted(line, column, offset))?;
        let depth = self
            .options
            .depth_limit
            .map(|limit| limit.saturating_sub(1));
        let make = || {
            let mut de = Deserializer::with_options(text, &self.options);
            de.pos = 0;
            de.pretty = self.pretty;
            de.stop = Stop::List;
            de.remaining_depth = depth.unwrap_or(usize::MAX);
            if !retry {
                let spans = self.record_names.then_some(&self.names);
                de.last_wins = super::LastWins::Undecided(spans);
            }
            de
        };
        let (value, mut de) = super::options::read_last_wins(make, &mut read, retry)
            .map_err(|err| err.shifted(line, column, offset))?;
        // What the item's reader left: only whitespace, and an item that ended well.
        de.skip_whitespace();
        let after = de.pos;
        let kind = if after < text.len() || end == End::Broken {
            ErrorKind::ExpectedCommaOrEnd(']')
        } else if end == End::Eof {
            ErrorKind::EofWhileParsing("a list")
        } else {
            return Ok(value);
        };
        let at = after.min(text.len().saturating_sub(usize::from(end == End::Broken)));
        Err(de.error_at(kind, at, 1).shifted(line, column, offset))
    }

    /// The error for a root that is not a list.
    fn not_a_list(&mut self) -> Error {
        self.finished = true;
        if self.start < self.end {
            self.error_here(ErrorKind::ExpectedList)
        } else {
            Error::new(ErrorKind::EofWhileParsing("a list"))
                .at("", 0, 0)
                .shifted(self.mark.line, self.mark.column, self.mark.offset)
        }
    }
}

/// An iterator over the items of a top-level JSV list read from an [`io::Read`]: see
/// [`iter_list`].
pub struct ListIter<T, R> {
    items: ItemReader<R>,
    opened: bool,
    marker: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned, R: Read> Iterator for ListIter<T, R> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if !self.opened {
            self.opened = true;
            match self.items.open() {
                Ok(Opening::List) => {}
                Ok(Opening::Other) => return Some(Err(self.items.not_a_list())),
                Err(err) => return Some(Err(err)),
            }
        }
        let end = match self.items.next_item() {
            Ok(Some(end)) => end,
            Ok(None) => return None,
            Err(err) => {
                self.items.finished = true;
                return Some(Err(err));
            }
        };
        Some(
            self.items
                .read_item(end, |de, _| T::deserialize(&mut *de), true),
        )
    }
}

impl<T: DeserializeOwned, R: Read> std::iter::FusedIterator for ListIter<T, R> {}

/// Reads the items of a top-level JSV list from `reader` one at a time.
///
/// Only one item is held in memory at a time (its text and its value, plus a 64 KiB read
/// buffer), so a list of any length is read in memory bounded by its largest item. Each
/// item is read exactly as [`from_str::<Vec<T>>`](super::from_str) reads it, pretty text
/// (D3: decided by the byte after the `[`) and struct members given twice (the last one
/// wins) included. Errors carry their line and column in the whole stream. After an error
/// the iterator ends.
///
/// The stream must hold a bracketed list: anything else is an [`ExpectedList`] error (the
/// unbracketed lists ServiceStack also accepts at the root, R19, are read by
/// [`from_reader`](super::from_reader)). A stream that ends inside the list is an
/// [`EofWhileParsing`] error, text after the closing `]` a [`TrailingCharacters`] error.
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Crumb {
///     name: String,
/// }
///
/// let text = "[{name:Home},{name:\"a, b\"}]";
/// let crumbs: Vec<Crumb> = serde_jsv::de::iter_list(text.as_bytes())
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(crumbs[1].name, "a, b");
///
/// // The second item of the third line is wrong; the error says where in the stream.
/// let text = "[\n\t1,\n\t2,\n\tx\n]";
/// let results: Vec<_> = serde_jsv::de::iter_list::<u32, _>(text.as_bytes()).collect();
/// let err = results[2].as_ref().unwrap_err();
/// assert_eq!((err.line(), err.column()), (4, 2));
/// ```
///
/// [`ExpectedList`]: crate::error::ErrorKind::ExpectedList
/// [`EofWhileParsing`]: crate::error::ErrorKind::EofWhileParsing
/// [`TrailingCharacters`]: crate::error::ErrorKind::TrailingCharacters
pub fn iter_list<T: DeserializeOwned, R: Read>(reader: R) -> ListIter<T, R> {
    Options::default().iter_list(reader)
}

impl Options {
    /// [`iter_list`] with these options.
    pub fn iter_list<T: DeserializeOwned, R: Read>(&self, reader: R) -> ListIter<T, R> {
        ListIter {
            items: ItemReader::new(reader, self),
            opened: false,
            marker: PhantomData,
        }
    }
}

/// A deserializer reading one JSV document from an [`io::Read`], a top-level list one item at
/// a time.
///
/// When the document is a bracketed list and the type reads it as a sequence (`Vec<T>`,
/// tuples, `Value`, a transcoder, …), only the item being read is buffered (see
/// [`iter_list`]). Any other root, or a list read some other way (as a string, R27), is read
/// into memory whole first and then read as [`from_str`](super::from_str) would. Strings are
/// never borrowed from it (`T` must own its data).
///
/// Values and errors are those of [`from_str`](super::from_str), a struct member given
/// twice included (the last occurrence wins). serde hands each item, and the root, to a
/// `DeserializeSeed` that cannot be used twice, so instead of reading again after a
/// duplicate, the names of the item's objects (noted while its end was found) are checked
/// for a repeat when its first struct is read; only then is every struct of the item read
/// letting the last occurrence win. Types that read no struct (`Value`, transcoders) never
/// pay for the check; for a list of structs it costs about a sixth more instructions per
/// item. [`iter_list`], which can read an item again, skips it.
///
/// ```
/// use serde::Deserialize;
///
/// let text = "[{id:1},{id:2}]";
/// let mut de = serde_jsv::de::ReaderDeserializer::new(text.as_bytes());
/// let value = serde_jsv::Value::deserialize(&mut de).unwrap();
/// de.end().unwrap();
/// assert_eq!(value.as_list().map(Vec::len), Some(2));
/// ```
pub struct ReaderDeserializer<R> {
    items: Option<ItemReader<R>>,
    options: Options,
    opening: Option<Opening>,
    /// The document, read whole, for a root that is not streamed.
    whole: Option<String>,
    /// How far the whole document's reader got.
    whole_end: usize,
}

impl<R: Read> ReaderDeserializer<R> {
    /// A deserializer with the default [`Options`].
    pub fn new(reader: R) -> Self {
        ReaderDeserializer::with_options(reader, &Options::default())
    }

    /// A deserializer with the given options.
    pub fn with_options(reader: R, options: &Options) -> Self {
        let mut items = ItemReader::new(reader, options);
        items.record_names = true;
        ReaderDeserializer {
            items: Some(items),
            options: options.clone(),
            opening: None,
            whole: None,
            whole_end: 0,
        }
    }

    /// Reads up to the first token (not past the `[` of a list).
    fn opening(&mut self) -> Result<bool> {
        if self.opening.is_none() {
            let items = self.items.as_mut().ok_or_else(used_up)?;
            self.opening = Some(items.open()?);
        }
        Ok(matches!(self.opening, Some(Opening::List)))
    }

    /// Whether the document is read as pretty text (D3); reads up to its first token.
    ///
    /// # Errors
    ///
    /// When reading fails.
    pub fn is_pretty(&mut self) -> Result<bool> {
        if self.opening()? {
            return Ok(self.items.as_ref().is_some_and(ItemReader::pretty));
        }
        let mode = self.options.read_mode;
        let text = self.whole_text()?;
        let pretty = match mode {
            ReadMode::Auto => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                super::scan::looks_pretty(text.as_bytes())
            }
            mode => mode == ReadMode::Pretty,
        };
        Ok(pretty)
    }

    /// Checks that only whitespace follows the value read; call it after deserializing.
    ///
    /// # Errors
    ///
    /// Text after the value ([`TrailingCharacters`](crate::error::ErrorKind::TrailingCharacters)).
    pub fn end(&mut self) -> Result<()> {
        if let Some(text) = &self.whole {
            let mut de = Deserializer::with_options(text, &self.options);
            de.pos = self.whole_end;
            return de.end();
        }
        Ok(())
    }

    /// Whether the root is a list to stream.
    fn streams(&mut self) -> Result<bool> {
        Ok(self.whole.is_none() && self.opening()? && self.items.is_some())
    }

    /// The whole document, read into memory.
    fn whole_text(&mut self) -> Result<&str> {
        if self.whole.is_none() {
            self.opening()?;
            let items = self.items.take().ok_or_else(used_up)?;
            let bytes = items.rest()?;
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) => {
                    return Err(super::utf8(err.as_bytes())
                        .err()
                        .unwrap_or_else(|| Error::new(ErrorKind::InvalidUtf8)));
                }
            };
            self.whole = Some(text);
        }
        Ok(self.whole.as_deref().unwrap_or_default())
    }

    /// Reads the whole document and hands it to `read`, as the root value.
    fn read_whole<V>(
        &mut self,
        read: impl FnOnce(&mut Deserializer<'_>) -> Result<V>,
    ) -> Result<V> {
        let options = self.options.clone();
        let text = self.whole_text()?;
        let mut de = Deserializer::with_options(text, &options);
        // The visitor cannot be used twice: decide beforehand whether the last occurrence
        // of a member wins, as `from_str`'s passes would.
        de.last_wins = super::LastWins::Undecided(None);
        let value = read(&mut de)?;
        self.whole_end = de.pos;
        Ok(value)
    }

    /// Reads the root list with `visitor`, one item at a time.
    fn stream<'de, V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(StreamSeq { de: self })?;
        let items = self.items.as_mut().ok_or_else(used_up)?;
        if items.next_item()?.is_some() {
            // The visitor stopped before the end of the list (a tuple shorter than it).
            items.finished = true;
            let Mark {
                line,
                column,
                offset,
            } = items.item_mark;
            return Err(Error::new(ErrorKind::ExpectedCommaOrEnd(']'))
                .at("", 0, 0)
                .shifted(line, column - 1, offset - 1));
        }
        Ok(value)
    }
}

/// [`Options::from_reader`]: a bracketed root list is streamed, anything else read whole.
pub(crate) fn from_reader<T: DeserializeOwned, R: Read>(options: &Options, reader: R) -> Result<T> {
    let mut de = ReaderDeserializer::with_options(reader, options);
    if !de.streams()? {
        // Not a list: read whole, with `from_str`'s rules (a duplicated member's last
        // occurrence wins).
        let text = de.whole_text()?;
        return options.from_str(text);
    }
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The root list's items as serde's `SeqAccess`.
struct StreamSeq<'a, R> {
    de: &'a mut ReaderDeserializer<R>,
}

impl<'de, R: Read> de::SeqAccess<'de> for StreamSeq<'_, R> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let items = self.de.items.as_mut().ok_or_else(used_up)?;
        let Some(end) = items.next_item()? else {
            return Ok(None);
        };
        let mut seed = Some(seed);
        let read = |de: &mut Deserializer<'_>, _| match seed.take() {
            Some(seed) => seed.deserialize(Owned::new(de)),
            None => Err(used_up()),
        };
        items.read_item(end, read, false).map(Some)
    }
}

macro_rules! read_whole {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            self.read_whole(|de| de::Deserializer::$method(Owned::new(de), $($arg,)* visitor))
        }
    )*};
}

macro_rules! stream_or_whole {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            if self.streams()? {
                return self.stream(visitor);
            }
            self.read_whole(|de| de::Deserializer::$method(Owned::new(de), $($arg,)* visitor))
        }
    )*};
}

impl<'de, R: Read> de::Deserializer<'de> for &mut ReaderDeserializer<R> {
    type Error = Error;

    stream_or_whole! {
        deserialize_any(), deserialize_seq(), deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize), deserialize_ignored_any(),
    }

    read_whole! {
        deserialize_bool(), deserialize_i8(), deserialize_i16(), deserialize_i32(),
        deserialize_i64(), deserialize_i128(), deserialize_u8(), deserialize_u16(),
        deserialize_u32(), deserialize_u64(), deserialize_u128(), deserialize_f32(),
        deserialize_f64(), deserialize_char(), deserialize_str(), deserialize_string(),
        deserialize_bytes(), deserialize_byte_buf(), deserialize_unit(),
        deserialize_unit_struct(name: &'static str), deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.streams()? {
            // A list is never the empty token.
            return visitor.visit_some(self);
        }
        self.read_whole(|de| de::Deserializer::deserialize_option(Owned::new(de), visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }
}

fn used_up() -> Error {
    Error::new(ErrorKind::Message(
        "the reader was already read to its end".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read, so that every name is split across reads.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// What the names the item reader notes say about the one item of `[item]`, read in
    /// one piece and a byte at a time; both must agree.
    fn noted_names_repeat(item: &str) -> bool {
        let text = format!("[{item}]");
        let answers: Vec<bool> = [true, false]
            .into_iter()
            .map(|whole| {
                let reader: Box<dyn Read> = if whole {
                    Box::new(text.as_bytes())
                } else {
                    Box::new(OneByte(text.as_bytes()))
                };
                let mut items = ItemReader::new(reader, &Options::default());
                items.record_names = true;
                assert!(matches!(items.open().unwrap(), Opening::List));
                items.next_item().unwrap().unwrap();
                super::super::repeats::spans_repeat(&items.item, &items.names)
            })
            .collect();
        assert_eq!(answers[0], answers[1], "{item:?}");
        answers[0]
    }

    #[test]
    fn noted_names_find_repeats_as_the_scan_does() {
        for item in [
            "{a:1,a:2}",
            "{a:1,A:2}",
            "{a:1,\"a\":2}",
            "{\"a\"\"b\":1,\"A\"\"B\":2}",
            "{a\"b:1,\"a\"\"b\":2}",
            "{a :1, a:2}",
            "{x:[{b:1,c:{},b:2}]}",
            "{\n\tlongMemberName: 1,\n\tLONGMEMBERNAME: 2\n}",
            "{a:{b:1},c:[x,y],a:3}",
            "{abcdefgh:1,ABCDEFGH:2}",
            "{abcdefghijk:1,x:2,abcdefghijK:3}",
            // Brackets inside tokens: the text is scanned instead.
            "{a:\"[\",a:2}",
        ] {
            assert!(noted_names_repeat(item), "{item:?}");
        }
        for item in [
            "{}",
            "{a:1,b:2}",
            "{a:{a:1},b:{a:2}}",
            "{a:\"x,a:1\",b:\"}\"}",
            "{\" a\":1,a:2}",
            "{a:[a,a],b:a}",
            "{a:1,ab:2,abcdefgh:3,abcdefghi:4,abcdefghij:5}",
            "{id:1,name:\"item, 1\"}",
            "{abcdefgh:1,abcdefgi:2}",
            "{a:\"[z]\",b:1}",
        ] {
            assert!(!noted_names_repeat(item), "{item:?}");
        }
        let wide = (0..500).map(|i| format!("m{i}:{i}")).collect::<Vec<_>>();
        assert!(!noted_names_repeat(&format!("{{{}}}", wide.join(","))));
        assert!(noted_names_repeat(&format!("{{{},M7:0}}", wide.join(","))));
    }
}
