//! The binary operators' slow paths (the interpreter inlines the Smi cases): `+` with
//! string concatenation, the numeric and bitwise operators, relational comparison,
//! `instanceof`, and the iteration protocol helpers the bytecode uses.
//!
//! Invariant: every function roots its operands before running user code or allocating.

use tagus_compiler::Opcode;
use tagus_heap::Tagged;
use tagus_heap::objects::InstanceType;
use tagus_heap::objects::js_object::bound_function;

use crate::conversions::{Hint, TWO_TO_63, double_to_int32};
use crate::{JsResult, Root, Throw, Vm};

/// A binary arithmetic or bitwise operator applied to two Numbers.
#[inline(always)]
pub(crate) fn number_binary_op(op: Opcode, x: f64, y: f64) -> f64 {
    match op {
        Opcode::Add => x + y,
        Opcode::Sub => x - y,
        Opcode::Mul => x * y,
        Opcode::Div => x / y,
        Opcode::Mod => {
            if y.is_infinite() && x.is_finite() {
                x
            } else if x.abs() < TWO_TO_63 && y.abs() < TWO_TO_63 && x as i64 as f64 == x && y as i64 as f64 == y && y != 0.0 {
                // Integers below 2^63: the remainder is exact in i64 (no libm fmod); it
                // takes the dividend's sign, so a negative dividend gives -0.
                let r = (x as i64).wrapping_rem(y as i64) as f64;
                if r == 0.0 && x.is_sign_negative() { -0.0 } else { r }
            } else {
                x % y
            }
        }
        Opcode::Exp => exponentiate(x, y),
        Opcode::BitwiseOr => (double_to_int32(x) | double_to_int32(y)) as f64,
        Opcode::BitwiseXor => (double_to_int32(x) ^ double_to_int32(y)) as f64,
        Opcode::BitwiseAnd => (double_to_int32(x) & double_to_int32(y)) as f64,
        Opcode::ShiftLeft => double_to_int32(x).wrapping_shl(double_to_int32(y) as u32 & 31) as f64,
        Opcode::ShiftRight => (double_to_int32(x) >> (double_to_int32(y) as u32 & 31)) as f64,
        Opcode::ShiftRightLogical => ((double_to_int32(x) as u32) >> (double_to_int32(y) as u32 & 31)) as f64,
        _ => f64::NAN,
    }
}

impl Vm {
    /// `a + b`.
    pub fn op_add(&mut self, a: Tagged, b: Tagged) -> JsResult<Tagged> {
        if let (Some(x), Some(y)) = (self.number_value(a), self.number_value(b)) {
            return self.new_number(x + y);
        }
        if self.is_string(a) && self.is_string(b) {
            return self.concat(a, b);
        }
        let base = self.push(b);
        let pa = self.to_primitive(a, Hint::Default)?;
        let sa = self.push(pa);
        let pb = self.to_primitive(self.slot(base), Hint::Default)?;
        let sb = self.push(pb);
        let r = if self.is_string(self.slot(sa)) || self.is_string(self.slot(sb)) {
            let x = self.to_string(self.slot(sa))?;
            self.set_slot(sa, x);
            let y = self.to_string(self.slot(sb))?;
            self.concat(self.slot(sa), y)
        } else {
            let x = self.to_number(self.slot(sa))?;
            let y = self.to_number(self.slot(sb))?;
            self.new_number(x + y)
        };
        self.truncate_stack(base);
        r
    }

    /// The numeric binary operators other than `+`.
    pub fn op_arith(&mut self, op: Opcode, a: Tagged, b: Tagged) -> JsResult<Tagged> {
        if a.is_smi() && b.is_smi() {
            let (x, y) = (a.smi_value(), b.smi_value());
            let small = match op {
                Opcode::BitwiseOr => Some((x | y) as i64),
                Opcode::BitwiseAnd => Some((x & y) as i64),
                Opcode::BitwiseXor => Some((x ^ y) as i64),
                Opcode::ShiftLeft => Some(x.wrapping_shl(y as u32 & 31) as i64),
                Opcode::ShiftRight => Some((x >> (y as u32 & 31)) as i64),
                Opcode::ShiftRightLogical => Some(((x as u32) >> (y as u32 & 31)) as i64),
                // A zero product with a negative factor is -0, which is not a Smi.
                Opcode::Mul if !((x < 0 || y < 0) && (x == 0 || y == 0)) => Some(x as i64 * y as i64),
                Opcode::Mod if x >= 0 && y > 0 => Some((x % y) as i64),
                _ => None,
            };
            if let Some(r) = small.and_then(Tagged::try_smi) {
                return Ok(r);
            }
        }
        let (x, y) = match (self.number_value(a), self.number_value(b)) {
            (Some(x), Some(y)) => (x, y),
            _ => {
                let base = self.push(b);
                let x = self.to_number(a)?;
                let y = self.to_number(self.slot(base))?;
                self.truncate_stack(base);
                (x, y)
            }
        };
        self.new_number(number_binary_op(op, x, y))
    }

