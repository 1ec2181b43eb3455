//! Exceptions seen from Rust: `TryCatch` (catches what API calls throw), `Message` (the
//! text, script, line, columns and source line of a caught exception) and `Exception` (the
//! error constructors, for callbacks that throw).
//!
//! A `TryCatch` is a record in the isolate's API state, opened at the current callback depth
//! (see `scope.rs` for how a thrown exception finds it); its exception lives in the API root
//! table, so it survives any number of GCs until the `TryCatch` is reset or dropped.

use tagus_vm::object::Own;
use tagus_vm::{Root, ThrowLocation, Vm};

use crate::handle::{Local, String, Value};
use crate::scope::HandleScope;
use crate::state::{ApiState, TryCatchRecord};

/// Catches exceptions thrown by API calls made through it (V8's `TryCatch`). Derefs to the
/// handle scope it was opened in, so handles made through it belong to that scope.
pub struct TryCatch<'a, 's> {
    scope: &'a mut HandleScope<'s>,
    index: usize,
}

impl<'a, 's> TryCatch<'a, 's> {
    /// Opens a `TryCatch` in `scope`.
    pub fn new(scope: &'a mut HandleScope<'s>) -> TryCatch<'a, 's> {
        let level = scope.state.callback_depth();
        let mut records = scope.state.try_catches.borrow_mut();
        records.push(TryCatchRecord {
            level,
            caught: None,
            rethrow: false,
        });
        let index = records.len() - 1;
        drop(records);
        TryCatch { scope, index }
    }

    fn with_record<R>(&self, f: impl FnOnce(&TryCatchRecord) -> R) -> R {
        f(&self.scope.state.try_catches.borrow()[self.index])
    }

    /// Whether an exception (or a termination) was caught.
    pub fn has_caught(&self) -> bool {
        self.with_record(|r| r.caught.is_some())
    }

    /// Whether what was caught is `terminate_execution`'s termination.
    pub fn has_terminated(&self) -> bool {
        self.with_record(|r| r.caught.as_ref().is_some_and(|c| c.terminated))
    }

    /// Whether JavaScript can still run: false after a termination or out of memory, until
    /// control is back at the outermost level.
    pub fn can_continue(&self) -> bool {
        self.with_record(|r| !r.caught.as_ref().is_some_and(|c| c.uncatchable))
    }

    /// The caught exception (`None` if nothing was caught, or for termination).
    pub fn exception(&mut self) -> Option<Local<'s, Value>> {
        let root = self.with_record(|r| r.caught.as_ref().and_then(|c| c.exception))?;
        let value = self.scope.state.root(root);
        Some(self.scope.local(value))
    }

    /// The caught exception's message: text (`Uncaught TypeError: ...`), script, line,
    /// columns and source line.
    pub fn message(&self) -> Option<Message> {
        self.with_record(|r| r.caught.as_ref().and_then(|c| c.message.clone()))
    }

    /// The caught exception's `stack` property if it is an object with a data property
    /// `stack` (read without running getters).
    pub fn stack_trace(&mut self) -> Option<Local<'s, Value>> {
        let root = self.with_record(|r| r.caught.as_ref().and_then(|c| c.exception))?;
        let state = self.scope.state;
        let vm = &mut *self.scope.vm;
        if !vm.is_object(state.root(root)) {
            return None;
        }
        let key = vm.root(Root::NameStack);
        let mark = vm.stack_mark();
        let found = vm.find_property(state.root(root), key);
        vm.truncate_stack(mark);
        match found {
            Ok(Some(Own::Data(value, _))) if value != vm.undefined() => Some(self.scope.local(value)),
            Ok(_) => None,
            Err(_) => {
                vm.clear_exception();
                None
            }
        }
    }

    /// Forgets what was caught.
    pub fn reset(&mut self) {
        let state = self.scope.state;
        let old = state.try_catches.borrow_mut()[self.index].caught.take();
        state.release_caught(old);
    }

    /// Re-throws the caught exception when this `TryCatch` is dropped, to the enclosing
    /// `TryCatch` or into the calling JavaScript (V8's `ReThrow`). Returns `undefined`, or
    /// `None` if nothing was caught.
    pub fn rethrow(&mut self) -> Option<Local<'s, Value>> {
        if !self.has_caught() {
            return None;
        }
        self.scope.state.try_catches.borrow_mut()[self.index].rethrow = true;
        Some(self.scope.undefined_local())
    }
}

