//! Tagus's virtual machine: the interpreter that runs the compiler's bytecode, the object
//! model (properties, elements, prototypes) and the ECMAScript builtins, all over the V8-style
//! heap of `tagus-heap`.
//!
//! GC safety. Values are raw `Tagged` words; a collection may move any young (or compacted)
//! object, so a `Tagged` held in a Rust local is only valid until the next allocation. The
//! rule every function here keeps: a value that must survive an allocation lives on the JS
//! stack (`heap.js_stack`, a strong root) — the interpreter's registers are stack slots, and
//! native code pushes its temporaries (`Vm::push`) and reads them back (`Vm::slot`). Functions
//! that take `Tagged` arguments and allocate root those arguments themselves before
//! allocating. The GC-stress run (`--gc-interval` with `--verify-heap`, from-space zapped)
//! checks the rule over the whole JS test suite.
//!
//! Errors. `JsResult<T>` is `Result<T, Throw>`: `Throw` says an exception is pending, its
//! value in the `Exception` root. Out-of-memory is pending too but uncatchable
//! (`Vm::is_out_of_memory`), so it unwinds every handler up to the embedder.

#![forbid(unsafe_code)]

pub mod arguments;
pub mod builtins;
pub mod conversions;
pub mod dictionary;
pub mod elements;
pub mod errors;
pub mod function;
pub mod ic;
pub mod inspect;
pub mod interpreter;
pub mod loader;
pub mod numconv;
pub mod object;
pub mod operators;
pub mod property_cell;
mod prototype_info;
pub mod realm;
pub mod runtime;
pub mod shape;
pub mod strings;

use std::collections::HashMap;
use std::rc::Rc;

pub use realm::Root;
pub use tagus_heap::{Heap, HeapConfig, Tagged};

use tagus_heap::objects::{HeapObject, InstanceType};

/// An exception is pending in the VM (see the crate docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throw;

/// The result of anything that can throw.
pub type JsResult<T> = Result<T, Throw>;

/// A builtin implemented in Rust.
pub type NativeFn = fn(&mut Vm, Args) -> JsResult<Tagged>;

/// An embedder's callback (`Function::new`).
pub type Callback = Rc<dyn Fn(&mut Vm, Args) -> JsResult<Tagged>>;

/// Where a native function finds its receiver and arguments: JS stack slots, so they stay
/// valid (and GC-updated) while the function allocates.
#[derive(Debug, Clone, Copy)]
pub struct Args {
    /// Slot of the receiver; arguments follow it.
    pub base: usize,
    /// Number of arguments.
    pub argc: usize,
    /// Slot holding `new.target` (undefined for a call).
    pub new_target: usize,
}

/// Where `console.log` and `print` lines go when an embedder captures them.
pub type OutputSink = Box<dyn FnMut(&str)>;

/// A native function's entry in the builtin table.
#[derive(Clone)]
pub(crate) enum Native {
    Builtin(NativeFn),
    Callback(Callback),
}

/// A script the VM has compiled: its name and text, for stack traces and error messages.
#[derive(Debug)]
pub struct ScriptRecord {
    /// File name (or `[eval]`-style name).
    pub name: String,
    /// Source text.
    pub source: Rc<str>,
    /// Byte offset of the start of every line.
    pub line_starts: Vec<u32>,
}

impl ScriptRecord {
    /// 1-based line and column of a source byte offset (columns count UTF-16 units as V8).
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1] as usize;
        let end = (offset as usize).min(self.source.len());
        let column = self.source.get(start..end).map(|t| t.encode_utf16().count()).unwrap_or(end - start);
        (line as u32, column as u32 + 1)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let start = self.line_starts.get(line as usize - 1).copied().unwrap_or(0) as usize;
        let rest = &self.source[start.min(self.source.len())..];
        rest.split(['\n', '\r']).next().unwrap_or("")
    }
}

/// Where an uncaught exception was thrown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrowLocation {
    /// Index into `Vm::scripts`.
    pub script: usize,
    /// Source byte offset.
    pub offset: u32,
}

