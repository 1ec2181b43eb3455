//! The embedding API end to end: hello world, objects, Rust callbacks, exceptions caught by
//! `TryCatch` with their messages, the compilation cache, handles surviving GCs,
//! termination from another thread, callbacks that throw into JavaScript.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use tagus::{
    Array, Context, ContextScope, CreateParams, EscapableHandleScope, Exception, Function, FunctionCallbackArguments,
    GarbageCollectionType, Global, HandleScope, Integer, Isolate, Local, Number, Object, ReturnValue, Script, ScriptOrigin, TryCatch,
    Value,
};

fn new_isolate() -> Isolate {
    Isolate::new(CreateParams::default())
}

/// Compiles and runs `source` named `name`; panics on an exception.
fn eval<'s>(scope: &mut HandleScope<'s>, source: &str) -> Local<'s, Value> {
    let code = tagus::String::new(scope, source).unwrap();
    let script = Script::compile(scope, code, None).expect("compiles");
    script.run(scope).expect("runs")
}

fn str_of(scope: &mut HandleScope<'_>, value: Local<'_, Value>) -> std::string::String {
    let s = value.to_string(scope).expect("to_string");
    s.to_rust_string_lossy(scope)
}

fn key<'s>(scope: &mut HandleScope<'s>, name: &str) -> Local<'s, Value> {
    tagus::String::new(scope, name).unwrap().into()
}

#[test]
fn hello_world() {
    let isolate = &mut new_isolate();
    let handle_scope = &mut HandleScope::new(isolate);
    let context = Context::new(handle_scope);
    let scope = &mut ContextScope::new(handle_scope, context);

    let source = tagus::String::new(scope, "1 + 1").unwrap();
    let script = Script::compile(scope, source, None).unwrap();
    let result = script.run(scope).unwrap();
    assert!(result.is_number() && result.is_int32());
    let number = result.to_number(scope).unwrap();
    assert_eq!(number.value(scope), 2.0);

    let result = eval(scope, "'Hello' + ', World!'");
    assert!(result.is_string());
    assert_eq!(str_of(scope, result), "Hello, World!");
}

#[test]
fn values_and_conversions() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let v = eval(scope, "0.5");
    assert!(v.is_number() && !v.is_int32());
    assert_eq!(v.number_value(scope), Some(0.5));
    let v = eval(scope, "-0");
    assert!(v.is_number() && !v.is_int32() && !v.is_uint32());
    let v = eval(scope, "4294967295");
    assert!(v.is_uint32() && !v.is_int32());
    let v = eval(scope, "({ valueOf() { return 7 } })");
    assert!(v.is_object() && !v.is_function());
    assert_eq!(v.number_value(scope), Some(7.0));
    assert_eq!(v.int32_value(scope), Some(7));
    let v = eval(scope, "[1, 2, 3]");
    assert!(v.is_array() && v.is_object());
    assert_eq!(str_of(scope, v), "1,2,3");
    let t = v.type_of(scope);
    assert_eq!(t.to_rust_string_lossy(scope), "object");
    let v = eval(scope, "null");
    assert!(v.is_null() && v.is_null_or_undefined() && !v.boolean_value(scope));
    let v = eval(scope, "undefined");
    assert!(v.is_undefined());
    let v = eval(scope, "'x'.length === 1");
    assert!(v.is_true() && v.is_boolean());
    let v = eval(scope, "Symbol('s')");
    assert!(v.is_symbol() && v.is_name());
    assert!(v.to_string(scope).is_none(), "a symbol's ToString throws");
    let v = eval(scope, "new RangeError('r')");
    assert!(v.is_native_error());
    let f = eval(scope, "(function named() {})");
    let f = Local::<Function>::try_from(f).expect("a function");
    let name = f.get_name(scope);
    assert_eq!(name.to_rust_string_lossy(scope), "named");
    assert!(Local::<tagus::String>::try_from(eval(scope, "1")).is_err());

    let n = Number::new(scope, 1.25);
    let i = Integer::new(scope, -3);
    assert_eq!(i.value(scope), -3);
    let sum = n.to_number(scope).unwrap();
    assert_eq!(sum.value(scope), 1.25);
    let one = Integer::new(scope, 1);
    let other_one = eval(scope, "1.0");
    assert!(one.strict_equals(scope, other_one));
    let hello = tagus::String::new(scope, "héllo").unwrap();
    assert_eq!(hello.length(scope), 5);
    assert_eq!(hello.utf8_length(scope), 6);
    let world = tagus::String::new(scope, " wörld").unwrap();
    let both = tagus::String::concat(scope, hello, world).unwrap();
    assert_eq!(both.to_rust_string_lossy(scope), "héllo wörld");
    let empty = tagus::String::empty(scope);
    assert_eq!(empty.length(scope), 0);
}

