//! The bytecode format: the [`Opcode`] set, its operand kinds and their encoding.
//!
//! Invariant: the operand list of every opcode is declared exactly once, in the
//! `opcodes!` table below; the builder, the decoder and the disassembler all read it
//! from there, so an instruction is always encoded and decoded with the same layout.
//!
//! # Machine model
//!
//! Ignition's: one implicit **accumulator** plus a file of **registers** per frame.
//! Most instructions read an operand from the accumulator and leave their result in it.
//!
//! # Registers
//!
//! A register operand is a `u16` index into the frame's flat register file, laid out as
//!
//! | index                         | register     | disassembled as |
//! |-------------------------------|--------------|-----------------|
//! | `0`                           | the receiver | `<this>`        |
//! | `1 ..= param_count`           | parameters   | `a0`, `a1`, ... |
//! | `param_count + 1 ..`          | locals/temps | `r0`, `r1`, ... |
//!
//! The frame has `1 + param_count + register_count` registers. On entry the
//! interpreter fills the receiver and parameter registers from the call (missing
//! arguments are `undefined`) and every local register with `undefined`.
//!
//! # Encoding
//!
//! An instruction is its opcode byte followed by its operands, each little-endian and
//! of a fixed width given by its [`OperandKind`] (there is no `Wide` prefix):
//!
//! | kind       | width | meaning                                                        |
//! |------------|-------|----------------------------------------------------------------|
//! | `Reg`      | u16   | register index (see above)                                     |
//! | `Count`    | u16   | number of consecutive registers starting at the preceding `Reg` |
//! | `Imm`      | i32   | signed immediate (`LdaSmi`)                                    |
//! | `Const`    | u32   | index into the function's constant pool                        |
//! | `Slot`     | u32   | feedback vector slot index                                     |
//! | `Index`    | u32   | context slot index, or another unsigned index                  |
//! | `Depth`    | u16   | how many contexts to walk outwards (0 = current context)       |
//! | `Target`   | u32   | **absolute** bytecode offset of a jump target                  |
//! | `Flag`     | u8    | small flag set, documented per opcode                          |
//!
//! Jumps carry absolute targets. Every backward jump is a `JumpLoop` (and only
//! loops jump backwards), so the interpreter can check interrupts and the stack there.
//!
//! # Contexts
//!
//! Variables captured by closures live in heap contexts. Context slot indices are
//! 0-based data slots (the runtime adds its own header offset). A new context's slots
//! hold `undefined`; the compiler stores the hole into lexical slots explicitly.
//! The frame's *current context* starts as the closure's context.
//!
//! # Property keys in `Const` operands
//!
//! Name operands (`GetNamedProperty`, `LdaGlobal`, ...) refer to `Constant::String`.

use std::fmt;

/// The kind, and hence width and meaning, of one operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// A register index (u16).
    Reg,
    /// A register count (u16) for the register list starting at the preceding `Reg`.
    Count,
    /// A signed 32-bit immediate.
    Imm,
    /// A constant pool index (u32).
    Const,
    /// A feedback slot index (u32).
    Slot,
    /// A context slot index or other unsigned index (u32).
    Index,
    /// A context depth (u16).
    Depth,
    /// An absolute jump target (u32).
    Target,
    /// An 8-bit flag set.
    Flag,
}

impl OperandKind {
    /// Width of this operand in bytes.
    pub const fn size(self) -> usize {
        match self {
            OperandKind::Flag => 1,
            OperandKind::Reg | OperandKind::Count | OperandKind::Depth => 2,
            OperandKind::Imm | OperandKind::Const | OperandKind::Slot | OperandKind::Index | OperandKind::Target => 4,
        }
    }
}

/// Flag bit of `DefineKeyedOwnProperty`, `DefineGetter`, `DefineSetter`: the property
/// is not enumerable (class members).
pub const DEFINE_FLAG_DONT_ENUM: u8 = 1;
/// Flag bit of `DefineKeyedOwnProperty`: set the `name` of the function in the
/// accumulator from the key (computed keys of anonymous functions).
pub const DEFINE_FLAG_SET_FUNCTION_NAME: u8 = 2;