    /// `<`, `>`, `<=`, `>=`.
    pub fn op_compare(&mut self, op: Opcode, a: Tagged, b: Tagged) -> JsResult<bool> {
        let compare = |x: f64, y: f64| match op {
            Opcode::TestLessThan => x < y,
            Opcode::TestGreaterThan => x > y,
            Opcode::TestLessThanOrEqual => x <= y,
            _ => x >= y,
        };
        // Two numbers (the common case): no conversions, nothing to root.
        if let (Some(x), Some(y)) = (self.number_value(a), self.number_value(b)) {
            return Ok(compare(x, y));
        }
        let base = self.push(b);
        let pa = self.to_primitive(a, Hint::Number)?;
        let sa = self.push(pa);
        let pb = self.to_primitive(self.slot(base), Hint::Number)?;
        let pa = self.slot(sa);
        self.truncate_stack(base);
        if self.is_string(pa) && self.is_string(pb) {
            let ord = self.string_compare(pa, pb)?;
            return Ok(match op {
                Opcode::TestLessThan => ord.is_lt(),
                Opcode::TestGreaterThan => ord.is_gt(),
                Opcode::TestLessThanOrEqual => ord.is_le(),
                _ => ord.is_ge(),
            });
        }
        let base = self.push(pb);
        let x = self.to_number(pa)?;
        let y = self.to_number(self.slot(base))?;
        self.truncate_stack(base);
        Ok(compare(x, y))
    }

    /// `v instanceof target`.
    pub fn instance_of(&mut self, v: Tagged, target: Tagged) -> JsResult<bool> {
        if !self.is_object(target) {
            let shown = self.to_display_string(target)?;
            return Err(self.throw_type_error(&format!("Right-hand side of 'instanceof' is not an object ({shown})")));
        }
        let base = self.push(v);
        self.push(target);
        let handler = self.get_named(target, Root::SymbolHasInstance)?;
        let (v, target) = (self.slot(base), self.slot(base + 1));
        let r = if !self.is_nullish(handler) && handler != self.root(Root::FunctionHasInstance) {
            let r = self.call(handler, target, &[v])?;
            Ok(self.to_boolean(r))
        } else if !self.is_callable(target) {
            Err(self.throw_type_error("Right-hand side of 'instanceof' is not callable"))
        } else {
            self.ordinary_has_instance(target, v)
        };
        self.truncate_stack(base);
        r
    }

    /// OrdinaryHasInstance.
    pub fn ordinary_has_instance(&mut self, c: Tagged, v: Tagged) -> JsResult<bool> {
        if !self.is_callable(c) {
            return Ok(false);
        }
        if self.instance_type(c) == Some(InstanceType::JsBoundFunction) {
            let target = tagus_heap::objects::HeapObject::from_tagged(c).read_tagged(bound_function::TARGET_OFFSET);
            return self.instance_of(v, target);
        }
        if !self.is_object(v) {
            return Ok(false);
        }
        let base = self.push(v);
        let proto = self.get_named(c, Root::NamePrototype)?;
        let v = self.slot(base);
        self.truncate_stack(base);
        if !self.is_object(proto) {
            return Err(self.throw_type_error("Function has non-object prototype 'undefined' in instanceof check"));
        }
        let mut p = self.get_prototype_of(v);
        while p != self.null() {
            if p == proto {
                return Ok(true);
            }
            p = self.get_prototype_of(p);
        }
        Ok(false)
    }

    // ---- iteration ------------------------------------------------------------------------

    /// GetIterator(v, sync).
    pub fn get_iterator(&mut self, v: Tagged) -> JsResult<Tagged> {
        if self.is_nullish(v) {
            let shown = self.iterable_description(v)?;
            return Err(self.throw_type_error(&format!("{shown} is not iterable")));
        }
        let base = self.push(v);
        let method = self.get_named(v, Root::SymbolIterator);
        let method = match method {
            Ok(m) => m,
            Err(t) => {
                self.truncate_stack(base);
                return Err(t);
            }
        };
        let v = self.slot(base);
        self.truncate_stack(base);
        if !self.is_callable(method) {
            let shown = self.iterable_description(v)?;
            return Err(self.throw_type_error(&format!("{shown} is not iterable")));
        }
        let it = self.call(method, v, &[])?;
        if !self.is_object(it) {
            return Err(self.throw_type_error("Result of the Symbol.iterator method is not an object"));
        }
        Ok(it)
    }

