//! The compiler's output: plain data the runtime materializes into heap objects
//! (`BytecodeArray`, `SharedFunctionInfo`, constant pool `FixedArray`, `ScopeInfo`).
//!
//! Invariant: everything here is self-contained — indices (`Constant::Function`,
//! constant pool and register operands, handler offsets) only refer to data inside
//! the same [`CompiledScript`], and every jump target and handler offset is the
//! offset of an instruction in its function's bytecode.

/// A compiled script: all of its functions, the top-level code first.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledScript {
    /// File name given to `compile_script` (for stack traces).
    pub file_name: String,
    /// Every function of the script; index 0 is the top-level script code.
    pub functions: Vec<FunctionCode>,
}

impl CompiledScript {
    /// The top-level script function.
    pub fn top_level(&self) -> &FunctionCode {
        &self.functions[0]
    }
}

/// What kind of function a [`FunctionCode`] is (decides call/construct behaviour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// The top-level code of a script.
    Script,
    /// An ordinary `function` (callable and constructible).
    Normal,
    /// An arrow function (lexical `this`, not constructible).
    Arrow,
    /// A concise method in an object literal or class (not constructible).
    Method,
    /// A getter.
    Getter,
    /// A setter.
    Setter,
    /// The constructor of a base class (throws when called without `new`).
    ClassConstructor,
    /// The constructor of a derived class: `this` is uninitialized until `super()`;
    /// the runtime must reject a returned value that is neither an object nor undefined.
    DerivedConstructor,
    /// Synthetic method holding a class's instance field initializers; called with
    /// the new instance as receiver right after it is created (or after `super()`).
    ClassFieldsInitializer,
    /// Synthetic method holding static fields and static blocks; called once with
    /// the class constructor as receiver at class definition time.
    ClassStaticInitializer,
}

impl FunctionKind {
    /// Whether `new` may be applied to closures of this kind.
    pub fn is_constructor(self) -> bool {
        matches!(
            self,
            FunctionKind::Normal | FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
        )
    }
}

/// One entry of a function's exception handler table.
///
/// Entries are ordered innermost first: the handler for a throw at offset `pc` is the
/// first entry with `start <= pc < end`. On entering the handler the interpreter sets
/// the current context to the value of `context_register` and the accumulator to the
/// exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandlerEntry {
    /// First covered bytecode offset.
    pub start: u32,
    /// End of the covered range (exclusive).
    pub end: u32,
    /// Bytecode offset of the handler.
    pub handler: u32,
    /// Register holding the context to restore (flat register index).
    pub context_register: u16,
}

/// How a variable in a context slot is declared (for the runtime's script context
/// table and for debugging).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariableMode {
    /// `var`, parameter, function declaration or other mutable binding.
    Var,
    /// `let` or `class` binding.
    Let,
    /// `const` binding (or another immutable binding).
    Const,
    /// Compiler-internal binding (`this`, `new.target`, home objects, ...).
    Internal,
}

/// The kind of a scope that owns a context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// Script top level.
    Script,
    /// A function body.
    Function,
    /// A block, loop head, switch, catch or class scope.
    Block,
}

/// Layout of one heap context: what each data slot holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeInfo {
    /// Kind of scope.
    pub kind: ScopeKind,
    /// Slot names and modes, slot `i` at index `i`.
    pub slots: Vec<(String, VariableMode)>,
}

/// One top-level declaration `DeclareGlobals` makes on the global object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalDeclaration {
    /// Property name.
    pub name: String,
    /// `true` for a function declaration (the closure is stored by later bytecode),
    /// `false` for a `var` (initialized to undefined if absent).
    pub is_function: bool,
}

/// An entry of a function's constant pool.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// A number (heap number or Smi, at the runtime's choice).
    Number(f64),
    /// A string (internalized by the runtime).
    String(String),
    /// A string holding lone surrogates, as UTF-16 code units.
    StringUtf16(Vec<u16>),
    /// A function: index into `CompiledScript::functions` (a SharedFunctionInfo).
    Function(u32),
    /// Context layout for `Create*Context`.
    ScopeInfo(ScopeInfo),
    /// Declarations for `DeclareGlobals`.
    GlobalDeclarations(Vec<GlobalDeclaration>),
    /// For `CreateMappedArguments`: per formal parameter, the context slot of the variable
    /// its index aliases, `None` when a later parameter of the same name takes the variable.
    ParameterMap(Vec<Option<u32>>),
    /// Template object description for `GetTemplateObject`: cooked strings
    /// (`None` for invalid escapes) and raw strings.
    TemplateObject {
        /// Cooked strings.
        cooked: Vec<Option<String>>,
        /// Raw strings.
        raw: Vec<String>,
    },
}

/// The compiled code of one function (a future `SharedFunctionInfo` + `BytecodeArray`).
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCode {
    /// Function name as inferred at compile time ("" if anonymous).
    pub name: String,
    /// Kind of function.
    pub kind: FunctionKind,
    /// Number of parameter registers `a0..` (formal parameters before any rest).
    pub param_count: u32,
    /// The `length` property: parameters before the first default or rest.
    pub length: u32,
    /// Number of local registers `r0..` (see `bytecode` for the frame layout).
    pub register_count: u32,
    /// Encoded instructions.
    pub bytecode: Vec<u8>,
    /// Constant pool.
    pub constants: Vec<Constant>,
    /// Exception handler table, innermost first.
    pub handlers: Vec<HandlerEntry>,
    /// (bytecode offset, source byte offset) pairs, sorted by bytecode offset; the
    /// position of an instruction is the last entry at or before its offset.
    pub source_positions: Vec<(u32, u32)>,
    /// Number of feedback vector slots.
    pub feedback_slot_count: u32,
    /// Whether the function is strict mode code.
    pub is_strict: bool,
    /// Slots of the context this function creates on entry (0 if none).
    pub context_slot_count: u32,
    /// Byte range of the function's source text (for `Function.prototype.toString`).
    pub source_range: (u32, u32),
    /// How many distinct `this.name = ...` assignments the function makes (V8's estimate
    /// of the in-object properties its instances need).
    pub expected_nof_properties: u32,
}

impl FunctionCode {
    /// Total frame size: receiver + parameters + locals.
    pub fn frame_size(&self) -> u32 {
        1 + self.param_count + self.register_count
    }

    /// Source byte offset recorded for the instruction at `bytecode_offset`.
    pub fn source_position(&self, bytecode_offset: u32) -> Option<u32> {
        let idx = self.source_positions.partition_point(|(off, _)| *off <= bytecode_offset);
        if idx == 0 { None } else { Some(self.source_positions[idx - 1].1) }
    }

    /// The handler for a throw at `pc`, if any.
    pub fn find_handler(&self, pc: u32) -> Option<&HandlerEntry> {
        self.handlers.iter().find(|h| h.start <= pc && pc < h.end)
    }
}