macro_rules! opcodes {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($kind:ident),* ) [$throws:literal] ),* $(,)?) => {
        /// One bytecode instruction's operation. The discriminant is the encoded byte.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Opcode {
            /// Every opcode, in encoding order (`ALL[b]` has byte value `b`).
            pub const ALL: &'static [Opcode] = &[ $( Opcode::$name, )* ];

            /// The V8-style mnemonic.
            pub const fn name(self) -> &'static str {
                match self { $( Opcode::$name => stringify!($name), )* }
            }

            /// The operand kinds, in encoding order.
            pub const fn operands(self) -> &'static [OperandKind] {
                match self { $( Opcode::$name => &[ $( OperandKind::$kind, )* ], )* }
            }

            /// Whether the instruction can throw (and so gets a source position).
            pub const fn can_throw(self) -> bool {
                match self { $( Opcode::$name => $throws, )* }
            }
        }
    };
}

opcodes! {
    // ----- Accumulator loads -----
    /// acc = 0.
    LdaZero() [false],
    /// acc = the immediate (a Smi).
    LdaSmi(Imm) [false],
    /// acc = undefined.
    LdaUndefined() [false],
    /// acc = null.
    LdaNull() [false],
    /// acc = the hole (the TDZ marker of uninitialized lexical bindings).
    LdaTheHole() [false],
    /// acc = true.
    LdaTrue() [false],
    /// acc = false.
    LdaFalse() [false],
    /// acc = constant pool entry (a number or string).
    LdaConstant(Const) [false],
    /// acc = register.
    Ldar(Reg) [false],
    /// register = acc.
    Star(Reg) [false],
    /// dst (second) = src (first).
    Mov(Reg, Reg) [false],

    // ----- Globals and contexts -----
    /// acc = global `name` (script context table, then global object); ReferenceError if absent.
    LdaGlobal(Const, Slot) [true],
    /// Like `LdaGlobal` but yields undefined for an absent name (`typeof x`).
    LdaGlobalInsideTypeof(Const, Slot) [true],
    /// global `name` = acc (strict functions throw ReferenceError for an absent name).
    StaGlobal(Const, Slot) [true],
    /// Declare the script's top-level `var`s and functions on the global object
    /// (constant: `Constant::GlobalDeclarations`).
    DeclareGlobals(Const) [true],
    /// acc = slot `index` of the context `depth` levels out from the current one.
    LdaContextSlot(Depth, Index) [false],
    /// slot `index` of the context `depth` levels out = acc.
    StaContextSlot(Depth, Index) [false],
    /// reg = current context; current context = acc.
    PushContext(Reg) [false],
    /// current context = reg.
    PopContext(Reg) [false],
    /// reg = current context (saved at `try` entry for the handler table).
    SaveContext(Reg) [false],
    /// acc = new function context (parent = current) described by a `Constant::ScopeInfo`.
    CreateFunctionContext(Const) [false],
    /// acc = new block context (parent = current) described by a `Constant::ScopeInfo`.
    CreateBlockContext(Const) [false],
    /// acc = new script context for the top-level lexical bindings (registered in the
    /// realm's script context table); constant is a `Constant::ScopeInfo`.
    CreateScriptContext(Const) [true],
    /// acc = the running closure.
    LdaCurrentFunction() [false],
    /// acc = new.target of the frame (undefined for a plain call).
    LdaNewTarget() [false],

    // ----- Closures and arguments -----
    /// acc = new closure of `Constant::Function` in the current context. Flag: unused (0).
    CreateClosure(Const, Slot, Flag) [false],
    /// acc = an unmapped `arguments` object for the frame's actual arguments (strict code,
    /// non-simple parameter lists: `callee` is an accessor that throws).
    CreateArguments() [false],
    /// acc = a mapped `arguments` object (sloppy code with simple parameters) whose indices
    /// alias the parameters in the current context as the `Constant::ParameterMap` says.
    CreateMappedArguments(Const) [false],
    /// acc = array of the actual arguments from index `Index` on (rest parameter).
    CreateRestParameter(Index) [false],

    // ----- Binary operators: acc = reg OP acc -----
    /// acc = reg + acc.
    Add(Reg, Slot) [true],
    /// acc = reg - acc.
    Sub(Reg, Slot) [true],
    /// acc = reg * acc.
    Mul(Reg, Slot) [true],
    /// acc = reg / acc.
    Div(Reg, Slot) [true],
    /// acc = reg % acc.
    Mod(Reg, Slot) [true],
    /// acc = reg ** acc.
    Exp(Reg, Slot) [true],
    /// acc = reg | acc.
    BitwiseOr(Reg, Slot) [true],
    /// acc = reg ^ acc.
    BitwiseXor(Reg, Slot) [true],
    /// acc = reg & acc.
    BitwiseAnd(Reg, Slot) [true],
    /// acc = reg << acc.
    ShiftLeft(Reg, Slot) [true],
    /// acc = reg >> acc.
    ShiftRight(Reg, Slot) [true],
    /// acc = reg >>> acc.
    ShiftRightLogical(Reg, Slot) [true],

    // ----- Unary operators on acc -----
    /// acc = acc + 1 (acc already numeric).
    Inc(Slot) [true],
    /// acc = acc - 1 (acc already numeric).
    Dec(Slot) [true],
    /// acc = -acc.
    Negate(Slot) [true],
    /// acc = ~acc.
    BitwiseNot(Slot) [true],
    /// acc = ToNumeric(acc).
    ToNumeric(Slot) [true],
    /// acc = ToNumber(acc) (unary `+`).
    ToNumber(Slot) [true],
    /// acc = !acc for a boolean acc.
    LogicalNot() [false],
    /// acc = !ToBoolean(acc).
    ToBooleanLogicalNot() [false],
    /// acc = typeof acc.
    TypeOf() [false],
    /// acc = ToPropertyKey(acc) (computed keys).
    ToName() [true],
    /// acc = ToString(acc) (template literal parts).
    ToString() [true],
    /// acc = delete reg[acc], strict mode (TypeError if not deletable).
    DeletePropertyStrict(Reg) [true],
    /// acc = delete reg[acc], sloppy mode.
    DeletePropertySloppy(Reg) [true],
    /// acc = delete of an unqualified global `name` (sloppy `delete x`).
    DeleteGlobal(Const) [true],

    // ----- Comparisons: acc = reg OP acc (a boolean) -----
    /// acc = reg == acc.
    TestEqual(Reg, Slot) [true],
    /// acc = reg === acc.
    TestEqualStrict(Reg, Slot) [false],
    /// acc = reg < acc.
    TestLessThan(Reg, Slot) [true],
    /// acc = reg > acc.
    TestGreaterThan(Reg, Slot) [true],
    /// acc = reg <= acc.
    TestLessThanOrEqual(Reg, Slot) [true],
    /// acc = reg >= acc.
    TestGreaterThanOrEqual(Reg, Slot) [true],
    /// acc = reg instanceof acc.
    TestInstanceOf(Reg, Slot) [true],
    /// acc = reg in acc.
    TestIn(Reg, Slot) [true],

    // ----- Property access -----
    /// acc = reg.name.
    GetNamedProperty(Reg, Const, Slot) [true],
    /// acc = reg[acc].
    GetKeyedProperty(Reg, Slot) [true],
    /// reg.name = acc (acc keeps the value).
    SetNamedProperty(Reg, Const, Slot) [true],
    /// obj[key] = acc (acc keeps the value).
    SetKeyedProperty(Reg, Reg, Slot) [true],
    /// Define own data property `name` = acc on reg (object literals), enumerable.
    DefineNamedOwnProperty(Reg, Const, Slot) [true],
    /// Define own data property obj[key] = acc; flags `DEFINE_FLAG_*`.
    DefineKeyedOwnProperty(Reg, Reg, Flag, Slot) [true],
    /// Define (or extend) accessor obj[key] with getter acc; flags `DEFINE_FLAG_*`.
    DefineGetter(Reg, Reg, Flag) [true],
    /// Define (or extend) accessor obj[key] with setter acc; flags `DEFINE_FLAG_*`.
    DefineSetter(Reg, Reg, Flag) [true],
    /// acc = super.name: lookup on acc.[[Prototype]] (acc = home object), receiver reg.
    GetNamedPropertyFromSuper(Reg, Const, Slot) [true],
    /// acc = super[acc]: lookup on home.[[Prototype]] (second reg = home object), receiver first reg.
    GetKeyedPropertyFromSuper(Reg, Reg, Slot) [true],
    /// super[key] = acc: receiver, home object, key registers.
    SetKeyedPropertyToSuper(Reg, Reg, Reg) [true],
    /// acc = acc.[[GetPrototypeOf]]() where acc is the active function (for `super(...)`).
    GetSuperConstructor() [true],

    // ----- Calls -----
    /// acc = callable(args...) with receiver = first register of the list.
    CallProperty(Reg, Reg, Count, Slot) [true],
    /// acc = callable(args...) with receiver undefined; the list holds arguments only.
    CallUndefinedReceiver(Reg, Reg, Count, Slot) [true],
    /// acc = %Name(args...): a runtime function (constant: its name) on a register list.
    CallRuntime(Const, Reg, Count) [true],
    /// Like `CallProperty` (receiver first) but the last list register is an iterable spread.
    CallWithSpread(Reg, Reg, Count, Slot) [true],
    /// acc = new callable(args...) with new.target = acc; the list holds arguments only.
    Construct(Reg, Reg, Count, Slot) [true],
    /// Like `Construct` but the last list register is an iterable spread.
    ConstructWithSpread(Reg, Reg, Count, Slot) [true],

    // ----- Literals -----
    /// acc = new empty array (Index = capacity hint).
    CreateArrayLiteral(Index, Slot) [false],
    /// Append acc to the array in reg.
    ArrayPush(Reg) [false],
    /// Append a hole to the array in reg (length + 1).
    ArrayPushHole(Reg) [false],
    /// Append every element of the iterable acc to the array in reg.
    ArrayPushSpread(Reg, Slot) [true],
    /// acc = new empty ordinary object (Index = property count hint).
    CreateObjectLiteral(Index, Slot) [false],
    /// Set reg's prototype to acc if acc is an object or null (`__proto__: v`).
    SetLiteralPrototype(Reg) [false],
    /// Copy acc's own enumerable properties into reg (`...obj`).
    CopyDataProperties(Reg) [true],
    /// Like `CopyDataProperties` but skipping the keys in the register list (object rest).
    CopyDataPropertiesExcluding(Reg, Reg, Count) [true],
    /// acc = new RegExp(pattern constant, flags constant).
    CreateRegExpLiteral(Const, Const, Slot) [true],
    /// acc = the frozen template object for `Constant::TemplateObject` (tagged templates).
    GetTemplateObject(Const, Slot) [false],
    /// Class setup: first reg = constructor closure, second = superclass (the hole when there
    /// is no `extends`). Wires prototypes; acc = the new prototype object.
    DefineClass(Reg, Reg) [true],

    // ----- Iteration -----
    /// acc = reg[Symbol.iterator]() (TypeError if not iterable or not an object).
    GetIterator(Reg, Slot) [true],
    /// acc = next.call(iter) (first reg = iterator, second = next); TypeError if not an object.
    IteratorNext(Reg, Reg, Slot) [true],
    /// Call iterator reg's `return` if present. Flag 1: swallow errors (throw completion).
    IteratorClose(Reg, Flag) [true],
    /// for-in: acc = object; reg = key cache, reg+1 = key count.
    ForInPrepare(Reg) [true],
    /// acc = (index reg) < (length reg).
    ForInContinue(Reg, Reg) [false],
    /// acc = key cache (third reg)[index (second reg)] if still a property of the receiver
    /// (first reg), else undefined.
    ForInNext(Reg, Reg, Reg, Slot) [true],
    /// index reg += 1.
    ForInStep(Reg) [false],

    // ----- Checks -----
    /// Throw ReferenceError "Cannot access 'name' before initialization" if acc is the hole.
    ThrowReferenceErrorIfHole(Const) [true],
    /// Throw ReferenceError (super constructor not called) if acc is the hole.
    ThrowSuperNotCalledIfHole() [true],
    /// Throw ReferenceError (super constructor called twice) if acc is not the hole.
    ThrowSuperAlreadyCalledIfNotHole() [true],
    /// Throw TypeError "Assignment to constant variable.".
    ThrowConstAssignError() [true],
    /// Throw TypeError if acc is null or undefined (destructuring).
    RequireObjectCoercible() [true],

    // ----- Control flow -----
    /// Jump to target.
    Jump(Target) [false],
    /// Backward jump to a loop header (interrupt/stack check point).
    JumpLoop(Target) [false],
    /// Jump if acc is true (acc is a boolean).
    JumpIfTrue(Target) [false],
    /// Jump if acc is false (acc is a boolean).
    JumpIfFalse(Target) [false],
    /// Jump if ToBoolean(acc).
    JumpIfToBooleanTrue(Target) [false],
    /// Jump if !ToBoolean(acc).
    JumpIfToBooleanFalse(Target) [false],
    /// Jump if acc is undefined.
    JumpIfUndefined(Target) [false],
    /// Jump if acc is not undefined.
    JumpIfNotUndefined(Target) [false],
    /// Jump if acc is undefined or null.
    JumpIfUndefinedOrNull(Target) [false],
    /// Jump if acc is neither undefined nor null.
    JumpIfNotUndefinedOrNull(Target) [false],
    /// Throw acc.
    Throw() [true],
    /// Rethrow acc (keeps the original stack trace).
    ReThrow() [true],
    /// Return acc.
    Return() [false],
    /// `debugger` statement.
    Debugger() [false],
}

