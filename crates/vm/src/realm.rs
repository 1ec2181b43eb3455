//! The realm: the isolate's strong roots (prototypes, constructors, maps, the global object,
//! interned names, well-known symbols) by fixed index, and their creation at start-up.
//!
//! Invariant: `heap.strong_roots[r as usize]` holds root `r` for every `Root`; the
//! interned-name roots hold internalized strings, so the runtime compares names by
//! identity.

use tagus_heap::objects::InstanceType;
use tagus_heap::objects::js_object;
use tagus_heap::{NewStringType, Tagged};

use crate::{JsResult, Vm, builtins};

macro_rules! roots {
    (objects: [$($obj:ident),* $(,)?], names: [$($name:ident = $text:literal),* $(,)?], symbols: [$($sym:ident = $desc:literal),* $(,)?]) => {
        /// Index of a strong root.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(usize)]
        #[allow(missing_docs)]
        pub enum Root {
            $($obj,)*
            $($name,)*
            $($sym,)*
            Count,
        }

        const NAMES: &[(Root, &str)] = &[$((Root::$name, $text),)*];
        const SYMBOLS: &[(Root, &str)] = &[$((Root::$sym, $desc),)*];
    };
}

roots! {
    objects: [
        Exception, GlobalObject, ScriptContextTable, ScriptContexts,
        ObjectPrototype, FunctionPrototype, ArrayPrototype, StringPrototype, NumberPrototype,
        BooleanPrototype, SymbolPrototype, ErrorPrototype, IteratorPrototype, ArrayIteratorPrototype,
        StringIteratorPrototype,
        ObjectConstructor, FunctionConstructor, ArrayConstructor, StringConstructor, NumberConstructor,
        BooleanConstructor, SymbolConstructor, ErrorConstructor, TypeErrorConstructor, RangeErrorConstructor,
        ReferenceErrorConstructor, SyntaxErrorConstructor, EvalErrorConstructor, UriErrorConstructor,
        ObjectMap, NullPrototypeObjectMap, ArrayMap, FunctionMap, BoundFunctionMap, StrictArgumentsMap,
        SloppyArgumentsMap, FastAliasedArgumentsMap, ThrowTypeErrorAccessor, IteratorResultMap,
        StringWrapperMap, NumberWrapperMap, BooleanWrapperMap, SymbolWrapperMap, ArrayIteratorMap, StringIteratorMap,
        ArrayValuesFunction, FunctionHasInstance, SymbolRegistry, ObjectLiteralMaps,
        WeakMapPrototype, WeakSetPrototype, WeakRefPrototype, FinalizationRegistryPrototype,
        WeakMapConstructor, WeakSetConstructor, WeakRefConstructor, FinalizationRegistryConstructor,
        WeakMapMap, WeakSetMap, WeakRefMap, FinalizationRegistryMap,
        ElementsTransitionSymbol, StringCharCodeAt, ArrayPush,
    ],
    names: [
        NameLength = "length", NameName = "name", NamePrototype = "prototype", NameConstructor = "constructor",
        NameMessage = "message", NameStack = "stack", NameToString = "toString", NameValueOf = "valueOf",
        NameNext = "next", NameDone = "done", NameValue = "value", NameProto = "__proto__", NameGet = "get",
        NameSet = "set", NameWritable = "writable", NameEnumerable = "enumerable", NameConfigurable = "configurable",
        NameCause = "cause", NameReturn = "return", NameRaw = "raw", NameToJSON = "toJSON", NameCallee = "callee",
        NameUndefined = "undefined", NameNull = "null", NameTrue = "true", NameFalse = "false",
        NameObject = "object", NameFunction = "function", NameNumber = "number", NameString = "string",
        NameBoolean = "boolean", NameSymbol = "symbol", NameBigint = "bigint", NameNaN = "NaN",
        NameInfinity = "Infinity", NameMinusInfinity = "-Infinity", NameAnonymous = "anonymous",
        NameDefault = "default", NameGlobalThis = "globalThis", NameIndex = "index", NameInput = "input",
        NameErrors = "errors",
        NameAdd = "add",
    ],
    symbols: [
        SymbolIterator = "Symbol.iterator", SymbolToPrimitive = "Symbol.toPrimitive",
        SymbolHasInstance = "Symbol.hasInstance", SymbolToStringTag = "Symbol.toStringTag",
        SymbolAsyncIterator = "Symbol.asyncIterator", SymbolSpecies = "Symbol.species",
        SymbolIsConcatSpreadable = "Symbol.isConcatSpreadable", SymbolUnscopables = "Symbol.unscopables",
        SymbolMatch = "Symbol.match", SymbolReplace = "Symbol.replace", SymbolSearch = "Symbol.search",
        SymbolSplit = "Symbol.split",
    ]
}

