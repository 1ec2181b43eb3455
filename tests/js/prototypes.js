// Prototype chains: getters/setters on prototypes, shadowing, constructor functions.
function Person(first, last) {
  this.first = first;
  this.last = last;
}
Person.prototype.greet = function () {
  return 'Hello, ' + this.first;
};
Object.defineProperty(Person.prototype, 'full', {
  get() {
    return this.first + ' ' + this.last;
  },
  set(v) {
    const [f, l] = v.split(' ');
    this.first = f;
    this.last = l;
  },
});

const p = new Person('Ada', 'Lovelace');
console.log(p.greet(), p.full);
p.full = 'Grace Hopper';
console.log(p.first, p.last, p.full);
console.log(Object.keys(p), p.hasOwnProperty('full'), 'full' in p);
console.log(p.constructor === Person, Object.getPrototypeOf(p) === Person.prototype);

const base = {
  get kind() {
    return 'base kind of ' + this.name;
  },
  set tag(v) {
    this._tag = v.toUpperCase();
  },
};
const derived = Object.create(base);
derived.name = 'derived';
console.log(derived.kind);
derived.tag = 'hello';
console.log(derived._tag, Object.keys(derived), base._tag);

const readOnlyProto = Object.create(
  Object.defineProperty({}, 'fixed', { value: 'proto value', writable: false })
);
readOnlyProto.fixed = 'attempted';
console.log(readOnlyProto.fixed, Object.keys(readOnlyProto));

const plain = { shared: 'proto' };
const shadow = Object.create(plain);
shadow.shared = 'own';
console.log(shadow.shared, plain.shared);
delete shadow.shared;
console.log(shadow.shared);

const chain = Object.create(Object.create(Object.create({ top: 'found at depth 3' })));
console.log(chain.top);

const nullProto = Object.create(null);
nullProto.x = 1;
console.log(Object.getPrototypeOf(nullProto), typeof nullProto.toString, nullProto.x);

function Animal() {}
Animal.prototype.sound = 'generic';
const a1 = new Animal();
Animal.prototype.sound = 'changed later';
console.log(a1.sound);
Animal.prototype = { sound: 'replaced prototype' };
console.log(a1.sound, new Animal().sound);

Array.prototype.last = function () {
  return this[this.length - 1];
};
console.log([1, 2, 3].last());
delete Array.prototype.last;
console.log(typeof [].last);

console.log(Object.getPrototypeOf(Object.prototype), Object.getPrototypeOf(Function.prototype) === Object.prototype);
console.log(typeof Object.getPrototypeOf(function () {}), Object.getPrototypeOf([]) === Array.prototype);
