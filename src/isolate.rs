//! `Isolate`: one independent JavaScript heap and everything that will run on it, created
//! from `CreateParams` as in V8. Isolates share the process's pointer cage and read-only
//! space; nothing else.

use tagus_heap::{AllocationError, HandleScope, Heap, HeapConfig};

/// Parameters of a new isolate (V8's `Isolate::CreateParams`).
#[derive(Clone, Debug, Default)]
pub struct CreateParams {
    heap: HeapConfig,
}

impl CreateParams {
    /// Sets the initial and maximum heap size in bytes (V8's `heap_limits`): the initial size
    /// picks the semispace size, the maximum bounds the old generation.
    pub fn heap_limits(mut self, initial: usize, max: usize) -> Self {
        self.heap.min_semi_space_size = (initial / 8).clamp(256 * 1024, self.heap.max_semi_space_size);
        self.heap.max_old_generation_size = max;
        self
    }

    /// Sets the old-generation limit in bytes.
    pub fn set_max_old_generation_size_in_bytes(mut self, bytes: usize) -> Self {
        self.heap.max_old_generation_size = bytes;
        self
    }

    /// Applies V8 flags (`--max-old-space-size=64`, `--verify-heap`, `--gc-interval=N`,
    /// `--stress-compaction`, ...); returns those it does not know.
    pub fn flags<'a>(mut self, flags: impl IntoIterator<Item = &'a str>) -> Result<(Self, Vec<&'a str>), String> {
        let rest = self.heap.apply_flags(flags)?;
        Ok((self, rest))
    }

    /// The heap configuration these parameters produce.
    pub fn heap_config(&self) -> &HeapConfig {
        &self.heap
    }
}

/// An isolate: a heap of its own and the handle scopes that root it.
pub struct Isolate {
    heap: Heap,
}

impl Isolate {
    /// Creates an isolate.
    pub fn new(params: CreateParams) -> Result<Isolate, AllocationError> {
        Ok(Isolate {
            heap: Heap::new(params.heap)?,
        })
    }

    /// Runs `f` inside a new handle scope (V8's `HandleScope handle_scope(isolate);`).
    pub fn handle_scope<R>(&mut self, f: impl for<'s> FnOnce(&mut HandleScope<'s>) -> R) -> R {
        self.heap.handle_scope(f)
    }

    /// `Isolate::GetHeapStatistics`.
    pub fn get_heap_statistics(&self) -> tagus_heap::HeapStatistics {
        self.heap.heap_statistics()
    }

    /// `Isolate::AdjustAmountOfExternalAllocatedMemory`.
    pub fn adjust_amount_of_external_allocated_memory(&mut self, change_in_bytes: i64) -> i64 {
        self.heap.adjust_external_memory(change_in_bytes)
    }

    /// The isolate's heap.
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    /// The isolate's heap, for GC control and callbacks.
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tagus_heap::NewStringType;

    #[test]
    fn isolates_are_independent_heaps() {
        let (params, rest) = CreateParams::default().flags(["--max-old-space-size=32", "--verify-heap"]).unwrap();
        assert!(rest.is_empty());
        let mut a = Isolate::new(params.clone()).unwrap();
        let mut b = Isolate::new(params).unwrap();
        let text = a.handle_scope(|scope| {
            let s = scope.new_string_from_utf8(b"1 + 1", NewStringType::Internalized).unwrap();
            s.get(scope).as_string().unwrap().to_rust_string()
        });
        assert_eq!(text, "1 + 1");
        assert_eq!(b.get_heap_statistics().heap_size_limit, a.get_heap_statistics().heap_size_limit);
        assert_eq!(a.heap().config().max_old_generation_size, 32 * 1024 * 1024);
        assert_eq!(b.adjust_amount_of_external_allocated_memory(1000), 1000);
        assert_eq!(b.get_heap_statistics().external_memory, 1000);
    }
}