impl Opcode {
    /// Decode an opcode byte.
    pub fn from_byte(byte: u8) -> Option<Opcode> {
        Opcode::ALL.get(byte as usize).copied()
    }

    /// Encoded size of an instruction with this opcode (opcode byte included).
    pub fn instruction_size(self) -> usize {
        1 + self.operands().iter().map(|k| k.size()).sum::<usize>()
    }

    /// Whether this opcode is a jump (its only `Target` operand is the destination).
    pub fn is_jump(self) -> bool {
        self.operands().contains(&OperandKind::Target)
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A register operand: an index into the frame's flat register file (see module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Register(pub u16);

impl Register {
    /// The receiver (`<this>`) register.
    pub const RECEIVER: Register = Register(0);

    /// The register of parameter `i` (`a<i>`).
    pub fn parameter(i: u32) -> Register {
        Register(1u32.saturating_add(i).min(u32::from(u16::MAX)) as u16)
    }

    /// The register `n` places after this one (saturating; the builder reports
    /// register-file overflow as a compile error).
    pub fn offset(self, n: u32) -> Register {
        Register(u32::from(self.0).saturating_add(n).min(u32::from(u16::MAX)) as u16)
    }

    /// Human-readable name given the function's parameter count: `<this>`, `a0`, `r0`.
    pub fn display_name(self, param_count: u32) -> String {
        let i = u32::from(self.0);
        if i == 0 {
            "<this>".to_string()
        } else if i <= param_count {
            format!("a{}", i - 1)
        } else {
            format!("r{}", i - 1 - param_count)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opcode_bytes_round_trip() {
        for (i, op) in Opcode::ALL.iter().enumerate() {
            assert_eq!(*op as u8 as usize, i);
            assert_eq!(Opcode::from_byte(i as u8), Some(*op));
        }
        assert!(Opcode::ALL.len() < 256);
    }

    #[test]
    fn sizes() {
        assert_eq!(Opcode::Return.instruction_size(), 1);
        assert_eq!(Opcode::LdaSmi.instruction_size(), 5);
        assert_eq!(Opcode::CallProperty.instruction_size(), 1 + 2 + 2 + 2 + 4);
        assert!(Opcode::JumpLoop.is_jump());
    }

    #[test]
    fn register_names() {
        assert_eq!(Register::RECEIVER.display_name(2), "<this>");
        assert_eq!(Register(2).display_name(2), "a1");
        assert_eq!(Register(3).display_name(2), "r0");
    }
}
