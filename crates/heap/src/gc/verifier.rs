//! The heap verifier (`--verify-heap`): walks every object of a heap and checks the
//! invariants the collectors rely on.
//!
//! Checked: every page is iterable (objects laid end to end up to the high-water mark);
//! every object's map word is a pointer to a map (an object whose map is the meta map);
//! every pointer field lands on the start of an object in a page of this heap or the
//! read-only space, never in from-space; every old-to-new pointer is in the remembered set;
//! every handle, global handle and string-table entry points at a valid object; every JS
//! object's elements store matches its map's elements kind (a FixedDoubleArray exactly for
//! the double kinds, only Smis and holes for the Smi kinds, a SloppyArgumentsElements exactly
//! for the sloppy-arguments kind, with a function context, a FixedArray arguments store no
//! shorter than its mapped entries, and entries that are holes or indices into the context);
//! every PropertyCell's details are a Smi and its name a string or symbol; and
//! maps' validity cells and prototype registrations agree with the PrototypeInfos
//! (`verify_prototypes.rs`).
//!
//! Object starts are noted in the pages' marking bitmaps during the first walk (cleared at
//! the end), so "lands on an object start" is one bit test; while incremental marking runs
//! the bitmaps hold its marks, so starts go in a hash set instead, and the strong tri-colour
//! invariant is checked too (no black object points at a white one). An old page still waiting to be
//! swept (lazy sweeping) is not iterable: its mark bits already note exactly its live objects,
//! so it is walked by them and its bits are left alone — live objects may only point at live
//! ones, so a pointer into its garbage fails the bit test as it should. It must not run during
//! a GC.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::cage::{Address, cage};
use crate::gc::marking;
use crate::heap::Heap;
use crate::objects::{HeapObject, InstanceType};
use crate::page::{Page, flags};
use crate::spaces::read_only::read_only_roots;
use crate::spaces::{for_each_marked_object, for_each_object_on_page};
use crate::tagged::Tagged;

/// Object starts of the read-only space (sealed, so its bitmaps cannot be written).
fn read_only_objects() -> &'static HashSet<usize> {
    static SET: OnceLock<HashSet<usize>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::new();
        for page in &read_only_roots().pages {
            for_each_object_on_page(*page, page.high_water(), |o, _| {
                set.insert(o.address().0);
            });
        }
        set
    })
}

struct Verifier<'a> {
    heap: &'a Heap,
    pages: Vec<(Page, Address)>,
    /// While incremental marking runs the mark bits are taken: object starts go here.
    starts: Option<HashSet<usize>>,
    /// While incremental marking runs: the grey objects (the others marked are black).
    grey: Option<HashSet<usize>>,
}

