//! The pointer-compression cage: one 4 GB virtual reservation, aligned to 4 GB, that holds
//! every heap object of the process, and the page allocator that commits 256 KB pages from it.
//!
//! Invariants: the reservation is made once per process and never released, so
//! `cage_base()` is a constant after the first call; every committed page is aligned to
//! `PAGE_SIZE`; page 0 is never handed out, so a compressed pointer below `PAGE_SIZE` is never
//! a valid object (it catches zero-initialised fields). Several isolates share the cage, as
//! V8's shared cage does; the allocator is therefore behind a mutex.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Size of the reservation: 4 GB, the range a 32-bit offset can address.
pub const CAGE_SIZE: usize = 1 << 32;
/// log2 of the page size.
pub const PAGE_SIZE_BITS: u32 = 18;
/// A page: 256 KB, aligned to its size.
pub const PAGE_SIZE: usize = 1 << PAGE_SIZE_BITS;
/// Masks an interior address down to its page start.
pub const PAGE_ALIGNMENT_MASK: usize = PAGE_SIZE - 1;
const PAGE_COUNT: usize = CAGE_SIZE / PAGE_SIZE;
/// Pages kept committed in the pool after being freed, ready for reuse.
const MAX_POOLED_PAGES: usize = 64;

/// A full (decompressed) machine address inside the cage.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(transparent)]
pub struct Address(pub usize);

impl Address {
    /// `self + bytes`.
    #[inline(always)]
    pub const fn add(self, bytes: usize) -> Address {
        Address(self.0 + bytes)
    }

    /// The start of the page (or large chunk's first page) containing this address.
    #[inline(always)]
    pub const fn page_start(self) -> Address {
        Address(self.0 & !PAGE_ALIGNMENT_MASK)
    }

    /// The low 32 bits: the compressed form.
    #[inline(always)]
    pub const fn compressed(self) -> u32 {
        self.0 as u32
    }
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{:x}", self.0)
    }
}

static CAGE_BASE: AtomicUsize = AtomicUsize::new(0);
static CAGE: OnceLock<Cage> = OnceLock::new();

/// The cage base; every compressed pointer is an offset from it.
#[inline(always)]
pub fn cage_base() -> usize {
    CAGE_BASE.load(Ordering::Relaxed)
}

/// Full address of the compressed (untagged) offset `offset`.
#[inline(always)]
pub fn decompress(offset: u32) -> Address {
    Address(cage_base() + offset as usize)
}

/// The process-wide cage, reserved on first use.
pub fn cage() -> &'static Cage {
    CAGE.get_or_init(Cage::reserve)
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum PageState {
    /// Reserved but not committed (no access).
    Free,
    /// Committed, zeroed, waiting in the pool.
    Pooled,
    /// Committed and owned by a space.
    Used,
}

struct PageTable {
    state: Vec<PageState>,
    /// Indices of pooled pages, most recently freed last.
    pool: Vec<usize>,
    /// Where the next search for free pages starts.
    search_hint: usize,
    committed_pages: usize,
}

/// The 4 GB reservation and its page allocator.
pub struct Cage {
    base: usize,
    table: Mutex<PageTable>,
}

/// Why the cage could not hand out memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CageError {
    /// No run of free pages of the requested length is left in the 4 GB reservation.
    Exhausted,
    /// The operating system refused to commit memory.
    CommitFailed,
}

impl Cage {
    fn reserve() -> Cage {
        // Reserve twice the size so that a 4 GB-aligned window surely fits, then give back
        // the unaligned head and tail. MAP_NORESERVE: no swap is accounted for the reservation.
        let len = 2 * CAGE_SIZE;
        // SAFETY: an anonymous private mapping with no access touches no existing memory.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        assert!(raw != libc::MAP_FAILED, "cannot reserve the 4 GB pointer cage");
        let start = raw as usize;
        let base = (start + CAGE_SIZE - 1) & !(CAGE_SIZE - 1);
        // SAFETY: both ranges lie inside the mapping made above and are not used by anyone.
        unsafe {
            if base > start {
                libc::munmap(raw, base - start);
            }
            let tail = start + len - (base + CAGE_SIZE);
            if tail > 0 {
                libc::munmap((base + CAGE_SIZE) as *mut libc::c_void, tail);
            }
        }
        CAGE_BASE.store(base, Ordering::Relaxed);
        let mut state = vec![PageState::Free; PAGE_COUNT];
        state[0] = PageState::Used; // page 0 is a guard: compressed offsets below PAGE_SIZE are invalid
        Cage {
            base,
            table: Mutex::new(PageTable {
                state,
                pool: Vec::new(),
                search_hint: 1,
                committed_pages: 0,
            }),
        }
    }

    /// The cage's base address.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Whether `address` lies inside the reservation.
    pub fn contains(&self, address: Address) -> bool {
        address.0 >= self.base && address.0 < self.base + CAGE_SIZE
    }

