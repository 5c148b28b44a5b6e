//! Allocations counted, not timed: reading unescaped strings into borrowed `&str` makes no
//! allocation at all, and streaming a long list keeps its live memory bounded by one item.
//!
//! The counting allocator needs `unsafe impl GlobalAlloc` (the trait is unsafe to
//! implement). The library denies unsafe code but for two audited functions
//! (`ser::written_text`, `de::chunk::sse2_first_hit`); this test binary needs it only to
//! forward to the system allocator.

mod stream_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde::Deserialize;
use stream_support::Generated;

struct Counting;

thread_local! {
    /// Whether allocations of this thread are counted (other test threads are not).
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(bytes: isize, allocation: bool) {
    let _ = COUNTING.try_with(|counting| {
        if !counting.get() {
            return;
        }
        if allocation {
            ALLOCATIONS.with(|count| count.set(count.get() + 1));
        }
        LIVE.with(|live| {
            live.set(live.get() + bytes);
            PEAK.with(|peak| peak.set(peak.get().max(live.get())));
        });
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator; the bookkeeping only
// touches const-initialized thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize, true);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note(-(layout.size() as isize), false);
        // SAFETY: `ptr` was allocated by `System` with `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize, true);
        // SAFETY: as for `dealloc`, and the caller upholds `realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` counting this thread's allocations; returns its result, the number of
/// allocations and the peak of live bytes above the start.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, isize) {
    ALLOCATIONS.with(|count| count.set(0));
    LIVE.with(|live| live.set(0));
    PEAK.with(|peak| peak.set(0));
    COUNTING.with(|counting| counting.set(true));
    let result = f();
    COUNTING.with(|counting| counting.set(false));
    (result, ALLOCATIONS.with(Cell::get), PEAK.with(Cell::get))
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Crumb<'a> {
    id: &'a str,
    name: Option<&'a str>,
    url: &'a str,
    note: &'a str,
    count: u32,
    ended: bool,
    state: State,
    owner: Owner<'a>,
}

#[derive(Deserialize, Debug, PartialEq)]
enum State {
    Connected,
    Hold,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Owner<'a> {
    identity: &'a str,
    display_name: &'a str,
}

#[test]
fn borrowed_reads_of_unescaped_strings_allocate_nothing() {
    let compact = r#"{id:s1,name:Home,url:"https://x.example/a?b=1",note:"a, b [c]",count:3,ended:True,state:Hold,owner:{identity:"sip:agent@x",displayName:Zoë Müller}}"#;
    let pretty = "{\n\tid: s1,\n\tname: Home,\n\turl: \"https://x.example/a?b=1\",\n\tnote: \"a, b [c]\",\n\tcount: 3,\n\tended: True,\n\tstate: Hold,\n\towner: \n\t{\n\t\tidentity: \"sip:agent@x\",\n\t\tdisplayName: Zoë Müller\n\t}\n}";
    for text in [compact, pretty] {
        let (crumb, allocations, _) = counted(|| serde_jsv::from_str::<Crumb>(text));
        let crumb = crumb.unwrap();
        assert_eq!(allocations, 0, "{text:?}");
        assert_eq!(crumb.note, "a, b [c]");
        assert_eq!(crumb.owner.display_name, "Zoë Müller");
        assert_eq!(crumb.state, State::Hold);
    }
    // Member names in another case still borrow (the canonical name is a static str).
    let (crumb, allocations, _) = counted(|| {
        serde_jsv::from_str::<Owner>("{IDENTITY:a,DisplayName:b}").map(|owner| owner.identity)
    });
    assert_eq!((crumb.unwrap(), allocations), ("a", 0));
}

#[test]
fn the_counter_sees_what_must_allocate() {
    #[derive(Deserialize)]
    struct Text<'a> {
        #[serde(borrow)]
        text: std::borrow::Cow<'a, str>,
    }
    // Doubled quotes must be undone into a new string: one allocation, and the counter
    // sees it (so the zeros above are real).
    let (text, allocations, _) =
        counted(|| serde_jsv::from_str::<Text>(r#"{text:"say ""hi"""}"#).map(|t| t.text));
    assert_eq!(text.unwrap(), r#"say "hi""#);
    assert!(allocations >= 1);
    let (_, allocations, _) = counted(|| serde_jsv::from_str::<Vec<&str>>("[a,b]"));
    assert!(allocations >= 1, "the Vec's buffer");
}

#[test]
fn streaming_a_long_list_keeps_live_memory_flat() {
    #[derive(Deserialize)]
    struct Item {
        id: u64,
        name: String,
    }
    // About 12 MB of text; the generator itself holds one read's worth.
    let count = 500_000;
    let ((), _, peak) = counted(|| {
        let reader = Generated::new(count);
        let mut seen = 0;
        for item in serde_jsv::de::iter_list::<Item, _>(reader) {
            let item = item.unwrap();
            seen += 1;
            assert_eq!(item.id, seen);
            assert!(item.name.ends_with(&seen.to_string()));
        }
        assert_eq!(seen, count);
    });
    // The 64 KiB read buffer, the generator's pending bytes, one item: well under 1 MiB.
    assert!(peak < 1 << 20, "peak live bytes {peak}");
}