impl Verifier<'_> {
    fn is_object_start(&self, address: Address) -> Result<(), String> {
        if !cage().contains(address) {
            return Err(format!("pointer {address:?} outside the cage"));
        }
        let page = Page::of(address);
        if read_only_objects().contains(&address.0) {
            return Ok(());
        }
        if !self.pages.iter().any(|(p, _)| *p == page) {
            return Err(format!("pointer {address:?} into a page not owned by this heap"));
        }
        if page.has_flag(flags::FROM_PAGE) {
            return Err(format!("pointer {address:?} into from-space"));
        }
        let is_start = match &self.starts {
            Some(starts) => starts.contains(&address.0),
            None => marking::is_set(address),
        };
        if !is_start {
            return Err(format!("pointer {address:?} does not point at an object start"));
        }
        Ok(())
    }

    /// While marking: a black object (marked, not grey) must not point at a white one (the
    /// strong tri-colour invariant the marking barrier keeps). Weak fields and ephemeron
    /// tables are exempt (their referents may die).
    fn check_tri_colour(&self, object: HeapObject, size: usize) -> Result<(), String> {
        let Some(grey) = &self.grey else { return Ok(()) };
        if !marking::is_set(object.address()) || grey.contains(&object.address().0) {
            return Ok(());
        }
        let map = object.map();
        if map.instance_type_raw() == InstanceType::EphemeronHashTable as u16 {
            return Ok(());
        }
        let mut result = Ok(());
        let mut check = |slot: usize| {
            let value = Tagged::from_raw(HeapObject(Address(slot)).read_u32(0));
            if result.is_ok() && value.is_heap_object() && !crate::gc::marker::is_live(HeapObject::from_tagged(value)) {
                result = Err(format!(
                    "black object {:?} ({:?}) points at white {value:?} ({:?}) (field at +{}): a store missed the marking barrier",
                    object.address(),
                    Page::of(object.address()).header().owner.get(),
                    Page::of(value.address()).header().owner.get(),
                    slot - object.address().0
                ));
            }
        };
        check(object.address().0);
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                check(slot);
            }
        });
        result
    }

    fn check_map(&self, object: HeapObject) -> Result<(), String> {
        let word = object.map_word();
        if word.is_forwarding() {
            return Err(format!("object {:?} has a forwarding map word outside a GC", object.address()));
        }
        let map = word.map();
        if !map.is_heap_object() {
            return Err(format!("object {:?} has map word {map:?}", object.address()));
        }
        self.is_object_start(map.address())?;
        if HeapObject::from_tagged(map).map_word().map() != read_only_roots().meta_map {
            return Err(format!("object {:?}: its map {map:?} is not a map", object.address()));
        }
        Ok(())
    }

    fn check_value(&self, value: Tagged, what: &str) -> Result<(), String> {
        if value.is_pointer() {
            self.is_object_start(value.address()).map_err(|e| format!("{what}: {e}"))?;
        }
        Ok(())
    }

    fn check_object(&self, object: HeapObject, size: usize) -> Result<(), String> {
        self.check_map(object)?;
        let map = object.map();
        let host_page = Page::of(object.address());
        let host_old = !host_page.in_young_generation();
        let mut result = Ok(());
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                if result.is_err() {
                    return;
                }
                let value = Tagged::from_raw(HeapObject(Address(slot)).read_u32(0));
                result = self.check_value(value, &format!("field at +{} of {:?}", slot - object.address().0, object.address()));
                if result.is_ok() && host_old && value.is_pointer() && Page::of(value.address()).in_young_generation() {
                    let recorded = host_page.old_to_new().is_some_and(|set| set.contains(slot - host_page.start().0));
                    if !recorded {
                        result = Err(format!(
                            "old-to-new slot {:#x} of {:?} not in the remembered set",
                            slot,
                            object.address()
                        ));
                    }
                }
            }
        });
        result?;
        match map.instance_type() {
            t if t.is_js_receiver() => check_elements_kind(object, map)?,
            InstanceType::Map => super::verify_prototypes::check_map(object)?,
            InstanceType::PrototypeInfo => super::verify_prototypes::check_prototype_info(object)?,
            _ => {}
        }
        if map.instance_type_raw() == crate::objects::InstanceType::PropertyCell as u16 {
            check_property_cell(object)?;
        }
        Ok(())
    }
}

/// A PropertyCell's details are a Smi and its name a string or symbol.
fn check_property_cell(cell: HeapObject) -> Result<(), String> {
    use crate::objects::{InstanceType, property_cell};
    let details = cell.read_tagged(property_cell::DETAILS_OFFSET);
    let name = cell.read_tagged(property_cell::NAME_OFFSET);
    let is_name = name.is_heap_object() && {
        let t = HeapObject::from_tagged(name).map().instance_type();
        t.is_string() || t == InstanceType::Symbol
    };
    if !details.is_smi() || !is_name {
        return Err(format!("PropertyCell {:?}: details {details:?}, name {name:?}", cell.address()));
    }
    Ok(())
}

