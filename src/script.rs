//! Scripts: `Script::compile` (through the VM's compilation cache: the same source and name
//! compiled again reuses the compiled code), `Script::run`, `ScriptOrigin` (the name shown
//! in messages and stack traces) and `UnboundScript` (the compiled code itself).

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::code::shared;

use crate::handle::{Local, Script, String, UnboundScript, Value};
use crate::scope::HandleScope;

/// The name scripts compiled without an origin carry in stack traces (as V8 prints them).
const ANONYMOUS: &str = "<anonymous>";

/// Where a script comes from (V8's `ScriptOrigin`): its resource name, shown in messages
/// and stack traces (`at f (name:line:column)`). Line and column offsets are not
/// supported: positions are those of the source text given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptOrigin {
    resource_name: std::string::String,
}

impl ScriptOrigin {
    /// An origin named by a JavaScript value (rendered without running JavaScript).
    pub fn new(scope: &mut HandleScope<'_>, resource_name: Local<'_, Value>) -> ScriptOrigin {
        let value = scope.read(resource_name);
        let mark = scope.vm.stack_mark();
        let name = scope.vm.to_display_string(value);
        scope.vm.truncate_stack(mark);
        let name = name.unwrap_or_else(|_| {
            scope.vm.clear_exception();
            std::string::String::new()
        });
        ScriptOrigin { resource_name: name }
    }

    /// An origin with a Rust string as its name.
    pub fn with_resource_name(resource_name: &str) -> ScriptOrigin {
        ScriptOrigin {
            resource_name: resource_name.to_string(),
        }
    }

    /// The resource name.
    pub fn resource_name(&self) -> &str {
        &self.resource_name
    }
}

impl Script {
    /// Compiles `source` (V8's `Script::Compile`); `None` with a pending `SyntaxError` if it
    /// does not parse. Compiling the same text under the same name again is a cache hit:
    /// no parsing, the same `UnboundScript`.
    pub fn compile<'s>(scope: &mut HandleScope<'s>, source: Local<'_, String>, origin: Option<&ScriptOrigin>) -> Option<Local<'s, Script>> {
        let text = scope.vm.string_to_rust(scope.read(source));
        let name = origin.map_or(ANONYMOUS, |o| o.resource_name.as_str());
        let next_id = scope.vm.scripts.len();
        if origin.is_none() {
            // Recorded before compiling, so a syntax error's message already knows.
            scope.state.unnamed_scripts.borrow_mut().insert(next_id);
        }
        let script = scope.enter_local(|vm| vm.compile(&text, name));
        if scope.vm.scripts.len() == next_id {
            scope.state.unnamed_scripts.borrow_mut().remove(&next_id);
        }
        script
    }
}

impl<'s> Local<'s, Script> {
    /// Runs the script with the global object as `this`; `None` if it threw (or was
    /// terminated). When it finishes, its job ends: the FinalizationRegistry cleanup tasks
    /// that are due run (as a host's message loop would run them next), and an exception
    /// from one of them is this call's.
    pub fn run<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Value>> {
        let f = scope.slot_of(*self);
        scope.enter_local(|vm| {
            let value = vm.run_script(vm.slot(f))?;
            let vs = vm.push(value);
            vm.run_pending_finalization_tasks()?;
            let value = vm.slot(vs);
            vm.truncate_stack(vs);
            Ok(value)
        })
    }

    /// The compiled code, independent of the context.
    pub fn get_unbound_script<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, UnboundScript> {
        let sfi = scope.vm.shared_of(scope.read(*self));
        scope.local(sfi)
    }
}

impl<'s> Local<'s, UnboundScript> {
    /// The script's id (an index into the VM's script table).
    pub fn get_id(&self, scope: &HandleScope<'_>) -> i32 {
        HeapObject::from_tagged(scope.read(*self))
            .read_tagged(shared::SCRIPT_OFFSET)
            .smi_value()
    }

    /// A runnable script of this code in the isolate's context.
    pub fn bind_to_current_context<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, Script> {
        let sfi = scope.slot_of(*self);
        scope.allocate(|vm| {
            let undefined = vm.undefined();
            vm.new_closure(vm.slot(sfi), undefined)
        })
    }
}
