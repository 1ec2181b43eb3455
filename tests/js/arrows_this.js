// Arrow functions: concise bodies, lexical this, no own arguments.
const double = (x) => x * 2;
const pair = (a, b) => [a, b];
const makeObj = () => ({ made: true });
const noArgs = () => 'none';
console.log(double(21), pair(1, 2), makeObj(), noArgs());

const timer = {
  ticks: 0,
  tickAll(n) {
    [...Array(n)].forEach(() => {
      this.ticks++;
    });
    return this.ticks;
  },
  tickWithFunction(n) {
    const self = this;
    [...Array(n)].forEach(function () {
      self.ticks += 10;
    });
    return this.ticks;
  },
};
console.log(timer.tickAll(3));
console.log(timer.tickWithFunction(2));

const person = {
  name: 'Ada',
  greetLater() {
    return () => 'Hi, ' + this.name;
  },
};
const greet = person.greetLater();
console.log(greet());
const other = { name: 'Grace', greet };
console.log(other.greet());

function sloppyThis() {
  return this === globalThis;
}
console.log(sloppyThis());

function strictThis() {
  'use strict';
  return this;
}
console.log(strictThis());

function outerArgs() {
  const inner = () => arguments.length + ':' + arguments[0];
  return inner('ignored', 'also ignored');
}
console.log(outerArgs('first', 'second', 'third'));

try {
  const Arrow = () => {};
  new Arrow();
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

const Arrow2 = () => {};
console.log(Arrow2.prototype, 'prototype' in Arrow2);

const curry = (a) => (b) => (c) => a + b + c;
console.log(curry(1)(2)(3));

const method = { v: 42, get() { return this.v; } };
const detached = method.get;
console.log(detached.call({ v: 7 }));
