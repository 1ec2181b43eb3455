// array_sort.js: sort numbers with a comparator and strings with the default order,
// on deterministic Park-Miller LCG data.
var seed = 42;
function rand() {
  seed = (seed * 16807) % 2147483647;
  return seed;
}

var check = 0;
for (var round = 0; round < 40; round++) {
  var nums = [];
  for (var i = 0; i < 20000; i++) nums.push(rand() % 1000000);
  nums.sort(function (a, b) { return a - b; });
  for (var i = 1; i < nums.length; i++) if (nums[i - 1] > nums[i]) throw new Error('unsorted');
  check = (check + nums[0] + nums[10000] * 3 + nums[19999] * 7) % 1000000007;

  var strs = [];
  for (var i = 0; i < 5000; i++) strs.push('s' + (rand() % 100000) + 'x' + (i % 17));
  strs.sort();
  var desc = strs.slice(0, 2000).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  check = (check + strs[0].length * 11 + strs[4999].charCodeAt(1) + desc[0].charCodeAt(2)) % 1000000007;
}
console.log('sort ' + check);
