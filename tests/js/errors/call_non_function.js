const config = { name: 'tagus', start: 42 };
console.log('calling config.start');
config.start();
console.log('never printed');