/// The elements store of the JS object `object` agrees with its map's elements kind.
fn check_elements_kind(object: HeapObject, map: crate::objects::Map) -> Result<(), String> {
    use crate::objects::map::elements_kind;
    use crate::objects::{fixed_array, js_object};
    let kind = map.elements_kind();
    let store = object.read_tagged(js_object::ELEMENTS_OFFSET);
    if !store.is_heap_object() {
        return Err(format!("object {:?}: elements {store:?} is not a heap object", object.address()));
    }
    let store = HeapObject::from_tagged(store);
    let store_type = store.map().instance_type();
    if elements_kind::is_sloppy_arguments(kind) != (store_type == InstanceType::SloppyArgumentsElements) {
        return Err(format!(
            "object {:?}: elements kind {} with a {store_type:?} store",
            object.address(),
            elements_kind::name(kind)
        ));
    }
    if store_type == InstanceType::SloppyArgumentsElements {
        return check_sloppy_arguments(object, store);
    }
    let is_double_store = store_type == InstanceType::FixedDoubleArray;
    let length = if is_double_store || store_type == InstanceType::FixedArray {
        store.read_tagged(fixed_array::LENGTH_OFFSET).smi_value()
    } else {
        -1
    };
    let fits = if elements_kind::is_double(kind) {
        is_double_store || (store_type == InstanceType::FixedArray && length == 0)
    } else {
        !is_double_store
    };
    if !fits {
        return Err(format!(
            "object {:?}: elements kind {} with a {store_type:?} store",
            object.address(),
            elements_kind::name(kind)
        ));
    }
    if elements_kind::is_smi(kind) && store_type == InstanceType::FixedArray {
        let hole = read_only_roots().the_hole_value;
        for i in 0..length as usize {
            let v = store.read_tagged(fixed_array::FixedArray::offset_of_element(i));
            if !v.is_smi() && v != hole {
                return Err(format!(
                    "object {:?}: {} store holds {v:?} at {i}",
                    object.address(),
                    elements_kind::name(kind)
                ));
            }
        }
    }
    Ok(())
}

/// The SloppyArgumentsElements `store` of `object` is well formed (see
/// `objects/sloppy_arguments.rs`).
fn check_sloppy_arguments(object: HeapObject, store: HeapObject) -> Result<(), String> {
    use crate::objects::{fixed_array, sloppy_arguments as sa};
    let element = |o: HeapObject, i: usize| o.read_tagged(fixed_array::FixedArray::offset_of_element(i));
    let length = |o: HeapObject| o.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize;
    let fail = |what: String| {
        Err(format!(
            "object {:?}: sloppy arguments elements {:?}: {what}",
            object.address(),
            store.address()
        ))
    };
    let (context, arguments) = (element(store, sa::CONTEXT_INDEX), element(store, sa::ARGUMENTS_INDEX));
    if !context.is_heap_object() || HeapObject::from_tagged(context).map().instance_type() != InstanceType::FunctionContext {
        return fail(format!("context {context:?} is not a function context"));
    }
    if !arguments.is_heap_object() || HeapObject::from_tagged(arguments).map().instance_type() != InstanceType::FixedArray {
        return fail(format!("arguments store {arguments:?} is not a FixedArray"));
    }
    let mapped = sa::mapped_count(length(store));
    if length(HeapObject::from_tagged(arguments)) < mapped {
        return fail(format!("{mapped} mapped entries but a shorter arguments store"));
    }
    let context_length = length(HeapObject::from_tagged(context));
    let hole = read_only_roots().the_hole_value;
    for i in 0..mapped {
        let entry = element(store, sa::mapped_entry_index(i));
        let in_context =
            entry.is_smi() && (crate::objects::js_object::context::HEADER_SLOTS..context_length).contains(&(entry.smi_value() as usize));
        if entry != hole && !in_context {
            return fail(format!("mapped entry {i} is {entry:?}"));
        }
    }
    Ok(())
}

/// Checks every invariant listed in the module comment; returns the first violation.
pub fn verify(heap: &mut Heap) -> Result<(), String> {
    // Objects the marking barrier greyed since the last step are grey, not black.
    heap.flush_marking_barrier();
    let mut roots = Vec::new();
    super::visit_roots(heap, &mut |slot| roots.push(*slot));
    let heap = &*heap;
    heap.new_space.publish_high_water();
    heap.old_space.make_iterable();
    let mut pages: Vec<(Page, Address)> = heap.new_space.to_space_used_pages().collect();
    pages.extend(heap.old_space.pages().iter().map(|p| (*p, p.high_water())));
    pages.extend(heap.lo_space.chunks().iter().map(|p| (*p, p.high_water())));
    for (page, _) in &pages {
        if page.header().heap_id.get() != heap.id {
            return Err(format!("{page:?} belongs to another heap"));
        }
    }
    let marking_on = heap.incremental.is_some();

    // Pass 1: note object starts (checking sizes keep each page iterable).
    let mut starts = marking_on.then(HashSet::new);
    for (page, end) in &pages {
        if is_unswept(*page) {
            continue;
        }
        let mut last = page.area_start();
        for_each_object_on_page(*page, *end, |object, size| {
            match &mut starts {
                Some(starts) => {
                    starts.insert(object.address().0);
                }
                None => {
                    marking::set(object.address());
                }
            }
            last = object.address().add(size);
        });
        if last != *end {
            if !marking_on {
                clear_all(&pages);
            }
            return Err(format!("{page:?}: objects end at {last:?}, high-water mark is {end:?}"));
        }
    }
    let grey = heap
        .incremental
        .as_ref()
        .map(|state| state.marker.worklist.iter().map(|o| o.address().0).collect::<HashSet<usize>>());
    let verifier = Verifier { heap, pages, starts, grey };

    // Pass 2: maps, fields, remembered sets, roots.
    let mut result = Ok(());
    for (page, end) in &verifier.pages {
        let mut check = |object: HeapObject, size: usize| {
            if result.is_ok() {
                result = verifier
                    .check_object(object, size)
                    .and_then(|()| verifier.check_tri_colour(object, size));
            }
        };
        if is_unswept(*page) {
            for_each_marked_object(*page, *end, check);
        } else {
            for_each_object_on_page(*page, *end, &mut check);
        }
    }
    if result.is_ok() {
        result = check_roots(&verifier, &roots);
    }
    if verifier.starts.is_none() {
        clear_all(&verifier.pages);
    }
    result
}