    fn iterable_description(&mut self, v: Tagged) -> JsResult<String> {
        if self.is_object(v) {
            // V8 names the source expression; a literal `{}`/`[]` or an identifier chain.
            if let Some(location) = self.current_location()
                && let Some(record) = self.scripts.get(location.script)
            {
                let text = &record.source[(location.offset as usize).min(record.source.len())..];
                let text = text.trim_start_matches("...");
                if text.starts_with("{}") {
                    return Ok("{}".to_string());
                }
                let name: String = text
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))
                    .collect();
                if !name.is_empty() {
                    return Ok(name);
                }
            }
            return Ok("object".to_string());
        }
        let s = self.to_display_string(v)?;
        Ok(if self.is_string(v) { format!("\"{s}\"") } else { s })
    }

    /// Calls the iterator's `return` method, if any.
    pub fn iterator_close(&mut self, iterator: Tagged) -> JsResult<()> {
        let base = self.push(iterator);
        let method = self.get_named(iterator, Root::NameReturn)?;
        let iterator = self.slot(base);
        self.truncate_stack(base);
        if self.is_nullish(method) {
            return Ok(());
        }
        let r = self.call(method, iterator, &[])?;
        if !self.is_object(r) {
            let shown = self.to_display_string(r)?;
            return Err(self.throw_type_error(&format!("Iterator result {shown} is not an object")));
        }
        Ok(())
    }

    /// IteratorClose with a throw completion: the iterator in `iterator_slot` gets its
    /// `return` called, whatever that does, and the original exception `t` stays pending.
    pub fn iterator_close_on_throw(&mut self, iterator_slot: usize, t: Throw) -> Throw {
        if !self.exception_is_catchable() {
            return t;
        }
        let saved = self.push(self.exception());
        let location = self.throw_location;
        let _ = self.iterator_close(self.slot(iterator_slot));
        if !self.exception_is_catchable() {
            return Throw;
        }
        self.set_root(Root::Exception, self.slot(saved));
        self.throw_location = location;
        t
    }

    /// Pushes every value `iterable` produces onto the JS stack (spread). Arrays with the
    /// original iterator are read directly.
    pub fn push_iterable(&mut self, iterable: Tagged) -> JsResult<()> {
        if self.is_array(iterable) && self.has_original_array_iterator(iterable) {
            let a = self.push(iterable);
            let len = self.array_length(iterable);
            let mut i = 0;
            while i < self.array_length(self.slot(a)).min(len.max(self.array_length(self.slot(a)))) {
                let key = self.index_key(i)?;
                let v = self.get_property(self.slot(a), key)?;
                self.push(v);
                i += 1;
            }
            // Keep the values; drop the array slot below them.
            self.heap.js_stack.remove(a);
            return Ok(());
        }
        let it = self.get_iterator(iterable)?;
        let is = self.push(it);
        let next = self.get_named(it, Root::NameNext)?;
        let ns = self.push(next);
        let mut values: Vec<usize> = Vec::new();
        loop {
            let r = self.call(self.slot(ns), self.slot(is), &[])?;
            if !self.is_object(r) {
                let shown = self.to_display_string(r)?;
                return Err(self.throw_type_error(&format!("Iterator result {shown} is not an object")));
            }
            let rs = self.push(r);
            let done = self.get_named(r, Root::NameDone)?;
            if self.to_boolean(done) {
                self.truncate_stack(rs);
                break;
            }
            let v = self.get_named(self.slot(rs), Root::NameValue)?;
            self.set_slot(rs, v);
            values.push(rs);
        }
        // Remove the iterator and `next` slots, keeping the values in order.
        self.heap.js_stack.remove(ns);
        self.heap.js_stack.remove(is);
        let _ = values;
        Ok(())
    }

    fn has_original_array_iterator(&mut self, a: Tagged) -> bool {
        let key = self.root(Root::SymbolIterator);
        let proto = self.root(Root::ArrayPrototype);
        if self.get_prototype_of(a) != proto {
            return false;
        }
        if self.named_property(a, key).is_some() {
            return false;
        }
        matches!(self.named_property(proto, key), Some(crate::object::Own::Data(f, _)) if f == self.root(Root::ArrayValuesFunction))
    }

    /// Whether the embedder asked to stop execution (`terminate_execution`).
    pub(crate) fn interrupt_requested(&self) -> bool {
        self.terminate_requested.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The uncatchable termination exception.
    pub(crate) fn throw_termination(&mut self) -> Throw {
        self.terminate_requested.store(false, std::sync::atomic::Ordering::Relaxed);
        self.terminated = true;
        Throw
    }
}

/// `x ** y` with ECMAScript's special cases (`1 ** NaN` is NaN; `(-1) ** ±Infinity` is NaN).
pub fn exponentiate(x: f64, y: f64) -> f64 {
    if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
        return f64::NAN;
    }
    x.powf(y)
}
