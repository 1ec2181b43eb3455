//! The string table: the set of internalized strings of one heap, so that internalizing
//! equal text twice yields the same object.
//!
//! Open addressing over tagged entries, keyed by the strings' hashes (always computed for
//! internalized strings). The table holds its strings weakly: after a GC, entries whose
//! string died are turned into tombstones (`process_weak`). Read-only strings are entered
//! when the heap is created and never die.

use crate::objects::HeapObject;
use crate::objects::string;
use crate::tagged::Tagged;
use crate::value::{StringChars, StringRef};

const EMPTY: Tagged = Tagged::ZERO;
const DELETED: Tagged = Tagged::smi(1);

/// The internalized strings of one heap.
pub struct StringTable {
    entries: Vec<Tagged>,
    count: usize,
    deleted: usize,
}

/// What to look for: text in either encoding.
pub(crate) enum Key<'a> {
    OneByte(&'a [u8]),
    TwoByte(&'a [u16]),
}

impl Key<'_> {
    pub(crate) fn hash_field(&self) -> u32 {
        match self {
            Key::OneByte(b) => string::compute_hash_field(b.iter().map(|&c| c as u16)),
            Key::TwoByte(w) => string::compute_hash_field(w.iter().copied()),
        }
    }

    fn matches(&self, candidate: StringRef<'_>) -> bool {
        match (self, candidate.chars().expect("internalized strings are sequential")) {
            (Key::OneByte(a), StringChars::OneByte(b)) => *a == b,
            (Key::TwoByte(a), StringChars::TwoByte(b)) => *a == b,
            (Key::OneByte(a), StringChars::TwoByte(b)) => a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| x as u16 == y),
            (Key::TwoByte(a), StringChars::OneByte(b)) => a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| x == y as u16),
        }
    }
}

fn view<'h>(entry: Tagged) -> StringRef<'h> {
    crate::value::Value::new(entry).as_string().expect("string table holds strings")
}

impl StringTable {
    /// An empty table.
    pub fn new() -> StringTable {
        StringTable {
            entries: vec![EMPTY; 64],
            count: 0,
            deleted: 0,
        }
    }

    fn mask(&self) -> usize {
        self.entries.len() - 1
    }

    /// The internalized string equal to `key`, if any. Entries are current (the caller holds
    /// the heap) so reading them is sound.
    pub(crate) fn lookup(&self, key: &Key<'_>, hash_field: u32) -> Option<Tagged> {
        let hash = string::hash_from_field(hash_field) as usize;
        let mut index = hash & self.mask();
        let mut step = 1;
        loop {
            let entry = self.entries[index];
            if entry == EMPTY {
                return None;
            }
            if entry != DELETED {
                let candidate = view(entry);
                if candidate.raw_hash_field() == hash_field && key.matches(candidate) {
                    return Some(entry);
                }
            }
            index = (index + step) & self.mask();
            step += 1;
        }
    }

    /// Adds a string known not to be present.
    pub(crate) fn insert(&mut self, string: Tagged) {
        if (self.count + self.deleted + 1) * 4 > self.entries.len() * 3 {
            self.rehash();
        }
        let hash = string::hash_from_field(view(string).raw_hash_field()) as usize;
        let mut index = hash & self.mask();
        let mut step = 1;
        while self.entries[index] != EMPTY && self.entries[index] != DELETED {
            index = (index + step) & self.mask();
            step += 1;
        }
        if self.entries[index] == DELETED {
            self.deleted -= 1;
        }
        self.entries[index] = string;
        self.count += 1;
    }

    fn rehash(&mut self) {
        let capacity = ((self.count + 1) * 2).next_power_of_two().max(64);
        let old = std::mem::replace(&mut self.entries, vec![EMPTY; capacity]);
        self.count = 0;
        self.deleted = 0;
        for entry in old {
            if entry != EMPTY && entry != DELETED {
                self.insert(entry);
            }
        }
    }

    /// Weak processing after a GC: `f` maps each string to its new location, or `None` if it
    /// died (its entry becomes a tombstone).
    pub(crate) fn process_weak(&mut self, mut f: impl FnMut(HeapObject) -> Option<HeapObject>) {
        for entry in self.entries.iter_mut() {
            if *entry == EMPTY || *entry == DELETED {
                continue;
            }
            match f(HeapObject::from_tagged(*entry)) {
                Some(object) => *entry = object.tagged(),
                None => {
                    *entry = DELETED;
                    self.count -= 1;
                    self.deleted += 1;
                }
            }
        }
    }

    /// Calls `f` on every live entry.
    pub(crate) fn for_each(&self, mut f: impl FnMut(Tagged)) {
        for &entry in &self.entries {
            if entry != EMPTY && entry != DELETED {
                f(entry);
            }
        }
    }

    /// Number of internalized strings.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl Default for StringTable {
    fn default() -> Self {
        Self::new()
    }
}
