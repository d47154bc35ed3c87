// SPDX-License-Identifier: GPL-2.0

//! The last [`CAPACITY`] echoed messages, oldest first, each with an increasing id.
//!
//! Pure logic, tested by KUnit. Ids keep increasing across [`History::clear`], so a dump
//! that resumes after "the last id I sent" never repeats or skips an entry.

use kernel::prelude::*;

/// How many messages the history keeps.
pub(crate) const CAPACITY: usize = 64;

/// Room each slot's buffer is allocated with: the longest `ECHO` text, so that a full
/// ring reuses its buffers instead of allocating for every message.
pub(crate) const TEXT_RESERVE: usize = 1024;

/// One echoed message.
pub(crate) struct Entry {
    /// Increasing from 1.
    pub(crate) id: u64,
    /// The sender's port id.
    pub(crate) portid: u32,
    /// The text: the first `len` bytes of `buf`.
    buf: KVec<u8>,
    /// The text's length.
    len: usize,
}

impl Entry {
    /// The text.
    pub(crate) fn text(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Copies `text` into the entry's buffer: one `memcpy` into bytes already initialised
    /// (`KVec::extend_from_slice` copies byte by byte), a new buffer only when `text` is
    /// longer than the one it has. A failure leaves the entry as it was.
    fn set_text(&mut self, text: &[u8]) -> Result {
        if self.buf.len() < text.len() {
            self.buf = KVec::from_elem(0, text.len(), GFP_KERNEL)?;
        }
        self.buf[..text.len()].copy_from_slice(text);
        self.len = text.len();
        Ok(())
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

    /// Records a copy of `text` from `portid` and returns its id. Fails only when memory
    /// runs out, leaving the history as it was.
    ///
    /// Each slot's buffer is allocated once, with room for [`TEXT_RESERVE`] bytes; once the
    /// ring is full, a push copies into the buffer of the entry it replaces, so steady
    /// traffic of ordinary texts allocates nothing here.
    pub(crate) fn push(&mut self, portid: u32, text: &[u8]) -> Result<u64> {
        let id = self.next_id;
        if self.entries.len() < CAPACITY {
            if self.entries.capacity() == 0 {
                self.entries.reserve(CAPACITY, GFP_KERNEL)?;
            }
            let mut entry = Entry {
                id,
                portid,
                buf: KVec::from_elem(0, text.len().max(TEXT_RESERVE), GFP_KERNEL)?,
                len: 0,
            };
            entry.set_text(text)?;
            self.entries.push(entry, GFP_KERNEL)?;
        } else {
            let slot = &mut self.entries[self.head];
            slot.set_text(text)?;
            slot.id = id;
            slot.portid = portid;
            self.head = (self.head + 1) % CAPACITY;
        }
        self.next_id += 1;
        Ok(id)
    }

    /// The entries with an id above `after`, oldest first.
    pub(crate) fn after(&self, after: u64) -> impl Iterator<Item = &Entry> {
        let (newer, older) = self.entries.split_at(self.head);
        Iterator::chain(older.iter(), newer.iter()).filter(move |e| e.id > after)
    }

    /// The entry with id `id`, if the history still keeps it.
    ///
    /// Ids of the entries kept are consecutive, oldest first from `head`: one subtraction
    /// finds the slot.
    pub(crate) fn get(&self, id: u64) -> Option<&Entry> {
        let oldest = self.entries.get(self.head)?.id;
        let offset = usize::try_from(id.checked_sub(oldest)?).ok()?;
        if offset >= self.entries.len() {
            return None;
        }
        self.entries.get((self.head + offset) % self.entries.len())
    }

    /// Forgets every entry; ids go on from where they were.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.head = 0;
    }

    /// Number of entries kept. Only the KUnit tests need it.
    #[cfg(CONFIG_KUNIT = "y")]
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
        assert_eq!(h.push(7, b"a")?, 1);
        assert_eq!(h.push(8, b"bb")?, 2);
        let all = ids(&h, 0);
        assert_eq!(&all[..], &[1, 2]);
        let first = h.after(0).next().unwrap();
        assert_eq!(first.portid, 7);
        assert_eq!(first.text(), b"a");
        Ok(())
    }

    #[test]
    fn keeps_only_the_last_64_in_order() -> Result {
        let mut h = History::new();
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
        for i in 0..70u32 {
            h.push(i, b"x")?;
        }
        let rest = ids(&h, 60);
        assert_eq!(&rest[..], &[61, 62, 63, 64, 65, 66, 67, 68, 69, 70]);
        assert_eq!(ids(&h, 70).len(), 0);
        Ok(())
    }

    #[test]
    fn a_full_ring_reuses_its_buffers() -> Result {
        let mut h = History::new();
        for i in 0..CAPACITY as u32 {
            h.push(i, b"fill")?;
        }
        let oldest = h.after(0).next().unwrap().text().as_ptr();
        h.push(99, &[b'z'; TEXT_RESERVE])?;
        let newest = h.after(CAPACITY as u64).next().unwrap();
        assert_eq!(newest.text().as_ptr(), oldest);
        assert_eq!(newest.text(), &[b'z'; TEXT_RESERVE][..]);
        assert_eq!(newest.portid, 99);
        // A longer text gets a buffer of its own.
        h.push(100, &[b'y'; TEXT_RESERVE + 1])?;
        let longer = h.after(CAPACITY as u64 + 1).next().ok_or(ENOENT)?;
        assert_eq!(longer.text(), &[b'y'; TEXT_RESERVE + 1][..]);
        Ok(())
    }

    #[test]
    fn get_finds_kept_ids_only() -> Result {
        let mut h = History::new();
        assert!(h.get(1).is_none());
        h.push(5, b"one")?;
        h.push(6, b"two")?;
        // `?` rather than `unwrap`: a missing entry fails the test instead of panicking.
        assert_eq!(h.get(1).ok_or(ENOENT)?.text(), b"one");
        assert_eq!(h.get(2).ok_or(ENOENT)?.portid, 6);
        assert!(h.get(0).is_none());
        assert!(h.get(3).is_none());
        // Once the ring wrapped: ids 37 to 100 are kept, found in their slots.
        for i in 3..=100u32 {
            h.push(i, &i.to_ne_bytes())?;
        }
        assert!(h.get(36).is_none());
        for id in 37..=100u64 {
            let e = h.get(id).ok_or(ENOENT)?;
            assert_eq!(e.id, id);
            assert_eq!(e.text(), &(id as u32).to_ne_bytes());
        }
        assert!(h.get(101).is_none());
        assert!(h.get(u64::MAX).is_none());
        h.clear();
        assert!(h.get(100).is_none());
        Ok(())
    }

    #[test]
    fn clear_empties_but_ids_keep_increasing() -> Result {
        let mut h = History::new();
        h.push(1, b"x")?;
        h.push(1, b"y")?;
        h.clear();
        assert_eq!(h.len(), 0);
        assert_eq!(h.push(1, b"z")?, 3);
        Ok(())
    }
}