    /// Commits a chunk of `pages` contiguous pages and returns its (page-aligned) start.
    /// The memory is zeroed.
    pub fn allocate_chunk(&self, pages: usize) -> Result<Address, CageError> {
        assert!(pages >= 1);
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        if pages == 1
            && let Some(index) = table.pool.pop()
        {
            table.state[index] = PageState::Used;
            return Ok(self.page_address(index));
        }
        let start = find_free_run(&table.state, table.search_hint, pages)
            .or_else(|| find_free_run(&table.state, 1, pages))
            .ok_or(CageError::Exhausted)?;
        let address = self.page_address(start);
        // SAFETY: the range is inside our reservation and owned by no one (state Free).
        let ok = unsafe {
            libc::mprotect(
                address.0 as *mut libc::c_void,
                pages * PAGE_SIZE,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if ok != 0 {
            return Err(CageError::CommitFailed);
        }
        for state in &mut table.state[start..start + pages] {
            *state = PageState::Used;
        }
        table.search_hint = start + pages;
        table.committed_pages += pages;
        Ok(address)
    }

    /// Returns a chunk to the cage. A single page goes to the pool (zeroed, still committed)
    /// while the pool has room; anything else is decommitted.
    pub fn free_chunk(&self, start: Address, pages: usize) {
        let index = (start.0 - self.base) / PAGE_SIZE;
        let mut table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        debug_assert!(table.state[index..index + pages].iter().all(|s| *s == PageState::Used));
        // SAFETY: the chunk was committed by `allocate_chunk` and its owner gave it up; no
        // reference into it survives (spaces only hand out addresses, never Rust references).
        unsafe {
            libc::madvise(start.0 as *mut libc::c_void, pages * PAGE_SIZE, libc::MADV_DONTNEED);
        }
        if pages == 1 && table.pool.len() < MAX_POOLED_PAGES {
            table.state[index] = PageState::Pooled;
            table.pool.push(index);
            return;
        }
        // SAFETY: as above; dropping access makes stale uses fault instead of reading garbage.
        unsafe {
            libc::mprotect(start.0 as *mut libc::c_void, pages * PAGE_SIZE, libc::PROT_NONE);
        }
        for state in &mut table.state[index..index + pages] {
            *state = PageState::Free;
        }
        table.committed_pages -= pages;
        table.search_hint = table.search_hint.min(index);
    }

    /// Makes a chunk read-only (used to seal the read-only space).
    pub fn protect_read_only(&self, start: Address, pages: usize) {
        // SAFETY: the chunk is committed and owned by the caller, who writes it no more.
        let ok = unsafe { libc::mprotect(start.0 as *mut libc::c_void, pages * PAGE_SIZE, libc::PROT_READ) };
        assert_eq!(ok, 0, "mprotect(PROT_READ) failed on a committed chunk");
    }

    /// Pages committed from the cage by all isolates (including the pool).
    pub fn committed_pages(&self) -> usize {
        self.table.lock().unwrap_or_else(|e| e.into_inner()).committed_pages
    }

    /// Pages waiting in the pool.
    pub fn pooled_pages(&self) -> usize {
        self.table.lock().unwrap_or_else(|e| e.into_inner()).pool.len()
    }

    fn page_address(&self, index: usize) -> Address {
        Address(self.base + index * PAGE_SIZE)
    }
}

/// First index `>= from` starting `pages` consecutive `Free` entries.
fn find_free_run(state: &[PageState], from: usize, pages: usize) -> Option<usize> {
    let mut run_start = from;
    let mut run_len = 0;
    for (i, s) in state.iter().enumerate().skip(from) {
        if *s == PageState::Free {
            if run_len == 0 {
                run_start = i;
            }
            run_len += 1;
            if run_len == pages {
                return Some(run_start);
            }
        } else {
            run_len = 0;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cage_is_aligned_and_pages_are_aligned() {
        let cage = cage();
        assert_eq!(cage.base() % CAGE_SIZE, 0);
        let page = cage.allocate_chunk(1).unwrap();
        assert_eq!(page.0 % PAGE_SIZE, 0);
        assert!(cage.contains(page));
        assert!(page.0 - cage.base() >= PAGE_SIZE, "page 0 is a guard");
        // The memory is committed, zeroed and writable.
        // SAFETY: the page was just committed for this test.
        unsafe {
            assert_eq!(*(page.0 as *const u64), 0);
            *(page.add(PAGE_SIZE - 8).0 as *mut u64) = 42;
        }
        cage.free_chunk(page, 1);
        let chunk = cage.allocate_chunk(3).unwrap();
        assert_eq!(chunk.page_start(), chunk);
        cage.free_chunk(chunk, 3);
    }

    #[test]
    fn free_run_search() {
        use PageState::*;
        let s = [Used, Free, Used, Free, Free, Free, Used];
        assert_eq!(find_free_run(&s, 1, 1), Some(1));
        assert_eq!(find_free_run(&s, 1, 2), Some(3));
        assert_eq!(find_free_run(&s, 1, 4), None);
    }
}
