// The weak builtins' shapes and errors: constructors need `new`, invalid keys and targets,
// incompatible receivers, iterable constructors, subclassing, lengths and names.

function attempt(f) {
  try {
    console.log(f());
  } catch (e) {
    console.log(e.constructor.name + ': ' + e.message);
  }
}

attempt(() => [WeakMap.length, WeakSet.length, WeakRef.length, FinalizationRegistry.length]);
attempt(() => [WeakMap.name, WeakSet.name, WeakRef.name, FinalizationRegistry.name]);
attempt(() => Object.getOwnPropertyNames(WeakMap.prototype));
attempt(() => Object.getOwnPropertyNames(WeakSet.prototype));
attempt(() => Object.getOwnPropertyNames(WeakRef.prototype));
attempt(() => Object.getOwnPropertyNames(FinalizationRegistry.prototype));
attempt(() => [WeakMap.prototype.set.length, WeakMap.prototype.get.length, WeakSet.prototype.add.length]);
attempt(() => [FinalizationRegistry.prototype.register.length, FinalizationRegistry.prototype.unregister.length]);
attempt(() => Object.getOwnPropertyDescriptor(WeakRef.prototype, Symbol.toStringTag));
attempt(() => [new WeakMap(), new WeakSet(), new WeakRef({}), new FinalizationRegistry(() => {})].map(String));

attempt(() => WeakMap());
attempt(() => WeakSet());
attempt(() => WeakRef({}));
attempt(() => FinalizationRegistry(() => {}));
attempt(() => new WeakMap().set(1, 2));
attempt(() => new WeakMap().set(Symbol.for('registered'), 2));
attempt(() => new WeakMap().set(Symbol.iterator, 'well-known').get(Symbol.iterator));
attempt(() => new WeakSet().add('string'));
attempt(() => new WeakRef(1));
attempt(() => new WeakRef(Symbol.for('x')));
attempt(() => new FinalizationRegistry(1));
attempt(() => new FinalizationRegistry(() => {}).register(1));
attempt(() => {
  const o = {};
  return new FinalizationRegistry(() => {}).register(o, o);
});
attempt(() => new FinalizationRegistry(() => {}).register({}, 1, 'token'));
attempt(() => new FinalizationRegistry(() => {}).register({}, 1, null));
attempt(() => new FinalizationRegistry(() => {}).unregister(Symbol.for('x')));
attempt(() => new FinalizationRegistry(() => {}).unregister(Symbol('x')));
attempt(() => WeakMap.prototype.get.call({}, {}));
attempt(() => WeakMap.prototype.has.call(1, {}));
attempt(() => WeakMap.prototype.delete.call(null, {}));
attempt(() => WeakMap.prototype.get.call(new WeakSet(), {}));
attempt(() => WeakSet.prototype.add.call(new WeakMap(), {}));
attempt(() => WeakRef.prototype.deref.call(new WeakMap()));
attempt(() => FinalizationRegistry.prototype.register.call({}, {}));
attempt(() => FinalizationRegistry.prototype.unregister.call('abc', {}));

const a = {};
const b = {};
attempt(() => new WeakMap([[a, 'A'], [b, 'B']]).get(b));
attempt(() => new WeakSet([a, b]).has(a));
attempt(() => new WeakMap([1]));
attempt(() => new WeakMap([[1, 2]]));
attempt(() => new WeakMap([null]));
attempt(() => new WeakMap(5));
attempt(() => new WeakSet(true));
attempt(() => new WeakSet({}));
attempt(() => new WeakSet(Symbol('s')));
attempt(() => new WeakMap(null));
attempt(() => new WeakSet(undefined));
const closing = {
  [Symbol.iterator]() {
    let i = 0;
    return {
      next() {
        i++;
        return i > 2 ? { done: true } : { value: i === 2 ? 7 : [{}, 1], done: false };
      },
      return() {
        console.log('iterator closed');
        return {};
      },
    };
  },
};
attempt(() => new WeakMap(closing));
attempt(() => {
  const saved = WeakMap.prototype.set;
  WeakMap.prototype.set = 5;
  try {
    return new WeakMap([]);
  } finally {
    WeakMap.prototype.set = saved;
  }
});

class TaggedSet extends WeakSet {
  add(v) {
    console.log('add called');
    return super.add(v);
  }
}
const ts = new TaggedSet([a, b]);
console.log(ts.has(b), ts instanceof WeakSet, ts instanceof TaggedSet, ts);
class Cache extends WeakMap {
  constructor() {
    super();
    this.hits = 0;
  }
}
const cache = new Cache();
cache.set(a, 'cached');
console.log(cache.get(a), cache.hits, cache);
class Ref extends WeakRef {}
console.log(new Ref(a).deref() === a, new Ref(a) instanceof WeakRef);
class Registry extends FinalizationRegistry {}
console.log(new Registry(() => {}) instanceof FinalizationRegistry);