/// Options fixed when a VM is created.
#[derive(Debug, Clone)]
pub struct VmOptions {
    /// JS stack size in KB (V8's `--stack-size`, default 984).
    pub stack_size_kb: usize,
    /// Expose `gc()` (V8's `--expose-gc`).
    pub expose_gc: bool,
    /// Accept `%Name(args)` runtime calls such as `%DebugPrint` (V8's `--allow-natives-syntax`).
    pub allow_natives_syntax: bool,
}

impl Default for VmOptions {
    fn default() -> VmOptions {
        VmOptions {
            stack_size_kb: 984,
            expose_gc: false,
            allow_natives_syntax: false,
        }
    }
}

/// Deepest nesting of native → JavaScript re-entry (getters, callbacks of `map`, `sort`
/// comparators...): each level takes Rust stack.
const MAX_NATIVE_DEPTH: usize = 400;

/// One isolate's virtual machine.
pub struct Vm {
    /// The heap.
    pub heap: Heap,
    pub(crate) natives: Vec<Native>,
    /// Compiled scripts, by script id.
    pub scripts: Vec<ScriptRecord>,
    /// Compilation cache: (file name, source) → index of the top-level function in the
    /// strong roots.
    pub(crate) compilation_cache: HashMap<(String, Rc<str>), usize>,
    /// Where the pending exception was thrown, if in JavaScript code.
    pub throw_location: Option<ThrowLocation>,
    pub(crate) out_of_memory: bool,
    /// Set (from any thread) to stop running JavaScript at the next loop back edge.
    pub(crate) terminate_requested: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The pending exception is the uncatchable termination.
    pub(crate) terminated: bool,
    pub(crate) native_depth: usize,
    /// Frame pointer of the innermost JS frame (`usize::MAX` when none).
    pub(crate) top_fp: usize,
    /// Highest JS stack slot frames may use.
    pub(crate) stack_limit: usize,
    pub(crate) options: VmOptions,
    /// Interned names the runtime uses, by `realm::Name` (kept in the strong roots).
    pub(crate) next_symbol_hash: u32,
    /// Output sink for `console.log` and `print` (stdout unless captured).
    pub output: Option<OutputSink>,
    /// Output sink for `console.error` and `console.warn` (stderr unless captured).
    pub error_output: Option<OutputSink>,
    /// (map, name) → descriptor index, for slow-path lookups.
    pub(crate) descriptor_cache: shape::DescriptorLookupCache,
    /// The megamorphic inline caches' shared (map, name) → handler table.
    pub(crate) stub_cache: ic::StubCache,
    /// Out-of-object fields a store may add before the object goes to dictionary mode
    /// (lower while a keyed store runs).
    pub(crate) out_of_object_limit: usize,
    /// V8's NoElementsProtector: true while the initial `Array.prototype` and
    /// `Object.prototype` have no indexed properties and the first's prototype is the
    /// second, so an array's prototype chain needs no walk. Once cleared it stays cleared.
    pub(crate) no_elements_protector: bool,
}

impl Vm {
    /// Creates a VM with a fresh heap and realm (global object, builtins).
    pub fn new(config: HeapConfig, options: VmOptions) -> Result<Vm, String> {
        let heap = Heap::new(config).map_err(|e| e.to_string())?;
        let stack_limit = (options.stack_size_kb * 1024 / 4).max(4096);
        let mut vm = Vm {
            heap,
            natives: Vec::new(),
            scripts: Vec::new(),
            compilation_cache: HashMap::new(),
            throw_location: None,
            out_of_memory: false,
            terminate_requested: Default::default(),
            terminated: false,
            native_depth: 0,
            top_fp: usize::MAX,
            stack_limit,
            options,
            next_symbol_hash: 0x0001_2345,
            output: None,
            error_output: None,
            descriptor_cache: shape::DescriptorLookupCache::new(),
            stub_cache: ic::StubCache::new(),
            out_of_object_limit: shape::MAX_FAST_PROPERTIES,
            no_elements_protector: true,
        };
        vm.heap.js_stack.reserve(stack_limit + 1024);
        realm::initialize(&mut vm).map_err(|_| "out of memory while creating the realm".to_string())?;
        Ok(vm)
    }

    // ---- constants --------------------------------------------------------------------

