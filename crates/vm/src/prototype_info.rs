//! Prototype validity cells and the prototype users registry: V8's
//! `Map::GetOrCreatePrototypeChainValidityCell`, `JSObject::LazyRegisterPrototypeUser` and
//! `JSObject::InvalidatePrototypeChains`. Layouts: `objects/prototype_info.rs` and
//! `objects/map.rs` in the heap crate.
//!
//! An inline cache that relies on the prototype chain of receivers with map `M` (a holder up
//! the chain, a property absent from it, a transition no setter intercepts) holds the validity
//! cell of the map of `M`'s prototype. Invariants:
//! - A map's validity cell field holds a valid cell or none; invalidating a prototype map sets
//!   its cell's value to `PROTOTYPE_CHAIN_INVALID` and empties the field, so the handlers that
//!   hold the cell miss and their next miss makes a fresh cell.
//! - Before a cell is handed out, the map it lives in is registered as a user of the next
//!   prototype, that prototype's map of the one after, and so on to the end of the chain
//!   (registration walks up until it meets a registered map, so a registered map's prototype's
//!   map is registered too). Invalidating a prototype's map therefore reaches, through the
//!   users lists, every map whose cell depends on that prototype — and no other.
//! - When a prototype object gets another map, the old map's chain is invalidated, its
//!   PrototypeInfo (users, `Object.create` map) moves to the new map, and the new map
//!   registers with the prototype if the old one was registered (V8's `NotifyMapChange`).
//! - Users lists hold weak pointers, so a dead map drops out at the next mark-compact; a list
//!   that fills up is compacted (updating the moved users' registry slots) or grown.

use tagus_heap::objects::descriptors::cell;
use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::map::{self as map_layout, PROTOTYPE_CHAIN_INVALID, PROTOTYPE_CHAIN_VALID};
use tagus_heap::objects::prototype_info as info;
use tagus_heap::objects::{HeapObject, InstanceType, Map};
use tagus_heap::{AllocationType, Tagged};

use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::shape::is_prototype_map;
use crate::{JsResult, Vm};

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// The PrototypeInfo of the prototype map `map`, if it has one.
pub(crate) fn prototype_info_of(vm: &Vm, map: Tagged) -> Option<Tagged> {
    let t = obj(map).read_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
    (t.is_heap_object() && vm.instance_type(t) == Some(InstanceType::PrototypeInfo)).then_some(t)
}

fn registry_slot(prototype_info: Tagged) -> i32 {
    obj(prototype_info).read_tagged(info::REGISTRY_SLOT_OFFSET).smi_value()
}

fn set_registry_slot(prototype_info: Tagged, slot: i32) {
    obj(prototype_info).write_tagged(info::REGISTRY_SLOT_OFFSET, Tagged::smi(slot));
}

fn users_of(prototype_info: Tagged) -> Tagged {
    obj(prototype_info).read_tagged(info::PROTOTYPE_USERS_OFFSET)
}

fn users_count(users: Tagged) -> usize {
    fixed_get(users, info::USERS_COUNT_INDEX).smi_value() as usize
}

fn users_capacity(users: Tagged) -> usize {
    fixed_len(users) - info::USERS_ENTRIES_START
}

/// Entry `i` of a users list.
fn user(users: Tagged, i: usize) -> Tagged {
    fixed_get(users, info::USERS_ENTRIES_START + i)
}

fn set_user(users: Tagged, i: usize, value: Tagged) {
    fixed_set(users, info::USERS_ENTRIES_START + i, value)
}

/// Whether a users-list entry is a live registered map.
fn is_live_user(entry: Tagged) -> bool {
    entry.is_weak() && !entry.is_cleared()
}

impl Vm {
    /// The validity cell for inline caches on receivers whose prototype chain starts at the
    /// value in `proto_slot`: `PROTOTYPE_CHAIN_VALID` when that is not an object (the chain
    /// is empty and cannot change without the receiver's map changing), else the valid cell
    /// of the prototype's map, made and registered if needed.
    pub(crate) fn prototype_chain_validity_cell(&mut self, proto_slot: usize) -> JsResult<Tagged> {
        let proto = self.slot(proto_slot);
        if !self.is_object(proto) {
            return Ok(PROTOTYPE_CHAIN_VALID);
        }
        debug_assert!(is_prototype_map(self.map_of(proto)), "prototypes have prototype maps");
        // Registering allocates only PrototypeInfos and users lists: the map stays the same.
        let map_slot = self.push(self.map_of(proto));
        let r = self.lazy_register_prototype_user(map_slot).and_then(|()| {
            let existing = obj(self.slot(map_slot)).read_tagged(map_layout::PROTOTYPE_VALIDITY_CELL_OFFSET);
            if existing != PROTOTYPE_CHAIN_VALID {
                return Ok(existing);
            }
            let fresh = self.new_validity_cell()?;
            obj(self.slot(map_slot)).write_tagged(map_layout::PROTOTYPE_VALIDITY_CELL_OFFSET, fresh);
            Ok(fresh)
        });
        self.truncate_stack(map_slot);
        r
    }

