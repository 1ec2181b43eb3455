//! Instance types (the first thing a map says about its objects) and visitor ids.
//!
//! String instance types use V8's bit encoding, so tests and tools can read them as V8's:
//!
//! ```text
//!   bits 0-2  representation: 0 sequential, 1 cons, 2 external, 3 sliced, 5 thin
//!   bit  3    encoding: 1 one-byte (Latin-1), 0 two-byte (UTF-16)
//!   bit  5    1 = not internalized
//!   >= 0x80   not a string
//! ```

/// Bit set on string instance types of one-byte strings.
pub const ONE_BYTE_STRING_TAG: u16 = 0x08;
/// Bit set on string instance types of strings that are not internalized.
pub const NOT_INTERNALIZED_TAG: u16 = 0x20;
/// Mask of the representation bits.
pub const STRING_REPRESENTATION_MASK: u16 = 0x07;
/// Instance types below this are strings.
pub const FIRST_NONSTRING_TYPE: u16 = 0x80;

/// What kind of object a map describes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u16)]
pub enum InstanceType {
    /// Internalized sequential two-byte string.
    InternalizedTwoByteString = 0x00,
    /// Internalized sequential one-byte string.
    InternalizedOneByteString = 0x08,
    /// Sequential two-byte string (`SeqTwoByteString`).
    SeqTwoByteString = 0x20,
    /// Sequential one-byte string (`SeqOneByteString`).
    SeqOneByteString = 0x28,
    /// Two-byte cons string (`ConsString`: a lazy concatenation).
    ConsTwoByteString = 0x21,
    /// One-byte cons string.
    ConsOneByteString = 0x29,
    /// Symbol.
    Symbol = 0x80,
    /// Boxed double.
    HeapNumber = 0x81,
    /// undefined, null, true, false, the hole.
    Oddball = 0x82,
    /// A map (hidden class).
    Map = 0x83,
    /// Length-prefixed array of tagged values.
    FixedArray = 0x84,
    /// A free block with its size (dead space kept iterable).
    FreeSpace = 0x85,
    /// A 4-byte filler (too small for a size field).
    Filler = 0x86,
    /// Length-prefixed raw bytes (handler tables, source positions).
    ByteArray = 0x87,
    /// A function's bytecode with its constant pool and tables.
    BytecodeArray = 0x88,
    /// What closures of one function literal share.
    SharedFunctionInfo = 0x89,
    /// A function's heap-allocated variables.
    FunctionContext = 0x8A,
    /// A block's heap-allocated variables.
    BlockContext = 0x8B,
    /// The top-level lexical variables of a script.
    ScriptContext = 0x8C,
    /// Getter and setter of an accessor property.
    AccessorPair = 0x8D,
    /// Hash table of named properties (dictionary mode).
    NameDictionary = 0x8E,
    /// Hash table whose values live only as long as their keys (WeakMap, WeakSet).
    EphemeronHashTable = 0x94,
    /// A map's property descriptors (FixedArray-shaped).
    DescriptorArray = 0x8F,
    /// A map's transitions when it has more than one (FixedArray-shaped).
    TransitionArray = 0x90,
    /// A function's inline-cache state (FixedArray-shaped).
    FeedbackVector = 0x91,
    /// A one-value box (prototype validity cells).
    Cell = 0x92,
    /// What a prototype map records about its object's role as a prototype (see
    /// `objects/prototype_info.rs`).
    PrototypeInfo = 0x98,
    /// Length-prefixed array of unboxed doubles (double elements kinds' store).
    FixedDoubleArray = 0x93,
    /// A mapped `arguments` object's elements: its context, its arguments store and which
    /// indices alias parameters (FixedArray-shaped, see `objects/sloppy_arguments.rs`).
    SloppyArgumentsElements = 0x95,
    /// One property of the global object (`objects/property_cell.rs`).
    PropertyCell = 0x96,
    /// The global object's `NameDictionary`, whose values are `PropertyCell`s.
    GlobalDictionary = 0x97,
    /// Ordinary JavaScript object.
    JsObject = 0x421,
    /// Array.
    JsArray = 0x422,
    /// Function (closure).
    JsFunction = 0x423,
    /// Bound function.
    JsBoundFunction = 0x424,
    /// Error instance.
    JsError = 0x425,
    /// Boolean, Number, String or Symbol wrapper object.
    JsPrimitiveWrapper = 0x426,
    /// `arguments` object.
    JsArgumentsObject = 0x427,
    /// The global object.
    JsGlobalObject = 0x428,
    /// Array or string iterator (iterated object, next index, kind).
    JsArrayIterator = 0x429,
    /// `WeakMap` (its table is an `EphemeronHashTable`).
    JsWeakMap = 0x42A,
    /// `WeakSet` (its table is an `EphemeronHashTable`).
    JsWeakSet = 0x42B,
    /// `WeakRef` (its target is held by a weak pointer).
    JsWeakRef = 0x42C,
    /// `FinalizationRegistry` (cells with weak targets; see `objects/js_weak.rs`).
    JsFinalizationRegistry = 0x42D,
}