impl Drop for TryCatch<'_, '_> {
    fn drop(&mut self) {
        let state = self.scope.state;
        let (record, forgotten) = {
            let mut records = state.try_catches.borrow_mut();
            let forgotten: Vec<TryCatchRecord> = records.drain(self.index + 1..).collect();
            (records.pop().expect("open TryCatch"), forgotten)
        };
        for r in forgotten {
            state.release_caught(r.caught);
        }
        match record.caught {
            Some(caught) if record.rethrow => {
                if let Some(root) = caught.exception {
                    let value = state.root(root);
                    state.release_root(root);
                    self.scope.vm.set_root(Root::Exception, value);
                    self.scope.vm.throw_location = caught.location;
                    self.scope.handle_throw();
                }
                // An uncatchable exception keeps unwinding by itself.
            }
            caught => state.release_caught(caught),
        }
    }
}

impl<'s> std::ops::Deref for TryCatch<'_, 's> {
    type Target = HandleScope<'s>;
    fn deref(&self) -> &HandleScope<'s> {
        self.scope
    }
}

impl<'s> std::ops::DerefMut for TryCatch<'_, 's> {
    fn deref_mut(&mut self) -> &mut HandleScope<'s> {
        self.scope
    }
}

/// A caught exception's report (V8's `Message`), captured when it was caught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    text: std::string::String,
    resource_name: Option<std::string::String>,
    script_id: Option<usize>,
    line: Option<usize>,
    start_column: usize,
    source_line: Option<std::string::String>,
}

impl Message {
    /// The message text as V8 makes it: `Uncaught ` and the exception, e.g.
    /// `Uncaught TypeError: x is not a function` (errors as `name: message`, read without
    /// running getters; other values as a side-effect-free string).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The message text as a JavaScript string (V8's `Message::Get`).
    pub fn get<'s>(&self, scope: &mut HandleScope<'s>) -> Local<'s, String> {
        scope.allocate(|vm| vm.new_string(&self.text))
    }

    /// The script's name (its `ScriptOrigin`), `None` for a script compiled without an
    /// origin or an exception thrown outside any script.
    pub fn resource_name(&self) -> Option<&str> {
        self.resource_name.as_deref()
    }

    /// The script's name as a JavaScript value (V8's `GetScriptResourceName`): a string,
    /// or undefined.
    pub fn get_script_resource_name<'s>(&self, scope: &mut HandleScope<'s>) -> Local<'s, Value> {
        match &self.resource_name {
            Some(name) => scope.allocate(|vm| vm.new_string(name)),
            None => scope.undefined_local(),
        }
    }

    /// Id of the script the exception was thrown in.
    pub fn script_id(&self) -> Option<usize> {
        self.script_id
    }

    /// 1-based line of the throw, if it happened in a script.
    pub fn get_line_number(&self) -> Option<usize> {
        self.line
    }

    /// 0-based column (UTF-16 units) where the throwing expression starts.
    pub fn get_start_column(&self) -> usize {
        self.start_column
    }

    /// 0-based column just past the throw position (V8 marks one character).
    pub fn get_end_column(&self) -> usize {
        self.start_column + 1
    }

    /// The text of the line the throw happened on.
    pub fn source_line(&self) -> Option<&str> {
        self.source_line.as_deref()
    }

    /// The source line as a JavaScript string (V8's `GetSourceLine`).
    pub fn get_source_line<'s>(&self, scope: &mut HandleScope<'s>) -> Option<Local<'s, String>> {
        let line = self.source_line.as_ref()?;
        Some(scope.allocate(|vm| vm.new_string(line)))
    }
}

