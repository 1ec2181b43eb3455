// Symbol.iterator: custom iterables consumed by for-of, spread, destructuring, Array.from.
class Range {
  constructor(start, end, step = 1) {
    Object.assign(this, { start, end, step });
  }
  [Symbol.iterator]() {
    let current = this.start;
    const { end, step } = this;
    return {
      next() {
        if (current >= end) return { value: undefined, done: true };
        const value = current;
        current += step;
        return { value, done: false };
      },
    };
  }
}

const seen = [];
for (const x of new Range(0, 5)) seen.push(x);
console.log(seen);
console.log([...new Range(0, 10, 3)], Array.from(new Range(1, 4)), Math.max(...new Range(0, 7)));
const [first, second, ...rest] = new Range(10, 15);
console.log(first, second, rest);

let closed = 0;
const tracked = {
  [Symbol.iterator]() {
    let i = 0;
    return {
      next: () => ({ value: i++, done: i > 10 }),
      return() { closed++; return { done: true }; },
    };
  },
};
for (const v of tracked) if (v === 2) break;
const [a0, a1] = tracked;
console.log('return() called', closed, 'times; got', a0, a1);
for (const v of tracked) {}
console.log('after exhausting, closed still', closed);
const arrIter = [1, 2][Symbol.iterator]();
console.log(arrIter.next(), arrIter.next(), arrIter.next());
const strIter = 'a😀'[Symbol.iterator]();
console.log(strIter.next().value, strIter.next().value, strIter.next().done);

const linkedList = {
  head: { value: 'a', next: { value: 'b', next: { value: 'c', next: null } } },
  [Symbol.iterator]() {
    let node = this.head;
    return {
      next() {
        if (!node) return { done: true };
        const value = node.value;
        node = node.next;
        return { value, done: false };
      },
    };
  },
};
console.log([...linkedList].join('->'));

const fib = {
  [Symbol.iterator]() {
    let [a, b] = [0, 1];
    return { next: () => (([a, b] = [b, a + b]), { value: a, done: false }) };
  },
};
const firstFibs = [];
for (const f of fib) if (f > 50) break; else firstFibs.push(f);
console.log(firstFibs.join(' '));

try {
  const notIterable = { [Symbol.iterator]: 5 };
  [...notIterable];
} catch (e) {
  console.log(e.constructor.name);
}
console.log(typeof Symbol.iterator, Symbol.iterator.toString(), Symbol.iterator in []);
console.log(typeof [][Symbol.iterator], typeof ''[Symbol.iterator], ({})[Symbol.iterator]);
