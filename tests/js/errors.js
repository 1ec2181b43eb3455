// Error objects: message, name, instanceof, String(e), and built-in TypeErrors/ReferenceErrors.
const kinds = [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
for (const K of kinds) {
  const e = new K('msg of ' + K.name);
  console.log(e.name, e.message, e instanceof K, e instanceof Error, String(e));
}

const bare = new Error();
console.log(JSON.stringify(bare.message), String(bare), bare.toString());
const fromCall = Error('without new');
console.log(fromCall instanceof Error, fromCall.message);
const nonString = new Error(42);
console.log(typeof nonString.message, nonString.message);
console.log(Object.keys(new Error('x')), 'message' in new Error(), Error.prototype.message === '');
console.log(Object.prototype.hasOwnProperty.call(new Error(), 'message'));

const renamed = new Error('oops');
renamed.name = 'CustomName';
console.log(String(renamed));
const noMsg = new TypeError();
console.log(String(noMsg));
const withCause = new Error('outer', { cause: 'root cause' });
console.log(withCause.cause);

function report(label, fn) {
  try {
    fn();
    console.log(label, 'no error');
  } catch (e) {
    console.log(label, '->', e.constructor.name + ':', e.message);
  }
}
const obj = { name: 'o', nested: null };
let undef;
report('call non-function', () => obj.name());
report('call undefined property', () => obj.missing());
report('call number', () => { const n = 5; n(); });
report('read of undefined', () => undef.prop);
report('read of null', () => obj.nested.prop);
report('write to undefined', () => { undef.prop = 1; });
report('undefined variable', () => notDefinedAnywhere);
report('new non-constructor', () => new obj.name());
report('JSON syntax', () => { try { JSON.parse('{bad'); } catch (e) { throw new Error(e.name); } });
report('invalid array length', () => new Array(-1));
report('toFixed range', () => (1).toFixed(101));
report('null to object', () => Object.keys(null));
report('in on primitive', () => 'a' in 'abc');
report('symbol to number', () => Symbol() + 1);
report('iterate non-iterable', () => [...{}]);
report('destructure undefined', () => { const [a] = undefined; });

class ValidationError extends Error {
  constructor(field) {
    super(`invalid ${field}`);
    this.name = 'ValidationError';
    this.field = field;
  }
}
try {
  throw new ValidationError('email');
} catch (e) {
  console.log(e instanceof ValidationError, e instanceof Error, e.name, e.field, String(e));
  console.log(Object.prototype.toString.call(e), e.constructor.name);
}
