// SPDX-License-Identifier: GPL-2.0

//! The last [`CAPACITY`] echoed messages, oldest first, each with an increasing id.
//!
//! Pure logic, tested by KUnit. Ids keep increasing across [`History::clear`], so a dump
//! that resumes after "the last id I sent" never repeats or skips an entry.

use kernel::{alloc::kvec::PushError, prelude::*};

/// How many messages the history keeps.
pub(crate) const CAPACITY: usize = 64;

/// One echoed message.
pub(crate) struct Entry {
    /// Increasing from 1.
    pub(crate) id: u64,
    /// The sender's port id.
    pub(crate) portid: u32,
    /// The text.
    pub(crate) text: KVec<u8>,
}

/// An entry not yet recorded: its text already copied, so that recording it cannot fail.
pub(crate) struct Pending {
    portid: u32,
    text: KVec<u8>,
}

impl Pending {
    /// Copies `text` from `portid`.
    pub(crate) fn new(portid: u32, text: &[u8]) -> Result<Pending> {
        let mut copy = KVec::with_capacity(text.len(), GFP_KERNEL)?;
        copy.extend_from_slice(text, GFP_KERNEL)?;
        Ok(Pending { portid, text: copy })
    }
}

/// A ring of the last [`CAPACITY`] entries.
pub(crate) struct History {
    entries: KVec<Entry>,
    /// Index of the oldest entry once the ring is full.
    head: usize,
    next_id: u64,
}

impl History {
    /// An empty history.
    pub(crate) const fn new() -> History {
        History {
            entries: KVec::new(),
            head: 0,
            next_id: 1,
        }
    }

    /// Makes room for all [`CAPACITY`] entries, so that [`History::record`] never
    /// allocates. Call once, before the first record.
    pub(crate) fn reserve(&mut self) -> Result {
        let missing = CAPACITY.saturating_sub(self.entries.len());
        self.entries.reserve(missing, GFP_KERNEL)?;
        Ok(())
    }

    /// Records `entry` and returns its id, replacing the oldest entry once the history
    /// is full. Never fails and never allocates: the text was copied by
    /// [`Pending::new`] and the room made by [`History::reserve`].
    pub(crate) fn record(&mut self, entry: Pending) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let entry = Entry {
            id,
            portid: entry.portid,
            text: entry.text,
        };
        let entry = if self.entries.len() < CAPACITY {
            match self.entries.push_within_capacity(entry) {
                Ok(()) => return id,
                // Without reserved room: keep what fits rather than allocate here.
                Err(PushError(entry)) => entry,
            }
        } else {
            entry
        };
        let len = self.entries.len();
        if len > 0 {
            self.entries[self.head] = entry;
            self.head = (self.head + 1) % len;
        }
        id
    }

    /// Copies `text` and records it (both steps at once, for tests).
    #[cfg(CONFIG_KUNIT = "y")]
    fn push(&mut self, portid: u32, text: &[u8]) -> Result<u64> {
        Ok(self.record(Pending::new(portid, text)?))
    }

    /// The entries with an id above `after`, oldest first.
    pub(crate) fn after(&self, after: u64) -> impl Iterator<Item = &Entry> {
        let (newer, older) = self.entries.split_at(self.head);
        Iterator::chain(older.iter(), newer.iter()).filter(move |e| e.id > after)
    }

    /// Forgets every entry; ids go on from where they were.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.head = 0;
    }

    /// Number of entries kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[kunit_tests(genltest_history)]
mod tests {
    use super::*;

    fn ids(h: &History, after: u64) -> KVec<u64> {
        let mut v = KVec::new();
        for e in h.after(after) {
            v.push(e.id, GFP_KERNEL).unwrap();
        }
        v
    }

    #[test]
    fn keeps_entries_oldest_first() -> Result {
        let mut h = History::new();
        h.reserve()?;
        assert_eq!(h.push(7, b"a")?, 1);
        assert_eq!(h.push(8, b"bb")?, 2);
        let all = ids(&h, 0);
        assert_eq!(&all[..], &[1, 2]);
        let first = h.after(0).next().unwrap();
        assert_eq!(first.portid, 7);
        assert_eq!(&first.text[..], b"a");
        Ok(())
    }

    #[test]
    fn keeps_only_the_last_64_in_order() -> Result {
        let mut h = History::new();
        h.reserve()?;
        for i in 1..=100u32 {
            h.push(i, &i.to_ne_bytes())?;
        }
        assert_eq!(h.len(), CAPACITY);
        let all = ids(&h, 0);
        assert_eq!(all.len(), CAPACITY);
        for (i, id) in all.iter().enumerate() {
            assert_eq!(*id, 37 + i as u64);
        }
        Ok(())
    }

    #[test]
    fn resumes_after_a_cursor() -> Result {
        let mut h = History::new();
        h.reserve()?;
        for i in 0..70u32 {
            h.push(i, b"x")?;
        }
        let rest = ids(&h, 60);
        assert_eq!(&rest[..], &[61, 62, 63, 64, 65, 66, 67, 68, 69, 70]);
        assert_eq!(ids(&h, 70).len(), 0);
        Ok(())
    }

    #[test]
    fn record_without_room_keeps_what_fits_and_never_allocates() -> Result {
        let mut h = History::new();
        // No `reserve`: nothing fits, so the entry is dropped, but it still gets an id.
        assert_eq!(h.record(Pending::new(1, b"a")?), 1);
        assert_eq!(h.len(), 0);
        h.reserve()?;
        assert_eq!(h.record(Pending::new(1, b"b")?), 2);
        assert_eq!(&ids(&h, 0)[..], &[2]);
        Ok(())
    }

    #[test]
    fn clear_empties_but_ids_keep_increasing() -> Result {
        let mut h = History::new();
        h.reserve()?;
        h.push(1, b"x")?;
        h.push(1, b"y")?;
        h.clear();
        assert_eq!(h.len(), 0);
        assert_eq!(h.push(1, b"z")?, 3);
        Ok(())
    }
}
