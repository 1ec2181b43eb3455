//! `Symbol`: the constructor (callable, `new` throws), the global registry (`Symbol.for`,
//! `Symbol.keyFor`), the well-known symbols as constants, and `Symbol.prototype`
//! (`toString`, `valueOf`, `description`, `[Symbol.toPrimitive]`, `[Symbol.toStringTag]`).
//!
//! The registry is a NameDictionary in root `SymbolRegistry` mapping the internalized key
//! to its symbol; a registered symbol's description is that same internalized key, which
//! is how `keyFor` finds it again.

use tagus_heap::Tagged;
use tagus_heap::objects::HeapObject;

use crate::dictionary::{self, DONT_DELETE, DONT_ENUM, READ_ONLY};
use crate::{Args, JsResult, Root, Vm};

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::SymbolPrototype));
    let ctor = vm.install_constructor("Symbol", 0, symbol_constructor, Root::SymbolPrototype, Root::SymbolConstructor)?;
    vm.install_method(ctor, "for", 1, symbol_for)?;
    vm.install_method(ctor, "keyFor", 1, key_for)?;
    let mut well_known: Vec<(Root, &str)> = crate::realm::well_known_symbols()
        .iter()
        .map(|&(root, description)| (root, description.trim_start_matches("Symbol.")))
        .collect();
    well_known.sort_by_key(|&(_, name)| name);
    for (root, name) in well_known {
        let key = vm.intern(name)?;
        let symbol = vm.root(root);
        vm.define_own_data(vm.slot(ctor), key, symbol, READ_ONLY | DONT_ENUM | DONT_DELETE)?;
    }
    vm.install_method(proto, "toString", 0, to_string)?;
    vm.install_method(proto, "valueOf", 0, value_of)?;
    vm.install_getter(proto, "description", description)?;
    let tag = vm.new_string("Symbol")?;
    let key = vm.root(Root::SymbolToStringTag);
    vm.define_own_data(vm.slot(proto), key, tag, READ_ONLY | DONT_ENUM)?;
    let to_primitive = vm.new_native_function_raw("[Symbol.toPrimitive]", 1, to_primitive, false)?;
    let key = vm.root(Root::SymbolToPrimitive);
    vm.define_own_data(vm.slot(proto), key, to_primitive, READ_ONLY | DONT_ENUM)?;
    vm.truncate_stack(proto);
    Ok(())
}

/// `Symbol(description)`; `new Symbol()` throws.
fn symbol_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    if vm.new_target(args) != vm.undefined() {
        return Err(vm.throw_type_error("Symbol is not a constructor"));
    }
    let description = vm.arg(args, 0);
    let description = if description == vm.undefined() {
        description
    } else {
        vm.to_string(description)?
    };
    vm.new_symbol(description)
}

fn symbol_for(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = vm.to_string(vm.arg(args, 0))?;
    let key = vm.heap.internalize_string(s).map_err(|_| vm.out_of_memory())?;
    let registry = vm.root(Root::SymbolRegistry);
    if let Some(entry) = dictionary::find(registry, key) {
        return Ok(dictionary::value_at(registry, entry));
    }
    let key_slot = vm.push(key);
    let symbol = vm.new_symbol(key)?;
    let symbol_slot = vm.push(symbol);
    let dict_slot = vm.push(vm.root(Root::SymbolRegistry));
    dictionary::add(vm, dict_slot, key_slot, symbol_slot, 0, false)?;
    vm.set_root(Root::SymbolRegistry, vm.slot(dict_slot));
    Ok(vm.slot(symbol_slot))
}

fn key_for(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let symbol = vm.arg(args, 0);
    if !vm.is_symbol(symbol) {
        let shown = vm.to_display_string(symbol)?;
        return Err(vm.throw_type_error(&format!("{shown} is not a symbol")));
    }
    let description = vm.symbol_description(symbol);
    let registered = vm.is_string(description) && HeapObject::from_tagged(description).map().instance_type().is_internalized_string();
    if registered {
        let registry = vm.root(Root::SymbolRegistry);
        if let Some(entry) = dictionary::find(registry, description)
            && dictionary::value_at(registry, entry) == symbol
        {
            return Ok(description);
        }
    }
    Ok(vm.undefined())
}

/// thisSymbolValue: the symbol, or the one inside a Symbol wrapper.
fn this_symbol_value(vm: &mut Vm, args: Args, method: &str) -> JsResult<Tagged> {
    match super::this_primitive(vm, args, Vm::is_symbol) {
        Some(s) => Ok(s),
        None => Err(vm.throw_type_error(&format!("{method} requires that 'this' be a Symbol"))),
    }
}

fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_symbol_value(vm, args, "Symbol.prototype.toString")?;
    let description = vm.symbol_description(s);
    let mut units: Vec<u16> = "Symbol(".encode_utf16().collect();
    if description != vm.undefined() {
        units.extend(vm.string_units(description));
    }
    units.push(b')' as u16);
    vm.new_string_utf16(&units)
}

fn value_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_symbol_value(vm, args, "Symbol.prototype.valueOf")
}

fn description(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_symbol_value(vm, args, "Symbol.prototype.description")?;
    Ok(vm.symbol_description(s))
}

fn to_primitive(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_symbol_value(vm, args, "Symbol.prototype [ @@toPrimitive ]")
}