    fn new_validity_cell(&mut self) -> JsResult<Tagged> {
        let map = self.heap.roots().cell_map;
        let c = self
            .heap
            .allocate_initialized(map, cell::SIZE, AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        c.write_tagged_no_barrier(cell::VALUE_OFFSET, PROTOTYPE_CHAIN_VALID);
        Ok(c.tagged())
    }

    /// The PrototypeInfo of the prototype map in `map_slot`, made if it has none.
    pub(crate) fn prototype_info(&mut self, map_slot: usize) -> JsResult<Tagged> {
        if let Some(existing) = prototype_info_of(self, self.slot(map_slot)) {
            return Ok(existing);
        }
        debug_assert!(is_prototype_map(self.slot(map_slot)));
        let map = self.heap.roots().prototype_info_map;
        let fresh = self
            .heap
            .allocate_initialized(map, info::SIZE, AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        fresh.write_tagged_no_barrier(info::PROTOTYPE_USERS_OFFSET, Tagged::ZERO);
        fresh.write_tagged_no_barrier(info::REGISTRY_SLOT_OFFSET, Tagged::smi(info::UNREGISTERED));
        obj(self.slot(map_slot)).write_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET, fresh.tagged());
        Ok(fresh.tagged())
    }

    /// Registers the prototype map in `map_slot` as a user of its prototype, that
    /// prototype's map as a user of the next one, and so on up the chain until a map that is
    /// registered already or the end of the chain.
    fn lazy_register_prototype_user(&mut self, map_slot: usize) -> JsResult<()> {
        let user_slot = self.push(self.slot(map_slot));
        let r = (|| loop {
            let user = self.slot(user_slot);
            if prototype_info_of(self, user).is_some_and(|i| registry_slot(i) != info::UNREGISTERED) {
                return Ok(());
            }
            let proto = Map(obj(user)).prototype();
            if !self.is_object(proto) {
                return Ok(());
            }
            let proto_map_slot = self.push(self.map_of(proto));
            self.prototype_info(user_slot)?;
            let index = self.add_prototype_user(proto_map_slot, user_slot)?;
            if let Some(i) = prototype_info_of(self, self.slot(user_slot)) {
                set_registry_slot(i, index as i32);
            }
            self.set_slot(user_slot, self.slot(proto_map_slot));
            self.truncate_stack(user_slot + 1);
        })();
        self.truncate_stack(user_slot);
        r
    }

    /// Appends the map in `user_slot` to the users list of the prototype map in
    /// `proto_map_slot`; returns its index there.
    fn add_prototype_user(&mut self, proto_map_slot: usize, user_slot: usize) -> JsResult<usize> {
        let users = self.users_list_with_room(proto_map_slot)?;
        let index = users_count(users);
        set_user(users, index, self.slot(user_slot).to_weak());
        fixed_set(users, info::USERS_COUNT_INDEX, Tagged::smi(index as i32 + 1));
        Ok(index)
    }

    /// The users list of the prototype map in `proto_map_slot` with room for one more entry:
    /// the list itself, the list compacted when at least half of it is free then, or a list
    /// twice as long.
    fn users_list_with_room(&mut self, proto_map_slot: usize) -> JsResult<Tagged> {
        let prototype_info = self.prototype_info(proto_map_slot)?;
        let users = users_of(prototype_info);
        let capacity = if users == Tagged::ZERO {
            0
        } else {
            if users_count(users) < users_capacity(users) {
                return Ok(users);
            }
            let live = self.compact_users(users);
            if live <= users_capacity(users) / 2 {
                return Ok(users);
            }
            users_capacity(users)
        };
        let length = info::USERS_ENTRIES_START + (capacity * 2).max(info::USERS_INITIAL_CAPACITY);
        let fresh = self
            .heap
            .new_fixed_array(length, AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        for i in 0..length {
            obj(fresh).write_tagged_no_barrier(FixedArray::offset_of_element(i), Tagged::ZERO);
        }
        let fresh_slot = self.push(fresh);
        let prototype_info = self.prototype_info(proto_map_slot);
        let fresh = self.slot(fresh_slot);
        self.truncate_stack(fresh_slot);
        let prototype_info = prototype_info?;
        let old = users_of(prototype_info);
        if old != Tagged::ZERO {
            let count = users_count(old);
            for i in 0..count {
                set_user(fresh, i, user(old, i));
            }
            fixed_set(fresh, info::USERS_COUNT_INDEX, Tagged::smi(count as i32));
        }
        obj(prototype_info).write_tagged(info::PROTOTYPE_USERS_OFFSET, fresh);
        Ok(fresh)
    }

    /// Moves the live entries of a users list to its front, telling each moved user its new
    /// registry slot; returns how many there are. Never allocates.
    fn compact_users(&self, users: Tagged) -> usize {
        let count = users_count(users);
        let mut live = 0;
        for i in 0..count {
            let entry = user(users, i);
            if !is_live_user(entry) {
                continue;
            }
            if i != live {
                set_user(users, live, entry);
                if let Some(moved) = prototype_info_of(self, entry.to_strong()) {
                    set_registry_slot(moved, live as i32);
                }
            }
            live += 1;
        }
        for i in live..count {
            set_user(users, i, Tagged::ZERO);
        }
        fixed_set(users, info::USERS_COUNT_INDEX, Tagged::smi(live as i32));
        live
    }

    /// Takes the prototype map `map` out of its prototype's users list; whether it was
    /// registered (for a map at the end of its chain, which never registers: whether it has
    /// users of its own, which rely on it registering once it has a prototype). Never
    /// allocates.
    fn unregister_prototype_user(&self, map: Tagged) -> bool {
        let Some(user_info) = prototype_info_of(self, map) else {
            return false;
        };
        let proto = Map(obj(map)).prototype();
        if !self.is_object(proto) {
            return users_of(user_info) != Tagged::ZERO;
        }
        let slot = registry_slot(user_info);
        if slot == info::UNREGISTERED {
            return false;
        }
        if let Some(proto_info) = prototype_info_of(self, self.map_of(proto)) {
            set_user(users_of(proto_info), slot as usize, Tagged::ZERO);
        }
        true
    }

    /// The object whose map was the prototype map in `old_slot` now has the map in
    /// `new_slot`: invalidates the old map's chains and hands its PrototypeInfo and its
    /// registration to the new map (nothing to do if the old map is not a prototype map).
    pub(crate) fn prototype_map_replaced(&mut self, old_slot: usize, new_slot: usize) -> JsResult<()> {
        let old = self.slot(old_slot);
        if !is_prototype_map(old) {
            return Ok(());
        }
        debug_assert!(is_prototype_map(self.slot(new_slot)), "a prototype keeps a prototype map");
        self.invalidate_prototype_chains(old);
        let was_registered = self.unregister_prototype_user(old);
        if let Some(moved) = prototype_info_of(self, old) {
            set_registry_slot(moved, info::UNREGISTERED);
            obj(self.slot(new_slot)).write_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET, moved);
            obj(old).write_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET, self.undefined());
        }
        if was_registered {
            self.lazy_register_prototype_user(new_slot)?;
        }
        Ok(())
    }

