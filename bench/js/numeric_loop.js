// numeric_loop.js: a tight loop mixing int32 (bitwise, |0) and double arithmetic.
function run(n) {
  var acc = 1;
  var x = 0.5;
  var sum = 0;
  for (var i = 0; i < n; i++) {
    acc = (acc * 31 + i) | 0;
    acc = acc ^ (acc >>> 7);
    x = x * 1.0001 + (i % 13) * 0.25;
    if (x > 1000000) x = x / 3.5;
    sum += Math.sqrt(x) + (acc & 1023) / 1024;
  }
  return [acc, Math.floor(sum)];
}

var r = run(6000000);
console.log('numeric ' + r[0] + ' ' + r[1]);
