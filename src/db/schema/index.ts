export * from './reference.js';
export * from './organizations.js';
export * from './party.js';
export * from './ops.js';
