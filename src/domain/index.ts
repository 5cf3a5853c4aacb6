/** Public API of the pure domain value types (no I/O). */
export * from './result.js';
export * from './text.js';
export * from './date.js';
export * from './count.js';
export * from './uscc.js';
export * from './org-code.js';
export * from './resident-id.js';
export * from './phone.js';
export * from './reg-no.js';
export * from './tax-id.js';
export * from './division.js';
export * from './name.js';
