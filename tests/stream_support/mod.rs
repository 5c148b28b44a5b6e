//! A reader shared by the streaming tests: a long JSV list generated on the fly, so the
//! stream is never in memory as a whole.

use std::io::{self, Read};

/// Generates `[{id:1,name:"item, 1"},…,{id:count,name:"item, count"}]` as it is read.
pub struct Generated {
    next: u64,
    count: u64,
    pending: Vec<u8>,
}

impl Generated {
    /// A list of the items `1..=count`.
    pub fn new(count: u64) -> Generated {
        Generated {
            next: 0,
            count,
            pending: Vec::new(),
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pending.len() < buf.len() && self.next <= self.count {
            let i = self.next;
            self.next += 1;
            let piece = match i {
                0 => "[".to_owned(),
                i if i == self.count => format!("{{id:{i},name:\"item, {i}\"}}]"),
                i => format!("{{id:{i},name:\"item, {i}\"}},"),
            };
            self.pending.extend_from_slice(piece.as_bytes());
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}
