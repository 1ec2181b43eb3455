pub use tagus_heap as heap;
