// extends/super: constructor chaining, super method calls, overriding, static inheritance.
class Animal {
  constructor(name) {
    this.name = name;
  }
  speak() {
    return `${this.name} makes a sound`;
  }
  get kind() {
    return 'animal';
  }
  static create(name) {
    return new this(name);
  }
}

class Dog extends Animal {
  constructor(name, breed) {
    super(name);
    this.breed = breed;
  }
  speak() {
    return super.speak() + ' (woof)';
  }
  get kind() {
    return 'dog, a kind of ' + super.kind;
  }
}

class Puppy extends Dog { speak() { return super.speak().toUpperCase(); } }

const d = new Dog('Rex', 'lab');
console.log(d.speak());
console.log(d.kind);
console.log(d.name, d.breed);
console.log(d instanceof Dog, d instanceof Animal, d instanceof Puppy);

const pup = Puppy.create('Bit');
console.log(pup.speak(), pup.constructor.name, pup.breed);
console.log(Object.getPrototypeOf(Puppy) === Dog);
console.log(Object.getPrototypeOf(Puppy.prototype) === Dog.prototype);

class NoCtor extends Animal {}
console.log(new NoCtor('Quiet').speak());

class BadCtor extends Animal {
  constructor() {
    this.oops = true;
    super('never');
  }
}
try {
  new BadCtor();
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

class Shape {
  area() { return 0; }
  describe() { return `${this.constructor.name} with area ${this.area()}`; }
}
class Square extends Shape {
  constructor(s) { super(); this.s = s; }
  area() { return this.s * this.s; }
}
class Circle extends Shape {
  constructor(r) { super(); this.r = r; }
  area() { return Math.round(Math.PI * this.r * this.r); }
}
for (const s of [new Shape(), new Square(3), new Circle(2)]) console.log(s.describe());

class MyError extends Error {
  constructor(msg) { super(msg); this.name = 'MyError'; }
}
const err = new MyError('custom');
console.log(err instanceof MyError, err instanceof Error, String(err));

class Derived extends Animal {}
console.log(Derived.create('via static').speak(), Object.getPrototypeOf(Derived) === Animal);