#[test]
fn object_get_and_set() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let context = Context::new(scope);
    let scope = &mut ContextScope::new(scope, context);

    let object = Object::new(scope);
    let x = key(scope, "x");
    let answer = Number::new(scope, 42.0);
    assert_eq!(object.set(scope, x, answer.into()), Some(true));
    let got = object.get(scope, x).unwrap();
    assert_eq!(got.number_value(scope), Some(42.0));
    assert_eq!(object.has(scope, x), Some(true));
    let missing = key(scope, "missing");
    assert!(object.get(scope, missing).unwrap().is_undefined());

    let hello = tagus::String::new(scope, "hello").unwrap();
    assert_eq!(object.set_index(scope, 3, hello.into()), Some(true));
    let third = object.get_index(scope, 3).unwrap();
    assert_eq!(str_of(scope, third), "hello");

    // Visible from JavaScript through the global object.
    let global = context.global(scope);
    let name = key(scope, "embedded");
    global.set(scope, name, object.into()).unwrap();
    let r = eval(scope, "embedded.x + 1 + embedded[3]");
    assert_eq!(str_of(scope, r), "43hello");

    // Objects made in JavaScript, read from Rust (getters run).
    let js = eval(scope, "({ a: 1, get b() { return this.a + 1 }, c: 'three' })");
    let js = Local::<Object>::try_from(js).unwrap();
    let b = key(scope, "b");
    let b = js.get(scope, b).unwrap();
    assert_eq!(b.number_value(scope), Some(2.0));
    let names = js.get_own_property_names(scope).unwrap();
    assert_eq!(names.length(scope), 3);
    let joined = str_of(scope, names.into());
    assert_eq!(joined, "a,b,c");
    let a = key(scope, "a");
    assert_eq!(js.delete(scope, a), Some(true));
    assert_eq!(js.has_own_property(scope, a), Some(false));
    let ctor = js.get_constructor_name(scope);
    assert_eq!(ctor.to_rust_string_lossy(scope), "Object");

    // Arrays.
    let one = Integer::new(scope, 1);
    let two = tagus::String::new(scope, "two").unwrap();
    let array = Array::new_with_elements(scope, &[one.into(), two.into()]);
    assert_eq!(array.length(scope), 2);
    let arr_name = key(scope, "arr");
    global.set(scope, arr_name, array.into()).unwrap();
    let r = eval(scope, "arr.push(3); arr.join('-')");
    assert_eq!(str_of(scope, r), "1-two-3");
    assert_eq!(array.length(scope), 3);
    let holes = Array::new(scope, 4);
    assert_eq!(holes.length(scope), 4);
    assert!(holes.get_index(scope, 0).unwrap().is_undefined());

    // A setter that throws: set returns None.
    let tc = &mut TryCatch::new(scope);
    let thrower = eval(tc, "({ set x(v) { throw new Error('no ' + v) } })");
    let thrower = Local::<Object>::try_from(thrower).unwrap();
    let x = key(tc, "x");
    let v = Integer::new(tc, 5);
    assert_eq!(thrower.set(tc, x, v.into()), None);
    assert!(tc.has_caught());
    assert_eq!(tc.message().unwrap().text(), "Uncaught Error: no 5");
}

