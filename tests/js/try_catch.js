// try/catch/finally: finally overriding return, rethrow, non-Error throws.
function finallyOverrides() {
  try { return 'try'; } finally { return 'finally'; }
}
console.log(finallyOverrides());

function finallyRunsAfterReturn() {
  const log = [];
  function inner() {
    try {
      log.push('try');
      return 'value';
    } finally {
      log.push('finally');
    }
  }
  const v = inner();
  return v + ' ' + log.join(',');
}
console.log(finallyRunsAfterReturn());

function finallySwallowsThrow() {
  try { throw new Error('lost'); } finally { return 'swallowed'; }
}
console.log(finallySwallowsThrow());

function nested() {
  try {
    try {
      throw new TypeError('inner');
    } catch (e) {
      console.log('caught inner:', e.message);
      throw new RangeError('rethrown as ' + e.name);
    } finally {
      console.log('inner finally');
    }
  } catch (e) {
    console.log('caught outer:', e.name, e.message);
  }
}
nested();

for (const v of ['str', 42, null, undefined, { code: 7 }, [1, 2], false]) {
  try {
    throw v;
  } catch (e) {
    console.log(typeof e, e);
  }
}

try { throw 'no binding'; } catch { console.log('optional catch binding'); }

function loopWithFinally() {
  const out = [];
  for (let i = 0; i < 3; i++) {
    try {
      if (i === 1) continue;
      out.push(i);
    } finally {
      out.push('f' + i);
    }
  }
  return out.join(' ');
}
console.log(loopWithFinally());

let e = 'outer e';
try { throw 'inner e'; } catch (e) { e = 'reassigned'; }
console.log(e);

function counterInFinally() {
  let x = 1;
  try { return x; } finally { x = 2; }
}
console.log(counterInFinally());
