//! End-to-end behaviour: programs compiled by tagus-compiler and run on the tiny
//! reference interpreter in `interp/` print what JavaScript prints.
//!
//! Invariant: expectations are what a conforming engine prints for each program.

mod interp;
use interp::Vm;

fn run(src: &str) -> Vec<String> {
    Vm::run_source(src).unwrap_or_else(|e| panic!("{e}\n--- source ---\n{src}"))
}

fn run_err(src: &str) -> String {
    match Vm::run_source(src) {
        Ok(out) => panic!("expected an exception, got {out:?}"),
        Err(e) => e,
    }
}

#[test]
fn arithmetic_and_strings() {
    assert_eq!(
        run("print(1 + 2 * 3, 7 % 4, 2 ** 10, 'a' + 1, -(3), 5 >>> 1, ~0, 1 << 4);"),
        ["7 3 1024 a1 -3 2 -1 16"]
    );
    assert_eq!(run("let a = 5; a += 2; a *= 3; a -= 1; print(a, a++, a, --a);"), ["20 20 21 20"]);
    assert_eq!(run("const x = 2; print(`x=${x}, y=${x + 1}!`);"), ["x=2, y=3!"]);
}

#[test]
fn closures_capture_per_iteration_bindings() {
    let out = run("const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); print(fs[0](), fs[1](), fs[2]());");
    assert_eq!(out, ["0 1 2"]);
    let out = run("const fs = []; for (const x of [5, 6]) fs.push(() => x); print(fs[0](), fs[1]());");
    assert_eq!(out, ["5 6"]);
    let out = run("function counter() { let n = 0; return { inc() { return ++n; } }; } const c = counter(); c.inc(); print(c.inc());");
    assert_eq!(out, ["2"]);
}

#[test]
fn control_flow() {
    let src = "
      let out = [];
      outer: for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          if (j > i) continue outer;
          if (i === 3) break outer;
          out.push(i * 10 + j);
        }
      }
      print(out);
      let k = 0; do { k++; } while (k < 5); print(k);
      switch (k) { case 1: print('one'); case 5: print('five'); case 6: print('six'); break; default: print('other'); }
      switch (9) { default: print('d'); case 1: print('fall'); }
      blk: { print('in'); break blk; }
      print(k > 3 ? 'big' : 'small', null ?? 'dflt', 0 || 'or', 1 && 'and');
    ";
    assert_eq!(
        run(src),
        ["0,10,11,20,21,22", "5", "five", "six", "d", "fall", "in", "big dflt or and"]
    );
}

#[test]
fn try_catch_finally_ordering() {
    let src = "
      function f() {
        try { print('try'); return 'ret'; }
        finally { print('finally'); }
      }
      print(f());
      function g() {
        for (let i = 0; i < 3; i++) {
          try { if (i === 1) break; print('body', i); }
          finally { print('fin', i); }
        }
        return 'done';
      }
      print(g());
      try { throw 'boom'; } catch (e) { print('caught', e); } finally { print('cleanup'); }
      function h() { try { throw 'x'; } finally { return 'override'; } }
      print(h());
      function nested() {
        try { try { return 1; } finally { print('inner'); } } finally { print('outer'); }
      }
      print(nested());
    ";
    assert_eq!(
        run(src),
        [
            "try",
            "finally",
            "ret",
            "body 0",
            "fin 0",
            "fin 1",
            "done",
            "caught boom",
            "cleanup",
            "override",
            "inner",
            "outer",
            "1"
        ]
    );
}

#[test]
fn exceptions_restore_contexts() {
    let src = "
      let fs = [];
      try {
        let captured = 'ctx';
        fs.push(() => captured);
        throw 1;
      } catch (e) {
        let again = 'catch-ctx';
        fs.push(() => again);
      }
      let after = 'after';
      print(fs[0](), fs[1](), (() => after)());
    ";
    assert_eq!(run(src), ["ctx catch-ctx after"]);
}