#[test]
fn function_callback_called_from_javascript() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let context = Context::new(scope);
    let scope = &mut ContextScope::new(scope, context);

    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let add = Function::new(
        scope,
        move |scope: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, mut rv: ReturnValue<'_>| {
            counter.set(counter.get() + 1);
            let mut sum = 0.0;
            for i in 0..args.length() {
                sum += args.get(i).number_value(scope).unwrap_or(f64::NAN);
            }
            let result = Number::new(scope, sum);
            rv.set(result.into());
        },
    )
    .unwrap();
    let global = context.global(scope);
    let name = key(scope, "add");
    global.set(scope, name, add.into()).unwrap();

    let r = eval(scope, "add(2, 3) * 10 + add() + add('4', 0.5)");
    assert_eq!(r.number_value(scope), Some(54.5));
    assert_eq!(calls.get(), 3);
    let r = eval(scope, "typeof add + ':' + add.name + ':' + add.length");
    assert_eq!(str_of(scope, r), "function::0");

    // Receivers, missing arguments, other return kinds, a builder-made function.
    let describe = Function::builder(
        |scope: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, mut rv: ReturnValue<'_>| {
            let this = args.this();
            let marker = key(scope, "marker");
            let m = this.get(scope, marker).unwrap();
            let missing = args.get(5);
            assert!(missing.is_undefined());
            let text = format!("{}/{}", str_of(scope, m), args.length());
            let s = tagus::String::new(scope, &text).unwrap();
            rv.set(s.into());
        },
    )
    .name("describe")
    .length(2)
    .build(scope)
    .unwrap();
    let name = key(scope, "describe");
    global.set(scope, name, describe.into()).unwrap();
    let r = eval(
        scope,
        "var marker = 'global'; [describe(1), ({ marker: 'obj', describe }).describe(), describe.name, describe.length].join()",
    );
    assert_eq!(str_of(scope, r), "global/1,obj/0,describe,2");

    let flags = Function::new(
        scope,
        |_: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, mut rv: ReturnValue<'_>| match args.length() {
            0 => rv.set_null(),
            1 => rv.set_bool(true),
            2 => rv.set_int32(-7),
            _ => rv.set_empty_string(),
        },
    )
    .unwrap();
    let name = key(scope, "flags");
    global.set(scope, name, flags.into()).unwrap();
    let r = eval(scope, "JSON.stringify([flags(), flags(1), flags(1, 2), flags(1, 2, 3)])");
    assert_eq!(str_of(scope, r), "[null,true,-7,\"\"]");

    // Rust calls JavaScript, which calls Rust.
    let js = eval(scope, "(function (a, b) { return add(a, b, this.k) })");
    let js = Local::<Function>::try_from(js).unwrap();
    let recv = eval(scope, "({ k: 100 })");
    let a = Integer::new(scope, 1);
    let b = Number::new(scope, 0.25);
    let r = js.call(scope, recv, &[a.into(), b.into()]).unwrap();
    assert_eq!(r.number_value(scope), Some(101.25));

    // Constructing a JavaScript class from Rust.
    let point = eval(scope, "(class Point { constructor(x) { this.x = x } })");
    let point = Local::<Function>::try_from(point).unwrap();
    let x = Integer::new(scope, 9);
    let p = point.new_instance(scope, &[x.into()]).unwrap();
    let xk = key(scope, "x");
    assert_eq!(p.get(scope, xk).unwrap().number_value(scope), Some(9.0));
    let point_value: Local<'_, Object> = point.into();
    assert_eq!(p.instance_of(scope, point_value), Some(true));
}

