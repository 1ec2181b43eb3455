// Classes: constructor, methods, static members, accessors, fields, instanceof.
class Point {
  static origin = new Point(0, 0);
  static count = 0;
  constructor(x, y) {
    this.x = x;
    this.y = y;
    Point.count++;
  }
  add(other) {
    return new Point(this.x + other.x, this.y + other.y);
  }
  get length() {
    return Math.sqrt(this.x * this.x + this.y * this.y);
  }
  set coords([x, y]) {
    this.x = x;
    this.y = y;
  }
  toString() {
    return `(${this.x}, ${this.y})`;
  }
  static distance(a, b) {
    return Math.hypot(a.x - b.x, a.y - b.y);
  }
}

const p = new Point(3, 4);
console.log(p.length, String(p), `${p.add(new Point(1, 1))}`);
p.coords = [6, 8];
console.log(p.x, p.y, p.length);
console.log(Point.distance(p, Point.origin));
console.log(Point.count);
console.log(p instanceof Point, p instanceof Object, Point.origin instanceof Point);
console.log(typeof Point, Object.getPrototypeOf(p) === Point.prototype);
console.log(Object.keys(p), p.hasOwnProperty('add'));

class Counter {
  count = 0;
  step = 1;
  label = `counter-${this.step}`;
  increment() {
    this.count += this.step;
    return this;
  }
}
const c = new Counter();
c.increment().increment();
console.log(c.count, c.label, Object.keys(c));

try {
  Point(1, 2);
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

const Anon = class {
  hello() { return 'hi from ' + this.constructor.name; }
};
console.log(new Anon().hello());

class Bound {
  name = 'bound';
  getName = () => this.name;
}
const { getName } = new Bound();
console.log(getName());

class WithComputed {
  ['comp' + 'uted']() {
    return 'computed method';
  }
}
console.log(new WithComputed().computed());

class Empty {}
console.log(new Empty() instanceof Empty, Empty.name, Empty.length, Point.length);