/// Instance types from here on are JavaScript objects (receivers).
pub const FIRST_JS_RECEIVER_TYPE: u16 = 0x400;

impl InstanceType {
    /// Decodes a raw instance type.
    pub fn from_raw(raw: u16) -> Option<InstanceType> {
        use InstanceType::*;
        Some(match raw {
            0x00 => InternalizedTwoByteString,
            0x08 => InternalizedOneByteString,
            0x20 => SeqTwoByteString,
            0x28 => SeqOneByteString,
            0x80 => Symbol,
            0x81 => HeapNumber,
            0x82 => Oddball,
            0x83 => Map,
            0x84 => FixedArray,
            0x85 => FreeSpace,
            0x86 => Filler,
            0x21 => ConsTwoByteString,
            0x29 => ConsOneByteString,
            0x87 => ByteArray,
            0x88 => BytecodeArray,
            0x89 => SharedFunctionInfo,
            0x8A => FunctionContext,
            0x8B => BlockContext,
            0x8C => ScriptContext,
            0x8D => AccessorPair,
            0x8E => NameDictionary,
            0x94 => EphemeronHashTable,
            0x8F => DescriptorArray,
            0x90 => TransitionArray,
            0x91 => FeedbackVector,
            0x92 => Cell,
            0x93 => FixedDoubleArray,
            0x95 => SloppyArgumentsElements,
            0x96 => PropertyCell,
            0x97 => GlobalDictionary,
            0x98 => PrototypeInfo,
            0x421 => JsObject,
            0x422 => JsArray,
            0x423 => JsFunction,
            0x424 => JsBoundFunction,
            0x425 => JsError,
            0x426 => JsPrimitiveWrapper,
            0x427 => JsArgumentsObject,
            0x428 => JsGlobalObject,
            0x429 => JsArrayIterator,
            0x42A => JsWeakMap,
            0x42B => JsWeakSet,
            0x42C => JsWeakRef,
            0x42D => JsFinalizationRegistry,
            _ => return None,
        })
    }

    /// Whether objects of this type are strings.
    #[inline]
    pub fn is_string(self) -> bool {
        (self as u16) < FIRST_NONSTRING_TYPE
    }

    /// Whether this is an internalized string type.
    #[inline]
    pub fn is_internalized_string(self) -> bool {
        self.is_string() && (self as u16) & NOT_INTERNALIZED_TAG == 0
    }

    /// Whether this is a cons string type.
    #[inline]
    pub fn is_cons_string(self) -> bool {
        self.is_string() && (self as u16) & STRING_REPRESENTATION_MASK == 1
    }

    /// Whether objects of this type are JavaScript objects.
    #[inline]
    pub fn is_js_receiver(self) -> bool {
        self as u16 >= FIRST_JS_RECEIVER_TYPE
    }

    /// Whether this is a one-byte string type.
    #[inline]
    pub fn is_one_byte_string(self) -> bool {
        self.is_string() && (self as u16) & ONE_BYTE_STRING_TAG != 0
    }
}

/// How the collector walks an object's body; stored in the map (byte 7) for fast dispatch.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum VisitorId {
    /// Sequential one-byte string: no pointers after the map.
    SeqOneByteString = 0,
    /// Sequential two-byte string: no pointers after the map.
    SeqTwoByteString = 1,
    /// Fixed-size object with no pointers after the map (HeapNumber, fillers).
    DataObject = 2,
    /// Fixed-size object whose fields after the map are all tagged (Oddball).
    AllTagged = 3,
    /// Map: tagged fields from `Map::POINTER_FIELDS_START`.
    Map = 4,
    /// FixedArray: `length` tagged elements.
    FixedArray = 5,
    /// FreeSpace: size in its second word, no pointers.
    FreeSpace = 6,
    /// Fixed-size object: raw data up to the map's in-object-properties-start word, tagged
    /// fields from there to the end (Symbol, ConsString).
    DataThenTagged = 7,
    /// ByteArray: a Smi length, then that many raw bytes.
    ByteArray = 8,
    /// BytecodeArray: tagged header fields, then raw bytes.
    BytecodeArray = 9,
    /// FixedDoubleArray: a Smi length, then that many raw 8-byte doubles.
    FixedDoubleArray = 10,
}

impl VisitorId {
    /// Decodes a raw visitor id.
    pub fn from_raw(raw: u8) -> Option<VisitorId> {
        use VisitorId::*;
        Some(match raw {
            0 => SeqOneByteString,
            1 => SeqTwoByteString,
            2 => DataObject,
            3 => AllTagged,
            4 => Map,
            5 => FixedArray,
            6 => FreeSpace,
            7 => DataThenTagged,
            8 => ByteArray,
            9 => BytecodeArray,
            10 => FixedDoubleArray,
            _ => return None,
        })
    }
}