    /// `undefined`.
    #[inline(always)]
    pub fn undefined(&self) -> Tagged {
        self.heap.roots().undefined_value
    }
    /// `null`.
    #[inline(always)]
    pub fn null(&self) -> Tagged {
        self.heap.roots().null_value
    }
    /// The hole (TDZ marker, array holes).
    #[inline(always)]
    pub fn hole(&self) -> Tagged {
        self.heap.roots().the_hole_value
    }
    /// `true` or `false`.
    #[inline(always)]
    pub fn boolean(&self, b: bool) -> Tagged {
        if b {
            self.heap.roots().true_value
        } else {
            self.heap.roots().false_value
        }
    }
    /// `true`.
    #[inline(always)]
    pub fn true_value(&self) -> Tagged {
        self.heap.roots().true_value
    }
    /// `false`.
    #[inline(always)]
    pub fn false_value(&self) -> Tagged {
        self.heap.roots().false_value
    }
    /// The empty string.
    #[inline(always)]
    pub fn empty_string(&self) -> Tagged {
        self.heap.roots().empty_string
    }

    /// A strong root of the realm.
    #[inline(always)]
    pub fn root(&self, root: Root) -> Tagged {
        self.heap.strong_roots[root as usize]
    }

    /// Replaces a strong root.
    pub fn set_root(&mut self, root: Root, value: Tagged) {
        self.heap.strong_roots[root as usize] = value;
    }

    // ---- type tests ---------------------------------------------------------------------

    /// The instance type of a heap object (`None` for a Smi).
    #[inline(always)]
    pub fn instance_type(&self, value: Tagged) -> Option<InstanceType> {
        if value.is_smi() {
            None
        } else {
            Some(HeapObject::from_tagged(value).map().instance_type())
        }
    }

    /// Whether `value` is a string.
    #[inline(always)]
    pub fn is_string(&self, value: Tagged) -> bool {
        is_string(value)
    }

    /// Whether `value` is a symbol.
    #[inline]
    pub fn is_symbol(&self, value: Tagged) -> bool {
        self.instance_type(value) == Some(InstanceType::Symbol)
    }

    /// Whether `value` is a number (Smi or HeapNumber).
    #[inline(always)]
    pub fn is_number(&self, value: Tagged) -> bool {
        value.is_smi() || HeapObject::from_tagged(value).map().instance_type_raw() == InstanceType::HeapNumber as u16
    }

    /// Whether `value` is an object (a JS receiver).
    #[inline(always)]
    pub fn is_object(&self, value: Tagged) -> bool {
        is_js_receiver(value)
    }

    /// Whether `value` is undefined or null.
    #[inline(always)]
    pub fn is_nullish(&self, value: Tagged) -> bool {
        value == self.undefined() || value == self.null()
    }

    /// The number `value` holds, if it is a number.
    #[inline(always)]
    pub fn number_value(&self, value: Tagged) -> Option<f64> {
        number_of(value, self.heap.roots().heap_number_map)
    }

    // ---- rooting on the JS stack --------------------------------------------------------

    /// Pushes `value` on the JS stack and returns its slot.
    #[inline(always)]
    pub fn push(&mut self, value: Tagged) -> usize {
        self.heap.js_stack.push(value);
        self.heap.js_stack.len() - 1
    }

    /// The current value of a stack slot.
    #[inline(always)]
    pub fn slot(&self, slot: usize) -> Tagged {
        self.heap.js_stack[slot]
    }

    /// Overwrites a stack slot.
    #[inline(always)]
    pub fn set_slot(&mut self, slot: usize, value: Tagged) {
        self.heap.js_stack[slot] = value;
    }

    /// The stack height, to restore with `truncate_stack`.
    #[inline(always)]
    pub fn stack_mark(&self) -> usize {
        self.heap.js_stack.len()
    }

    /// Drops every slot pushed since `mark`.
    #[inline(always)]
    pub fn truncate_stack(&mut self, mark: usize) {
        self.heap.js_stack.truncate(mark);
    }

    // ---- arguments of native functions --------------------------------------------------

    /// The receiver.
    #[inline(always)]
    pub fn this(&self, args: Args) -> Tagged {
        self.heap.js_stack[args.base]
    }

    /// Argument `i`, or undefined.
    #[inline(always)]
    pub fn arg(&self, args: Args, i: usize) -> Tagged {
        if i < args.argc {
            self.heap.js_stack[args.base + 1 + i]
        } else {
            self.undefined()
        }
    }

