//! The collectors and their checking tools: the scavenger (minor GC), mark-compact (major
//! GC) with its mark bits and marker, incremental marking, and the heap verifier.
//! Root visiting is shared: `visit_roots` hands every root slot of a heap to a visitor.

pub mod incremental;
pub mod mark_compact;
pub mod marker;
pub mod marking;
pub mod scavenger;
pub mod verifier;
mod verify_prototypes;

use crate::heap::Heap;
use crate::tagged::Tagged;

/// Calls `visit` on every strong root slot of `heap`: handle scopes, global handles, the
/// JS stack, the isolate's strong roots and the external root sets (JS stack, compilation cache, ...). The read-only space needs no
/// visiting: it never points into a mutable heap.
pub(crate) fn visit_roots(heap: &mut Heap, visit: &mut dyn FnMut(&mut Tagged)) {
    heap.handles.iterate(&mut *visit);
    heap.globals.iterate(&mut *visit);
    heap.js_stack.iter_mut().for_each(&mut *visit);
    heap.strong_roots.iter_mut().for_each(&mut *visit);
    heap.weak.iterate(&mut *visit);
    for roots in &mut heap.external_roots {
        roots.iterate_roots(visit);
    }
}