#[test]
fn destructuring() {
    let src = "
      const { a, b: { c = 3 } = {}, ...rest } = { a: 1, d: 4, e: 5 };
      print(a, c, rest.d, rest.e, rest.a);
      const [x, , y = 7, ...zs] = [1, 2, undefined, 4, 5];
      print(x, y, zs);
      let p = 1, q = 2; [p, q] = [q, p]; print(p, q);
      function f({ m, n = 10 }, [o] = [99], ...more) { return m + n + o + more.length; }
      print(f({ m: 1 }), f({ m: 1, n: 2 }, [3], 4, 5));
      for (const [k, v] of [['a', 1], ['b', 2]]) print(k + v);
    ";
    // `<close>` marks IteratorClose: patterns that stop before the iterator reports
    // done must close it; exhausted ones (rest elements) must not.
    assert_eq!(
        run(src),
        [
            "1 3 4 5 undefined",
            "1 7 4,5",
            "<close>",
            "2 1",
            "<close>",
            "<close>",
            "110 8",
            "<close>",
            "a1",
            "<close>",
            "b2"
        ]
    );
}

#[test]
fn iterator_close_on_break() {
    let src = "
      const it = { i: 0, next() { this.i++; return { done: this.i > 3, value: this.i }; }, return() { print('return called'); return {}; } };
      const iterable = [1, 2, 3];
      for (const v of iterable) { if (v === 2) break; print(v); }
      print('end');
    ";
    let out = run(src);
    assert_eq!(out, ["1", "<close>", "end"]);
}

#[test]
fn classes_and_super() {
    let src = "
      class Animal {
        static count = 0;
        legs = 4;
        constructor(name) { this.name = name; Animal.count++; }
        speak() { return this.name + ' makes a sound'; }
        get info() { return this.name + '/' + this.legs; }
        static create(n) { return new this(n); }
      }
      class Dog extends Animal {
        tricks = [];
        constructor(name, ...tricks) { super(name); this.tricks.push(...tricks); }
        speak() { return super.speak() + ' (woof)'; }
        get info() { return 'dog:' + super.info; }
      }
      class Puppy extends Dog {}
      const d = new Dog('rex', 'sit', 'roll');
      print(d.speak(), d.info, d.tricks, d.legs);
      const p = new Puppy('bit');
      print(p.speak(), p instanceof Dog, p instanceof Animal, Animal.count);
      print(Animal.create('cat').name, typeof Animal);
      const o = { base() { return 'b'; } };
      const child = { __proto__: o, base() { return 'c' + super.base(); } };
      print(child.base());
    ";
    assert_eq!(
        run(src),
        [
            "rex makes a sound (woof) dog:rex/4 sit,roll 4",
            "bit makes a sound (woof) true true 2",
            "cat function",
            "cb"
        ]
    );
}

#[test]
fn derived_constructor_errors() {
    assert!(run_err("class A {} class B extends A { constructor() { this.x = 1; } } new B();").contains("ReferenceError"));
    assert!(
        run_err("class A {} class B extends A { constructor() { super(); super(); } } new B();")
            .contains("Super constructor may only be called once")
    );
    assert!(run_err("class A {} A();").contains("TypeError"));
}

#[test]
fn tdz_and_const() {
    assert!(run_err("print(x); let x = 1;").contains("Cannot access 'x' before initialization"));
    assert!(run_err("function f() { return y; } f(); let y;").contains("Cannot access 'y'"));
    assert!(run_err("const c = 1; c = 2;").contains("Assignment to constant variable."));
    assert!(run_err("undeclaredVariable;").contains("ReferenceError"));
    assert_eq!(run("print(typeof undeclaredVariable);"), ["undefined"]);
    assert_eq!(run("function f() { return typeof g; function g() {} } print(f());"), ["function"]);
}

#[test]
fn arguments_spread_and_optional_chaining() {
    let src = "
      function count() { return arguments.length; }
      print(count(1, 2, 3), count(...[1, 2], 3, ...[4]));
      const o = { a: { b() { return 'hi'; } } };
      print(o?.a?.b(), o.x?.y.z, o.x?.(), o.a.c?.());
      function F(a, b) { this.sum = a + b; }
      print(new F(...[1, 2]).sum, new F(1, ...[5]).sum);
      const arrow = (...xs) => xs.length;
      print(arrow(), arrow(1, 2));
    ";
    assert_eq!(run(src), ["3 4", "hi undefined undefined undefined", "3 6", "0 2"]);
}

#[test]
fn for_in_and_objects() {
    let src = "
      const o = { a: 1, b: 2, ['c' + 1]: 3, get g() { return 'getter'; } };
      const keys = [];
      for (const k in o) keys.push(k);
      print(keys, o.g, o.c1);
      const copy = { ...o, b: 20 };
      print(copy.a, copy.b);
      delete copy.a;
      print('a' in copy, 'b' in copy);
    ";
    assert_eq!(run(src), ["a,b,c1,g getter 3", "1 20", "false true"]);
}