#[test]
fn exception_caught_with_message_line_and_column() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let context = Context::new(scope);
    let scope = &mut ContextScope::new(scope, context);
    let origin = ScriptOrigin::with_resource_name("test.js");

    {
        let tc = &mut TryCatch::new(scope);
        let source = tagus::String::new(tc, "function f() {\n  throw new Error('boom');\n}\nf();\n").unwrap();
        let script = Script::compile(tc, source, Some(&origin)).unwrap();
        assert!(!tc.has_caught());
        assert!(script.run(tc).is_none());
        assert!(tc.has_caught() && !tc.has_terminated() && tc.can_continue());
        let exception = tc.exception().unwrap();
        assert!(exception.is_native_error());
        assert_eq!(str_of(tc, exception), "Error: boom");
        let message = tc.message().unwrap();
        assert_eq!(message.text(), "Uncaught Error: boom");
        assert_eq!(message.resource_name(), Some("test.js"));
        assert_eq!(message.get_line_number(), Some(2));
        assert_eq!(message.get_start_column(), 2);
        assert_eq!(message.get_end_column(), 3);
        assert_eq!(message.source_line(), Some("  throw new Error('boom');"));
        let text = message.get(tc);
        assert_eq!(text.to_rust_string_lossy(tc), "Uncaught Error: boom");
        let line = message.get_source_line(tc).unwrap();
        assert_eq!(line.to_rust_string_lossy(tc), "  throw new Error('boom');");
        let stack = tc.stack_trace().unwrap();
        let stack = str_of(tc, stack);
        assert!(stack.starts_with("Error: boom\n    at f (test.js:2:9)"), "{stack}");
        tc.reset();
        assert!(!tc.has_caught());
    }

    {
        // A runtime TypeError, column of the failing property read.
        let tc = &mut TryCatch::new(scope);
        let source = tagus::String::new(tc, "let a = 1;\nnull.x;\n").unwrap();
        let script = Script::compile(tc, source, None).unwrap();
        assert!(script.run(tc).is_none());
        let message = tc.message().unwrap();
        assert_eq!(message.text(), "Uncaught TypeError: Cannot read properties of null (reading 'x')");
        assert_eq!(message.get_line_number(), Some(2));
        assert_eq!(message.get_start_column(), 5);
        assert_eq!(message.resource_name(), None);
        let name = message.get_script_resource_name(tc);
        assert!(name.is_undefined());
    }

    {
        // A syntax error: compile fails.
        let tc = &mut TryCatch::new(scope);
        let source = tagus::String::new(tc, "let x = 1;\nlet y = );\n").unwrap();
        let origin = ScriptOrigin::with_resource_name("bad.js");
        assert!(Script::compile(tc, source, Some(&origin)).is_none());
        let exception = tc.exception().unwrap();
        let syntax_error = eval(tc, "SyntaxError");
        let syntax_error = Local::<Object>::try_from(syntax_error).unwrap();
        assert_eq!(exception.instance_of(tc, syntax_error), Some(true));
        let message = tc.message().unwrap();
        assert!(message.text().starts_with("Uncaught SyntaxError: "), "{}", message.text());
        assert_eq!(message.get_line_number(), Some(2));
        assert_eq!(message.get_start_column(), 8);
        assert_eq!(message.source_line(), Some("let y = );"));
        assert_eq!(message.resource_name(), Some("bad.js"));
    }

    {
        // Thrown primitives and nested TryCatches with rethrow.
        let outer = &mut TryCatch::new(scope);
        {
            let inner = &mut TryCatch::new(outer);
            let source = tagus::String::new(inner, "throw 'plain'").unwrap();
            let script = Script::compile(inner, source, None).unwrap();
            assert!(script.run(inner).is_none());
            assert_eq!(inner.message().unwrap().text(), "Uncaught plain");
            assert!(inner.rethrow().is_some());
        }
        assert!(outer.has_caught());
        let e = outer.exception().unwrap();
        assert_eq!(str_of(outer, e), "plain");
        assert_eq!(outer.message().unwrap().get_line_number(), Some(1));
    }

    // Without a TryCatch the exception is dropped and the isolate goes on.
    let source = tagus::String::new(scope, "throw new Error('unobserved')").unwrap();
    let script = Script::compile(scope, source, None).unwrap();
    assert!(script.run(scope).is_none());
    let r = eval(scope, "1 + 2");
    assert_eq!(r.number_value(scope), Some(3.0));
}

#[test]
fn compilation_cache_reuses_compiled_code() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let origin = ScriptOrigin::with_resource_name("cached.js");
    let before = scope.compilation_cache_size();

    let source = tagus::String::new(scope, "var runs = (globalThis.runs || 0) + 1; 6 * 7").unwrap();
    let first = Script::compile(scope, source, Some(&origin)).unwrap();
    assert_eq!(scope.compilation_cache_size(), before + 1);

    // The same text again (a different string object): a cache hit.
    let again = tagus::String::new(scope, "var runs = (globalThis.runs || 0) + 1; 6 * 7").unwrap();
    assert!(!again.identical(scope, source));
    let second = Script::compile(scope, again, Some(&origin)).unwrap();
    assert_eq!(scope.compilation_cache_size(), before + 1, "no new cache entry");
    let (u1, u2) = (first.get_unbound_script(scope), second.get_unbound_script(scope));
    assert!(u1.identical(scope, u2), "the same SharedFunctionInfo");
    assert_eq!(u1.get_id(scope), u2.get_id(scope));
    assert!(!first.identical(scope, second), "each compile makes its own closure");

    // Both run, each time.
    assert_eq!(first.run(scope).unwrap().number_value(scope), Some(42.0));
    assert_eq!(second.run(scope).unwrap().number_value(scope), Some(42.0));
    let bound = u1.bind_to_current_context(scope);
    assert_eq!(bound.run(scope).unwrap().number_value(scope), Some(42.0));
    let runs = eval(scope, "runs");
    assert_eq!(runs.number_value(scope), Some(3.0));

    // Other text, or the same text under another name: compiled anew.
    let entries = scope.compilation_cache_size();
    let other = tagus::String::new(scope, "6 * 7 + 0").unwrap();
    let third = Script::compile(scope, other, Some(&origin)).unwrap();
    let u3 = third.get_unbound_script(scope);
    assert_ne!(u3.get_id(scope), u1.get_id(scope));
    let renamed = ScriptOrigin::with_resource_name("other.js");
    let fourth = Script::compile(scope, source, Some(&renamed)).unwrap();
    let u4 = fourth.get_unbound_script(scope);
    assert!(!u4.identical(scope, u1));
    assert_eq!(scope.compilation_cache_size(), entries + 2);
}