    /// The slot of argument `i` (only for `i < argc`).
    #[inline(always)]
    pub fn arg_slot(&self, args: Args, i: usize) -> usize {
        debug_assert!(i < args.argc);
        args.base + 1 + i
    }

    /// The slot of the function being called (always just above new.target).
    #[inline(always)]
    pub fn callee_slot(&self, args: Args) -> usize {
        args.new_target + 1
    }

    /// `new.target` (undefined for a call).
    #[inline(always)]
    pub fn new_target(&self, args: Args) -> Tagged {
        self.heap.js_stack[args.new_target]
    }

    // ---- allocation ---------------------------------------------------------------------

    /// Turns an allocation failure into the uncatchable out-of-memory exception.
    #[cold]
    pub fn out_of_memory(&mut self) -> Throw {
        self.out_of_memory = true;
        Throw
    }

    /// Whether the pending exception is the out-of-memory condition.
    pub fn is_out_of_memory(&self) -> bool {
        self.out_of_memory
    }

    /// Whether the pending exception is the termination `terminate_execution` asked for.
    pub fn is_terminated(&self) -> bool {
        self.terminated
    }

    /// Whether the pending exception can be caught by JavaScript.
    pub fn exception_is_catchable(&self) -> bool {
        !self.out_of_memory && !self.terminated
    }

    /// Clears the uncatchable conditions once the embedder has seen them.
    pub fn reset_uncatchable(&mut self) {
        self.out_of_memory = false;
        self.terminated = false;
    }

    /// A handle other threads can use to stop this VM's JavaScript (V8's
    /// `TerminateExecution`): set it to true and the running script ends at the next loop
    /// iteration or call with an uncatchable exception.
    pub fn termination_handle(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.terminate_requested.clone()
    }

    /// A number value (Smi when possible).
    #[inline]
    pub fn new_number(&mut self, value: f64) -> JsResult<Tagged> {
        if let Some(smi) = number_as_smi(value) {
            return Ok(smi);
        }
        self.heap
            .new_heap_number(value, tagus_heap::AllocationType::Young)
            .map_err(|_| self.out_of_memory())
    }

    /// The output line writer for `console.log`.
    pub fn write_output(&mut self, text: &str) {
        match &mut self.output {
            Some(sink) => sink(text),
            None => {
                use std::io::Write;
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                let _ = lock.write_all(text.as_bytes());
                let _ = lock.write_all(b"\n");
            }
        }
    }

    /// The output line writer for `console.error`.
    pub fn write_error_output(&mut self, text: &str) {
        match &mut self.error_output {
            Some(sink) => sink(text),
            None => eprintln!("{text}"),
        }
    }
}

/// The Number `value` holds (a Smi or a HeapNumber, whose map is `heap_number_map`).
#[inline(always)]
pub(crate) fn number_of(value: Tagged, heap_number_map: Tagged) -> Option<f64> {
    if value.is_smi() {
        return Some(value.smi_value() as f64);
    }
    let object = HeapObject::from_tagged(value);
    (object.map().0.tagged() == heap_number_map).then(|| object.read_f64(tagus_heap::objects::heap_number::VALUE_OFFSET))
}

/// `value` as a Smi when it is an integer in Smi range and not -0: such Numbers are always
/// Smis, never HeapNumbers.
#[inline(always)]
pub(crate) fn number_as_smi(value: f64) -> Option<Tagged> {
    let as_int = value as i32;
    if as_int as f64 == value && (as_int != 0 || value.is_sign_positive()) {
        Tagged::try_smi(as_int as i64)
    } else {
        None
    }
}

/// Whether `value` is a string (instance types below 0x80).
#[inline(always)]
pub(crate) fn is_string(value: Tagged) -> bool {
    !value.is_smi() && HeapObject::from_tagged(value).map().instance_type_raw() < 0x80
}

/// Whether `value` is an object (a JS receiver: instance types from 0x400 on).
#[inline(always)]
pub(crate) fn is_js_receiver(value: Tagged) -> bool {
    !value.is_smi() && HeapObject::from_tagged(value).map().instance_type_raw() >= 0x400
}
