// console.log of functions, classes and class instances.
function namedFn() {}
const arrow = () => {};
const anonymousHolder = [function () {}, () => {}];
class A {
  constructor() {
    this.x = 1;
  }
  method() {}
}
class B extends A {
  y = 2;
}
class Empty {}
class WithStatic {
  static count = 0;
}
function Ctor(v) {
  this.v = v;
}

console.log(namedFn);
console.log(arrow);
console.log(anonymousHolder);
console.log(A);
console.log(B);
console.log(WithStatic);
console.log(namedFn.bind(null));
console.log(Math.max);
console.log(new A());
console.log(new B());
console.log(new Empty());
console.log(new Ctor('value'));
console.log([new A(), new Empty()]);
console.log({ inst: new B(), cls: A, fn: namedFn });
console.log({ method() {}, arrowProp: () => {} });
console.log({ fnProp: function () {} });
console.log({ named: function inner() {} });

namedFn.extra = 'property';
console.log(namedFn);

const anonClass = [class {}];
console.log(anonClass);
const AnonAssigned = class {};
console.log(AnonAssigned, new AnonAssigned());

const instWithFn = new Empty();
instWithFn.cb = arrow;
console.log(instWithFn);

console.log(Object.create(A.prototype));
console.log(typeof A, String(A).startsWith('class A'));
console.log(String(namedFn));
console.log(`${arrow}`);

const o = { a: 1 };
Object.setPrototypeOf(o, Ctor.prototype);
console.log(o);

class Weird {
  get computed() {
    return 'getter on prototype';
  }
}
console.log(new Weird(), new Weird().computed);

function makeCounter() {
  let n = 0;
  return { increment: () => ++n };
}
console.log(makeCounter());