#[test]
fn handles_survive_many_gcs() {
    let (params, rest) = CreateParams::default().flags(["--gc-interval=500", "--verify-heap"]).unwrap();
    assert!(rest.is_empty());
    let isolate = &mut Isolate::new(params);
    let global_string;
    let gcs_before = isolate.heap().gc_counters().scavenges;
    {
        let scope = &mut HandleScope::new(isolate);
        let object = Object::new(scope);
        let name = key(scope, "name");
        let text = tagus::String::new(scope, "kept alive").unwrap();
        object.set(scope, name, text.into()).unwrap();
        let fraction = Number::new(scope, 1.5);
        let big = Number::new(scope, 1e300);
        let list = Array::new_with_elements(scope, &[fraction.into(), text.into(), object.into()]);
        let escaped = {
            let inner = &mut EscapableHandleScope::new(scope);
            let made = eval(inner, "({ made: 'inside' })");
            inner.escape(made)
        };
        global_string = Global::new(scope, text);

        // Lots of garbage while the handles are held.
        let r = eval(
            scope,
            "let keep = []; for (let i = 0; i < 20000; i++) { let o = { i, s: 'x' + i }; if (i % 100 === 0) keep.push(o); } keep.length",
        );
        assert_eq!(r.number_value(scope), Some(200.0));
        for _ in 0..3 {
            scope.request_garbage_collection_for_testing(GarbageCollectionType::Minor);
            scope.low_memory_notification();
        }

        let got = object.get(scope, name).unwrap();
        assert_eq!(str_of(scope, got), "kept alive");
        assert_eq!(fraction.value(scope), 1.5);
        assert_eq!(big.value(scope), 1e300);
        assert_eq!(list.length(scope), 3);
        let third = list.get_index(scope, 2).unwrap();
        assert!(third.identical(scope, object));
        let joined = eval(scope, "[1.5, 'kept alive', {}].length");
        assert_eq!(joined.number_value(scope), Some(3.0));
        let made_key = key(scope, "made");
        let escaped = Local::<Object>::try_from(escaped).unwrap();
        let made = escaped.get(scope, made_key).unwrap();
        assert_eq!(str_of(scope, made), "inside");
    }
    let counters = isolate.heap().gc_counters();
    assert!(
        counters.scavenges - gcs_before > 20,
        "only {} scavenges",
        counters.scavenges - gcs_before
    );
    assert!(counters.mark_compacts >= 3);
    assert_eq!(isolate.global_handle_count(), 1);
    let scope = &mut HandleScope::new(isolate);
    scope.low_memory_notification();
    let back = Local::new(scope, &global_string);
    assert_eq!(back.to_rust_string_lossy(scope), "kept alive");
    drop(global_string);
}