    /// The object with the prototype map `map` changed shape: invalidates the validity cells
    /// of `map` and of every map registered, directly or through others, as its user — the
    /// cells of exactly the chains that go through the object. Never allocates.
    pub(crate) fn invalidate_prototype_chains(&mut self, map: Tagged) {
        let mut pending = vec![map];
        while let Some(m) = pending.pop() {
            let c = obj(m).read_tagged(map_layout::PROTOTYPE_VALIDITY_CELL_OFFSET);
            if c != PROTOTYPE_CHAIN_VALID {
                obj(c).write_tagged(cell::VALUE_OFFSET, PROTOTYPE_CHAIN_INVALID);
                obj(m).write_tagged(map_layout::PROTOTYPE_VALIDITY_CELL_OFFSET, PROTOTYPE_CHAIN_VALID);
            }
            let Some(prototype_info) = prototype_info_of(self, m) else {
                continue;
            };
            let users = users_of(prototype_info);
            if users == Tagged::ZERO {
                continue;
            }
            pending.extend(
                (0..users_count(users))
                    .map(|i| user(users, i))
                    .filter(|&e| is_live_user(e))
                    .map(|e| e.to_strong()),
            );
        }
    }

    /// `invalidate_prototype_chains` for `o` if it is a prototype: its shape changed in place
    /// (dictionary mode). Never allocates.
    pub(crate) fn invalidate_if_prototype(&mut self, o: Tagged) {
        let map = self.map_of(o);
        if is_prototype_map(map) {
            self.invalidate_prototype_chains(map);
        }
    }
}