#[test]
fn this_and_new_target() {
    let src = "
      function Outer() {
        this.v = 42;
        const arrow = () => this.v;
        print(arrow(), new.target === Outer);
      }
      new Outer();
      const obj = { v: 'obj', m() { return [1].map ? this.v : this.v; } };
      print(obj.m());
      var fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };
      print(fact(5));
    ";
    assert_eq!(run(src), ["42 true", "obj", "120"]);
}

#[test]
fn script_completion_value_and_globals() {
    assert_eq!(run("var g = 1; function inc() { g++; } inc(); inc(); print(g);"), ["3"]);
    assert_eq!(run("let s = 'x'; { let s = 'inner'; print(s); } print(s);"), ["inner", "x"]);
}

#[test]
fn contexts_survive_jumps_through_finally() {
    let src = "
      function f() {
        const fs = [];
        outer: for (let i = 0; i < 3; i++) {
          let j = i * 2;
          fs.push(() => i + j);
          try {
            { let k = i; fs.push(() => k); if (i === 1) continue outer; if (i === 2) break outer; }
          } finally {
            fs.push(() => 'fin' + i);
          }
        }
        return fs.map ? fs : fs;
      }
      const fs = f();
      const out = [];
      for (const g of fs) out.push(g());
      print(out);
      function g() {
        let a = 'a';
        { let b = 'b'; const h = () => b;
          try { return h() + a; } finally { print('finally sees', b, a); } }
      }
      print(g());
    ";
    assert_eq!(run(src), ["0,0,fin0,3,1,fin1,6,2,fin2", "finally sees b a", "ba"]);
}

#[test]
fn switch_and_for_in_scopes() {
    let src = "
      const fs = [];
      for (const k in { x: 1, y: 2 }) fs.push(() => k);
      print(fs[0](), fs[1]());
      function s(v) {
        switch (v) { case 1: let t = 'one'; return () => t; default: return () => 'dflt'; }
      }
      print(s(1)(), s(2)());
    ";
    assert_eq!(run(src), ["x y", "one dflt"]);
}

#[test]
fn class_fields_statics_and_names() {
    let src = "
      let n = 0;
      const key = 'dyn';
      class A {
        id = ++n;
        self = () => this.id;
        [key] = 'computed';
        static instances = 0;
        static { A.instances = 10; this.tag = 'static-block'; }
        static make() { return new A(); }
        get both() { return this._v; }
        set both(v) { this._v = v * 2; }
      }
      const a = new A(), b = A.make();
      a.both = 21;
      print(a.id, b.id, a.self(), b.dyn, A.instances, A.tag, a.both);
      const C = class Named { who() { return typeof Named; } };
      print(new C().who());
      class B extends A { constructor() { const init = () => super(); init(); print('after super', this.id); } }
      new B();
    ";
    assert_eq!(run(src), ["1 2 1 computed 10 static-block 42", "function", "after super 3"]);
}

#[test]
fn parameters_defaults_and_assignment_forms() {
    let src = "
      function f(a, b = a + 1, c = () => a + b) { return c(); }
      print(f(1), f(1, 5));
      const o = { v: 1, arr: [1, 2] };
      o.v += 2; o['v'] *= 2; o.arr[1] **= 3;
      let x = null, y = 0, z = 1;
      x ??= 'nn'; y ||= 'or'; z &&= 'and';
      let calls = 0; const side = () => (calls++, 5);
      let w = 1; w ||= side();
      print(o.v, o.arr, x, y, z, w, calls);
      let captured = 1; const inc = () => captured++;
      inc(); captured += 10; print(captured);
    ";
    assert_eq!(run(src), ["3 6", "6 1,8 nn or and 1 0", "12"]);
}

#[test]
fn exceptions_unwind_frames() {
    let src = "
      function thrower(x) { if (x) throw 'err:' + x; return 'ok'; }
      function middle(x) { const r = thrower(x); return r + '!'; }
      function top() {
        try { return middle(0) + middle(1); }
        catch (e) { return 'caught ' + e; }
      }
      print(top());
      try { null.x; } catch (e) { print(e.startsWith ? 'x' : 'TypeError caught'); }
      let depth = 0;
      function rec(n) { try { if (n === 0) throw 'bottom'; return rec(n - 1); } finally { depth++; } }
      try { rec(3); } catch (e) { print(e, depth); }
    ";
    assert_eq!(run(src), ["caught err:1", "TypeError caught", "bottom 4"]);
}