#[test]
fn terminate_execution_from_another_thread() {
    let isolate = &mut new_isolate();
    let handle = isolate.thread_safe_handle();
    let scope = &mut HandleScope::new(isolate);
    let context = Context::new(scope);
    let scope = &mut ContextScope::new(scope, context);
    let killer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        handle.terminate_execution()
    });
    {
        let tc = &mut TryCatch::new(scope);
        let source = tagus::String::new(tc, "var spins = 0; while (true) { spins++ }").unwrap();
        let script = Script::compile(tc, source, None).unwrap();
        assert!(script.run(tc).is_none());
        assert!(tc.has_caught() && tc.has_terminated() && !tc.can_continue());
        assert!(tc.exception().is_none());
    }
    assert!(killer.join().unwrap());
    // The isolate is usable again.
    assert!(!scope.is_execution_terminating());
    let spins = eval(scope, "spins > 0");
    assert!(spins.is_true());
    let r = eval(scope, "1 + 1");
    assert_eq!(r.number_value(scope), Some(2.0));
}

#[test]
fn termination_unwinds_through_callbacks_and_catch() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    // A callback that terminates the script that called it; JavaScript's catch cannot stop it.
    let stop = Function::new(
        scope,
        |scope: &mut HandleScope<'_>, _: FunctionCallbackArguments<'_>, _: ReturnValue<'_>| {
            scope.terminate_execution();
        },
    )
    .unwrap();
    let global = Context::new(scope).global(scope);
    let name = key(scope, "stop");
    global.set(scope, name, stop.into()).unwrap();
    let tc = &mut TryCatch::new(scope);
    let source = tagus::String::new(tc, "var after = 0; try { for (;;) { stop() } } catch (e) { after = 1 } after = 2").unwrap();
    let script = Script::compile(tc, source, None).unwrap();
    assert!(script.run(tc).is_none());
    assert!(tc.has_terminated());
    let after = eval(tc, "after");
    assert_eq!(after.number_value(tc), Some(0.0));
}

#[test]
fn rust_callback_throws_into_javascript() {
    let isolate = &mut new_isolate();
    let scope = &mut HandleScope::new(isolate);
    let context = Context::new(scope);
    let scope = &mut ContextScope::new(scope, context);
    let global = context.global(scope);

    let thrower = Function::new(
        scope,
        |scope: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, _: ReturnValue<'_>| {
            let what = if args.length() > 0 {
                str_of(scope, args.get(0))
            } else {
                "bad".to_string()
            };
            let message = tagus::String::new(scope, &what).unwrap();
            let error = Exception::type_error(scope, message);
            scope.throw_exception(error);
        },
    )
    .unwrap();
    let name = key(scope, "thrower");
    global.set(scope, name, thrower.into()).unwrap();

    let r = eval(
        scope,
        "try { thrower('from rust'); 'not thrown' } catch (e) { (e instanceof TypeError) + ':' + e.message }",
    );
    assert_eq!(str_of(scope, r), "true:from rust");

    // Uncaught in JavaScript: the TryCatch sees it, located at the call.
    {
        let tc = &mut TryCatch::new(scope);
        let origin = ScriptOrigin::with_resource_name("calls.js");
        let source = tagus::String::new(tc, "1;\n  thrower();\n").unwrap();
        let script = Script::compile(tc, source, Some(&origin)).unwrap();
        assert!(script.run(tc).is_none());
        let message = tc.message().unwrap();
        assert_eq!(message.text(), "Uncaught TypeError: bad");
        assert_eq!(message.get_line_number(), Some(2));
        assert_eq!(message.resource_name(), Some("calls.js"));
    }

    // Called directly from Rust: no JavaScript frame, still caught.
    {
        let tc = &mut TryCatch::new(scope);
        let recv = tagus::undefined(tc);
        assert!(thrower.call(tc, recv.into(), &[]).is_none());
        assert!(tc.has_caught());
        assert_eq!(tc.message().unwrap().text(), "Uncaught TypeError: bad");
        assert_eq!(tc.message().unwrap().get_line_number(), None);
    }

    // A JavaScript exception raised inside a callback's own call propagates through it...
    let relay = Function::new(
        scope,
        |scope: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, mut rv: ReturnValue<'_>| {
            let f = Local::<Function>::try_from(args.get(0)).unwrap();
            let recv = tagus::undefined(scope);
            if let Some(r) = f.call(scope, recv.into(), &[]) {
                rv.set(r);
            }
        },
    )
    .unwrap();
    let name = key(scope, "relay");
    global.set(scope, name, relay.into()).unwrap();
    let r = eval(
        scope,
        "try { relay(() => { throw new RangeError('deep') }) } catch (e) { e.name + ' ' + e.message }",
    );
    assert_eq!(str_of(scope, r), "RangeError deep");
    let r = eval(scope, "relay(() => 'fine')");
    assert_eq!(str_of(scope, r), "fine");

    // ...unless the callback catches it itself.
    let guard = Function::new(
        scope,
        |scope: &mut HandleScope<'_>, args: FunctionCallbackArguments<'_>, mut rv: ReturnValue<'_>| {
            let f = Local::<Function>::try_from(args.get(0)).unwrap();
            let tc = &mut TryCatch::new(scope);
            let recv = tagus::undefined(tc);
            assert!(f.call(tc, recv.into(), &[]).is_none());
            let text = tc.message().unwrap().text().to_string();
            let s = tagus::String::new(tc, &text).unwrap();
            rv.set(s.into());
        },
    )
    .unwrap();
    let name = key(scope, "guard");
    global.set(scope, name, guard.into()).unwrap();
    let r = eval(scope, "guard(() => { null.f() })");
    assert_eq!(str_of(scope, r), "Uncaught TypeError: Cannot read properties of null (reading 'f')");
}

