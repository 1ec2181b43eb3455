function inner() {
  console.log('about to throw');
  throw new Error('boom');
}
function outer() {
  inner();
}
outer();
console.log('never printed');
