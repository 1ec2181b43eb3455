//! V8's hello-world sample (`samples/hello-world.cc`), through Tagus's embedding API: an
//! isolate, a handle scope, a context, the source `"1 + 1"` made a JavaScript string,
//! compiled, run, and its result converted to a number and printed: `2`.
//!
//! `cargo run --release --example hello_world`

use tagus::{Context, ContextScope, CreateParams, HandleScope, Isolate, Script};

fn main() {
    // Create a new isolate and make it the current one.
    let isolate = &mut Isolate::new(CreateParams::default());

    // Create a stack-allocated handle scope.
    let handle_scope = &mut HandleScope::new(isolate);

    // Create a new context and enter it for compiling and running the script.
    let context = Context::new(handle_scope);
    let scope = &mut ContextScope::new(handle_scope, context);

    // Create a string containing the JavaScript source code.
    let source = tagus::String::new(scope, "1 + 1").expect("source string");

    // Compile the source code.
    let script = Script::compile(scope, source, None).expect("the script compiles");

    // Run the script to get the result.
    let result = script.run(scope).expect("the script runs");

    // Convert the result to a number and print it.
    let number = result.to_number(scope).expect("a number");
    println!("{}", number.value(scope));
}