#[test]
fn heap_statistics_external_memory_and_limits() {
    let isolate = &mut Isolate::new(CreateParams::default().heap_limits(0, 16 << 20));
    let stats = isolate.get_heap_statistics();
    assert!(stats.heap_size_limit() >= 16 << 20);
    assert!(stats.used_heap_size() > 0 && stats.total_heap_size() >= stats.used_heap_size());
    assert_eq!(stats.number_of_native_contexts(), 1);
    assert_eq!(isolate.adjust_amount_of_external_allocated_memory(4096), 4096);
    assert_eq!(isolate.get_heap_statistics().external_memory(), 4096);
    assert_eq!(isolate.adjust_amount_of_external_allocated_memory(-4096), 0);

    // The near-heap-limit callback raises the limit: about 36 MB retained in a 16 MB heap.
    let raised = Rc::new(Cell::new(0));
    let seen = raised.clone();
    isolate.add_near_heap_limit_callback(move |current, _initial| {
        seen.set(seen.get() + 1);
        current * 2
    });
    let scope = &mut HandleScope::new(isolate);
    let r = eval(
        scope,
        "let big = []; for (let i = 0; i < 600000; i++) big.push({ i, a: [i, i] }); big.length",
    );
    assert_eq!(r.number_value(scope), Some(600000.0));
    assert!(raised.get() > 0);
}

#[test]
fn out_of_memory_is_reported_and_uncatchable() {
    let isolate = &mut Isolate::new(CreateParams::default().heap_limits(0, 8 << 20));
    let reported = Rc::new(Cell::new(0));
    let seen = reported.clone();
    isolate.set_oom_error_handler(move |details| {
        assert!(details.is_heap_oom);
        seen.set(seen.get() + 1);
    });
    let scope = &mut HandleScope::new(isolate);
    {
        let tc = &mut TryCatch::new(scope);
        let source = tagus::String::new(
            tc,
            "var caught = false; try { let a = []; for (;;) a.push({ a: [1, 2, 3] }) } catch (e) { caught = true }",
        )
        .unwrap();
        let script = Script::compile(tc, source, None).unwrap();
        assert!(script.run(tc).is_none());
        assert!(tc.has_caught() && !tc.can_continue() && !tc.has_terminated());
    }
    assert!(reported.get() > 0);
    scope.low_memory_notification();
    let r = eval(scope, "caught");
    assert!(r.is_false(), "JavaScript cannot catch out of memory");
}

#[test]
fn isolates_are_independent() {
    let mut a = new_isolate();
    let mut b = new_isolate();
    {
        let scope = &mut HandleScope::new(&mut a);
        eval(scope, "var shared = 'a'");
    }
    let scope = &mut HandleScope::new(&mut b);
    let r = eval(scope, "typeof shared");
    assert_eq!(str_of(scope, r), "undefined");
}

#[test]
#[should_panic(expected = "a Local of another isolate")]
fn handles_are_checked_against_their_isolate() {
    let mut a = new_isolate();
    let mut b = new_isolate();
    let scope_a = &mut HandleScope::new(&mut a);
    let s = tagus::String::new(scope_a, "from a").unwrap();
    let scope_b = &mut HandleScope::new(&mut b);
    s.to_rust_string_lossy(scope_b);
}