fn check_roots(verifier: &Verifier<'_>, roots: &[Tagged]) -> Result<(), String> {
    for &value in roots {
        verifier.check_value(value, "root")?;
    }
    let mut result = Ok(());
    verifier.heap.string_table.for_each(|entry| {
        if result.is_ok() {
            result = verifier.check_value(entry, "string table entry");
            let is_internalized = crate::value::Value::new(entry).as_string().is_some_and(|s| s.is_internalized());
            if result.is_ok() && !is_internalized {
                result = Err(format!("string table entry {entry:?} is not an internalized string"));
            }
        }
    });
    result
}

fn is_unswept(page: Page) -> bool {
    page.has_flag(flags::SWEEPING_PENDING)
}

/// Clears the bits pass 1 set (not those of unswept pages: they are the sweep's).
fn clear_all(pages: &[(Page, Address)]) {
    for (page, _) in pages {
        if !is_unswept(*page) {
            marking::clear_page(*page);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::heap::{AllocationType, Heap, HeapConfig};
    use crate::objects::{HeapObject, fixed_array::FixedArray};
    use crate::tagged::Tagged;

    /// The verifier must catch what a missing write barrier leaves behind.
    #[test]
    fn catches_an_old_to_new_pointer_missing_from_the_remembered_set() {
        let mut heap = Heap::new(HeapConfig::default()).unwrap();
        let old = heap.new_fixed_array(2, AllocationType::Old).unwrap();
        let young = heap.new_heap_number(1.5, AllocationType::Young).unwrap();
        heap.verify().unwrap();
        HeapObject::from_tagged(old).write_tagged_no_barrier(FixedArray::offset_of_element(0), young);
        let error = heap.verify().unwrap_err();
        assert!(error.contains("not in the remembered set"), "{error}");
        HeapObject::from_tagged(old).write_tagged(FixedArray::offset_of_element(0), young);
        heap.verify().unwrap();
    }

    #[test]
    fn catches_a_pointer_into_the_middle_of_an_object() {
        let mut heap = Heap::new(HeapConfig::default()).unwrap();
        let array = heap.new_fixed_array(2, AllocationType::Young).unwrap();
        let number = heap.new_heap_number(1.5, AllocationType::Young).unwrap();
        let interior = Tagged::from_raw(number.raw() + 4);
        HeapObject::from_tagged(array).write_tagged(FixedArray::offset_of_element(1), interior);
        let error = heap.verify().unwrap_err();
        assert!(error.contains("does not point at an object start"), "{error}");
    }

    #[test]
    fn from_space_is_zapped_after_a_scavenge() {
        let mut heap = Heap::new(HeapConfig {
            zap_garbage: true,
            ..HeapConfig::default()
        })
        .unwrap();
        let garbage = heap.new_heap_number(1.5, AllocationType::Young).unwrap();
        heap.collect_garbage(crate::stats::GcKind::Scavenge, crate::stats::GcReason::Testing);
        let word = HeapObject::from_tagged(garbage).read_u32(0);
        assert_eq!(word, crate::heap::FROM_SPACE_ZAP_VALUE);
    }
}