/// A data property of the object in API root `root`, without running getters (V8's
/// `GetDataProperty`).
fn data_property_text(vm: &mut Vm, state: &ApiState, root: usize, name: Root) -> Option<std::string::String> {
    let key = vm.root(name);
    let mark = vm.stack_mark();
    let found = vm.find_property(state.root(root), key);
    vm.truncate_stack(mark);
    match found {
        Ok(Some(Own::Data(value, _))) if vm.is_string(value) => Some(vm.string_to_rust(value)),
        Ok(_) => None,
        Err(_) => {
            vm.clear_exception();
            None
        }
    }
}

/// The exception as V8's `NoSideEffectsToString` renders it for messages.
fn describe_exception(vm: &mut Vm, state: &ApiState, root: usize) -> std::string::String {
    let value = state.root(root);
    if vm.instance_type(value) == Some(tagus_heap::objects::InstanceType::JsError) {
        let name = data_property_text(vm, state, root, Root::NameName).unwrap_or_else(|| "Error".to_string());
        let message = data_property_text(vm, state, root, Root::NameMessage).unwrap_or_default();
        return match (name.is_empty(), message.is_empty()) {
            (true, _) => message,
            (_, true) => name,
            _ => format!("{name}: {message}"),
        };
    }
    let mark = vm.stack_mark();
    let text = vm.to_display_string(value);
    vm.truncate_stack(mark);
    text.unwrap_or_else(|_| {
        vm.clear_exception();
        std::string::String::new()
    })
}

/// The message of the exception in API root `root`, thrown at `location`.
pub(crate) fn build_message(vm: &mut Vm, state: &ApiState, root: usize, location: Option<ThrowLocation>) -> Message {
    let text = format!("Uncaught {}", describe_exception(vm, state, root));
    let mut message = Message {
        text,
        resource_name: None,
        script_id: None,
        line: None,
        start_column: 0,
        source_line: None,
    };
    if let Some(location) = location
        && let Some(record) = vm.scripts.get(location.script)
    {
        let (line, column) = record.line_column(location.offset);
        message.script_id = Some(location.script);
        message.line = Some(line as usize);
        message.start_column = column.saturating_sub(1) as usize;
        message.source_line = Some(record.line_text(line).to_string());
        if !state.unnamed_scripts.borrow().contains(&location.script) {
            message.resource_name = Some(record.name.clone());
        }
    }
    message
}

/// The error constructors (V8's `v8::Exception`): each makes an error object with the
/// given message (and a `stack` of the JavaScript frames running), to pass to
/// `HandleScope::throw_exception`.
pub struct Exception;

macro_rules! error_constructors {
    ($($(#[$doc:meta])* $name:ident => $root:ident;)*) => {
        impl Exception {
            $(
                $(#[$doc])*
                pub fn $name<'s>(scope: &mut HandleScope<'s>, message: Local<'_, String>) -> Local<'s, Value> {
                    let text = scope.vm.string_to_rust(scope.read(message));
                    match scope.enter_local(|vm| vm.new_error(Root::$root, &text)) {
                        Some(error) => error,
                        None => scope.undefined_local(),
                    }
                }
            )*
        }
    };
}

error_constructors! {
    /// `new Error(message)`.
    error => ErrorConstructor;
    /// `new TypeError(message)`.
    type_error => TypeErrorConstructor;
    /// `new RangeError(message)`.
    range_error => RangeErrorConstructor;
    /// `new ReferenceError(message)`.
    reference_error => ReferenceErrorConstructor;
    /// `new SyntaxError(message)`.
    syntax_error => SyntaxErrorConstructor;
}