#[test]
fn create_params_flags() {
    let (params, rest) = CreateParams::default()
        .flags(["--max-old-space-size=32", "--expose_gc", "--stack-size=200", "--no-such-flag"])
        .unwrap();
    assert_eq!(rest, ["--no-such-flag"]);
    assert_eq!(params.heap_config().max_old_generation_size, 32 << 20);
    assert_eq!(params.vm_options().stack_size_kb, 200);
    let isolate = &mut Isolate::new(params);
    let scope = &mut HandleScope::new(isolate);
    let r = eval(scope, "typeof gc");
    assert_eq!(str_of(scope, r), "function");
    // A smaller stack: deep recursion overflows into a catchable RangeError.
    let r = eval(
        scope,
        "let depth = 0; function f() { depth++; f() } try { f() } catch (e) { e.name + ' ' + (depth < 5000) }",
    );
    assert_eq!(str_of(scope, r), "RangeError true");
}

#[test]
fn finalization_callbacks_run_after_the_script_that_queued_them() {
    let (params, _) = CreateParams::default().flags(["--expose-gc", "--verify-heap"]).unwrap();
    let isolate = &mut Isolate::new(params);
    let scope = &mut HandleScope::new(isolate);
    let r = eval(
        scope,
        "var cleaned = []; var registry = new FinalizationRegistry((held) => cleaned.push(held));
         (function () { registry.register({}, 'held value'); })();
         gc();
         cleaned.length",
    );
    assert_eq!(str_of(scope, r), "0", "never during the script");
    let r = eval(scope, "cleaned.join()");
    assert_eq!(str_of(scope, r), "held value", "run when the first script finished");
}

#[test]
fn a_million_constructed_points_cost_twenty_bytes_each_plus_their_array_slot() {
    let isolate = &mut Isolate::new(CreateParams::default());
    let scope = &mut HandleScope::new(isolate);
    eval(scope, "function P(x, y) { this.x = x; this.y = y } var points = [];");
    scope.low_memory_notification();
    let before = scope.get_heap_statistics().used_heap_size();
    eval(
        scope,
        "for (let i = 0; i < 1000000; i++) points.push(new P(i, i + 1)); points.length",
    );
    scope.low_memory_notification();
    let after = scope.get_heap_statistics().used_heap_size();
    let per_point = (after - before) as f64 / 1e6;
    // 20 bytes of object (map, properties, elements, x, y) and a 4-byte array slot; the
    // array's growth slack (up to 1.5x) is the rest.
    eprintln!("{per_point:.2} bytes per point");
    assert!((24.0..=27.0).contains(&per_point), "{per_point:.2} bytes per point");
    let r = eval(scope, "points[999999].x + points[999999].y");
    assert_eq!(str_of(scope, r), "1999999");
}

#[test]
fn a_million_doubles_in_an_array_cost_eight_bytes_each() {
    let isolate = &mut Isolate::new(CreateParams::default());
    let scope = &mut HandleScope::new(isolate);
    let mut measure = |source: &str| {
        scope.low_memory_notification();
        let before = scope.get_heap_statistics().used_heap_size();
        eval(scope, source);
        scope.low_memory_notification();
        let after = scope.get_heap_statistics().used_heap_size();
        (after - before) as f64 / 1e6
    };
    // Preallocated, then filled: one FixedDoubleArray of exactly a million unboxed doubles.
    // (Boxed, the same array was 4 bytes a slot pointing at one shared HeapNumber.)
    let filled = measure("var filled = new Array(1e6).fill(0.5); filled.length");
    // Distinct values pushed one by one: 8 bytes each plus the store's growth slack (boxed,
    // each was a 12-byte HeapNumber and a 4-byte slot).
    let pushed = measure("var pushed = []; for (let i = 0; i < 1e6; i++) pushed.push(i + 0.5); pushed.length");
    eprintln!("{filled:.2} bytes per filled double, {pushed:.2} per pushed double");
    assert!((8.0..=8.1).contains(&filled), "{filled:.2} bytes per filled double");
    assert!((8.0..=12.5).contains(&pushed), "{pushed:.2} bytes per pushed double");
    let r = eval(scope, "filled[999999] + pushed[999999]");
    assert_eq!(str_of(scope, r), "1000000");
}