/// Every well-known symbol root with its description (for `Symbol.iterator` etc.).
pub fn well_known_symbols() -> &'static [(Root, &'static str)] {
    SYMBOLS
}

/// Creates the realm: roots, maps, the global object and every builtin.
pub fn initialize(vm: &mut Vm) -> JsResult<()> {
    let undefined = vm.undefined();
    vm.heap.strong_roots = vec![undefined; Root::Count as usize];
    for &(root, text) in NAMES {
        let s = vm
            .heap
            .string_from_utf8(text.as_bytes(), NewStringType::Internalized)
            .map_err(|_| vm.out_of_memory())?;
        vm.set_root(root, s);
    }
    for &(root, description) in SYMBOLS {
        let d = vm.new_string(description)?;
        let s = vm.new_symbol(d)?;
        vm.set_root(root, s);
    }

    // The private key of elements-kind transitions in the transition tree (V8's
    // `elements_transition_symbol`).
    let d = vm.new_string("elements_transition_symbol")?;
    let s = vm.new_symbol(d)?;
    vm.set_root(Root::ElementsTransitionSymbol, s);

    let literal_maps = vm.new_object_literal_map_cache()?;
    vm.set_root(Root::ObjectLiteralMaps, literal_maps);

    // Object.prototype first (null prototype), then the maps everything else needs.
    // `Object.create(null)` objects are in dictionary mode from the start, as in V8.
    let null = vm.null();
    let null_map = vm.new_map(InstanceType::JsObject, js_object::JS_OBJECT_SIZE, null)?;
    crate::shape::set_dictionary_map_bit(null_map);
    vm.set_root(Root::NullPrototypeObjectMap, null_map);
    let prototype_map = vm.new_js_map(
        InstanceType::JsObject,
        js_object::JS_OBJECT_SIZE,
        crate::shape::EMPTY_LITERAL_IN_OBJECT,
        null,
    )?;
    let ms = vm.push(prototype_map);
    let object_prototype = vm.allocate_js_object_with_map(ms)?;
    vm.truncate_stack(ms);
    vm.set_root(Root::ObjectPrototype, object_prototype);
    let object_prototype = vm.root(Root::ObjectPrototype);
    let map = vm.new_js_map(
        InstanceType::JsObject,
        js_object::JS_OBJECT_SIZE,
        crate::shape::EMPTY_LITERAL_IN_OBJECT,
        object_prototype,
    )?;
    vm.set_root(Root::ObjectMap, map);
    vm.set_root(Root::IteratorResultMap, map);

    // Function.prototype is itself a function (returning undefined).
    let function_map = {
        let p = vm.root(Root::ObjectPrototype);
        vm.new_map(InstanceType::JsFunction, js_object::function::SIZE, p)?
    };
    vm.set_root(Root::FunctionMap, function_map);
    let function_prototype = vm.new_native_function_raw("", 0, builtins::function::function_prototype_call, false)?;
    vm.set_root(Root::FunctionPrototype, function_prototype);
    let function_map = {
        let p = vm.root(Root::FunctionPrototype);
        vm.new_map(InstanceType::JsFunction, js_object::function::SIZE, p)?
    };
    vm.set_root(Root::FunctionMap, function_map);
    let bound_map = {
        let p = vm.root(Root::FunctionPrototype);
        vm.new_map(InstanceType::JsBoundFunction, js_object::bound_function::SIZE, p)?
    };
    vm.set_root(Root::BoundFunctionMap, bound_map);

    // Prototype objects of the other builtins, and maps for their instances.
    for (proto_root, map_root, instance_type, size) in [
        (
            Root::ArrayPrototype,
            Some(Root::ArrayMap),
            InstanceType::JsArray,
            js_object::array::SIZE,
        ),
        (
            Root::StringPrototype,
            Some(Root::StringWrapperMap),
            InstanceType::JsPrimitiveWrapper,
            js_object::primitive_wrapper::SIZE,
        ),
        (
            Root::NumberPrototype,
            Some(Root::NumberWrapperMap),
            InstanceType::JsPrimitiveWrapper,
            js_object::primitive_wrapper::SIZE,
        ),
        (
            Root::BooleanPrototype,
            Some(Root::BooleanWrapperMap),
            InstanceType::JsPrimitiveWrapper,
            js_object::primitive_wrapper::SIZE,
        ),
        (
            Root::SymbolPrototype,
            Some(Root::SymbolWrapperMap),
            InstanceType::JsPrimitiveWrapper,
            js_object::primitive_wrapper::SIZE,
        ),
        (Root::ErrorPrototype, None, InstanceType::JsObject, 0),
        (Root::IteratorPrototype, None, InstanceType::JsObject, 0),
    ] {
        // String.prototype, Number.prototype and Boolean.prototype are wrappers of "", 0
        // and false (so `String.prototype.length` is 0); the others are ordinary objects.
        let wrapped = match proto_root {
            Root::StringPrototype => Some(vm.empty_string()),
            Root::NumberPrototype => Some(Tagged::smi(0)),
            Root::BooleanPrototype => Some(vm.false_value()),
            _ => None,
        };
        let proto = match wrapped {
            Some(value) => {
                let p = vm.root(Root::ObjectPrototype);
                let map = vm.new_map(InstanceType::JsPrimitiveWrapper, js_object::primitive_wrapper::SIZE, p)?;
                let ms = vm.push(map);
                let o = vm.allocate_js_object_with_map(ms)?;
                vm.truncate_stack(ms);
                tagus_heap::objects::HeapObject::from_tagged(o).write_tagged(js_object::primitive_wrapper::VALUE_OFFSET, value);
                o
            }
            None => vm.new_object()?,
        };
        vm.set_root(proto_root, proto);
        if let Some(map_root) = map_root {
            let p = vm.root(proto_root);
            let m = vm.new_map(instance_type, size, p)?;
            if instance_type == InstanceType::JsArray {
                // `[]` and `new Array()` start with Smi elements, as in V8.
                tagus_heap::objects::Map(tagus_heap::objects::HeapObject::from_tagged(m))
                    .set_elements_kind(tagus_heap::objects::map::elements_kind::PACKED_SMI_ELEMENTS);
            }
            vm.set_root(map_root, m);
        }
    }
    // Array.prototype is an array in the spec; ours is an ordinary object with array methods.
    for (proto_root, map_root) in [
        (Root::ArrayIteratorPrototype, Root::ArrayIteratorMap),
        (Root::StringIteratorPrototype, Root::StringIteratorMap),
    ] {
        let parent = vm.root(Root::IteratorPrototype);
        let proto = vm.new_object_with_prototype(parent)?;
        vm.set_root(proto_root, proto);
        let m = vm.new_map(InstanceType::JsArrayIterator, js_object::array_iterator::SIZE, proto)?;
        vm.set_root(map_root, m);
    }

    // The global object.
    let global_map = {
        let p = vm.root(Root::ObjectPrototype);
        vm.new_map(InstanceType::JsGlobalObject, js_object::JS_OBJECT_SIZE, p)?
    };
    crate::shape::set_dictionary_map_bit(global_map);
    let slot = vm.push(global_map);
    let global = vm.allocate_js_object_with_map(slot)?;
    vm.truncate_stack(slot);
    vm.set_root(Root::GlobalObject, global);
    // Its dictionary is the global one from the start: every property gets a PropertyCell.
    let dict = crate::dictionary::allocate_global(vm, 64)?;
    let global = vm.root(Root::GlobalObject);
    tagus_heap::objects::HeapObject::from_tagged(global).write_tagged(js_object::PROPERTIES_OFFSET, dict);
    let table = crate::dictionary::allocate(vm, 8)?;
    vm.set_root(Root::ScriptContextTable, table);
    let contexts = vm
        .heap
        .new_fixed_array(0, tagus_heap::AllocationType::Old)
        .map_err(|_| vm.out_of_memory())?;
    vm.set_root(Root::ScriptContexts, contexts);
    let registry = crate::dictionary::allocate(vm, 4)?;
    vm.set_root(Root::SymbolRegistry, registry);

    builtins::install_all(vm)?;
    crate::arguments::install(vm)?;
    Ok(())
}

impl Vm {
    /// A map for `instance_type` objects of `size` bytes with `prototype` (the map lives in
    /// old space).
    /// The prototype becomes a prototype object (a map of its own).
    pub fn new_map(&mut self, instance_type: InstanceType, size: usize, prototype: Tagged) -> JsResult<Tagged> {
        let slot = self.push(prototype);
        let r = self.make_prototype(slot).and_then(|_| {
            let prototype = self.slot(slot);
            self.heap.new_map(instance_type, size, prototype).map_err(|_| self.out_of_memory())
        });
        self.truncate_stack(slot);
        r
    }
}
